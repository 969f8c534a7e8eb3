"""GR8 pages: thin — permissions, forms, services, selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danchu.accounts.models import RoleAssignment
from danchu.audit.services import client_ip
from danchu.complaints import forms, permissions, rules, selectors, services
from danchu.complaints.models import Case, Reception, ReceptionSlot, Status
from danchu.core import clock
from danchu.units.models import AdminUnit, Level

PAGE = 25
LOOKUP_RATE_LIMIT = 20
LOOKUP_WINDOW_SECONDS = 600
"""At most 20 reference-code look-ups from one address in 10 minutes."""


def _int(value: Any, lo: int, hi: int) -> int | None:
    try:
        n = int(str(value))
    except (TypeError, ValueError):
        return None
    return n if lo <= n <= hi else None


def _chosen(request: HttpRequest, communes: Any) -> AdminUnit | None:
    pk = _int(request.GET.get("commune") or request.POST.get("commune"), 1, 10**9)
    if pk is not None:
        return communes.filter(pk=pk).first()
    return communes.first() if communes.count() == 1 else None


def _problems(request: HttpRequest, e: services.ComplaintsError) -> None:
    for p in e.problems:
        messages.error(request, p)


# ------------------------------------------------------------------------------------ cases


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    communes = permissions.visible_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    commune = _chosen(request, communes)
    year = _int(request.GET.get("year"), 2000, 2199) or clock.this_year()
    page: Any = None
    figures = None
    if commune is not None:
        page = Paginator(selectors.cases(commune), PAGE).get_page(request.GET.get("page"))
        page.object_list = selectors.with_states(list(page.object_list))
        figures = selectors.commune_figures(commune, year)
    return render(
        request,
        "complaints/list.html",
        {
            "communes": communes,
            "commune": commune,
            "page": page,
            "figures": figures,
            "year": year,
            "query": f"commune={commune.pk}&year={year}" if commune else "",
            "office": commune is not None and permissions.is_office(request.user, commune),
        },
    )


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    communes = permissions.office_communes(request.user)
    commune = _chosen(request, communes)
    if commune is None:
        raise PermissionDenied
    form = forms.CaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case, code = services.register_case(actor=request.user, commune=commune, **data)
        except services.ComplaintsError as e:
            _problems(request, e)
        else:
            return render(request, "complaints/registered.html", {"case": case, "code": code})
    return render(
        request,
        "complaints/form.html",
        {"form": form, "title": _("Register a case"), "commune": commune},
    )


def _case(request: HttpRequest, pk: int) -> Case:
    case = get_object_or_404(Case.objects.select_related("commune", "handler"), pk=pk)
    if not permissions.can_view(request.user, case.commune):
        raise Http404
    return case


def _handlers(commune: AdminUnit) -> list[tuple[str, str]]:
    users = get_user_model().objects.filter(
        pk__in=RoleAssignment.objects.current()
        .filter(unit=commune, role__in=permissions.OFFICE_ROLES)
        .values("user_id")
    )
    return [(str(u.pk), u.get_full_name() or u.get_username()) for u in users.order_by("username")]


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    identity = permissions.can_see_identity(request.user, case)
    if identity and case.confidential:
        services.identity_seen(actor=request.user, case=case, request=request)
    assign = forms.AssignForm(handlers=_handlers(case.commune))
    transfer = forms.TransferForm(kind=case.kind)
    return render(
        request,
        "complaints/detail.html",
        {
            "case": case,
            "state": rules.case_state(case.facts(), clock.today()),
            "limit": rules.limit(case.kind),
            "identity": identity,
            "office": permissions.is_office(request.user, case.commune),
            "act": permissions.can_act(request.user, case),
            "assign": assign,
            "accept": forms.AcceptForm(),
            "answer": forms.AnswerForm(),
            "extend": forms.ExtendForm(),
            "transfer": transfer,
            "receptions": case.receptions.all() if identity else [],
            "grounds": rules.TRANSFER_GROUNDS,
        },
    )


ACTIONS = ("assign", "accept", "refuse", "extend", "settle", "transfer")


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = _case(request, pk)
    if action not in ACTIONS:
        raise Http404
    form: Any
    try:
        if action == "assign":
            form = forms.AssignForm(request.POST, handlers=_handlers(case.commune))
            if form.is_valid():
                handler = get_user_model().objects.get(pk=int(form.cleaned_data["handler"]))
                services.assign(actor=request.user, case=case, handler=handler)
        elif action == "accept":
            form = forms.AcceptForm(request.POST)
            if form.is_valid():
                services.accept(actor=request.user, case=case, **form.cleaned_data)
        elif action in ("refuse", "settle"):
            form = forms.AnswerForm(request.POST)
            if form.is_valid():
                do = services.refuse if action == "refuse" else services.settle
                do(actor=request.user, case=case, answer=form.cleaned_data["answer"])
        elif action == "extend":
            form = forms.ExtendForm(request.POST)
            if form.is_valid():
                services.extend(actor=request.user, case=case, **form.cleaned_data)
        else:
            form = forms.TransferForm(request.POST, kind=case.kind)
            if form.is_valid():
                services.transfer(actor=request.user, case=case, **form.cleaned_data)
    except PermissionError as e:
        raise PermissionDenied from e
    except services.ComplaintsError as e:
        _problems(request, e)
    else:
        if form.is_valid():
            messages.success(request, _("Saved."))
        else:
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
    return redirect("complaints:detail", pk=case.pk)


# ------------------------------------------------------------------------------------ schedule


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    communes = permissions.office_communes(request.user)
    commune = _chosen(request, communes)
    if commune is None:
        raise PermissionDenied
    form = forms.SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_slot(actor=request.user, commune=commune, **form.cleaned_data)
        except services.ComplaintsError as e:
            _problems(request, e)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?commune={commune.pk}")
    page = Paginator(selectors.upcoming_slots(commune), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/schedule.html",
        {"form": form, "commune": commune, "page": page, "query": f"commune={commune.pk}"},
    )


@login_required
@require_POST
def slot_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(ReceptionSlot.objects.select_related("commune"), pk=pk)
    try:
        services.cancel_slot(actor=request.user, slot=slot)
    except PermissionError as e:
        raise PermissionDenied from e
    return redirect(f"/complaints/schedule/?commune={slot.commune_id}")


# ------------------------------------------------------------------------------------ receptions


@login_required
def receptions(request: HttpRequest) -> HttpResponse:
    communes = permissions.office_communes(request.user)
    commune = _chosen(request, communes)
    if commune is None:
        raise PermissionDenied
    form = forms.ReceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_reception(actor=request.user, commune=commune, **form.cleaned_data)
        except services.ComplaintsError as e:
            _problems(request, e)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?commune={commune.pk}")
    qs = Reception.objects.filter(commune=commune).select_related("case")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/receptions.html",
        {"form": form, "commune": commune, "page": page, "query": f"commune={commune.pk}"},
    )


# ------------------------------------------------------------------------------------ public


@require_GET
def public_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """GR8: the reception schedule of the commune's leaders, public (no login)."""
    commune = get_object_or_404(AdminUnit, pk=pk, level=Level.COMMUNE)
    page = Paginator(selectors.upcoming_slots(commune), PAGE).get_page(request.GET.get("page"))
    return render(request, "complaints/public_schedule.html", {"commune": commune, "page": page})


@require_GET
def limits(request: HttpRequest) -> HttpResponse:
    """GR8: the time limits the platform uses, with their legal basis (one place)."""
    return render(
        request,
        "complaints/limits.html",
        {"limits": list(rules.LIMITS.values()), "grounds": rules.TRANSFER_GROUNDS},
    )


def _client_ip(request: HttpRequest) -> str:
    # The same reading as the audit trail: the real client behind a trusted reverse proxy.
    return client_ip(request) or "unknown"


def _lookup_limited(request: HttpRequest) -> bool:
    key = f"complaints:lookup:{_client_ip(request)}"
    if cache.add(key, 1, LOOKUP_WINDOW_SECONDS):
        return False
    try:
        return int(cache.incr(key)) > LOOKUP_RATE_LIMIT
    except ValueError:
        cache.set(key, 1, LOOKUP_WINDOW_SECONDS)
        return False


def follow(request: HttpRequest) -> HttpResponse:
    """GR8: with the reference code (and nothing else) the citizen sees the status of their
    case and the public answer — no name, no handler, nothing about other people."""
    form = forms.FollowForm(request.POST or None)
    case = None
    status = 200
    if request.method == "POST":
        if _lookup_limited(request):
            messages.error(request, _("Too many look-ups from this connection; try again later."))
            status = 429
        elif form.is_valid():
            case = services.find_by_reference(form.cleaned_data["code"])
            if case is None:
                form.add_error("code", _("No case has this reference code."))
    state = rules.case_state(case.facts(), clock.today()) if case else None
    return render(
        request,
        "complaints/follow.html",
        {"form": form, "case": case, "state": state, "Status": Status},
        status=status,
    )
