"""Pages of village head elections (LD13) and charters (LD14, QD5): thin; every page checks who
may see or act, scoped to the village and its commune."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.core import clock
from danchu.documents import issuing
from danchu.residents.models import Household
from danchu.residents.permissions import commune_of
from danchu.units.models import AdminUnit, Level
from danchu.villages import forms as f
from danchu.villages import permissions, rules, selectors, services
from danchu.villages.models import (
    Charter,
    CharterStatus,
    Dismissal,
    Election,
    ElectionStatus,
    HeadTerm,
)
from danchu.villages.rules import ElectionStep

PAGE = 30


def _problems(request: HttpRequest, problems: list[str]) -> None:
    for problem in problems:
        messages.error(request, problem)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else str(e))


def _act(request: HttpRequest, form: Any, call: Callable[[dict[str, Any]], Any], ok: str) -> None:
    """Validate the form, call the service, report each problem in Vietnamese."""
    if not form.is_valid():
        _form_errors(request, form)
        return
    try:
        call(form.cleaned_data)
    except services.VillageError as refused:
        _problems(request, refused.problems)
        return
    messages.success(request, ok)


def visible_villages(user: Any) -> QuerySet[AdminUnit]:
    """Villages of the communes the user may view, and those the user heads."""
    villages = AdminUnit.objects.filter(level=Level.VILLAGE)
    scoped = access.scope(user, villages, unit_field="parent", cap=Cap.VIEW_UNIT)
    condition = Q(pk__in=scoped.values("pk"))
    headed = permissions.headed_villages(user)
    if headed:
        condition |= Q(pk__in=headed)
    return villages.filter(condition).select_related("parent").order_by("parent__name", "code")


def _runnable(user: Any, villages: QuerySet[AdminUnit], check: Callable[..., bool]) -> Any:
    ids = [v.pk for v in villages if check(user, v)]
    return AdminUnit.objects.filter(pk__in=ids).order_by("code")


def _village(request: HttpRequest, pk: int) -> AdminUnit:
    village = get_object_or_404(AdminUnit, pk=pk, level=Level.VILLAGE)
    if not permissions.can_see(request.user, village):
        raise Http404
    return village


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if not permissions.may_see_some(request.user):
        raise PermissionDenied
    villages = visible_villages(request.user)
    page = Paginator(villages, PAGE).get_page(request.GET.get("page"))
    ids = [v.pk for v in page.object_list]
    today = clock.today()
    heads = {
        t.village_id: t for t in HeadTerm.objects.filter(village_id__in=ids, ended_on__isnull=True)
    }
    running = {
        e.village_id: e
        for e in Election.objects.filter(
            village_id__in=ids, status__in=[ElectionStatus.PREPARING, ElectionStatus.ELECTED]
        )
    }
    in_force = {
        c.village_id: c
        for c in Charter.objects.filter(village_id__in=ids, status=CharterStatus.IN_FORCE)
    }
    drafts = {
        c.village_id: c
        for c in Charter.objects.filter(
            village_id__in=ids,
            status__in=[
                CharterStatus.DRAFT,
                CharterStatus.POSTED,
                CharterStatus.VOTING,
                CharterStatus.ADOPTED,
                CharterStatus.NOT_ADOPTED,
            ],
        )
    }
    years = selectors.review_years(sorted({v.parent_id for v in page.object_list if v.parent_id}))
    rows = []
    for v in page.object_list:
        charter = in_force.get(v.pk)
        due = selectors.review_due(charter, years[v.parent_id]) if charter else None
        rows.append(
            {
                "village": v,
                "head": heads.get(v.pk),
                "election": running.get(v.pk),
                "charter": charter,
                "draft": drafts.get(v.pk),
                "review_due": due,
                "review_overdue": due is not None and rules.review_overdue(due, today),
            }
        )
    user = request.user
    communes = {v.parent for v in page.object_list if v.parent is not None}
    return render(
        request,
        "villages/index.html",
        {
            "page": page,
            "rows": rows,
            "can_elect": any(permissions.can_run_election(user, v) for v in page.object_list),
            "can_draft": any(permissions.can_run_charter(user, v) for v in page.object_list),
            "cycles": [
                (c, years.get(c.pk, rules.DEFAULT_REVIEW_YEARS), permissions.runs_commune(user, c))
                for c in sorted(communes, key=lambda c: c.name)
            ],
            "default_years": rules.DEFAULT_REVIEW_YEARS,
            "cycle_form": f.CycleForm(),
        },
    )


@login_required
@require_POST
def cycle(request: HttpRequest, pk: int) -> HttpResponse:
    commune = get_object_or_404(AdminUnit, pk=pk, level=Level.COMMUNE)
    if not permissions.runs_commune(request.user, commune):
        raise PermissionDenied
    form = f.CycleForm(request.POST)
    _act(request, form, lambda d: services.set_review_cycle(actor=request.user, commune=commune,
                                                            years=d["years"]),
         _("Review cycle saved."))  # fmt: skip
    return redirect("villages:index")


# ------------------------------------------------------------------------ LD13 — elections


@login_required
def election_new(request: HttpRequest) -> HttpResponse:
    villages = _runnable(request.user, visible_villages(request.user), permissions.can_run_election)
    if not villages.exists():
        raise PermissionDenied
    form = f.ElectionForm(request.POST or None, villages=villages)
    if request.method == "POST":
        if form.is_valid():
            try:
                e = services.create_election(
                    actor=request.user,
                    village=form.cleaned_data["village"],
                    election_on=form.cleaned_data["election_on"],
                    place=form.cleaned_data["place"],
                )
            except services.VillageError as refused:
                _problems(request, refused.problems)
            else:
                return redirect("villages:election", e.pk)
        else:
            _form_errors(request, form)
    return render(request, "villages/election_new.html", {"form": form})


def _election(request: HttpRequest, pk: int, *, run: bool = False) -> Election:
    e = get_object_or_404(Election.objects.select_related("village", "decision"), pk=pk)
    if not permissions.can_see(request.user, e.village):
        raise Http404
    if run and not permissions.can_run_election(request.user, e.village):
        raise PermissionDenied
    return e


def _documents(target: Any) -> list[tuple[Any, list[str]]]:
    return [(d, issuing.formats(d)) for d in issuing.history(target) if d.kind in DOCUMENT_KINDS]


@login_required
@require_GET
def election(request: HttpRequest, pk: int) -> HttpResponse:
    e = _election(request, pk)
    today = clock.today()
    can_run = permissions.can_run_election(request.user, e.village)
    recorded = {s.step for s in e.steps.all()}
    steps_left = [(s.value, rules.STEP_TITLE[s]) for s in ElectionStep if s.value not in recorded]
    step_form = f.StepForm()
    step_form.fields["step"].choices = steps_left  # type: ignore[attr-defined]
    candidates = list(e.candidates.all())
    decision = e.decision
    return render(
        request,
        "villages/election.html",
        {
            "e": e,
            "steps": selectors.election_steps(e, today),
            "records": list(e.steps.all()),
            "candidates": candidates,
            "can_run": can_run,
            "can_recognise": permissions.can_recognise(request.user, e.village),
            "step_form": step_form if steps_left else None,
            "vote_form": f.VoteForm(candidates=candidates),
            "vote_open": e.status == ElectionStatus.PREPARING and today >= e.election_on,
            "record_form": f.RecordForm(),
            "send_form": f.SendForm(),
            "answer_form": f.AnswerForm(),
            "decision": decision,
            "documents": _documents(decision),
            "needed": (decision.households_total or 0) // 2 + 1,
        },
    )


@login_required
@require_POST
def election_step(request: HttpRequest, pk: int) -> HttpResponse:
    e = _election(request, pk, run=True)
    form = f.StepForm(request.POST, request.FILES)
    _act(
        request,
        form,
        lambda d: services.record_step(
            actor=request.user,
            election=e,
            step=ElectionStep(d["step"]),
            on=d["on"],
            reason=d["reason"],
            evidence=d["evidence"],
            evidence_note=d["evidence_note"],
            document_ref=d["document_ref"],
            names=f.lines(d["names"]),
        ),
        _("Step recorded."),
    )
    return redirect("villages:election", e.pk)


@login_required
@require_POST
def election_vote(request: HttpRequest, pk: int) -> HttpResponse:
    e = _election(request, pk, run=True)
    form = f.VoteForm(request.POST, candidates=list(e.candidates.all()))
    _act(
        request,
        form,
        lambda d: services.record_vote(
            actor=request.user,
            election=e,
            present=d["present"],
            votes=form.votes(),
            secretary=d["secretary"],
            witnesses=f.lines(d["witnesses"]),
            counting_board=f.lines(d["counting_board"]),
            reason=d["reason"],
        ),
        _("Result recorded."),
    )
    return redirect("villages:election", e.pk)


@login_required
@require_POST
def election_record(request: HttpRequest, pk: int) -> HttpResponse:
    e = _election(request, pk, run=True)
    _act(request, f.RecordForm(request.POST),
         lambda d: services.issue_record(actor=request.user, election=e, discussed=d["discussed"],
                                         signed_by=f.lines(d["signed_by"])),
         _("Record issued."))  # fmt: skip
    return redirect("villages:election", e.pk)


@login_required
@require_POST
def election_send(request: HttpRequest, pk: int) -> HttpResponse:
    e = _election(request, pk, run=True)
    _act(request, f.SendForm(request.POST),
         lambda d: services.send_result(actor=request.user, election=e, on=d["on"],
                                        reason=d["reason"]),
         _("Sent to the commune."))  # fmt: skip
    return redirect("villages:election", e.pk)


@login_required
@require_POST
def election_answer(request: HttpRequest, pk: int) -> HttpResponse:
    e = _election(request, pk)
    if not permissions.can_recognise(request.user, e.village):
        raise PermissionDenied
    _act(request, f.AnswerForm(request.POST),
         lambda d: services.recognise_head(actor=request.user, election=e,
                                           recognised=d["recognised"], reasons=d["reasons"],
                                           on=d["on"], backdate_reason=d["backdate_reason"]),
         _("Answer issued."))  # fmt: skip
    return redirect("villages:election", e.pk)


DOCUMENT_KINDS = ("residents.record", "residents.answer")
"""The decision's record and the commune's answer; ballot papers (with households' names) stay
in the residents' pages, under their own check."""


@login_required
@require_GET
def document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """An issued document of an election or a charter (its decision's record or answer), served
    as issued, to those who may see the village."""
    from danchu.documents.models import IssuedDocument

    doc = get_object_or_404(
        IssuedDocument, pk=pk, target_label="residents.decision", kind__in=DOCUMENT_KINDS
    )
    village = None
    e = Election.objects.filter(decision_id=int(doc.target_id)).select_related("village").first()
    if e is not None:
        village = e.village
    else:
        c = Charter.objects.filter(decision_id=int(doc.target_id)).select_related("village").first()
        if c is None:
            c = Charter.objects.filter(decision__follows_id=int(doc.target_id)).first()
        village = c.village if c is not None else None
    if village is None or not permissions.can_see(request.user, village):
        raise Http404
    if fmt not in issuing.formats(doc):
        raise Http404
    return issuing.response(doc, fmt, f"{doc.kind.replace('.', '-')}-{doc.pk}.{fmt}")


# ------------------------------------------------------------------------ heads and dismissals


@login_required
@require_GET
def village(request: HttpRequest, pk: int) -> HttpResponse:
    v = _village(request, pk)
    today = clock.today()
    terms = list(HeadTerm.objects.filter(village=v).order_by("-started_on", "-pk")[:20])
    dismissals = list(Dismissal.objects.filter(village=v).select_related("term")[:20])
    commune = commune_of(v)
    years = selectors.review_years([commune.pk])[commune.pk]
    charters = list(Charter.objects.filter(village=v).order_by("-version")[:20])
    can_run = permissions.can_run_election(request.user, v)
    current = services.current_term(v)
    return render(
        request,
        "villages/village.html",
        {
            "v": v,
            "terms": terms,
            "current": current,
            "dismissals": [(d, selectors.new_election_due(d)) for d in dismissals],
            "elections": list(Election.objects.filter(village=v)[:20]),
            "charters": [(c, selectors.review_due(c, years)) for c in charters],
            "years": years,
            "can_run": can_run,
            "head_form": f.HeadForm() if can_run and current is None else None,
            "dismissal_form": f.DismissalForm()
            if can_run and current and not current.interim
            else None,
            "today": today,
        },
    )


@login_required
@require_POST
def head_record(request: HttpRequest, pk: int) -> HttpResponse:
    v = _village(request, pk)
    _act(request, f.HeadForm(request.POST),
         lambda d: services.record_head(actor=request.user, village=v, name=d["name"],
                                        started_on=d["started_on"], ends_on=d["ends_on"],
                                        reason=d["reason"]),
         _("Village head recorded."))  # fmt: skip
    return redirect("villages:village", v.pk)


@login_required
@require_POST
def dismissal_open(request: HttpRequest, pk: int) -> HttpResponse:
    v = _village(request, pk)
    form = f.DismissalForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("villages:village", v.pk)
    try:
        d = services.open_dismissal(
            actor=request.user,
            village=v,
            ground=services.DismissalGround(form.cleaned_data["ground"]),
            ground_text=form.cleaned_data["ground_text"],
        )
    except services.VillageError as refused:
        _problems(request, refused.problems)
        return redirect("villages:village", v.pk)
    return redirect("villages:dismissal", d.pk)


def _dismissal(request: HttpRequest, pk: int, *, run: bool = False) -> Dismissal:
    d = get_object_or_404(Dismissal.objects.select_related("village", "term"), pk=pk)
    if not permissions.can_see(request.user, d.village):
        raise Http404
    if run and not permissions.can_run_election(request.user, d.village):
        raise PermissionDenied
    return d


@login_required
@require_GET
def dismissal(request: HttpRequest, pk: int) -> HttpResponse:
    d = _dismissal(request, pk)
    today = clock.today()
    can_run = permissions.can_run_election(request.user, d.village)
    requested = d.requests.values("household_id")
    households = (
        Household.objects.filter(village=d.village)
        .in_force(today)
        .exclude(pk__in=requested)
        .order_by("number")
    )
    return render(
        request,
        "villages/dismissal.html",
        {
            "d": d,
            "counts": services.request_counts(d, d.decided_on or today),
            "can_run": can_run and d.decided_on is None,
            "request_form": f.RequestForm(households=households),
            "decide_form": f.DecideForm(),
            "new_election_due": selectors.new_election_due(d),
            "new_election": getattr(d, "new_election", None),
        },
    )


@login_required
@require_POST
def dismissal_request(request: HttpRequest, pk: int) -> HttpResponse:
    d = _dismissal(request, pk, run=True)
    households = Household.objects.filter(village=d.village).in_force(clock.today())
    _act(request, f.RequestForm(request.POST, households=households),
         lambda data: services.add_request(actor=request.user, dismissal=d,
                                           household=data["household"]),
         _("Request recorded."))  # fmt: skip
    return redirect("villages:dismissal", d.pk)


@login_required
@require_POST
def dismissal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    d = _dismissal(request, pk)
    if not permissions.can_recognise(request.user, d.village):
        raise PermissionDenied
    _act(request, f.DecideForm(request.POST, request.FILES),
         lambda data: services.decide_dismissal(actor=request.user, dismissal=d,
                                                interim_name=data["interim_name"], on=data["on"],
                                                reason=data["reason"],
                                                evidence=data["evidence"]),
         _("Dismissal recorded; an interim head is in office."))  # fmt: skip
    return redirect("villages:dismissal", d.pk)


@login_required
@require_POST
def dismissal_election(request: HttpRequest, pk: int) -> HttpResponse:
    d = _dismissal(request, pk, run=True)
    form = f.ElectionForm(request.POST, villages=AdminUnit.objects.filter(pk=d.village_id))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("villages:dismissal", d.pk)
    try:
        e = services.create_election(
            actor=request.user,
            village=d.village,
            election_on=form.cleaned_data["election_on"],
            place=form.cleaned_data["place"],
            after_dismissal=d,
        )
    except services.VillageError as refused:
        _problems(request, refused.problems)
        return redirect("villages:dismissal", d.pk)
    return redirect("villages:election", e.pk)


# ------------------------------------------------------------------------ LD14 — charters


@login_required
def charter_new(request: HttpRequest) -> HttpResponse:
    villages = _runnable(request.user, visible_villages(request.user), permissions.can_run_charter)
    if not villages.exists():
        raise PermissionDenied
    replaces_pk = request.GET.get("replaces") or request.POST.get("replaces")
    replaces = None
    if replaces_pk and str(replaces_pk).isdigit():
        replaces = Charter.objects.filter(pk=int(replaces_pk), village__in=villages).first()
    initial = {"village": replaces.village_id, "title": replaces.title,
               "text": replaces.text} if replaces else None  # fmt: skip
    form = f.CharterForm(request.POST or None, request.FILES or None, villages=villages,
                         initial=initial)  # fmt: skip
    if request.method == "POST":
        if form.is_valid():
            try:
                c = services.create_draft(
                    actor=request.user,
                    village=form.cleaned_data["village"],
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    file=form.cleaned_data["file"],
                    replaces=replaces,
                )
            except services.VillageError as refused:
                _problems(request, refused.problems)
            else:
                return redirect("villages:charter", c.pk)
        else:
            _form_errors(request, form)
    return render(request, "villages/charter_new.html", {"form": form, "replaces": replaces})


def _charter(request: HttpRequest, pk: int, *, run: bool = False) -> Charter:
    c = get_object_or_404(Charter.objects.select_related("village", "decision", "replaces"), pk=pk)
    if not permissions.can_see(request.user, c.village):
        raise Http404
    if run and not permissions.can_run_charter(request.user, c.village):
        raise PermissionDenied
    return c


@login_required
@require_GET
def charter(request: HttpRequest, pk: int) -> HttpResponse:
    c = _charter(request, pk)
    today = clock.today()
    years = selectors.review_years([c.commune_id])[c.commune_id]
    decision = c.decision
    documents: list[Any] = []
    if decision is not None:
        if decision.follows_id:
            documents += _documents(decision.follows)
        documents += _documents(decision)
    thin = (
        c.status == CharterStatus.NOT_ADOPTED and decision is not None and decision.rule == "LD14"
    )
    due = selectors.review_due(c, years)
    return render(
        request,
        "villages/charter.html",
        {
            "c": c,
            "steps": selectors.charter_steps(c, today),
            "can_run": permissions.can_run_charter(request.user, c.village),
            "can_recognise": permissions.can_recognise(request.user, c.village),
            "post_form": f.PostForm(),
            "meeting_form": f.CharterMeetingForm(),
            "record_form": f.RecordForm(),
            "send_form": f.SendForm(),
            "answer_form": f.AnswerForm(),
            "review_form": f.ReviewForm(),
            "decision": decision,
            "documents": documents,
            "thin": thin,
            "earliest": rules.earliest_adoption(c.posted_on) if c.posted_on else None,
            "posted_days": rules.posted_days(c.posted_on, today) if c.posted_on else None,
            "review_due": due,
            "review_overdue": due is not None and rules.review_overdue(due, today),
            "years": years,
            "reviews": list(c.reviews.all()[:20]),
            "ballot_pending": c.status == CharterStatus.VOTING
            and decision is not None
            and decision.form == "phieu",
        },
    )


def _charter_action(name: str) -> Callable[[HttpRequest, int], HttpResponse]:
    """POST views over one charter: each validates its form and calls one service."""

    def view(request: HttpRequest, pk: int) -> HttpResponse:
        recognise = name == "answer"
        c = _charter(request, pk, run=not recognise)
        if recognise and not permissions.can_recognise(request.user, c.village):
            raise PermissionDenied
        u = request.user
        if name == "post":
            _act(request, f.PostForm(request.POST, request.FILES),
                 lambda d: services.post_draft(actor=u, charter=c, place=d["place"], on=d["on"],
                                               reason=d["reason"], evidence=d["evidence"]),
                 _("Draft posted."))  # fmt: skip
        elif name == "put":
            try:
                services.put_to_community(actor=u, charter=c)
            except services.VillageError as refused:
                _problems(request, refused.problems)
        elif name == "meeting":
            _act(request, f.CharterMeetingForm(request.POST),
                 lambda d: services.record_charter_meeting(
                     actor=u, charter=c, held_on=d["held_on"], place=d["place"],
                     notice_on=d["notice_on"], documents_on=d["documents_on"],
                     secretary=d["secretary"], witnesses=f.lines(d["witnesses"]),
                     present=d["present"], agree=d["agree"], disagree=d["disagree"] or 0,
                     reason=d["reason"]),
                 _("Result recorded."))  # fmt: skip
        elif name == "ballot":
            try:
                services.ballot_after_thin_meeting(actor=u, charter=c)
            except services.VillageError as refused:
                _problems(request, refused.problems)
        elif name == "sync":
            services.sync_charter(actor=u, charter=c)
        elif name == "record":
            _act(request, f.RecordForm(request.POST),
                 lambda d: services.issue_charter_record(actor=u, charter=c,
                                                         discussed=d["discussed"],
                                                         signed_by=f.lines(d["signed_by"])),
                 _("Record issued."))  # fmt: skip
        elif name == "send":
            _act(request, f.SendForm(request.POST),
                 lambda d: services.send_charter(actor=u, charter=c, on=d["on"],
                                                 reason=d["reason"]),
                 _("Sent to the commune."))  # fmt: skip
        elif name == "answer":
            _act(request, f.AnswerForm(request.POST),
                 lambda d: services.recognise_charter(actor=u, charter=c,
                                                      recognised=d["recognised"],
                                                      reasons=d["reasons"], on=d["on"],
                                                      backdate_reason=d["backdate_reason"]),
                 _("Answer issued."))  # fmt: skip
        elif name == "review":
            _act(request, f.ReviewForm(request.POST, request.FILES),
                 lambda d: services.record_review(actor=u, charter=c, finding=d["finding"],
                                                  on=d["on"], reason=d["reason"],
                                                  evidence=d["evidence"]),
                 _("Review recorded."))  # fmt: skip
        return redirect("villages:charter", c.pk)

    view.__name__ = f"charter_{name}"
    return login_required(require_POST(view))


CHARTER_ACTIONS = ("post", "put", "meeting", "ballot", "sync", "record", "send", "answer", "review")
charter_actions = {name: _charter_action(name) for name in CHARTER_ACTIONS}
