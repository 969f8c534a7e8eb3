"""Pages of the disclosure register (thin: parse, call a service or a selector, render).

Every working page checks access scoped to the commune (``permissions``); the public pages show
only what ``selectors.public_items`` lets through.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core import clock
from danchu.disclosures import forms, permissions, rules, selectors, services
from danchu.disclosures.models import (
    CATEGORY_CHOICES,
    ChannelFact,
    CouncilSession,
    Disclosure,
    DisclosureFile,
    QuarterlyList,
)
from danchu.documents import issuing
from danchu.units.models import AdminUnit, Level

PAGE = 25
ONE_DAY = dt.timedelta(days=1)
FORMATS = ("pdf", "docx", "xlsx")


def _int(value: str | None, low: int, high: int) -> int | None:
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        return None
    number = int(value)
    return number if low <= number <= high else None


def _errors(request: HttpRequest, exc: services.DisclosureError) -> None:
    for problem in exc.problems:
        messages.error(request, problem)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def _viewable(request: HttpRequest, pk: int) -> Disclosure:
    d = get_object_or_404(Disclosure.objects.select_related("commune", "document"), pk=pk)
    if not permissions.can_view(request.user, d.commune):
        raise PermissionDenied
    return d


def _editable(request: HttpRequest, pk: int) -> Disclosure:
    d = _viewable(request, pk)
    if not permissions.can_edit(request.user, d.commune):
        raise PermissionDenied
    return d


def _chosen_commune(request: HttpRequest, communes: Any) -> AdminUnit | None:
    pk = _int(request.GET.get("commune") or request.POST.get("commune"), 1, 10**9)
    if pk is not None:
        return communes.filter(pk=pk).first()
    return communes.first() if communes.count() == 1 else None


# --------------------------------------------------------------------------------------------
# The register
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def register_list(request: HttpRequest) -> HttpResponse:
    communes = permissions.visible_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    today = clock.today()
    commune = _chosen_commune(request, communes)
    category = _int(request.GET.get("category"), 1, 14)
    year = _int(request.GET.get("year"), 2000, 2199)
    quarter = _int(request.GET.get("quarter"), 1, 4)
    state = request.GET.get("state", "")
    state = state if state in {s.value for s in rules.State} else ""
    query = (request.GET.get("q") or "")[:200]
    qs = selectors.register(
        request.user, commune=commune, category=category, year=year, quarter=quarter, query=query
    )
    if state:
        judged = [j for j in selectors.judge_all(qs, today) if j.state == state]
        page: Any = Paginator(judged, PAGE).get_page(request.GET.get("page"))
    else:
        page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
        page.object_list = selectors.judge_all(page.object_list, today)
    params = {
        k: v
        for k, v in (
            ("commune", commune.pk if commune else ""),
            ("category", category or ""),
            ("state", state),
            ("year", year or ""),
            ("quarter", quarter or ""),
            ("q", query),
        )
        if v
    }
    context: dict[str, Any] = {
        "page": page,
        "query": urlencode(params),
        "communes": communes,
        "commune": commune,
        "categories": CATEGORY_CHOICES,
        "states": forms.STATE_CHOICES,
        "f": {
            "category": category,
            "state": state,
            "year": year or "",
            "quarter": quarter,
            "q": query,
        },
        "can_create": permissions.editable_communes(request.user).exists(),
        "today": today,
    }
    if commune is not None:
        context["session"] = selectors.next_regular_session(commune, today - ONE_DAY)
        context["quarter_steps"] = selectors.quarter_steps(commune, today, count=1)
        context["can_edit"] = permissions.can_edit(request.user, commune)
    return render(request, "disclosures/list.html", context)


def _save_form(request: HttpRequest, form: Any, disclosure: Disclosure | None) -> Disclosure | None:
    data = form.cleaned_data
    common = {
        "category": data["category"],
        "title": data["title"],
        "decided_on": data["decided_on"],
        "text": data.get("text") or "",
        "decision_ref": data.get("decision_ref") or "",
        "note": data.get("note") or "",
        "override_basis": data.get("override_basis") or "",
        "override_within_days": data.get("override_within_days"),
        "override_within_working": bool(data.get("override_within_working")),
        "override_posting_days": data.get("override_posting_days"),
    }
    try:
        if disclosure is None:
            commune = data["commune"]
            if not permissions.can_edit(request.user, commune):
                raise PermissionDenied
            file = data.get("file")
            return services.create_disclosure(
                actor=request.user, commune=commune, files=[file] if file else [], **common
            )
        return services.update_disclosure(actor=request.user, disclosure=disclosure, **common)
    except services.DisclosureError as exc:
        _errors(request, exc)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    communes = permissions.editable_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    form = forms.DisclosureForm(request.POST or None, request.FILES or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        d = _save_form(request, form, None)
        if d is not None:
            return redirect("disclosures:detail", d.pk)
    return render(request, "disclosures/form.html", {"form": form, "title": _("New disclosure")})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    d = _editable(request, pk)
    initial = {
        "category": d.category,
        "title": d.title,
        "decision_ref": d.decision_ref,
        "decided_on": d.decided_on,
        "text": d.text,
        "note": d.note,
        "override_basis": d.override_basis,
        "override_within_days": d.override_within_days,
        "override_within_working": d.override_within_working,
        "override_posting_days": d.override_posting_days,
    }
    form = forms.DisclosureForm(
        request.POST or None, initial=initial, communes=AdminUnit.objects.none(), edit=True
    )
    if request.method == "POST" and form.is_valid() and _save_form(request, form, d) is not None:
        return redirect("disclosures:detail", d.pk)
    return render(
        request, "disclosures/form.html", {"form": form, "title": _("Correct the entry"), "d": d}
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = _viewable(request, pk)
    today = clock.today()
    villages = services.villages_of(d.commune, today)
    judged = selectors.judge(d, today, [v.pk for v in villages])
    names = {v.pk: v.name for v in villages}
    can_edit = permissions.can_edit(request.user, d.commune)
    village_qs = AdminUnit.objects.filter(pk__in=[v.pk for v in villages]).order_by("code")
    return render(
        request,
        "disclosures/detail.html",
        {
            "d": d,
            "judged": judged,
            "results": [
                (r, ", ".join(names.get(int(x), x) for x in r.detail.split(",") if x.isdigit()))
                for r in judged.results
            ],
            "facts": d.facts.select_related("village").all(),
            "files": d.files.all(),
            "category": rules.category(d.category),
            "can_edit": can_edit,
            "fact_form": forms.FactForm(villages=village_qs) if can_edit else None,
            "end_form": forms.EndForm() if can_edit else None,
            "take_down_form": forms.TakeDownForm() if can_edit else None,
            "file_form": forms.FileForm() if can_edit else None,
            "public": selectors.is_public(d, today),
            "today": today,
        },
    )


@login_required
@require_POST
def fact_new(request: HttpRequest, pk: int) -> HttpResponse:
    d = _editable(request, pk)
    villages = AdminUnit.objects.filter(parent=d.commune, level=Level.VILLAGE)
    form = forms.FactForm(request.POST, request.FILES, villages=villages)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("disclosures:detail", d.pk)
    data = form.cleaned_data
    try:
        services.record_fact(
            actor=request.user,
            disclosure=d,
            channel=data["channel"],
            start=data.get("start"),
            end=data.get("end"),
            village=data.get("village"),
            place=data.get("place") or "",
            evidence=data.get("evidence"),
            evidence_note=data.get("evidence_note") or "",
            backdate_reason=data.get("backdate_reason") or "",
        )
    except services.DisclosureError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Recorded."))
    return redirect("disclosures:detail", d.pk)


@login_required
@require_POST
def fact_end(request: HttpRequest, pk: int, fact_pk: int) -> HttpResponse:
    d = _editable(request, pk)
    fact = get_object_or_404(ChannelFact, pk=fact_pk, disclosure=d)
    form = forms.EndForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("disclosures:detail", d.pk)
    try:
        services.end_fact(
            actor=request.user,
            fact=fact,
            on=form.cleaned_data.get("on"),
            reason=form.cleaned_data.get("reason") or "",
            evidence=form.cleaned_data.get("evidence"),
        )
    except services.DisclosureError as exc:
        _errors(request, exc)
    return redirect("disclosures:detail", d.pk)


@login_required
@require_POST
def take_down(request: HttpRequest, pk: int) -> HttpResponse:
    d = _editable(request, pk)
    form = forms.TakeDownForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("disclosures:detail", d.pk)
    try:
        services.take_down(
            actor=request.user,
            disclosure=d,
            on=form.cleaned_data.get("on"),
            reason=form.cleaned_data["reason"],
            evidence=form.cleaned_data.get("evidence"),
        )
    except services.DisclosureError as exc:
        _errors(request, exc)
    return redirect("disclosures:detail", d.pk)


@login_required
@require_POST
def file_add(request: HttpRequest, pk: int) -> HttpResponse:
    d = _editable(request, pk)
    form = forms.FileForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("disclosures:detail", d.pk)
    try:
        services.add_file(actor=request.user, disclosure=d, file=form.cleaned_data.get("file"))
    except services.DisclosureError as exc:
        _errors(request, exc)
    return redirect("disclosures:detail", d.pk)


def _serve_file(f: DisclosureFile) -> FileResponse:
    if not default_storage.exists(f.file.name):
        raise Http404
    response = FileResponse(
        default_storage.open(f.file.name, "rb"),
        content_type=mimetypes.guess_type(f.name)[0] or "application/octet-stream",
    )
    response["Content-Disposition"] = content_disposition_header(True, f.name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def file_download(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    d = _viewable(request, pk)
    return _serve_file(get_object_or_404(DisclosureFile, pk=file_pk, disclosure=d))


def _document_response(doc: Any, fmt: str, stem: str) -> HttpResponse:
    if doc is None or fmt not in FORMATS or fmt not in issuing.formats(doc) or doc.secret:
        raise Http404
    return issuing.response(doc, fmt, f"{stem}.{fmt}")


@login_required
@require_GET
def document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    d = _viewable(request, pk)
    return _document_response(d.document, fmt, f"cong-khai-{d.pk}")


# --------------------------------------------------------------------------------------------
# People's Council sessions and the report; the quarterly lists
# --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request: HttpRequest) -> HttpResponse:
    communes = permissions.visible_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    editable = permissions.editable_communes(request.user)
    form = forms.SessionForm(request.POST or None, communes=editable) if editable.exists() else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            commune = form.cleaned_data["commune"]
            try:
                services.add_session(
                    actor=request.user,
                    commune=commune,
                    on=form.cleaned_data["on"],
                    name=form.cleaned_data["name"],
                    regular=form.cleaned_data.get("regular", False),
                )
            except services.DisclosureError as exc:
                _errors(request, exc)
            else:
                return redirect(f"{request.path}?commune={commune.pk}")
    commune = _chosen_commune(request, communes)
    today = clock.today()
    return render(
        request,
        "disclosures/sessions.html",
        {
            "form": form,
            "communes": communes,
            "commune": commune,
            "steps": selectors.report_steps(commune, today) if commune else [],
            "next": selectors.next_regular_session(commune, today - ONE_DAY) if commune else None,
            "other": CouncilSession.objects.filter(commune=commune, regular=False).order_by("-on")
            if commune
            else [],
            "can_edit": commune is not None and permissions.can_edit(request.user, commune),
        },
    )


def _session(request: HttpRequest, pk: int, edit: bool) -> CouncilSession:
    session = get_object_or_404(CouncilSession.objects.select_related("commune"), pk=pk)
    allowed = (permissions.can_edit if edit else permissions.can_view)(
        request.user, session.commune
    )
    if not allowed:
        raise PermissionDenied
    return session


@login_required
@require_POST
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, edit=True)
    commune = session.commune_id
    try:
        services.remove_session(actor=request.user, session=session)
    except services.DisclosureError as exc:
        _errors(request, exc)
    return redirect(f"{_sessions_url()}?commune={commune}")


def _sessions_url() -> str:
    return reverse("disclosures:sessions")


@login_required
@require_POST
def session_report(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, edit=True)
    try:
        services.issue_council_report(actor=request.user, session=session)
    except services.DisclosureError as exc:
        _errors(request, exc)
    return redirect(f"{_sessions_url()}?commune={session.commune_id}")


@login_required
@require_GET
def session_report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    session = _session(request, pk, edit=False)
    doc = issuing.current(session, services.COUNCIL_REPORT_KIND)
    return _document_response(doc, fmt, f"bao-cao-cong-khai-{session.on:%Y%m%d}")


@login_required
@require_http_methods(["GET", "POST"])
def quarters(request: HttpRequest) -> HttpResponse:
    communes = permissions.visible_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    editable = permissions.editable_communes(request.user)
    today = clock.today()
    previous = rules.quarter_of(today) - 1 or 4
    form = (
        forms.QuarterForm(
            request.POST or None,
            communes=editable,
            initial={"year": today.year if previous != 4 else today.year - 1, "quarter": previous},
        )
        if editable.exists()
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            commune = form.cleaned_data["commune"]
            try:
                services.issue_quarterly_list(
                    actor=request.user,
                    commune=commune,
                    year=form.cleaned_data["year"],
                    quarter=form.cleaned_data["quarter"],
                )
            except services.DisclosureError as exc:
                _errors(request, exc)
            else:
                return redirect(f"{request.path}?commune={commune.pk}")
        else:
            _form_errors(request, form)
    commune = _chosen_commune(request, communes)
    lists = (
        QuarterlyList.objects.filter(commune=commune, disclosure__isnull=False)
        .select_related("disclosure__document")
        .order_by("-year", "-quarter")
        if commune
        else QuarterlyList.objects.none()
    )
    return render(
        request,
        "disclosures/quarters.html",
        {
            "form": form,
            "communes": communes,
            "commune": commune,
            "steps": selectors.quarter_steps(commune, today) if commune else [],
            "page": Paginator(lists, PAGE).get_page(request.GET.get("page")),
        },
    )


# --------------------------------------------------------------------------------------------
# The public page of a commune (no login)
# --------------------------------------------------------------------------------------------


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    communes = selectors.public_communes()
    page = Paginator(communes, 50).get_page(request.GET.get("page"))
    return render(request, "disclosures/public_index.html", {"page": page})


def _public_commune(pk: int) -> AdminUnit:
    commune = get_object_or_404(AdminUnit, pk=pk, level=Level.COMMUNE)
    return commune


@require_GET
def public_commune(request: HttpRequest, pk: int) -> HttpResponse:
    commune = _public_commune(pk)
    category = _int(request.GET.get("category"), 1, 14)
    query = (request.GET.get("q") or "")[:200]
    items = selectors.public_items(commune, category=category, query=query)
    page = Paginator(items, PAGE).get_page(request.GET.get("page"))
    counts = dict(
        selectors.public_items(commune).order_by().values_list("category").annotate(n=Count("pk"))
    )
    params = {k: v for k, v in (("category", category or ""), ("q", query)) if v}
    return render(
        request,
        "disclosures/public.html",
        {
            "commune": commune,
            "page": page,
            "query": urlencode(params),
            "categories": [(n, c.label, counts.get(n, 0)) for n, c in rules.CATEGORIES.items()],
            "f": {"category": category, "q": query},
        },
    )


def _public_item(pk: int, item: int) -> Disclosure:
    commune = _public_commune(pk)
    d = selectors.public_items(commune).filter(pk=item).first()
    if d is None:
        raise Http404
    return d


@require_GET
def public_item(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    d = _public_item(pk, item)
    return render(
        request,
        "disclosures/public_item.html",
        {
            "d": d,
            "commune": d.commune,
            "category": rules.category(d.category),
            "formats": [x for x in issuing.formats(d.document) if x in FORMATS]
            if d.document
            else [],
        },
    )


@require_GET
def public_file(request: HttpRequest, pk: int, item: int, file_pk: int) -> FileResponse:
    d = _public_item(pk, item)
    return _serve_file(get_object_or_404(DisclosureFile, pk=file_pk, disclosure=d))


@require_GET
def public_document(request: HttpRequest, pk: int, item: int, fmt: str) -> HttpResponse:
    d = _public_item(pk, item)
    return _document_response(d.document, fmt, f"cong-khai-{d.pk}")
