"""Pages of the surveys app: thin — check access, parse, call a service, render."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from danchu.accounts import access
from danchu.accounts.models import User
from danchu.core import clock
from danchu.core.text import nfc
from danchu.dataio.exports import Number, xlsx_response
from danchu.dataio.imports import template_bytes
from danchu.documents import issuing
from danchu.documents.render import current_audit_line, render_docx, render_pdf
from danchu.people.models import Position
from danchu.surveys import (
    documents,
    permissions,
    printing,
    rules,
    selectors,
    services,
    upload,
)
from danchu.surveys.forms import (
    OVERALL_KEYS,
    CodesForm,
    CommitteeForm,
    CountReasonForm,
    DecisionForm,
    EntryForm,
    FormsFileForm,
    HandoverReasonForm,
    MemberFormSet,
    NoticeForm,
    OnlineForm,
    QuotaForm,
    ReasonForm,
    ReportForm,
    RoundForm,
    TemplateForm,
    TemplateOutlineForm,
)
from danchu.surveys.models import (
    Committee,
    CommuneSurvey,
    Flag,
    FormTemplate,
    PaperEntry,
    Round,
    Subject,
)
from danchu.units.models import AdminUnit, Level
from danchu.web.responses import CSV, DOCX, PDF, XLSX, file_response

T = TypeVar("T")


def _today() -> Any:
    return clock.today()


def _attempt(request: HttpRequest, call: Callable[[], T]) -> T | None:
    """Run a service call; a refusal (``SurveyError``) becomes one error message per problem,
    and None."""
    try:
        return call()
    except services.SurveyError as exc:
        for p in exc.problems:
            messages.error(request, p)
        return None


def _round(request: HttpRequest, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("plan_unit"), pk=pk)
    if not permissions.can_view_round(request.user, round_):
        raise PermissionDenied
    return round_


Check = Callable[[Any, CommuneSurvey], bool]


def _commune(request: HttpRequest, pk: int, may: Check | None = None) -> CommuneSurvey:
    """The commune's survey if the user may see it and, with ``may``, do that to it."""
    cs = get_object_or_404(CommuneSurvey.objects.select_related("round__plan_unit", "unit"), pk=pk)
    if not permissions.can_view_commune(request.user, cs) or (
        may is not None and not may(request.user, cs)
    ):
        raise PermissionDenied
    return cs


def _subject(request: HttpRequest, pk: int, may: Check | None = None) -> Subject:
    """The subject if the user may see it (from the surveying or the reporting commune) and,
    with ``may``, do that to its surveying commune."""
    subject = get_object_or_404(
        Subject.objects.select_related(
            "person", "position", "commune_survey__round__plan_unit", "commune_survey__unit"
        ),
        pk=pk,
    )
    cs = subject.commune_survey
    reporting = CommuneSurvey.objects.filter(
        round__year=cs.round.year, unit=subject.reporting_unit
    ).first()
    if not (
        permissions.can_view_commune(request.user, cs)
        or (reporting is not None and permissions.can_view_commune(request.user, reporting))
    ) or (may is not None and not may(request.user, cs)):
        raise PermissionDenied
    return subject


def _plannable_units(user: Any) -> Any:
    return access.visible_units(user, access.Cap.RUN_SURVEYS).filter(
        level__in=[Level.PROVINCE, Level.DISTRICT]
    )


# ------------------------------------------------------------------------------- rounds


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = selectors.rounds_for(request.user)
    communes = CommuneSurvey.objects.filter(round__in=rounds).select_related("unit", "round")
    mine = [
        cs
        for cs in communes
        if permissions.can_run_commune(request.user, cs)
        and not permissions.can_view_round(request.user, cs.round)
    ]
    provinces = [
        u
        for u in access.visible_units(request.user, access.Cap.RUN_SURVEYS).filter(
            level=Level.PROVINCE
        )
        if permissions.can_edit_template(request.user, u)
    ]
    flags = [
        f
        for f in Flag.objects.filter(round__in=rounds).select_related("person", "round")
        if permissions.can_view_flag(request.user, f)
    ]
    return render(
        request,
        "surveys/round_list.html",
        {
            "rounds": [r for r in rounds if permissions.can_view_round(request.user, r)],
            "mine": mine,
            "can_plan": _plannable_units(request.user).exists(),
            "template_provinces": provinces,
            "flags": flags,
        },
    )


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    units = _plannable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    seed = {p.code for p in rules.SEED_POSITIONS}
    positions = Position.objects.filter(level=Level.COMMUNE).order_by("name")
    low = {p.code for p in rules.SEED_POSITIONS if p.low_contact}
    initial = {
        "year": _today().year,
        "positions": positions.filter(code__in=seed),
        "report_before": _today().replace(month=11, day=25),
    }
    form = RoundForm(request.POST or None, units=units, positions=positions, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if not permissions.can_plan(request.user, d["plan_unit"]):
            raise PermissionDenied
        round_ = _attempt(
            request,
            lambda: services.create_round(
                actor=request.user,
                plan_unit=d["plan_unit"],
                year=d["year"],
                title=d["title"],
                report_before=d["report_before"],
                plan_number=d["plan_number"],
                plan_date=d["plan_date"],
                positions=[(p, p.code in low) for p in d["positions"]],
            ),
        )
        if round_ is not None:
            messages.success(request, _("The survey plan was created."))
            return HttpResponseRedirect(reverse("surveys:round", args=[round_.pk]))
    return render(request, "surveys/round_form.html", {"form": form})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    board = selectors.dashboard(round_, _today())
    committee = Committee.objects.filter(round=round_, unit=round_.plan_unit).first()
    # Filters (state, name) and paging: a province has a hundred communes or more.
    state = request.GET.get("state", "")
    query = nfc(request.GET.get("q", ""))[:100].strip()
    shown = [
        r
        for r in board.rows
        if (not state or r.progress == state)
        and (not query or _folded(query) in _folded(r.commune_survey.unit.name))
    ]
    page = Paginator(shown, 25).get_page(request.GET.get("page"))
    states = [
        {
            "key": p.value,
            "label": PROGRESS_LABELS[p],
            "count": n,
            "pct": (n * 100 // len(board.rows)) if board.rows else 0,
        }
        for p, n in board.by_state.items()
    ]
    bands = _rate_bands(board)
    return render(
        request,
        "surveys/round_detail.html",
        {
            "round": round_,
            "board": board,
            "page": page,
            "state": state,
            "q": query,
            "states": states,
            "bands": bands,
            "totals": board.totals,
            "committee": committee,
            "can_manage": permissions.can_manage_round(request.user, round_),
            "last_day": rules.last_day(round_.report_before),
            "rate_reading": rules.RATE_READING,
        },
    )


PROGRESS_LABELS = {
    rules.Progress.NOT_NOTIFIED: _lazy("No notice yet"),
    rules.Progress.NOTIFIED: _lazy("Date announced"),
    rules.Progress.REPORTED: _lazy("Reported on time"),
    rules.Progress.REPORTED_LATE: _lazy("Reported late"),
    rules.Progress.OVERDUE: _lazy("Overdue"),
}


def _folded(text: str) -> str:
    """Case, tones and đ ignored (a search box typed without Vietnamese keyboard)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _rate_bands(board: selectors.Dashboard) -> list[dict[str, Any]]:
    """Reported communes by overall confidence rate, in bands (the chart of rates)."""
    bands = [(0, 50), (50, 70), (70, 90), (90, 101)]
    counts = [0] * len(bands)
    for r in board.rows:
        if not r.reported_figures or not r.collected:
            continue
        pct = r.trust * 100 // r.collected
        for i, (lo, hi) in enumerate(bands):
            if lo <= pct < hi:
                counts[i] += 1
    total = sum(counts) or 1
    return [
        {
            "label": f"{lo}–{min(hi, 100)}%",
            "count": n,
            "pct": n * 100 // total,
            "low": lo < 50,
        }
        for (lo, hi), n in zip(bands, counts, strict=True)
    ]


AGGREGATE_HEADERS = [
    "Xã",
    "Ngày thông báo",
    "Ngày lấy ý kiến",
    "Ngày báo cáo",
    "Tình trạng",
    "Công chức",
    "Chưa lấy ý kiến",
    "Phiếu dự kiến",
    "Phiếu thu về",
    "Hợp lệ",
    "Tín nhiệm",
    "Tỷ lệ (%)",
    "Dưới 50%",
    "Cảnh báo SV7",
    "Ghi lùi ngày báo cáo",
    "Phiếu đã nhập (chưa báo cáo)",
]
PROGRESS_WORDS = {
    rules.Progress.NOT_NOTIFIED: "Chưa thông báo",
    rules.Progress.NOTIFIED: "Đã thông báo",
    rules.Progress.REPORTED: "Đã báo cáo đúng hạn",
    rules.Progress.REPORTED_LATE: "Báo cáo trễ hạn",
    rules.Progress.OVERDUE: "Quá hạn, chưa báo cáo",
}


@login_required
def round_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    board = selectors.dashboard(round_, _today())
    rows = [
        [
            r.commune_survey.unit.name,
            r.commune_survey.notified_on,
            r.commune_survey.survey_on,
            r.commune_survey.reported_on,
            PROGRESS_WORDS[r.progress],
            Number(r.subjects),
            Number(r.not_surveyed),
            Number(r.planned),
            *(
                (
                    Number(r.collected),
                    Number(r.valid),
                    Number(r.trust),
                    documents.rate_number(r.rate_pct),
                )
                if r.reported_figures
                else (None, None, None, None)
            ),
            Number(r.low) if r.reported_figures else None,
            Number(r.flags),
            "Có" if r.commune_survey.report_backdated else "",
            None if r.reported_figures else Number(r.typed),
        ]
        for r in board.rows
    ]
    return xlsx_response(
        f"lay-y-kien-{round_.year}-{round_.plan_unit.code}.xlsx",
        f"Lấy ý kiến {round_.year}",
        AGGREGATE_HEADERS,
        rows,
    )


@login_required
def round_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    board = selectors.dashboard(round_, _today())
    doc = documents.aggregate_report(board, _today(), audit_ref=current_audit_line())
    return file_response(render_pdf(doc), f"bao-cao-tong-hop-{round_.year}.pdf", PDF, inline=True)


# ------------------------------------------------------------------------------- committees


def _committee_members_initial(committee: Committee | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if committee is not None:
        for m in committee.members.select_related("user"):
            rows.append(
                {
                    "full_name": m.full_name,
                    "kind": m.kind,
                    "role": "leader" if m.leader else "secretary" if m.secretary else "member",
                    "username": m.user.username if m.user else "",
                }
            )
    return rows + [{} for _ in range(7 - len(rows))]


@login_required
def committee_edit(request: HttpRequest, round_pk: int, unit_pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=round_pk)
    unit = get_object_or_404(AdminUnit, pk=unit_pk)
    if not permissions.can_set_committee(request.user, round_, unit):
        raise PermissionDenied
    committee = Committee.objects.filter(round=round_, unit=unit).first()
    form = CommitteeForm(
        request.POST or None,
        initial={
            "decision_number": committee.decision_number if committee else "",
            "founded_on": committee.founded_on if committee else None,
        },
    )
    formset = MemberFormSet(
        request.POST or None, initial=_committee_members_initial(committee), prefix="m"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        members = []
        problems = []
        for i, f in enumerate(formset.cleaned_data, start=1):
            if not f.get("full_name") and not f.get("kind"):
                continue
            user = None
            if f.get("username"):
                user = User.objects.filter(username=f["username"]).first()
                if user is None:
                    problems.append(
                        _("Member %(n)s: no user account named “%(u)s”.")
                        % {"n": i, "u": f["username"]}
                    )
            members.append(
                {
                    "full_name": f.get("full_name", ""),
                    "kind": f.get("kind", ""),
                    "leader": f.get("role") == "leader",
                    "secretary": f.get("role") == "secretary",
                    "user": user,
                }
            )
        for problem in problems:
            messages.error(request, problem)
        saved = (
            None
            if problems
            else _attempt(
                request,
                lambda: services.set_committee(
                    actor=request.user,
                    round_=round_,
                    unit=unit,
                    members=members,
                    decision_number=form.cleaned_data["decision_number"],
                    founded_on=form.cleaned_data["founded_on"],
                ),
            )
        )
        if saved is not None:
            messages.success(request, _("The committee was saved."))
            return HttpResponseRedirect(request.path)
    level = (
        rules.CommitteeLevel.COMMUNE
        if unit.level == Level.COMMUNE
        else rules.CommitteeLevel.DISTRICT
    )
    spec = rules.COMMITTEE_SPECS[level]
    return render(
        request,
        "surveys/committee.html",
        {
            "round": round_,
            "unit": unit,
            "committee": committee,
            "form": form,
            "formset": formset,
            "spec": spec,
            "allowed": [rules.MEMBER_LABELS[k] for k in rules.MemberKind if k in spec.allowed],
            "leaders": [rules.MEMBER_LABELS[k] for k in spec.leader],
            "secretaries": " hoặc ".join(rules.MEMBER_LABELS[k] for k in spec.secretary),
        },
    )


@login_required
def committee_decision(request: HttpRequest, round_pk: int, unit_pk: int, fmt: str) -> HttpResponse:
    committee = get_object_or_404(Committee, round_id=round_pk, unit_id=unit_pk)
    round_ = committee.round
    allowed = permissions.can_set_committee(request.user, round_, committee.unit) or (
        permissions.can_view_round(request.user, round_)
    )
    cs = CommuneSurvey.objects.filter(round=round_, unit=committee.unit).first()
    if cs is not None:
        allowed = allowed or permissions.can_view_commune(request.user, cs)
    if not allowed:
        raise PermissionDenied
    name = f"quyet-dinh-to-lay-y-kien-{round_.year}-{committee.unit.code}"
    fmt = "docx" if fmt == "docx" else "pdf"
    issued = issuing.current(committee, services.DECISION_KIND)
    if issued is not None:
        return issuing.response(issued, fmt, f"{name}.{fmt}", inline=fmt == "pdf")
    doc = documents.committee_decision(committee, _today())  # a draft until it is issued
    if fmt == "docx":
        return file_response(render_docx(doc), f"{name}.docx", DOCX)
    return file_response(render_pdf(doc), f"{name}.pdf", PDF, inline=True)


@login_required
@require_POST
def committee_decision_issue(request: HttpRequest, round_pk: int, unit_pk: int) -> HttpResponse:
    """SV6: issue the founding decision (numbered now, stored as issued)."""
    committee = get_object_or_404(Committee, round_id=round_pk, unit_id=unit_pk)
    if not permissions.can_set_committee(request.user, committee.round, committee.unit):
        raise PermissionDenied
    doc = _attempt(
        request,
        lambda: services.issue_committee_decision(
            actor=request.user, committee=committee, reason=request.POST.get("reason", "")
        ),
    )
    if doc is not None:
        messages.success(request, _("The decision was issued: %(n)s.") % {"n": doc.number or "—"})
    return HttpResponseRedirect(reverse("surveys:committee", args=[round_pk, unit_pk]))


# ------------------------------------------------------------------------------- commune


@login_required
def commune_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cs = _commune(request, pk)
    subjects = list(selectors.subjects_reported_by(cs)) + list(
        cs.subjects.exclude(reporting_unit=cs.unit).select_related(
            "person", "position", "reporting_unit"
        )
    )
    counts = selectors.tallies(s.pk for s in subjects)
    rows = []
    for s in subjects:
        t = counts[s.pk]
        rows.append(
            {
                "subject": s,
                "tally": t,
                "rate": rules.percent_2dp(t.trust, t.collected),
                "surveyed_here": s.commune_survey_id == cs.pk,
                "reported_here": s.reporting_unit_id == cs.unit_id,
                "quota_problems": rules.quota_problems(
                    officials=t.officials, citizens=t.citizens, low_contact=s.low_contact
                )
                if cs.reported
                else [],
                "count_problems": rules.count_problems(t.collected) if s.surveyed else [],
                "proposed": rules.propose_split(low_contact=s.low_contact),
                "handover": issuing.current(s, services.HANDOVER_KIND)
                if s.surveyed and s.commune_survey.unit_id != s.reporting_unit_id
                else None,
            }
        )
    committee = Committee.objects.filter(round=cs.round, unit=cs.unit).first()
    pending = PaperEntry.objects.filter(commune_survey=cs, pass_no=1).exclude(
        serial__in=cs.forms.values("serial")
    )
    can_run = permissions.can_run_commune(request.user, cs)
    return render(
        request,
        "surveys/commune.html",
        {
            "cs": cs,
            "round": cs.round,
            "rows": rows,
            "committee": committee,
            "committee_problems": committee.problems() if committee else [],
            "notice_form": NoticeForm(initial={"survey_on": cs.survey_on}),
            "report_form": ReportForm(),
            "reason_form": ReasonForm(),
            "report_doc": issuing.current(cs, services.REPORT_KIND),
            "report_history": issuing.history(cs, services.REPORT_KIND),
            "reopenings": list(cs.reopenings.select_related("reopened_by")),
            "can_reopen": permissions.can_reopen(request.user, cs),
            "report_problems": services.report_problems(cs, on=_today(), today=_today())
            if permissions.can_report(request.user, cs)
            else [],
            "codes_form": CodesForm(),
            "can_run": can_run and not cs.reported,
            "can_committee": permissions.can_set_committee(request.user, cs.round, cs.unit),
            "can_double_entry": permissions.can_set_double_entry(request.user, cs),
            "can_enter": permissions.can_enter_forms(request.user, cs),
            "can_report": permissions.can_report(request.user, cs),
            "progress": rules.progress(
                report_before=cs.round.report_before,
                today=_today(),
                notified_on=cs.notified_on,
                reported_on=cs.reported_on,
            ),
            "last_day": rules.last_day(cs.round.report_before),
            "pending": pending.count(),
            "quota_reading": rules.QUOTA_READING,
            "validity_rule": rules.VALIDITY_RULE,
            "rate_reading": rules.RATE_READING,
            "online_url": request.build_absolute_uri(reverse("surveys:online")),
        },
    )


@login_required
@require_POST
def commune_notice(request: HttpRequest, pk: int) -> HttpResponse:
    cs = _commune(request, pk, permissions.can_run_commune)
    form = NoticeForm(request.POST, request.FILES)
    if form.is_valid():
        if _attempt(
            request,
            lambda: services.record_notice(
                actor=request.user, commune_survey=cs, **form.cleaned_data
            ),
        ):
            messages.success(request, _("The survey date was recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return HttpResponseRedirect(reverse("surveys:commune", args=[cs.pk]))


@login_required
@require_POST
def commune_compute(request: HttpRequest, pk: int) -> HttpResponse:
    cs = _commune(request, pk, permissions.can_run_commune)
    change = _attempt(
        request, lambda: services.compute_subjects(actor=request.user, commune_survey=cs)
    )
    if change is not None:
        messages.success(
            request,
            _("List computed: %(c)s added, %(u)s updated, %(r)s removed.")
            % {"c": change.created, "u": change.updated, "r": change.removed},
        )
    return HttpResponseRedirect(reverse("surveys:commune", args=[cs.pk]))


@login_required
@require_POST
def subject_quota(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk, permissions.can_change_commune)
    cs = subject.commune_survey
    form = QuotaForm(request.POST)
    if form.is_valid():
        if _attempt(
            request,
            lambda: services.set_quota(actor=request.user, subject=subject, **form.cleaned_data),
        ):
            messages.success(request, _("Quota saved for %(name)s.") % {"name": subject.person})
    else:
        messages.error(request, _("Enter whole numbers of forms."))
    return HttpResponseRedirect(reverse("surveys:commune", args=[cs.pk]))


@login_required
def subject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    tally = selectors.tallies([subject.pk])[subject.pk]
    template = services.form_template_for(subject.commune_survey)
    items = selectors.item_counts(subject)
    sections = [
        {
            "code": s["code"],
            "title": s["title"],
            "items": [
                {"code": i["code"], "text": i["text"], "count": items.get(i["code"], 0)}
                for i in s.get("items", [])
            ],
        }
        for s in template.sections
    ]
    groups = [
        {
            "code": g.value,
            "label": rules.GROUP_LABELS[g],
            "collected": tally.by_group.get(g.value, 0),
            "trust": tally.trust_by_group.get(g.value, 0),
        }
        for g in rules.Group
    ]
    history = selectors.reported_results([subject.person_id], years=range(2000, 2101))
    return render(
        request,
        "surveys/subject.html",
        {
            "subject": subject,
            "cs": subject.commune_survey,
            "tally": tally,
            "rate": rules.percent_2dp(tally.trust, tally.collected),
            "groups": groups,
            "sections": sections,
            "history": sorted(history.get(subject.person_id, []), key=lambda r: r.year),
            "flags": selectors.flags_for_person(subject.person_id),
            "rate_reading": rules.RATE_READING,
            "validity_rule": rules.VALIDITY_RULE,
            "can_run": permissions.can_run_commune(request.user, subject.commune_survey),
        },
    )


@login_required
def subject_forms_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk, permissions.can_run_commune)
    if not subject.surveyed or subject.quota_total == 0:
        raise PermissionDenied
    template = services.pin_template(actor=request.user, commune_survey=subject.commune_survey)
    try:
        first = max(1, int(request.GET.get("from", 1)))
        last = min(subject.quota_total, int(request.GET.get("to", subject.quota_total)))
    except ValueError:
        first, last = 1, subject.quota_total
    pdf = printing.forms_pdf(subject, template, range(first, last + 1))
    return file_response(pdf, f"phieu-S{subject.pk}.pdf", PDF, inline=True)


@login_required
@require_POST
def subject_codes(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk, permissions.can_change_commune)
    cs = subject.commune_survey
    form = CodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a group and a number of codes (1–200)."))
        return HttpResponseRedirect(reverse("surveys:commune", args=[cs.pk]))
    codes = _attempt(
        request,
        lambda: services.issue_codes(
            actor=request.user,
            subject=subject,
            group=form.cleaned_data["group"],
            count=form.cleaned_data["count"],
            today=_today(),
        ),
    )
    if codes is None:
        return HttpResponseRedirect(reverse("surveys:commune", args=[cs.pk]))
    url = request.build_absolute_uri(reverse("surveys:online"))
    pdf = printing.slips_pdf(subject, form.cleaned_data["group"], codes, url)
    response = file_response(pdf, f"ma-phieu-S{subject.pk}.pdf", PDF)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
def commune_entry(request: HttpRequest, pk: int) -> HttpResponse:
    cs = _commune(request, pk, permissions.can_enter_forms)
    form = EntryForm(request.POST or None)
    result = None
    # Every form starts empty: after a save, an error or a mismatch the screen shows a fresh
    # form, the serial prefilled with the next number (or the same prefix to retype).
    fresh = EntryForm(initial={"serial": request.GET.get("next", "")[:40]})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.FormData(
            EntryForm.GROUPS[d["group"]], OVERALL_KEYS[d.get("overall") or ""], form.cleaned_items()
        )
        result = _attempt(
            request,
            lambda: services.enter_paper_form(
                actor=request.user,
                commune_survey=cs,
                serial=d["serial"],
                data=data,
                collected_on=cs.survey_on or _today(),
            ),
        )
        if result is not None:
            if result.status == "mismatch":
                messages.error(
                    request,
                    _("Form %(serial)s differs from the first entry: %(diff)s.")
                    % {"serial": result.serial, "diff": "; ".join(result.differences)},
                )
                fresh = EntryForm(initial={"serial": result.serial})
            else:
                messages.success(
                    request,
                    _("Form %(serial)s saved.") % {"serial": result.serial}
                    if result.status == "saved"
                    else _("Form %(serial)s: first entry kept; a second person types it again.")
                    % {"serial": result.serial},
                )
                return HttpResponseRedirect(
                    f"{request.path}?next={_next_serial(cs, result.serial)}"
                )
        else:
            typed = rules.last_serial(d["serial"])
            fresh = EntryForm(initial={"serial": rules.serial_prefix(typed)})
    if request.method != "POST" or form.is_valid():
        form = fresh  # an invalid form stays as typed, to correct it
    template = services.form_template_for(cs)
    return render(
        request,
        "surveys/entry.html",
        {
            "cs": cs,
            "form": form,
            "result": result,
            "template": template,
            "entered": cs.forms.count(),
            "pending": list(
                PaperEntry.objects.filter(commune_survey=cs, pass_no=1)
                .exclude(serial__in=cs.forms.values("serial"))
                .values_list("serial", flat=True)[:50]
            ),
            "validity_rule": rules.VALIDITY_RULE,
        },
    )


def _next_serial(cs: CommuneSurvey, serial: str) -> str:
    """The serial after ``serial`` (same civil servant, next number up to the forms printed)."""
    last = 0
    prefix = rules.serial_prefix(serial)
    if prefix:
        subject = Subject.objects.filter(pk=int(prefix[1:-1]), commune_survey=cs).first()
        last = subject.quota_total if subject else 0
    return rules.next_serial(serial, last) or prefix


@login_required
@require_POST
def commune_double_entry(request: HttpRequest, pk: int) -> HttpResponse:
    cs = _commune(request, pk, permissions.can_change_commune)
    on = request.POST.get("on") == "1"
    if _attempt(
        request,
        lambda: services.set_double_entry(actor=request.user, commune_survey=cs, on=on),
    ):
        messages.success(
            request,
            _("Double entry is on: each paper form is typed by two people.")
            if on
            else _("Double entry is off: each paper form is typed once."),
        )
    return HttpResponseRedirect(reverse("surveys:commune", args=[cs.pk]))


@login_required
@require_POST
def commune_entry_discard(request: HttpRequest, pk: int) -> HttpResponse:
    cs = _commune(request, pk, permissions.can_enter_forms)
    services.discard_first_entry(
        actor=request.user, commune_survey=cs, serial=request.POST.get("serial", "")
    )
    messages.success(request, _("The first entry was discarded; type the form again."))
    return HttpResponseRedirect(reverse("surveys:entry", args=[cs.pk]))


@login_required
def commune_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee uploads a file of forms (the ``danchu survey count`` format) instead of
    typing them: checked whole, saved all or nothing."""
    cs = _commune(request, pk, permissions.can_enter_forms)
    form = FormsFileForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = services.import_forms(
            actor=request.user,
            commune_survey=cs,
            source=form.cleaned_data["file"],
            collected_on=cs.survey_on or _today(),
            request=request,
        )
        if outcome.ok:
            messages.success(
                request,
                ngettext(
                    "%(n)s form was saved from the file.",
                    "%(n)s forms were saved from the file.",
                    outcome.created,
                )
                % {"n": outcome.created},
            )
            return HttpResponseRedirect(reverse("surveys:commune", args=[cs.pk]))
    return render(
        request,
        "surveys/upload.html",
        {
            "cs": cs,
            "form": form,
            "outcome": outcome,
            "errors": outcome.result.sorted_errors() if outcome else [],
            "columns": upload.COLUMNS,
            "matching_rule": upload.MATCHING_RULE,
            "validity_rule": rules.VALIDITY_RULE,
        },
        status=422 if outcome is not None else 200,
    )


@login_required
def commune_upload_template(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """An example file with one row per civil servant this commune surveys."""
    cs = _commune(request, pk, permissions.can_enter_forms)
    rows = [
        [s.serial(1), s.person.full_name, s.position.name, "ND", "1", ""]
        for s in cs.subjects.filter(surveyed=True).select_related("person", "position")
    ]
    fmt = "csv" if fmt == "csv" else "xlsx"
    data = template_bytes(upload.COLUMNS, rows, fmt)
    return file_response(
        data, f"phieu-{cs.round.year}-{cs.unit.code}.{fmt}", CSV if fmt == "csv" else XLSX
    )


@login_required
@require_POST
def commune_report(request: HttpRequest, pk: int) -> HttpResponse:
    cs = _commune(request, pk, permissions.can_report)
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    elif _attempt(
        request,
        lambda: services.report_commune(
            actor=request.user,
            commune_survey=cs,
            on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
            evidence=form.cleaned_data["evidence"] or None,
            number=form.cleaned_data["number"],
            request=request,
        ),
    ):
        messages.success(request, _("The results were reported to the district."))
    return HttpResponseRedirect(reverse("surveys:commune", args=[cs.pk]))


@login_required
@require_POST
def commune_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan unit reopens a sent report, with a reason (shown on the commune's page)."""
    cs = _commune(request, pk, permissions.can_reopen)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for reopening the report."))
    elif _attempt(
        request,
        lambda: services.reopen_report(
            actor=request.user, commune_survey=cs, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, _("The report was reopened; the commune may correct it."))
    return HttpResponseRedirect(reverse("surveys:commune", args=[cs.pk]))


@login_required
@require_POST
def subject_count_reason(request: HttpRequest, pk: int) -> HttpResponse:
    """SV4: the committee records why a civil servant's count is outside 100–150."""
    subject = _subject(request, pk)
    reporting = CommuneSurvey.objects.filter(
        round__year=subject.commune_survey.round.year, unit=subject.reporting_unit
    ).first()
    if not (
        permissions.can_change_commune(request.user, subject.commune_survey)
        or (reporting is not None and permissions.can_change_commune(request.user, reporting))
    ):
        raise PermissionDenied
    form = CountReasonForm(request.POST)
    if (
        form.is_valid()
        and _attempt(
            request,
            lambda: services.record_count_reason(
                actor=request.user, subject=subject, reason=form.cleaned_data["reason"]
            ),
        )
        is not None
    ):
        messages.success(request, _("Reason saved for %(name)s.") % {"name": subject.person})
    back = reporting if reporting is not None else subject.commune_survey
    return HttpResponseRedirect(reverse("surveys:commune", args=[back.pk]))


@login_required
@require_POST
def subject_handover_reason(request: HttpRequest, pk: int) -> HttpResponse:
    """SV2: the reporting commune records why it reports before the hand-over arrived."""
    subject = _subject(request, pk)
    reporting = CommuneSurvey.objects.filter(
        round__year=subject.commune_survey.round.year, unit=subject.reporting_unit
    ).first()
    if reporting is None or not permissions.can_change_commune(request.user, reporting):
        raise PermissionDenied
    form = HandoverReasonForm(request.POST)
    if (
        form.is_valid()
        and _attempt(
            request,
            lambda: services.record_handover_reason(
                actor=request.user, subject=subject, reason=form.cleaned_data["reason"]
            ),
        )
        is not None
    ):
        messages.success(request, _("Reason saved for %(name)s.") % {"name": subject.person})
    return HttpResponseRedirect(reverse("surveys:commune", args=[reporting.pk]))


@login_required
def subject_handover(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """SV2: the hand-over letter as issued (both the surveying and the reporting commune)."""
    subject = _subject(request, pk)
    doc = issuing.current(subject, services.HANDOVER_KIND)
    if doc is None:
        raise Http404
    fmt = "docx" if fmt == "docx" else "pdf"
    return issuing.response(doc, fmt, f"chuyen-ket-qua-{subject.pk}.{fmt}", inline=fmt == "pdf")


@login_required
def commune_report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report as sent (stored bytes, byte for byte; ``?v=<id>`` an earlier one it
    replaced), or, before it is sent, a draft from the forms typed so far."""
    cs = _commune(request, pk)
    name = f"bao-cao-lay-y-kien-{cs.round.year}-{cs.unit.code}"
    fmt = fmt if fmt in ("xlsx", "docx") else "pdf"
    wanted = request.GET.get("v", "")
    issued: Any
    if wanted:
        match = [d for d in issuing.history(cs, services.REPORT_KIND) if str(d.pk) == wanted]
        if not match:
            raise Http404
        issued = match[0]
    else:
        issued = issuing.current(cs, services.REPORT_KIND)
    if issued is not None and (cs.reported or wanted):
        suffix = f"-{issued.number.split('/')[0]}" if issued.number else ""
        return issuing.response(issued, fmt, f"{name}{suffix}.{fmt}", inline=fmt == "pdf")
    figures = selectors.report_figures(cs)
    if fmt == "xlsx":
        headers, rows = documents.result_sheet(figures)
        return xlsx_response(f"{name}.xlsx", f"Kết quả {cs.unit.name}", headers, rows)
    doc = documents.commune_report(cs, figures, documents.ReportFacts(on=_today()))
    if fmt == "docx":
        return file_response(render_docx(doc), f"{name}.docx", DOCX)
    return file_response(render_pdf(doc), f"{name}.pdf", PDF, inline=True)


# ------------------------------------------------------------------------------- SV7 flags


@login_required
def flag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(
        Flag.objects.select_related("person", "round__plan_unit", "subject__position"), pk=pk
    )
    if not permissions.can_view_flag(request.user, flag):
        raise PermissionDenied
    can_decide = permissions.can_decide_flag(request.user, flag)
    form = DecisionForm(
        request.POST or None,
        initial={
            "handling": flag.handling,
            "decision_number": flag.decision_number,
            "decided_on": flag.decided_on or _today(),
            "note": flag.note,
        },
    )
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if (
            form.is_valid()
            and _attempt(
                request,
                lambda: services.decide_flag(actor=request.user, flag=flag, **form.cleaned_data),
            )
            is not None
        ):
            messages.success(request, _("The decision was recorded."))
            return HttpResponseRedirect(request.path)
    history = selectors.reported_results([flag.person_id], years=range(2000, 2101))
    return render(
        request,
        "surveys/flag.html",
        {
            "flag": flag,
            "form": form,
            "can_decide": can_decide and not flag.withdrawn,
            "can_withdraw": permissions.can_withdraw_flag(request.user, flag),
            "reason_form": ReasonForm(),
            "notices": issuing.history(flag, services.NOTICE_KIND),
            "history": sorted(history.get(flag.person_id, []), key=lambda r: r.year),
            "rate_reading": rules.RATE_READING,
        },
    )


@login_required
def flag_notice(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    flag = get_object_or_404(Flag.objects.select_related("subject__reporting_unit"), pk=pk)
    issued = issuing.current(flag, services.NOTICE_KIND)
    if not permissions.can_view_notice(request.user, flag, issued.unit if issued else None):
        raise PermissionDenied
    if issued is None:
        raise Http404
    fmt = "docx" if fmt == "docx" else "pdf"
    return issuing.response(issued, fmt, f"thong-bao-{flag.pk}.{fmt}", inline=fmt == "pdf")


@login_required
@require_POST
def flag_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """SV7: withdraw a flag raised in error, with a reason; its notice is issued."""
    flag = get_object_or_404(Flag.objects.select_related("round__plan_unit"), pk=pk)
    if not permissions.can_withdraw_flag(request.user, flag):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for withdrawing the flag."))
    elif _attempt(
        request,
        lambda: services.withdraw_flag(
            actor=request.user, flag=flag, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, _("The flag was withdrawn and its notice issued."))
    return HttpResponseRedirect(reverse("surveys:flag", args=[flag.pk]))


# ------------------------------------------------------------------------------- SV5 templates


@login_required
def template_edit(request: HttpRequest, province_pk: int) -> HttpResponse:
    province = get_object_or_404(AdminUnit, pk=province_pk)
    if not permissions.can_edit_template(request.user, province):
        raise PermissionDenied
    current = services.current_template(province)
    # The editor posts ``outline`` (sections, items, order, wording); ``content`` (JSON) is
    # still accepted. "Preview" returns the printed page without publishing.
    editing = request.method == "POST" and "outline" in request.POST
    editor = TemplateOutlineForm(
        request.POST if editing else None,
        initial={"outline": rules.template_to_outline(current.content)},
    )
    form = TemplateForm(
        request.POST if request.method == "POST" and not editing else None,
        initial={"content": json.dumps(current.content, ensure_ascii=False, indent=2)},
    )
    content: dict[str, Any] | None = None
    note = ""
    if editing and editor.is_valid():
        content, problems = rules.outline_to_template(
            editor.cleaned_data["outline"], current.content
        )
        note = editor.cleaned_data["note"]
        for p in problems:
            messages.error(request, p)
        if problems:
            content = None
        elif request.POST.get("preview") == "1":
            problems = rules.template_problems(content) or printing.fit_problems(content)
            for p in problems:
                messages.error(request, p)
            if not problems:
                pdf, _pages = printing.sample_pdf(content, current.version + 1)
                return file_response(pdf, "mau-phieu-xem-truoc.pdf", PDF, inline=True)
            content = None
    elif not editing and request.method == "POST" and form.is_valid():
        content, note = form.cleaned_data["content"], form.cleaned_data["note"]
    if content is not None:
        new_content = content
        template = _attempt(
            request,
            lambda: services.publish_template(
                actor=request.user, province=province, content=new_content, note=note
            ),
        )
        if template is not None:
            messages.success(
                request, _("Version %(v)s of the form was published.") % {"v": template.version}
            )
            return HttpResponseRedirect(request.path)
    versions = FormTemplate.objects.filter(Q(province=province) | Q(province__isnull=True))
    return render(
        request,
        "surveys/template_edit.html",
        {
            "province": province,
            "form": form,
            "editor": editor,
            "outline_help": rules.OUTLINE_HELP,
            "current": current,
            "versions": versions,
        },
    )


# ------------------------------------------------------------------------------- online form


@never_cache
def online(request: HttpRequest) -> HttpResponse:
    """The public online form (no login): a one-time code opens it, once. Nothing about the
    respondent is stored; the code is only ever POSTed (the slip's QR puts it after '#')."""
    code_form = OnlineForm(request.POST or None)
    context: dict[str, Any] = {"code_form": code_form, "validity_rule": rules.VALIDITY_RULE}
    if request.method != "POST" or not code_form.is_valid():
        return render(request, "surveys/online.html", context)
    code = code_form.cleaned_data["code"]
    found = services.find_code(code)
    if found is None and request.POST.get("submit") == "1":
        # Issue 16: the same answers sent again after a dropped connection: say it counted.
        overall_raw = request.POST.getlist("overall")
        overall = rules.read_overall(trust="1" in overall_raw, distrust="0" in overall_raw)
        if services.already_recorded(
            code=code, overall=overall, items=request.POST.getlist("items")
        ):
            return _online_done(request, overall, again=True)
    if found is None:
        messages.error(
            request, _("This code is not valid, was already used, or the survey has ended.")
        )
        return render(request, "surveys/online.html", context)
    template = services.form_template_for(found.commune_survey)
    context.update(
        {
            "found": found,
            "template": template,
            "code": code,
            "group_label": found.get_group_display(),
        }
    )
    if request.POST.get("submit") == "1":
        overall_raw = request.POST.getlist("overall")
        overall = rules.read_overall(trust="1" in overall_raw, distrust="0" in overall_raw)
        items = tuple(c for c in request.POST.getlist("items") if c in template.item_codes)
        if overall is rules.Overall.BLANK and request.POST.get("incomplete_ok") != "1":
            # No overall answer: the form would count as invalid and the code would be spent.
            # Ask first, keeping what was ticked.
            context.update({"confirm_incomplete": True, "checked": items})
            return render(request, "surveys/online.html", context)
        try:
            services.submit_online(code=code, overall=overall, items=items, today=_today())
        except services.AlreadyRecorded:
            return _online_done(request, overall, again=True)
        except services.SurveyError as exc:
            for p in exc.problems:
                messages.error(request, p)
        else:
            return _online_done(request, overall, again=False)
    return render(request, "surveys/online.html", context)


def _online_done(request: HttpRequest, overall: rules.Overall, *, again: bool) -> HttpResponse:
    return render(
        request,
        "surveys/online_done.html",
        {"valid": rules.is_valid(overall), "validity_rule": rules.VALIDITY_RULE, "again": again},
    )
