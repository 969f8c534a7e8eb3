"""Pages of households and community decisions: thin views over the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danchu.accounts import access
from danchu.accounts.models import Role, RoleAssignment
from danchu.core import clock
from danchu.documents import issuing
from danchu.residents import households as hh
from danchu.residents import permissions, selectors, services
from danchu.residents.forms import (
    AnswerForm,
    BallotPlanForm,
    BallotResultForm,
    ChooseFormForm,
    CodeForm,
    DayForm,
    HouseholdForm,
    HouseholdImportForm,
    MeetingForm,
    ProposeForm,
    RecordForm,
    SupportForm,
    TeamForm,
    lines,
)
from danchu.residents.models import Decision, Household, Status
from danchu.residents.rules import Form, Matter, Proposer
from danchu.units.models import AdminUnit, Level

DOC_KINDS = {
    "record": "residents.record",
    "count": "residents.count_minutes",
    "answer": "residents.answer",
}
DOC_SLUGS = {kind: slug for slug, kind in DOC_KINDS.items()}


def _villages_for(user: Any) -> Any:
    """Villages whose counts the user may see."""
    return (
        access.visible_units(user)
        .filter(level=Level.VILLAGE)
        .in_force(clock.today())
        .select_related("parent")
        .order_by("parent__name", "code")
    )


def _communes_run(user: Any) -> list[AdminUnit]:
    return [
        r.unit
        for r in RoleAssignment.objects.current()
        .filter(user=user, role__in=list(permissions.COMMUNE_RUNNERS), unit__isnull=False)
        .select_related("unit")
        if r.unit is not None and r.unit.level == Level.COMMUNE
    ]


def _headed(user: Any) -> list[AdminUnit]:
    return [
        r.unit
        for r in RoleAssignment.objects.current()
        .filter(user=user, role=Role.VILLAGE_HEAD, unit__isnull=False)
        .select_related("unit__parent")
        if r.unit is not None
    ]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    decisions = selectors.visible(request.user).order_by("-proposed_on", "-pk")
    villages = _villages_for(request.user)
    headed = _headed(request.user)
    if not headed and not access.visible_units(request.user).exists():
        raise PermissionDenied
    page = Paginator(decisions, 25).get_page(request.GET.get("page"))
    village_page = Paginator(villages, 50).get_page(request.GET.get("vpage"))
    counts = hh.households_by_village(list(village_page.object_list), clock.today())
    rows = [(v, counts.get(v.pk, 0)) for v in village_page.object_list]
    can_propose = bool(_communes_run(request.user) or headed)
    return render(
        request,
        "residents/index.html",
        {
            "page": page,
            "village_rows": rows,
            "village_page": village_page,
            "can_propose": can_propose,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def village(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(AdminUnit, pk=pk, level=Level.VILLAGE)
    view = selectors.household_view(request.user, unit)
    if not view:
        raise PermissionDenied
    today = clock.today()
    form = HouseholdForm(request.POST or None) if view == "list" else None
    upload = HouseholdImportForm() if view == "list" else None
    import_errors: list[str] = []
    if request.method == "POST":
        if view != "list":
            raise PermissionDenied
        if "file" in request.FILES:
            upload = HouseholdImportForm(request.POST, request.FILES)
            if upload.is_valid():
                outcome = hh.import_households(
                    actor=request.user, village=unit, source=upload.cleaned_data["file"]
                )
                if outcome.ok:
                    messages.success(
                        request, _("%(n)s households imported.") % {"n": outcome.created}
                    )
                    return redirect("residents:village", pk=unit.pk)
                import_errors = [str(e) for e in outcome.result.sorted_errors()]
            form = HouseholdForm()
        elif form is not None and form.is_valid():
            d = form.cleaned_data
            try:
                hh.add_household(
                    actor=request.user,
                    village=unit,
                    number=d["number"],
                    representative=d["representative"],
                    address=d["address"],
                    on=d["on"],
                    reason=d["reason"],
                )
            except hh.HouseholdError as exc:
                for p in exc.problems:
                    form.add_error(None, p)
            else:
                messages.success(request, _("Household added."))
                return redirect("residents:village", pk=unit.pk)
    page = None
    if view == "list":
        qs = Household.objects.filter(village=unit).in_force(today).order_by("number", "pk")
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "residents/village.html",
        {
            "village": unit,
            "count": hh.households_on(unit, today),
            "page": page,
            "form": form,
            "upload": upload,
            "import_errors": import_errors,
            "today": today,
        },
    )


@login_required
@require_POST
def household_end(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_object_or_404(Household, pk=pk)
    if not permissions.can_manage_households(request.user, household.village):
        raise PermissionDenied
    form = DayForm(request.POST)
    if form.is_valid():
        try:
            hh.end_household(
                actor=request.user,
                household=household,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except hh.HouseholdError as exc:
            for p in exc.problems:
                messages.error(request, p)
    return redirect("residents:village", pk=household.village_id)


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    communes = _communes_run(request.user)
    headed = _headed(request.user)
    if not communes and not headed:
        raise PermissionDenied
    villages = AdminUnit.objects.filter(
        pk__in=[v.pk for v in headed]
        + list(
            AdminUnit.objects.filter(parent__in=communes, level=Level.VILLAGE).values_list(
                "pk", flat=True
            )
        )
    ).order_by("parent__name", "code")
    form = ProposeForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        village_unit = d["village"]
        commune = village_unit.parent if village_unit is not None else next(iter(communes), None)
        if commune is None:
            raise PermissionDenied
        try:
            decision = services.propose(
                actor=request.user,
                commune=commune,
                village=village_unit,
                matter=Matter(d["matter"]),
                title=d["title"],
                content=d["content"],
                proposer=Proposer(d["proposer"]),
                front_agreed=d["front_agreed"],
            )
        except services.DecisionError as exc:
            for p in exc.problems:
                form.add_error(None, p)
        else:
            return redirect("residents:detail", pk=decision.pk)
    return render(request, "residents/propose.html", {"form": form})


def _decision_for(request: HttpRequest, pk: int) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("commune", "village"), pk=pk)
    if not permissions.can_view(request.user, decision):
        raise PermissionDenied
    return decision


def _village_choices(decision: Decision) -> Any:
    if decision.village is not None:
        return AdminUnit.objects.filter(pk=decision.village.pk)
    return AdminUnit.objects.filter(parent=decision.commune, level=Level.VILLAGE).in_force(
        clock.today()
    )


ACTIONS = {
    "form",
    "meeting",
    "ballot_plan",
    "plan_sent",
    "print",
    "ballot_result",
    "online_open",
    "consent_close",
    "online_close",
    "record",
    "send",
    "answer",
    "to_ballot",
    "support",
    "forward",
}


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    run = permissions.can_run(request.user, decision)
    can_answer = permissions.can_answer(request.user, decision)
    today = clock.today()
    villages = _village_choices(decision)
    forms: dict[str, Any] = {}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    codes: dict[int, str] = {}
    if action:
        if action not in ACTIONS:
            raise Http404
        if not (run or (action == "answer" and can_answer)):
            raise PermissionDenied
        done, codes = _act(request, decision, action, villages, forms)
        if done and not codes:
            return redirect("residents:detail", pk=decision.pk)
        decision.refresh_from_db()
    if run:
        _blank_forms(decision, villages, forms)
    if can_answer and decision.status == Status.SENT:
        forms.setdefault("answer", AnswerForm())
    support = None
    if decision.initiative_started_on is not None and decision.village is not None:
        support = services.support_counts(decision, today)
    code_rows = []
    if codes:
        by_pk = {h.pk: h for h in Household.objects.filter(pk__in=list(codes))}
        code_rows = [(by_pk[k], v) for k, v in codes.items() if k in by_pk]
    return render(
        request,
        "residents/detail.html",
        {
            "d": decision,
            "steps": selectors.steps(decision, today),
            "results": decision.results.select_related("village").order_by("village__code"),
            "meetings": decision.meetings.select_related("village"),
            "ballot": getattr(decision, "ballot", None),
            "online": getattr(decision, "online", None),
            "forms": forms,
            "run": run,
            "support": support,
            "code_rows": code_rows,
            "documents": [
                (doc, DOC_SLUGS[doc.kind])
                for doc in issuing.history(decision)
                if doc.kind in DOC_SLUGS
            ],
            "ballot_docs": issuing.history(decision.ballot) if hasattr(decision, "ballot") else [],
        },
    )


def _blank_forms(decision: Decision, villages: Any, forms: dict[str, Any]) -> None:
    status, form = decision.status, decision.form
    if status == Status.COLLECTING:
        forms.setdefault("support", SupportForm())
    if status == Status.PROPOSED:
        forms.setdefault("form", ChooseFormForm())
    if status == Status.SCHEDULED and form == Form.MEETING:
        forms.setdefault("meeting", MeetingForm(villages=villages))
    if status == Status.SCHEDULED and form == Form.BALLOT:
        ballot = getattr(decision, "ballot", None)
        if ballot is None:
            forms.setdefault("ballot_plan", BallotPlanForm())
        else:
            if ballot.plan_sent_on is None:
                forms.setdefault("plan_sent", DayForm())
            if not ballot.papers.exists():
                forms["print"] = True
            else:
                forms.setdefault("ballot_result", BallotResultForm(villages=villages))
    if status == Status.SCHEDULED and form == Form.ONLINE:
        online = getattr(decision, "online", None)
        if online is None:
            forms.setdefault("online_open", TeamForm())
        elif online.consent_closed_on is None:
            forms["consent_close"] = True
        elif online.closed_at is None:
            forms["online_close"] = True
    if (
        status == Status.NOT_PASSED
        and form == Form.MEETING
        and not hasattr(decision, "followed_by")
    ) and decision.matter in (Matter.CHARTER, Matter.VILLAGE_HEAD, Matter.BOARD_MEMBERS):
        forms["to_ballot"] = True
    if status == Status.HELD:
        forms.setdefault("record", RecordForm())
    if status == Status.ISSUED:
        forms.setdefault("send", DayForm())


def _act(
    request: HttpRequest, decision: Decision, action: str, villages: Any, forms: dict[str, Any]
) -> tuple[bool, dict[int, str]]:
    """Run one action; (done, plain codes to show once)."""
    user = request.user
    post = request.POST
    bound: Any = None
    try:
        if action == "form":
            bound = forms["form"] = ChooseFormForm(post)
            if bound.is_valid():
                services.choose_form(
                    actor=user, decision=decision, form=Form(bound.cleaned_data["form"])
                )
                return True, {}
        elif action == "support":
            bound = forms["support"] = SupportForm(post)
            if bound.is_valid():
                household = (
                    Household.objects.in_force(clock.today())
                    .filter(village=decision.village, number=bound.cleaned_data["number"])
                    .first()
                )
                if household is None:
                    bound.add_error("number", _("No such household in the village today."))
                else:
                    services.add_support(actor=user, decision=decision, household=household)
                    return True, {}
        elif action == "forward":
            services.put_initiative_forward(
                actor=user, decision=decision, front_backs=post.get("front_backs") == "1"
            )
            return True, {}
        elif action == "meeting":
            bound = forms["meeting"] = MeetingForm(post, villages=villages)
            if bound.is_valid():
                d = bound.cleaned_data
                services.record_meeting(
                    actor=user,
                    decision=decision,
                    village=d["village"],
                    held_on=d["held_on"],
                    place=d["place"],
                    notice_on=d["notice_on"],
                    documents_on=d["documents_on"],
                    secretary=d["secretary"],
                    counting_board=lines(d["counting_board"]),
                    witnesses=lines(d["witnesses"]),
                    secret_ballot=d["secret_ballot"],
                    present=d["present"],
                    agree=d["agree"],
                    disagree=d["disagree"] or 0,
                    reason=d["reason"],
                )
                return True, {}
        elif action == "ballot_plan":
            bound = forms["ballot_plan"] = BallotPlanForm(post)
            if bound.is_valid():
                d = bound.cleaned_data
                services.plan_ballot(
                    actor=user,
                    decision=decision,
                    team=lines(d["team"]),
                    team_chair=d["team_chair"],
                    question=d["question"],
                    notice_on=d["notice_on"],
                    distributed_on=d["distributed_on"],
                    deadline=d["deadline"],
                )
                return True, {}
        elif action == "plan_sent":
            bound = forms["plan_sent"] = DayForm(post)
            if bound.is_valid():
                services.record_plan_sent(
                    actor=user,
                    decision=decision,
                    on=bound.cleaned_data["on"],
                    reason=bound.cleaned_data["reason"],
                )
                return True, {}
        elif action == "print":
            services.print_ballots(actor=user, decision=decision)
            return True, {}
        elif action == "ballot_result":
            bound = forms["ballot_result"] = BallotResultForm(post, villages=villages)
            if bound.is_valid():
                d = bound.cleaned_data
                services.record_ballot_result(
                    actor=user,
                    decision=decision,
                    village=d["village"],
                    returned=d["returned"],
                    agree=d["agree"],
                    disagree=d["disagree"],
                    other=d["other"] or 0,
                    witnesses=lines(d["witnesses"]),
                )
                return True, {}
        elif action == "online_open":
            bound = forms["online_open"] = TeamForm(post)
            if bound.is_valid():
                _vote, codes = services.open_online(
                    actor=user,
                    decision=decision,
                    team=lines(bound.cleaned_data["team"]),
                    team_chair=bound.cleaned_data["team_chair"],
                )
                return True, codes
        elif action == "consent_close":
            services.close_consent(actor=user, decision=decision)
            return True, {}
        elif action == "online_close":
            services.close_online(actor=user, decision=decision)
            return True, {}
        elif action == "to_ballot":
            follow = services.ballot_after_thin_meeting(actor=user, decision=decision)
            messages.success(request, _("A household ballot was opened: %(t)s") % {"t": follow})
            return True, {}
        elif action == "record":
            bound = forms["record"] = RecordForm(post)
            if bound.is_valid():
                d = bound.cleaned_data
                services.issue_record(
                    actor=user,
                    decision=decision,
                    discussed=d["discussed"],
                    decided=d["decided"],
                    signed_by=lines(d["signed_by"]),
                )
                return True, {}
        elif action == "send":
            bound = forms["send"] = DayForm(post)
            if bound.is_valid():
                services.send_to_commune(
                    actor=user,
                    decision=decision,
                    on=bound.cleaned_data["on"],
                    reason=bound.cleaned_data["reason"],
                )
                return True, {}
        elif action == "answer":
            bound = forms["answer"] = AnswerForm(post)
            if bound.is_valid():
                d = bound.cleaned_data
                services.answer(
                    actor=user,
                    decision=decision,
                    recognised=d["recognised"],
                    reasons=d["reasons"],
                    effective_on=d["effective_on"],
                )
                return True, {}
    except services.DecisionError as exc:
        if bound is not None:
            for p in exc.problems:
                bound.add_error(None, p)
        else:
            for p in exc.problems:
                messages.error(request, p)
    return False, {}


@login_required
def document(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    decision = _decision_for(request, pk)
    if kind == "ballots":
        if not permissions.can_run(request.user, decision) or not hasattr(decision, "ballot"):
            raise Http404
        doc = issuing.current(decision.ballot, "residents.ballots")
    elif kind in DOC_KINDS:
        doc = issuing.current(decision, DOC_KINDS[kind])
    else:
        raise Http404
    if doc is None or fmt not in issuing.formats(doc):
        raise Http404
    return issuing.response(doc, fmt, f"{kind}-{decision.pk}.{fmt}")


@require_http_methods(["GET", "POST"])
def online(request: HttpRequest) -> HttpResponse:
    """LD6: a household representative answers with a one-time code (public on purpose: the
    code is the credential; nothing ties the choice to the household)."""
    form = CodeForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["choice"] in ("consent", "no_consent"):
                services.give_consent(code=d["code"], consent=d["choice"] == "consent")
            else:
                services.vote_online(code=d["code"], choice=d["choice"], opinion=d["opinion"])
        except services.DecisionError as exc:
            for p in exc.problems:
                form.add_error(None, p)
        else:
            done = True
            form = CodeForm()
    return render(request, "residents/online.html", {"form": form, "done": done})
