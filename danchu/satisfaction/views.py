"""Pages of the satisfaction channel (LD10): thin, every staff page checks access scoped to the
unit; the public rating pages need no login and keep nothing about who rates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.audit.services import client_ip
from danchu.core import clock
from danchu.dataio import imports
from danchu.dataio.exports import Number, xlsx_response
from danchu.formats import numbers
from danchu.formats.numbers import XLSX_PERCENT
from danchu.satisfaction import permissions, printing, rules, selectors, services
from danchu.satisfaction.forms import (
    AnswerForm,
    CodeForm,
    ImportForm,
    MatterForm,
    OfficeForm,
    RatingForm,
)
from danchu.satisfaction.models import Comment, LevelChoice, Matter, Office
from danchu.units.models import AdminUnit
from danchu.web.responses import PDF, XLSX, file_response

PAGE = 30

# ------------------------------------------------------------------------ throttling

THROTTLE_WINDOW_SECONDS = 3600
CODE_TRIES_PER_ADDRESS = 20
"""At most 20 refused receipt codes from one address an hour: codes cannot be found by guessing
(good codes do not count: residents at the office may share its Wi-Fi)."""
OFFICE_RATINGS_PER_ADDRESS = 10
"""At most 10 general ratings of one office from one address an hour. Generous on purpose:
residents at the office may share its Wi-Fi (one address)."""


def _over(key: str, limit: int) -> bool:
    """Count one more use of ``key`` in the window; True once past ``limit``. The cache holds the
    address and a count for an hour, never the rating."""
    if cache.add(key, 1, THROTTLE_WINDOW_SECONDS):
        return limit < 1
    try:
        return int(cache.incr(key)) > limit
    except ValueError:
        cache.set(key, 1, THROTTLE_WINDOW_SECONDS)
        return False


def _address(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _errors(request: HttpRequest, exc: services.SatisfactionError) -> None:
    for problem in exc.problems:
        messages.error(request, problem)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, str(e))


def _rate_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("satisfaction:rate"))


def _office_url(request: HttpRequest, office: Office) -> str:
    return request.build_absolute_uri(
        reverse("satisfaction:office_public", args=[office.public_key])
    )


def _levels() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in LevelChoice.choices]


# ------------------------------------------------------------------------ public pages


@never_cache
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest) -> HttpResponse:
    """LD10 — the resident types or scans the receipt's code, then rates. The code is only ever
    POSTed (the receipt's QR puts it after '#'); nothing about the resident is kept."""
    today = clock.today()
    code_form = CodeForm(request.POST or None)
    context: dict[str, Any] = {"code_form": code_form, "reading": rules.CODE_VALIDITY_READING}
    if request.method != "POST" or not code_form.is_valid():
        return render(request, "satisfaction/rate.html", context)
    key = f"satisfaction:code:{_address(request)}"
    if int(cache.get(key, 0)) >= CODE_TRIES_PER_ADDRESS:
        messages.error(request, _("Too many tries from this connection; try again in an hour."))
        return render(request, "satisfaction/rate.html", context, status=429)
    code = code_form.cleaned_data["code"]
    state, found = services.find_code(code, today)
    if state is not rules.CodeState.OPEN or found is None:
        _over(key, CODE_TRIES_PER_ADDRESS)  # only refused codes count: guessing, not rating
        messages.error(request, services._refusal(state))
        return render(request, "satisfaction/rate.html", context)
    rating_form = RatingForm(request.POST if request.POST.get("submit") == "1" else None)
    context.update({"found": found, "code": code, "form": rating_form})
    if request.POST.get("submit") == "1" and rating_form.is_valid():
        data = rating_form.cleaned_data
        if data.get("website"):
            return render(request, "satisfaction/rate_done.html", {"office": found.office})
        try:
            services.rate_with_code(
                code=code, level=data["level"], comment=data["comment"], today=today
            )
        except services.SatisfactionError as exc:
            _errors(request, exc)
            return render(request, "satisfaction/rate.html", {"code_form": CodeForm()})
        return render(request, "satisfaction/rate_done.html", {"office": found.office})
    return render(request, "satisfaction/rate.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def office_public(request: HttpRequest, key: str) -> HttpResponse:
    """LD10 — the office's standing QR code: a general rating of the commune government, and the
    comments the office answered (what residents asked and what was answered)."""
    office = get_object_or_404(Office.objects.select_related("commune"), public_key=key)
    today = clock.today()
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _over(
            f"satisfaction:office:{office.pk}:{_address(request)}", OFFICE_RATINGS_PER_ADDRESS
        ):
            messages.error(
                request, _("Too many ratings from this connection; try again in an hour.")
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            if data.get("website"):
                return render(request, "satisfaction/rate_done.html", {"office": office})
            try:
                services.rate_office(
                    office=office, level=data["level"], comment=data["comment"], today=today
                )
            except services.SatisfactionError as exc:
                _errors(request, exc)
            else:
                return render(request, "satisfaction/rate_done.html", {"office": office})
    page = Paginator(selectors.public_comments(office), PAGE).get_page(request.GET.get("page"))
    month = rules.month_of(today)
    [(_o, figures)] = selectors.offices_month([office], month)
    return render(
        request,
        "satisfaction/office_public.html",
        {
            "office": office,
            "form": form if office.active else None,
            "page": page,
            "today": today,
            "figures": figures,
            "month_label": rules.month_label(month),
            "counts": selectors.comment_counts(office, today),
            "answer_reading": rules.ANSWER_READING,
            "rate_reading": rules.RATE_READING,
        },
        status=status,
    )


# ------------------------------------------------------------------------- staff pages


def _office(request: HttpRequest, pk: int, *, run: bool = False) -> Office:
    office = get_object_or_404(Office.objects.select_related("commune"), pk=pk)
    allowed = (
        permissions.can_run_office(request.user, office)
        if run
        else permissions.can_view_office(request.user, office)
    )
    if not allowed:
        if permissions.can_view_office(request.user, office):
            raise PermissionDenied
        raise Http404
    return office


def _month_from(request: HttpRequest) -> dt.date:
    today = clock.today()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        if not 2000 <= year <= 2100 or not 1 <= month <= 12:
            raise ValueError
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        return rules.month_of(today)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    communes = permissions.visible_communes(request.user)
    run = permissions.run_communes(request.user)
    if not run and not communes.exists():
        raise PermissionDenied
    month = _month_from(request)
    offices = Office.objects.filter(commune__in=communes).select_related("commune")
    page = Paginator(offices, PAGE).get_page(request.GET.get("page"))
    rows = selectors.offices_month(list(page.object_list), month)
    form = (
        OfficeForm(communes=AdminUnit.objects.filter(pk__in=[c.pk for c in run])) if run else None
    )
    return render(
        request,
        "satisfaction/index.html",
        {
            "page": page,
            "rows": rows,
            "month": month,
            "month_label": rules.month_label(month),
            "form": form,
            "rate_reading": rules.RATE_READING,
        },
    )


@login_required
@require_POST
def office_create(request: HttpRequest) -> HttpResponse:
    run = permissions.run_communes(request.user)
    if not run:
        raise PermissionDenied
    form = OfficeForm(request.POST, communes=AdminUnit.objects.filter(pk__in=[c.pk for c in run]))
    if form.is_valid():
        try:
            office = services.create_office(
                actor=request.user,
                commune=form.cleaned_data["commune"],
                name=form.cleaned_data["name"],
            )
        except services.SatisfactionError as exc:
            _errors(request, exc)
        else:
            return redirect("satisfaction:office", office.pk)
    else:
        _form_errors(request, form)
    return redirect("satisfaction:index")


@login_required
@require_POST
def office_active(request: HttpRequest, pk: int) -> HttpResponse:
    office = _office(request, pk, run=True)
    active = request.POST.get("active") == "1"
    services.set_office_active(actor=request.user, office=office, active=active)
    messages.success(
        request,
        _("The office takes ratings again.")
        if active
        else _("The office no longer takes ratings."),
    )
    return redirect("satisfaction:office", office.pk)


def _matter_form(office: Office, data: Any = None, files: Any = None) -> MatterForm:
    return MatterForm(data, files, officials=selectors.officials(office.commune, clock.today()))


@login_required
@require_GET
def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    office = _office(request, pk)
    today = clock.today()
    month = _month_from(request)
    can_run = permissions.can_run_office(request.user, office)
    figures = selectors.monthly_figures(office.commune, month.year, month.month)
    line = next((x for x in figures.offices if x.key == office.pk), None)
    matters = Matter.objects.filter(office=office).select_related("official")
    page = Paginator(matters, PAGE).get_page(request.GET.get("page"))
    comments = list(selectors.comments_to_answer(office)[:PAGE])
    answered = list(
        Comment.objects.filter(office=office, answered_on__isnull=False).order_by("-week", "text")[
            :PAGE
        ]
    )
    return render(
        request,
        "satisfaction/office.html",
        {
            "office": office,
            "can_run": can_run,
            "month": month,
            "month_label": rules.month_label(month),
            "office_figures": line.figures if line else rules.Figures(),
            "figures": figures,
            "year_months": selectors.months_of_office(office, month.year),
            "page": page,
            "comments": [(c, c.state(today), AnswerForm(prefix=str(c.pk))) for c in comments],
            "answered": [(c, c.state(today)) for c in answered],
            "counts": selectors.comment_counts(office, today),
            "matter_form": _matter_form(office) if can_run else None,
            "public_url": _office_url(request, office),
            "answer_reading": rules.ANSWER_READING,
            "rate_reading": rules.RATE_READING,
            "code_reading": rules.CODE_VALIDITY_READING,
            "levels": _levels(),
        },
    )


def _slips(receipts: list[tuple[Matter, str]]) -> list[printing.Slip]:
    return [
        printing.Slip(
            number=m.number,
            procedure=m.procedure,
            handled_on=m.handled_on.strftime("%d/%m/%Y"),
            official=m.official.full_name,
            code=code,
        )
        for m, code in receipts
    ]


def _receipts_page(
    request: HttpRequest, office: Office, slips: list[printing.Slip]
) -> HttpResponse:
    url = _rate_url(request)
    return render(
        request,
        "satisfaction/receipts.html",
        {
            "office": office,
            "url": url,
            "slips": [(s, printing.qr_svg(f"{url}#{s.code}")) for s in slips],
            "code_reading": rules.CODE_VALIDITY_READING,
        },
    )


@never_cache
@login_required
@require_POST
def matter_create(request: HttpRequest, pk: int) -> HttpResponse:
    office = _office(request, pk, run=True)
    form = _matter_form(office, request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("satisfaction:office", office.pk)
    data = form.cleaned_data
    try:
        matter, code = services.record_matter(
            actor=request.user,
            office=office,
            procedure=data["procedure"],
            official=data["official"],
            handled_on=data["handled_on"],
            reason=data["reason"],
            evidence=data["evidence"],
        )
    except services.SatisfactionError as exc:
        _errors(request, exc)
        return redirect("satisfaction:office", office.pk)
    return _receipts_page(request, office, _slips([(matter, code)]))


MAX_SLIPS = 2000
SLIP_FIELDS = ("number", "procedure", "handled_on", "official", "code")


@login_required
@require_POST
def receipts_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The slips as PDF, from what the receipts page posts back: the plain codes live only in
    that page (the officer's browser), never on the server — not even in the session."""
    office = _office(request, pk, run=True)
    columns = [request.POST.getlist(name) for name in SLIP_FIELDS]
    count = len(columns[0])
    if not count or count > MAX_SLIPS or any(len(c) != count for c in columns):
        raise SuspiciousOperation("slips")
    slips = []
    for values in zip(*columns, strict=True):
        if any(len(v) > 300 for v in values):
            raise SuspiciousOperation("slip")
        slips.append(printing.Slip(*values))
    pdf = printing.receipts_pdf(
        commune=office.commune.name, office=office.name, url=_rate_url(request), slips=slips
    )
    return file_response(pdf, "phieu-danh-gia.pdf", PDF, inline=True)


@login_required
@require_GET
def poster_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    office = _office(request, pk)
    pdf = printing.poster_pdf(
        commune=office.commune.name, office=office.name, url=_office_url(request, office)
    )
    return file_response(pdf, "ma-qr-danh-gia-hai-long.pdf", PDF, inline=True)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def matters_import(request: HttpRequest, pk: int) -> HttpResponse:
    office = _office(request, pk, run=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        outcome = services.import_matters(
            actor=request.user,
            office=office,
            source=form.cleaned_data["file"],
            reason=form.cleaned_data["reason"],
        )
        if outcome.ok:
            messages.success(
                request,
                _("%(n)s matters were recorded.") % {"n": numbers.number(len(outcome.receipts))},
            )
            return _receipts_page(request, office, _slips(outcome.receipts))
        errors = outcome.result.sorted_errors()
    return render(
        request,
        "satisfaction/import.html",
        {"office": office, "form": form, "errors": errors, "columns": services.IMPORT_COLUMNS},
    )


@login_required
@require_GET
def import_example(request: HttpRequest, pk: int) -> HttpResponse:
    _office(request, pk, run=True)
    data = imports.template_bytes(services.IMPORT_COLUMNS, services.IMPORT_EXAMPLE, "xlsx")
    return file_response(data, "mau-ho-so-da-giai-quyet.xlsx", XLSX)


@login_required
@require_POST
def comment_answer(request: HttpRequest, pk: str) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("office__commune"), pk=pk)
    office = _office(request, comment.office_id, run=True)
    form = AnswerForm(request.POST, prefix=str(comment.pk))
    if form.is_valid():
        try:
            services.answer_comment(
                actor=request.user,
                comment=comment,
                answer=form.cleaned_data["answer"],
                published=form.cleaned_data["published"],
            )
        except services.SatisfactionError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The answer was recorded."))
    else:
        messages.error(request, _("Write the answer."))
    return HttpResponseRedirect(reverse("satisfaction:office", args=[office.pk]) + "#comments")


# ------------------------------------------------------------------------------ figures


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """LD10 — the month's figures of every commune the user may see (a province sees its
    communes), paginated; one commune's page has its offices and officials."""
    communes = permissions.visible_communes(request.user).order_by("name", "pk")
    if not communes.exists():
        raise PermissionDenied
    month = _month_from(request)
    page = Paginator(communes, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "satisfaction/figures.html",
        {
            "page": page,
            "rows": selectors.communes_month(list(page.object_list), month),
            "month": month,
            "month_label": rules.month_label(month),
            "rate_reading": rules.RATE_READING,
        },
    )


@login_required
@require_GET
def commune_figures(request: HttpRequest, pk: int) -> HttpResponse:
    commune = get_object_or_404(AdminUnit, pk=pk)
    if not permissions.can_view(request.user, commune):
        raise Http404
    month = _month_from(request)
    data = selectors.monthly_figures(commune, month.year, month.month)
    return render(
        request,
        "satisfaction/commune_figures.html",
        {
            "commune": commune,
            "data": data,
            "month": month,
            "month_label": rules.month_label(month),
            "year_figures": selectors.yearly_rate(commune, month.year),
            "rate_reading": rules.RATE_READING,
            "levels": _levels(),
        },
    )


@login_required
@require_GET
def figures_xlsx(request: HttpRequest) -> HttpResponse:
    """The month's figures per office and per official of the communes the user may see."""
    communes = list(permissions.visible_communes(request.user).order_by("name", "pk")[:500])
    if not communes:
        raise PermissionDenied
    month = _month_from(request)
    headers = [
        "Xã",
        "Nơi tiếp nhận / người giải quyết",
        "Loại",
        "Rất hài lòng",
        "Hài lòng",
        "Không hài lòng",
        "Rất không hài lòng",
        "Tổng",
        "Tỷ lệ hài lòng",
    ]
    rows: list[list[Any]] = []
    for data in selectors.months_of_communes(communes, month):
        commune = data.commune
        lines = [("Nơi tiếp nhận", x) for x in data.offices] + [
            ("Người giải quyết", x) for x in data.officials
        ]
        for kind, line in lines:
            f = line.figures
            rate = f.rate
            rows.append(
                [
                    commune.name,
                    line.label,
                    kind,
                    Number(f.very_satisfied),
                    Number(f.satisfied),
                    Number(f.not_satisfied),
                    Number(f.very_dissatisfied),
                    Number(f.total),
                    Number(_decimal(rate), XLSX_PERCENT) if rate is not None else "—",
                ]
            )
    name = f"hai-long-{month.year}-{month.month:02d}.xlsx"
    return xlsx_response(name, f"Hài lòng {rules.month_label(month)}", headers, rows)


def _decimal(rate: Any) -> Any:
    from decimal import Decimal

    return (Decimal(rate.numerator) / Decimal(rate.denominator)).quantize(Decimal("0.0001"))
