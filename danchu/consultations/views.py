"""Pages of a consultation. Thin: check access (``permissions``), parse a form, call a service,
render. The public page needs no login."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.audit.services import client_ip
from danchu.consultations import forms, papers, permissions, rules, selectors, services, structure
from danchu.consultations.models import (
    SOURCE_BODY,
    AggregateSend,
    Audience,
    Consultation,
    Opinion,
    Scope,
    Status,
)
from danchu.consultations.services import ConsultationError
from danchu.core import clock
from danchu.dataio.exports import xlsx_bytes
from danchu.documents import issuing
from danchu.documents.models import IssuedDocument
from danchu.documents.render import OfficialDocument, render_docx, render_pdf
from danchu.units.models import AdminUnit, AgencyKind, Level
from danchu.web.responses import CSV, DOCX, PDF, XLSX, file_response

PUBLIC_RATE_LIMIT = 5
PUBLIC_RATE_WINDOW_SECONDS = 600
"""At most 5 opinions from one address in 10 minutes on the public page (flood protection; a
commune hall's shared connection still lets a family give theirs)."""


def _get(request: HttpRequest, pk: int, check: Callable[[Any, Consultation], bool]) -> Consultation:
    c = get_object_or_404(Consultation.objects.select_related("unit", "issuer"), pk=pk)
    if not check(request.user, c):
        raise PermissionDenied
    return c


def _errors(request: HttpRequest, exc: ConsultationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def _attempt(request: HttpRequest, call: Callable[[], Any], success: str = "") -> bool:
    """Run a service call: on a refusal show its reasons and return False; else show
    ``success`` (if any) and return True."""
    try:
        call()
    except ConsultationError as exc:
        _errors(request, exc)
        return False
    if success:
        messages.success(request, success)
    return True


def _form_page(
    request: HttpRequest, c: Consultation, form: Any, title: str, rule: str = "", **extra: Any
) -> HttpResponse:
    return render(
        request,
        "consultations/form.html",
        {"c": c, "form": form, "title": title, "rule": rule, **extra},
    )


# ---------------------------------------------------------------------------------------------
# List, create, detail, supervisor's view
# ---------------------------------------------------------------------------------------------


def _creatable_units(user: Any) -> Any:
    return access.visible_units(user, Cap.RUN_CONSULTATIONS).filter(level=Level.COMMUNE)


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    items = selectors.consultations_for(request.user)
    return render(
        request,
        "consultations/list.html",
        {"items": items, "can_create": _creatable_units(request.user).exists()},
    )


@login_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    units = _creatable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = forms.ConsultationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        unit: AdminUnit = form.cleaned_data["unit"]
        if not permissions.can_create(request.user, unit):
            raise PermissionDenied
        issuer = unit.agencies.filter(kind=AgencyKind.UBND).first()
        if issuer is None:
            messages.error(request, _("Commune: it has no People's Committee recorded."))
        else:
            try:
                c = services.create_consultation(
                    actor=request.user,
                    unit=unit,
                    issuer=issuer,
                    title=form.cleaned_data["title"],
                    scope=form.cleaned_data["scope"],
                    matter=form.cleaned_data["matter"],
                )
            except ConsultationError as exc:
                _errors(request, exc)
            else:
                return redirect("consultations:draft", c.pk)
    return _form_page(request, None, form, _("New consultation"))  # type: ignore[arg-type]


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_view)
    today = clock.today()
    return render(
        request,
        "consultations/detail.html",
        {
            "c": c,
            "steps": selectors.steps(c, today),
            "audiences": c.audiences.all(),
            "sends": [(s, selectors.send_step(s, today)) for s in c.sends.all()],
            "publications": c.publications.select_related("village"),
            "versions": c.versions.all(),
            "can_manage": permissions.can_manage(request.user, c),
            "bodies": permissions.gatherer_bodies(request.user, c),
            "blockers": selectors.issue_blockers(c, today) if c.status == Status.PUBLISHED else [],
            "opinion_count": c.opinions.count(),
            "unanswered": services.unanswered(c),
            "backdated": c.backdated_facts(),
            "reopenings": c.reopenings.select_related("by"),
            "documents": selectors.issued_documents(c),
        },
    )


@login_required
def supervise(request: HttpRequest) -> HttpResponse:
    """Every consultation in the supervisor's area, with each legal step met, late or missed."""
    units = access.visible_units(request.user, Cap.SUPERVISE)
    if not units.exists():
        raise PermissionDenied
    today = clock.today()
    communes = units.filter(
        pk__in=Consultation.objects.filter(unit__in=units).values("unit_id")
    ).order_by("name")
    form = forms.SuperviseFilterForm(
        request.GET,
        units=communes,
        states=[(s, str(selectors.STATE_LABELS[s])) for s in selectors.STATE_ORDER],
    )
    filters = form.filters()
    summary = selectors.supervise_summary(
        Consultation.objects.filter(unit__in=units),
        today,
        unit=filters["unit"].pk if "unit" in filters else None,
        status=filters.get("status", ""),
        state=filters.get("state", ""),
        q=filters.get("q", ""),
        page=_page_number(request.GET.get("page")),
    )
    query = urlencode({k: getattr(v, "pk", v) for k, v in filters.items()})
    return render(
        request,
        "consultations/supervise.html",
        {
            "summary": summary,
            "page": summary,
            "form": form,
            "filtered": bool(filters),
            "query": query,
            "today": today,
        },
    )


# ---------------------------------------------------------------------------------------------
# The draft and its versions
# ---------------------------------------------------------------------------------------------


@login_required
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_manage)
    latest = c.latest_version()
    initial = {"text": latest.text} if latest else {}
    form = forms.VersionForm(request.POST or None, request.FILES or None, initial=initial)
    preview: dict[str, Any] | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("file"):
            # Issue 18: a DOCX is read and shown as recognised — chapters, articles, clauses,
            # tables, and what was left out — and saved only once the team confirms the text.
            try:
                preview = services.preview_docx(file=data["file"])
            except ConsultationError as exc:
                _errors(request, exc)
            else:
                form = forms.VersionForm(
                    initial={"text": preview["imported"].text, "note": data["note"]}
                )
                messages.info(
                    request,
                    _("Check what was recognised below, correct the text if needed, then save."),
                )
        elif _attempt(
            request,
            lambda: services.add_version(
                actor=request.user, consultation=c, text=data["text"], note=data["note"]
            ),
            _("Version saved."),
        ):
            return redirect("consultations:detail", c.pk)
    return render(
        request,
        "consultations/draft.html",
        {
            "c": c,
            "form": form,
            "preview": preview,
            "articles": selectors.articles(latest),
            "versions": c.versions.all(),
        },
    )


@login_required
def version_diff(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_view)
    new = get_object_or_404(c.versions, number=number)
    old = c.versions.filter(number__lt=number).order_by("-number").first()
    changes = (
        structure.diff(services.parse_version(old), services.parse_version(new)) if old else []
    )
    return render(
        request, "consultations/diff.html", {"c": c, "old": old, "new": new, "changes": changes}
    )


# ---------------------------------------------------------------------------------------------
# The plan: number, publication day, audiences (DC1–DC2), sends (DC7), channels (DC3, DC5)
# ---------------------------------------------------------------------------------------------


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_manage)
    form = forms.PlanForm(
        request.POST or None,
        initial={
            "plan_number": c.plan_number,
            "plan_date": c.plan_date,
            "content_published_on": c.content_published_on,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.set_plan(actor=request.user, consultation=c, **form.cleaned_data),
        )
    ):
        return redirect("consultations:detail", c.pk)
    return _form_page(request, c, form, _("The plan"), "DC2")


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue 18: when and where a conference of the plan is held (shown on the public page)."""
    c = _get(request, pk, permissions.can_manage)
    form = forms.MeetingForm(request.POST or None, villages=selectors.villages_of(c))
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.add_meeting(actor=request.user, consultation=c, **form.cleaned_data),
            _("Conference added."),
        )
    ):
        return redirect("consultations:detail", c.pk)
    return _form_page(request, c, form, _("A conference: when and where"), "DC1")


@login_required
def audience(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_manage)
    wanted = Audience.CITIZENS if c.scope == "commune" else Audience.STAFF
    existing = c.audiences.filter(audience=wanted).first()
    initial: dict[str, Any] = {"audience": wanted}
    if existing:
        initial.update(
            gatherings=[f"{b}:{f}" for b, f in existing.gatherings],
            window_start=existing.window_start,
            window_end=existing.window_end,
        )
    form = forms.AudienceForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.set_audience(
                actor=request.user,
                consultation=c,
                audience=form.cleaned_data["audience"],
                gatherings=form.pairs(),
                window_start=form.cleaned_data["window_start"],
                window_end=form.cleaned_data["window_end"],
            ),
        )
    ):
        return redirect("consultations:detail", c.pk)
    return _form_page(request, c, form, _("Audience and window"), "DC1, DC2")


@login_required
def send_due(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_manage)
    form = forms.SendDueForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.set_send_due(actor=request.user, consultation=c, **form.cleaned_data),
        )
    ):
        return redirect("consultations:detail", c.pk)
    return _form_page(request, c, form, _("Deadline for an aggregate"), "DC7")


@login_required
def send_record(request: HttpRequest, pk: int, send_pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_view)
    send = get_object_or_404(AggregateSend, pk=send_pk, consultation=c)
    if not (
        permissions.can_manage(request.user, c)
        or permissions.can_gather(request.user, c, send.body)
    ):
        raise PermissionDenied
    form = forms.SendRecordForm(
        request.POST or None, request.FILES or None, initial={"sent_on": clock.today()}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.record_send(actor=request.user, send=send, **form.cleaned_data),
        )
    ):
        return redirect("consultations:detail", c.pk)
    return _form_page(
        request,
        c,
        form,
        _("Aggregate sent by: %(body)s") % {"body": send.get_body_display()},
        "DC7",
    )


@login_required
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_manage)
    villages = selectors.villages_of(c)
    form = forms.PublicationForm(
        request.POST or None,
        request.FILES or None,
        villages=villages,
        initial={"phase": request.GET.get("phase", "plan"), "start": clock.today()},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.record_publication(
                actor=request.user, consultation=c, **form.cleaned_data
            ),
            _("Publication recorded."),
        )
    ):
        return redirect("consultations:detail", c.pk)
    return _form_page(request, c, form, _("Record a publication"), "DC3, DC5", multipart=True)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_manage)
    _attempt(
        request,
        lambda: services.publish_consultation(actor=request.user, consultation=c),
        _("The consultation is published on its public page."),
    )
    return redirect("consultations:detail", c.pk)


# ---------------------------------------------------------------------------------------------
# Opinions and answers (DC4)
# ---------------------------------------------------------------------------------------------


@login_required
def opinions(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_view)
    can_answer = permissions.can_manage(request.user, c) and c.status == Status.PUBLISHED
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        form = forms.AnswerForm(request.POST)
        if form.is_valid():
            chosen = list(c.opinions.filter(pk__in=form.id_list()))
            _attempt(
                request,
                lambda: services.answer_opinions(
                    actor=request.user,
                    opinions=chosen,
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    article=form.cleaned_data["article"],
                ),
                _("Answer saved."),
            )
        else:
            messages.error(request, _("Answer: choose accepted, explained or not an opinion."))
        return redirect(_opinions_url(c, request.POST.get("back", "")))
    filter_form = forms.OpinionFilterForm(request.GET, articles=selectors.article_choices(c))
    filters = filter_form.filters()
    page = selectors.opinion_page(
        c, selectors.OpinionFilters(**filters), _page_number(request.GET.get("page"))
    )
    query = urlencode(filters)
    return render(
        request,
        "consultations/opinions.html",
        {
            "c": c,
            "groups": page.groups,
            "page": page,
            "filter_form": filter_form,
            "filtered": bool(filters),
            "query": query,
            "back": urlencode({**filters, "page": page.number}),
            # Issue 18: the phone or email a citizen left is for answering them — shown to those
            # who answer (the drafting team and the commune's managers), here only.
            "show_contact": permissions.can_manage(request.user, c),
            "can_answer": can_answer and not c.summary_published_on,
            "can_moderate": permissions.can_manage(request.user, c),
            "hide_form": forms.HideForm(),
            "can_enter": bool(_entry_sources(request.user, c)),
            "answer_choices": forms.AnswerForm.base_fields["kind"].choices,  # type: ignore[attr-defined]
            "summary_form": forms.SummaryForm(initial={"on": clock.today()}),
            "reopen_form": forms.ReopenForm() if can_answer or c.summary_published_on else None,
            "can_reopen": permissions.can_manage(request.user, c)
            and bool(c.summary_published_on)
            and c.status == Status.PUBLISHED,
            "reopenings": c.reopenings.all(),
            "unanswered": services.unanswered(c),
        },
    )


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 7 else 1


def _opinions_url(c: Consultation, back: str) -> str:
    """Back to the same filtered page after answering (only our own query, never a URL)."""
    url = reverse("consultations:opinions", args=[c.pk])
    keys = {"q", "article", "source", "stance", "state", "page"}
    kept = {k: v for k, v in parse_qsl(back)[:10] if k in keys}
    return f"{url}?{urlencode(kept)}" if kept else url


def _entry_sources(user: Any, c: Consultation) -> list[str]:
    """Sources the user may enter: those of the bodies that gather an audience of this plan
    (DC1), and of those only the user's own body unless the user manages the consultation."""
    if c.status != Status.PUBLISHED:
        return []
    in_plan = {b for a in c.audiences.all() for b, _f in a.gatherings}
    bodies = (
        in_plan
        if permissions.can_manage(user, c)
        else (permissions.gatherer_bodies(user, c) & in_plan)
    )
    return [s for s, b in SOURCE_BODY.items() if b in bodies]


@login_required
def opinion_enter(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_view)
    sources = _entry_sources(request.user, c)
    if not sources:
        raise PermissionDenied
    form = forms.GatheredOpinionForm(
        request.POST or None,
        request.FILES or None,
        sources=sources,
        articles=selectors.article_choices(c),
        initial={"received_on": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: services.enter_opinion(
                actor=request.user,
                consultation=c,
                source=data["source"],
                source_detail=data["source_detail"],
                received_on=data["received_on"],
                article_number=data["article"],
                stance=data["stance"],
                text=data["text"],
                author_name=data["author_name"],
                backdate_reason=data["backdate_reason"],
                backdate_evidence=data["backdate_evidence"],
                represents=data["represents"] or 1,
            ),
            _("Opinion entered."),
        ):
            return redirect("consultations:opinion_enter", c.pk)
    return _form_page(request, c, form, _("Enter a gathered opinion"), "DC1, DC7")


@login_required
@require_POST
def summary_publish(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_manage)
    form = forms.SummaryForm(request.POST, request.FILES)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.publish_summary(
                actor=request.user, consultation=c, **form.cleaned_data
            ),
            _("The summary is published on the public page."),
        )
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
    return redirect("consultations:opinions", c.pk)


@login_required
@require_POST
def summary_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """DC4: reopen the published summary, with the reason (audited, shown on the page)."""
    c = _get(request, pk, permissions.can_manage)
    form = forms.ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reopen: give the reason; it is recorded, audited and shown."))
    else:
        _attempt(
            request,
            lambda: services.reopen_summary(
                actor=request.user, consultation=c, reason=form.cleaned_data["reason"]
            ),
            _("The summary is reopened; publishing it again issues a correction."),
        )
    return redirect("consultations:opinions", c.pk)


@login_required
@require_POST
def opinion_hide(request: HttpRequest, pk: int, opinion_pk: int) -> HttpResponse:
    """Moderation: hide an abusive opinion from the public page, with the reason (audited)."""
    c = _get(request, pk, permissions.can_manage)
    opinion = get_object_or_404(Opinion, pk=opinion_pk, consultation=c)
    form = forms.HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hide: give the reason."))
    else:
        _attempt(
            request,
            lambda: services.hide_opinion(
                actor=request.user, opinion=opinion, reason=form.cleaned_data["reason"]
            ),
            _("The opinion is hidden from the public page; it still needs its answer."),
        )
    return redirect(_opinions_url(c, request.POST.get("back", "")))


@login_required
@require_POST
def opinion_show(request: HttpRequest, pk: int, opinion_pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_manage)
    opinion = get_object_or_404(Opinion, pk=opinion_pk, consultation=c)
    _attempt(
        request,
        lambda: services.show_opinion(actor=request.user, opinion=opinion),
        _("The opinion is shown on the public page again."),
    )
    return redirect(_opinions_url(c, request.POST.get("back", "")))


def _document_file(doc: Callable[[], OfficialDocument], name: str, fmt: str) -> HttpResponse:
    """An official document as a PDF (shown inline) or a DOCX download; other formats 404."""
    if fmt == "docx":
        return file_response(render_docx(doc()), f"{name}.docx", DOCX)
    if fmt == "pdf":
        return file_response(render_pdf(doc()), f"{name}.pdf", PDF, inline=True)
    raise Http404


def _issued_response(doc: IssuedDocument, name: str, fmt: str) -> HttpResponse:
    """The issued bytes, byte for byte (``issuing.response``); formats it was not issued in 404."""
    if fmt not in issuing.formats(doc):
        raise Http404
    return issuing.response(doc, fmt, f"{name}.{fmt}", inline=fmt == "pdf")


def _summary_file(c: Consultation, fmt: str, public: bool = False) -> HttpResponse:
    """The published summary as issued; before publication (staff only) a working draft,
    rendered now and unnumbered."""
    name = f"tong-hop-y-kien-{c.slug}"
    doc = issuing.current(c, services.SUMMARY_KIND)
    if c.summary_published_on and doc is not None:
        return _issued_response(doc, name, fmt)
    if public:
        raise Http404
    if fmt == "xlsx":
        return file_response(papers.summary_xlsx(c, public), f"{name}.xlsx", XLSX)
    return _document_file(lambda: papers.summary_document(c, public=public), name, fmt)


@login_required
def summary_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    c = _get(request, pk, permissions.can_view)
    return _summary_file(c, fmt)


@login_required
def regulation_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """DC5: the issued regulation as issued."""
    c = _get(request, pk, permissions.can_view)
    doc = issuing.current(c, services.REGULATION_KIND)
    if doc is None:
        raise Http404
    return _issued_response(doc, f"quy-che-{c.slug}", fmt)


@login_required
def issued_file(request: HttpRequest, pk: int, doc_pk: int, fmt: str) -> HttpResponse:
    """Any document this consultation issued, replaced ones included (they stay readable)."""
    c = _get(request, pk, permissions.can_view)
    doc = next((d for d in issuing.history(c) if d.pk == doc_pk), None)
    if doc is None:
        raise Http404
    return _issued_response(doc, f"van-ban-{doc.pk}", fmt)


# ---------------------------------------------------------------------------------------------
# Issue (DC5, LD8) and report (DC6)
# ---------------------------------------------------------------------------------------------


@login_required
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_manage)
    today = clock.today()
    form = forms.IssueForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "issued_on": today,
            "signer_position": "Chủ tịch",
            "majority_reading": c.majority_reading,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.issue_regulation(
                actor=request.user, consultation=c, **form.cleaned_data
            ),
            _("The decision is recorded and published."),
        )
    ):
        return redirect("consultations:detail", c.pk)
    m = services.majority(c)
    return _form_page(
        request,
        c,
        form,
        _("Issue the regulation"),
        "DC4, DC5, LD8",
        blockers=selectors.issue_blockers(c, today),
        majority=m,
        unapplied=[
            f"Điều {a}" if a else _("no article named") for _pk, a in services.unapplied_changes(c)
        ],
    )


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request, pk, permissions.can_manage)
    form = forms.ReportForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "session_on": c.council_session_on,
            "presented_on": c.report_presented_on,
            "sent_to_front_on": c.report_sent_to_front_on,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.set_council_report(
                actor=request.user, consultation=c, **form.cleaned_data
            ),
        )
    ):
        return redirect("consultations:detail", c.pk)
    return _form_page(
        request,
        c,
        form,
        _("Report to the People's Council"),
        "DC6",
        report=True,
        number_form=forms.ReportNumberForm(initial={"on": clock.today()}),
        correction_form=forms.CorrectionForm(),
        documents=selectors.issued_documents(c, services.REPORT_KIND),
    )


@login_required
@require_POST
def report_number(request: HttpRequest, pk: int) -> HttpResponse:
    """DC6 with DOC1: the report takes the next number of the issuer's yearly series."""
    c = _get(request, pk, permissions.can_manage)
    form = forms.ReportNumberForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Report dated: enter the date."))
    else:
        _attempt(
            request,
            lambda: services.issue_report_number(
                actor=request.user, consultation=c, **form.cleaned_data
            ),
            _("The report has its number."),
        )
    return redirect("consultations:report", c.pk)


@login_required
@require_POST
def report_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """DC6: a correction of the issued report — a new number, naming the old, with a reason."""
    c = _get(request, pk, permissions.can_manage)
    form = forms.CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Correction: give the reason."))
    else:
        _attempt(
            request,
            lambda: services.correct_report(
                actor=request.user, consultation=c, reason=form.cleaned_data["reason"]
            ),
            _("The corrected report is issued with a new number."),
        )
    return redirect("consultations:report", c.pk)


@login_required
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report as issued once numbered; before that a working draft rendered now."""
    c = _get(request, pk, permissions.can_view)
    name = f"bao-cao-lay-y-kien-{c.slug}"
    doc = issuing.current(c, services.REPORT_KIND)
    if doc is not None:
        return _issued_response(doc, name, fmt)
    return _document_file(lambda: papers.report_document(c), name, fmt)


# ---------------------------------------------------------------------------------------------
# The public page (no login)
# ---------------------------------------------------------------------------------------------


def _client_ip(request: HttpRequest) -> str:
    # The same reading as the audit trail: the real client behind a trusted reverse proxy.
    return client_ip(request) or "unknown"


def _rate_key(request: HttpRequest, c: Consultation) -> str:
    return f"consultations:opinion:{c.pk}:{_client_ip(request)}"


def _rate_limited(request: HttpRequest, c: Consultation) -> bool:
    """True once this address has sent its quota of opinions (issue 18: only opinions received
    count — a form sent back with an error does not)."""
    return int(cache.get(_rate_key(request, c), 0)) >= PUBLIC_RATE_LIMIT


def _count_received(request: HttpRequest, c: Consultation) -> None:
    key = _rate_key(request, c)
    if not cache.add(key, 1, PUBLIC_RATE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, PUBLIC_RATE_WINDOW_SECONDS)


LOOKUP_RATE_LIMIT = 20
"""At most 20 reference-code look-ups from one address in 10 minutes (codes cannot be guessed
by trying)."""


def _lookup_limited(request: HttpRequest) -> bool:
    key = f"consultations:lookup:{_client_ip(request)}"
    if cache.add(key, 1, PUBLIC_RATE_WINDOW_SECONDS):
        return False
    try:
        return int(cache.incr(key)) > LOOKUP_RATE_LIMIT
    except ValueError:
        cache.set(key, 1, PUBLIC_RATE_WINDOW_SECONDS)
        return False


def _sent_key(c: Consultation) -> str:
    return f"consultations:sent:{c.pk}"


def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    c = get_object_or_404(Consultation.objects.select_related("unit", "issuer"), slug=slug)
    if not permissions.can_view_public(c, request.user):
        if c.is_public and permissions.is_staff_only(c) and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())  # staff sign in from the link
        raise Http404
    today = clock.today()
    audience = services.public_audience(c)
    window_state = audience.state(today) if audience else "closed"
    taking = c.status == Status.PUBLISHED and window_state == "open"
    articles = selectors.article_choices(c)
    form = forms.PublicOpinionForm(request.POST or None, articles=articles)
    status = 200
    if request.method == "POST":
        if not taking:
            messages.error(request, _("The window for opinions is closed."))
            return redirect("consultations:public", c.slug)
        if _rate_limited(request, c):
            messages.error(request, _("Too many opinions from this connection; try again later."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            if data.get("website"):
                # A bot filled the hidden field: thank it and store nothing.
                return redirect("consultations:public_sent", c.slug)
            code = services.new_reference()
            try:
                services.submit_public_opinion(
                    consultation=c,
                    text=data["text"],
                    article_number=data["article"],
                    stance=data["stance"],
                    author_name=data["author_name"],
                    contact=data["contact"],
                    today=today,
                    actor=request.user,
                    reference=code,
                )
            except ConsultationError as exc:
                _errors(request, exc)
            else:
                _count_received(request, c)
                # Shown on the confirmation page only (kept in the session, never in an address).
                request.session[_sent_key(c)] = code
                return redirect("consultations:public_sent", c.slug)
    version = c.public_version()
    m = services.majority(c) if c.outcome else None
    return render(
        request,
        "consultations/public.html",
        {
            "c": c,
            "articles": selectors.articles(version),
            "version": version,
            "audiences": c.audiences.all(),
            "window_state": window_state,
            "audience": audience,
            "taking": taking,
            "form": form,
            "thanks": request.GET.get("thanks") == "1",
            "summary": selectors.published_summary_rows(c),
            "regulation_doc": issuing.current(c, services.REGULATION_KIND),
            "reopenings": c.reopenings.all(),
            "backdated": c.backdated_facts(),
            "majority": m,
            "departs": bool(
                m and c.outcome and rules.departs_from_majority(rules.Outcome(c.outcome), m)
            ),
            "today": today,
            "counts": selectors.article_counts(c),
            "meetings": c.meetings.select_related("village"),
            "changes": selectors.issued_changes(c) if c.status == Status.ISSUED else [],
            "share_url": request.build_absolute_uri(reverse("consultations:public", args=[c.slug])),
        },
        status=status,
    )


def public_sent(request: HttpRequest, slug: str) -> HttpResponse:
    """Issue 18: the confirmation after sending — the reference code to follow the opinion."""
    c = get_object_or_404(Consultation.objects.select_related("issuer"), slug=slug)
    if not permissions.can_view_public(c, request.user):
        raise Http404
    code = request.session.get(_sent_key(c), "")
    return render(request, "consultations/sent.html", {"c": c, "code": code})


def follow(request: HttpRequest) -> HttpResponse:
    """Issue 18: with the reference code (and nothing else) a citizen sees the state of their
    opinion and, once the summary is published, the answer given (DC4)."""
    form = forms.FollowForm(request.POST or None)
    opinion = None
    status = 200
    if request.method == "POST":
        if _lookup_limited(request):
            messages.error(request, _("Too many look-ups from this connection; try again later."))
            status = 429
        elif form.is_valid():
            opinion = services.find_by_reference(form.cleaned_data["code"])
            if opinion is None:
                form.add_error("code", _("No opinion has this reference code."))
    return render(
        request,
        "consultations/follow.html",
        {
            "form": form,
            "o": opinion,
            "c": opinion.consultation if opinion else None,
            "answer_public": bool(opinion and opinion.consultation.summary_published_on),
        },
        status=status,
    )


def public_summary(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    c = get_object_or_404(Consultation, slug=slug)
    if not permissions.can_view_public(c, request.user) or not c.summary_published_on:
        raise Http404
    return _summary_file(c, fmt, public=True)


def public_draft(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Issue 18: the draft put to consultation, to download (DOCX) or print (PDF)."""
    c = get_object_or_404(Consultation.objects.select_related("issuer", "unit"), slug=slug)
    if not permissions.can_view_public(c, request.user):
        raise Http404
    return _document_file(lambda: papers.draft_document(c), f"du-thao-{c.slug}", fmt)


def _public(request: HttpRequest, slug: str) -> Consultation:
    c = get_object_or_404(Consultation.objects.select_related("issuer", "unit"), slug=slug)
    if not permissions.can_view_public(c, request.user):
        raise Http404
    return c


def public_opinions(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Issue 18: every opinion as the public may see it, as CSV or XLSX — no name, no contact,
    no order of arrival; answers once the summary is published."""
    c = _public(request, slug)
    rows = selectors.public_opinion_rows(c)
    headers = selectors.PUBLIC_OPINION_HEADERS
    name = f"y-kien-{c.slug}"
    if fmt == "xlsx":
        return file_response(xlsx_bytes("Ý kiến góp ý", headers, rows), f"{name}.xlsx", XLSX)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)
        # The BOM lets spreadsheet programs read the Vietnamese letters as UTF-8.
        return file_response(("\ufeff" + out.getvalue()).encode(), f"{name}.csv", CSV)
    raise Http404


def public_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Issue 18: the consultation's dates as an iCalendar feed to follow on a phone."""
    c = _public(request, slug)
    url = request.build_absolute_uri(reverse("consultations:public", args=[c.slug]))
    body = selectors.icalendar(c, url, clock.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{c.slug}.ics"'
    return response


def public_regulation(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """DC5: the issued regulation as issued, for anyone."""
    c = get_object_or_404(Consultation, slug=slug)
    visible = permissions.can_view_public(c, request.user)
    doc = issuing.current(c, services.REGULATION_KIND) if visible else None
    if doc is None:
        raise Http404
    return _issued_response(doc, f"quy-che-{c.slug}", fmt)


def public_index(request: HttpRequest) -> HttpResponse:
    """Published consultations, newest first (the democracy-information page of the commune)."""
    items = (
        Consultation.objects.filter(~Q(status=Status.PREPARING))
        .exclude(scope=Scope.AGENCY)  # staff consultations are never listed publicly (DC1)
        .select_related("unit")
    )
    unit = request.GET.get("unit")
    if unit and unit.isdigit():
        items = items.filter(unit_id=int(unit))
    return render(request, "consultations/public_index.html", {"items": items[:100]})
