"""Community decisions from proposal to recognition (LD2–LD7; Arts 15–23, Decree 59 Arts 3–5).

Every write is a verb-first function with keyword-only arguments, one transaction and an audit
entry. Numbers are bounded by facts: the households in force on the day of the vote (from the
register, :mod:`danchu.residents.households`), present ≤ households, agree ≤ present. Dates that
record events are today unless back-dated with a reason (``danchu.core.facts``). The decision
record (Art. 20.2), the ballot papers and the commune's answer are issued through
``danchu.documents.issuing`` and served as issued.

Village head elections (LD13) and charters (LD14) reuse :func:`propose`, :func:`record_meeting`,
:func:`record_result` and the rest with ``matter`` 4 and 3.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from danchu.audit.services import log
from danchu.core import clock, facts
from danchu.core.text import TextRefused, clean_text
from danchu.residents import permissions, rules
from danchu.residents.households import households_by_village, households_on
from danchu.residents.models import (
    BallotPaper,
    Decision,
    Household,
    HouseholdBallot,
    Meeting,
    OnlineCode,
    OnlineVote,
    Status,
    Support,
    VillageResult,
)
from danchu.residents.rules import Form, Matter, Proposer, Scope
from danchu.units.models import AdminUnit, Level


class DecisionError(Exception):
    """A refused step: every problem in Vietnamese, each naming its rule where there is one."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


def _clean(
    value: str,
    label: str,
    problems: list[str],
    *,
    multiline: bool = False,
    max_length: int = 5000,
    required: bool = True,
) -> str:
    try:
        cleaned = clean_text(value or "", max_length=max_length, multiline=multiline)
    except TextRefused as refused:
        problems.append(f"{label}: {refused}")
        return ""
    if required and not cleaned:
        problems.append(f"{label}: không được để trống.")
    return cleaned


def _names(values: Sequence[str], label: str, problems: list[str]) -> list[str]:
    names: list[str] = []
    for value in values:
        name = _clean(value, label, problems, max_length=200, required=False)
        if name:
            names.append(name)
    return names


def _event_day(on: dt.date | None, reason: str, label: str, problems: list[str]) -> dt.date:
    today = clock.today()
    problems += facts.event_day_problems(
        on=on, today=today, reason=reason, has_evidence=bool(reason.strip()), label=label
    )
    return on or today


def _require(ok: bool) -> None:
    if not ok:
        raise PermissionDenied


def _ballot_of(decision: Decision) -> HouseholdBallot:
    ballot = getattr(decision, "ballot", None) if decision.form == Form.BALLOT else None
    if ballot is None or decision.status != Status.SCHEDULED:
        raise DecisionError("Việc này không có kế hoạch phát phiếu đang thực hiện — LD5")
    return ballot


def _online_of(decision: Decision) -> OnlineVote:
    vote = getattr(decision, "online", None) if decision.form == Form.ONLINE else None
    if vote is None or decision.status != Status.SCHEDULED or decision.village is None:
        raise DecisionError("Việc này không có cuộc biểu quyết trực tuyến đang thực hiện — LD6")
    return vote


def _villages_of(decision: Decision, on: dt.date) -> list[AdminUnit]:
    if decision.village is not None:
        return [decision.village]
    return list(
        AdminUnit.objects.filter(parent=decision.commune, level=Level.VILLAGE)
        .in_force(on)
        .order_by("code")
    )


# --------------------------------------------------------------------------------------------
# LD2 — proposing, residents' initiative
# --------------------------------------------------------------------------------------------


def propose(
    *,
    actor: Any,
    commune: AdminUnit,
    village: AdminUnit | None,
    matter: Matter,
    title: str,
    content: str,
    proposer: Proposer,
    front_agreed: bool = False,
    proposed_on: dt.date | None = None,
    reason: str = "",
) -> Decision:
    """LD2 (Arts 15–16): put a matter to the community. Commune matters by the chairman with the
    Front chair; village matters by the village head with the village Front committee; a
    residents' initiative starts collecting support (10% of households, valid 3 months)."""
    _require(permissions.can_propose(actor, commune, village))
    scope = Scope.VILLAGE if village is not None else Scope.COMMUNE
    problems: list[str] = []
    if village is not None and village.parent_id != commune.pk:
        problems.append("Thôn không thuộc xã này.")
    if scope is Scope.COMMUNE and matter in rules.MEETING_MATTERS:
        problems.append(
            f"Việc mục {rules.MATTER_NUMBER[matter]} là việc của thôn, tổ dân phố: chọn thôn — LD2"
        )
    problems += [str(p) for p in rules.proposer_problems(scope, proposer)]
    if proposer is not Proposer.INITIATIVE and not front_agreed:
        problems.append(
            "Trước khi đưa ra cộng đồng, người đề xuất phải thống nhất với Mặt trận (Chủ tịch "
            "UBMTTQ xã hoặc Trưởng ban công tác Mặt trận) — LD2"
        )
    title = _clean(title, "Tiêu đề", problems, max_length=300)
    content = _clean(content, "Nội dung", problems, multiline=True, max_length=20000)
    today = _event_day(proposed_on, reason, "Ngày đề xuất", problems)
    if problems:
        raise DecisionError(problems)
    initiative = proposer is Proposer.INITIATIVE
    with transaction.atomic():
        decision = Decision.objects.create(
            commune=commune,
            village=village,
            scope=scope,
            matter=matter,
            title=title,
            content=content,
            proposer=proposer,
            proposed_on=today,
            front_agreed=front_agreed,
            initiative_started_on=today if initiative else None,
            status=Status.COLLECTING if initiative else Status.PROPOSED,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            created_at=clock.now(),
        )
        log(
            actor=actor,
            action="residents.decision.proposed",
            target=decision,
            unit=decision.unit,
            changes={"matter": matter.value, "scope": scope.value, "proposer": proposer.value},
        )
    return decision


def support_counts(decision: Decision, on: dt.date) -> dict[str, Any]:
    """LD2: supporters, households, the 10% needed and the expiry of the support."""
    assert decision.village is not None and decision.initiative_started_on is not None
    households = households_on(decision.village, on)
    supporters = decision.supports.count()
    expires = rules.initiative_expires_on(decision.initiative_started_on)
    return {
        "supporters": supporters,
        "households": households,
        "needed": rules.initiative_supporters_needed(households),
        "enough": rules.initiative_has_support(supporters, households),
        "expires_on": expires,
        "valid": rules.initiative_valid_on(decision.initiative_started_on, on),
    }


def add_support(*, actor: Any, decision: Decision, household: Household) -> Support:
    """LD2: a household of the village supports the initiative, while the support is valid."""
    _require(permissions.can_run(actor, decision))
    today = clock.today()
    if decision.status != Status.COLLECTING or decision.initiative_started_on is None:
        raise DecisionError("Việc này không còn thu thập ý kiến ủng hộ — LD2")
    if not rules.initiative_valid_on(decision.initiative_started_on, today):
        raise DecisionError(
            f"Sự ủng hộ chỉ có giá trị 03 tháng (đến "
            f"{rules.initiative_expires_on(decision.initiative_started_on):%d/%m/%Y}) — LD2"
        )
    if household.village_id != decision.village_id or not household.in_force_on(today):
        raise DecisionError("Hộ này không thuộc thôn vào hôm nay — LD2")
    if decision.supports.filter(household=household).exists():
        raise DecisionError("Hộ này đã ủng hộ — LD2")
    with transaction.atomic():
        support = Support.objects.create(decision=decision, household=household, recorded_on=today)
        log(
            actor=actor,
            action="residents.initiative.supported",
            target=decision,
            unit=decision.unit,
            changes={"household": household.pk},
        )
    return support


def put_initiative_forward(
    *, actor: Any, decision: Decision, front_backs: bool = False
) -> Decision:
    """LD2 (Art. 16.3): with ≥ 10% of households' support (or the village Front's backing
    below that), within 3 months, the initiative goes to the community."""
    _require(permissions.can_run(actor, decision))
    today = clock.today()
    if decision.status != Status.COLLECTING:
        raise DecisionError("Việc này không còn thu thập ý kiến ủng hộ — LD2")
    counts = support_counts(decision, today)
    if not counts["valid"]:
        with transaction.atomic():
            decision.status = Status.LAPSED
            decision.save(update_fields=["status"])
            log(
                actor=actor,
                action="residents.initiative.lapsed",
                target=decision,
                unit=decision.unit,
            )
        raise DecisionError(
            f"Sự ủng hộ đã hết hạn ngày {counts['expires_on']:%d/%m/%Y} (03 tháng) — LD2"
        )
    if not rules.initiative_goes_forward(
        counts["supporters"], counts["households"], front_backs=front_backs
    ):
        raise DecisionError(
            f"Mới có {counts['supporters']}/{counts['households']} hộ ủng hộ, cần ít nhất 10% "
            f"({counts['needed']} hộ) hoặc Ban công tác Mặt trận đồng ý — LD2"
        )
    with transaction.atomic():
        decision.status = Status.PROPOSED
        decision.initiative_front_backs = front_backs
        decision.save(update_fields=["status", "initiative_front_backs"])
        log(
            actor=actor,
            action="residents.initiative.forward",
            target=decision,
            unit=decision.unit,
            changes={**{k: str(v) for k, v in counts.items()}, "front_backs": front_backs},
        )
    return decision


# --------------------------------------------------------------------------------------------
# LD3 — the form
# --------------------------------------------------------------------------------------------


def choose_form(*, actor: Any, decision: Decision, form: Form) -> Decision:
    """LD3: the form the law allows for the matter (online only for matter 6; matters 3–5 at a
    meeting, by household ballot only after a thin meeting: :func:`ballot_after_thin_meeting`)."""
    _require(permissions.can_run(actor, decision))
    if decision.status != Status.PROPOSED:
        raise DecisionError("Chỉ chọn hình thức khi việc vừa được đề xuất.")
    after_thin = decision.follows is not None
    problems = [
        str(p)
        for p in rules.form_problems(decision.matter_enum, form, after_thin_meeting=after_thin)
    ]
    if form is Form.ONLINE and decision.scope_enum is Scope.COMMUNE:
        problems.append(
            "Biểu quyết trực tuyến do trưởng thôn và Ban công tác Mặt trận tổ chức trong thôn "
            "(Nghị định 59, Điều 5) — LD6"
        )
    if problems:
        raise DecisionError(problems)
    with transaction.atomic():
        decision.form = form
        decision.status = Status.SCHEDULED
        decision.save(update_fields=["form", "status"])
        log(
            actor=actor,
            action="residents.decision.form",
            target=decision,
            unit=decision.unit,
            changes={"form": form.value},
        )
    return decision


def ballot_after_thin_meeting(*, actor: Any, decision: Decision) -> Decision:
    """LD3, LD14 (Art. 19.1.b): a meeting too thin to decide goes to a household ballot: a new
    decision of the same matter, following the thin one, with the ballot form."""
    _require(permissions.can_run(actor, decision))
    if decision.status != Status.NOT_PASSED or decision.form != Form.MEETING:
        raise DecisionError("Chỉ chuyển sang phát phiếu sau một cuộc họp không đạt — LD3")
    if hasattr(decision, "followed_by"):
        raise DecisionError("Đã chuyển sang phát phiếu rồi.")
    with transaction.atomic():
        ballot = Decision.objects.create(
            commune=decision.commune,
            village=decision.village,
            scope=decision.scope,
            matter=decision.matter,
            title=decision.title,
            content=decision.content,
            proposer=decision.proposer,
            proposed_on=clock.today(),
            front_agreed=decision.front_agreed,
            form=Form.BALLOT,
            follows=decision,
            status=Status.SCHEDULED,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            created_at=clock.now(),
        )
        log(
            actor=actor,
            action="residents.decision.to_ballot",
            target=ballot,
            unit=ballot.unit,
            changes={"follows": decision.pk},
        )
    return ballot


# --------------------------------------------------------------------------------------------
# LD4 — meeting; LD7 — results bounded by facts
# --------------------------------------------------------------------------------------------


def _result_problems(
    *, households: int, present: int, agree: int, disagree: int, other: int, label: str
) -> list[str]:
    problems = []
    if households <= 0:
        problems.append("Thôn chưa có hộ nào trong sổ hộ vào ngày này: nhập sổ hộ trước — LD7")
    if present > households:
        problems.append(
            f"Số hộ {label} ({present}) lớn hơn số hộ của thôn vào ngày đó ({households}) — LD7"
        )
    if agree + disagree + other > present:
        problems.append(
            f"Đồng ý + không đồng ý + ý kiến khác ({agree + disagree + other}) lớn hơn số hộ "
            f"{label} ({present}) — LD4"
        )
    return problems


def _save_result(
    decision: Decision,
    village: AdminUnit,
    *,
    households: int,
    present: int,
    agree: int,
    disagree: int,
    other: int,
    passed: bool,
    on: dt.date,
) -> VillageResult:
    return VillageResult.objects.create(
        decision=decision,
        village=village,
        households_total=households,
        present=present,
        agree=agree,
        disagree=disagree,
        other=other,
        passed=passed,
        recorded_on=on,
    )


def record_meeting(
    *,
    actor: Any,
    decision: Decision,
    village: AdminUnit | None = None,
    held_on: dt.date | None = None,
    place: str,
    notice_on: dt.date | None,
    documents_on: dt.date | None = None,
    secretary: str,
    counting_board: Sequence[str] = (),
    witnesses: Sequence[str],
    secret_ballot: bool = False,
    present: int,
    agree: int,
    disagree: int = 0,
    reason: str = "",
) -> Meeting:
    """LD4 (Art. 18, Decree 59 Art. 3): the meeting of one village and its count. Present ≤ the
    households in force that day; votes ≤ present; a secret ballot has a counting board of 3–5;
    two household witnesses. The notice and documents dates are recorded as they were; the
    calendar judges them (:func:`danchu.residents.selectors.steps`)."""
    _require(permissions.can_run(actor, decision))
    village = village or decision.village
    problems: list[str] = []
    if decision.form != Form.MEETING or decision.status not in (Status.SCHEDULED,):
        problems.append("Việc này không chờ kết quả cuộc họp.")
    if village is None or village.parent_id != decision.commune_id:
        raise DecisionError("Chọn thôn của cuộc họp.")
    if decision.village is not None and village.pk != decision.village_id:
        problems.append("Cuộc họp phải là của thôn quyết định việc này.")
    if decision.meetings.filter(village=village).exists():
        problems.append(f"{village.name} đã có cuộc họp cho việc này.")
    held = _event_day(held_on, reason, "Ngày họp", problems)
    for day, label in ((notice_on, "Ngày thông báo"), (documents_on, "Ngày gửi tài liệu")):
        if day is not None and day > held:
            problems.append(f"{label} {day:%d/%m/%Y} sau ngày họp.")
    place = _clean(place, "Địa điểm", problems, max_length=200)
    secretary = _clean(secretary, "Thư ký", problems, max_length=200)
    board = _names(counting_board, "Ban kiểm phiếu", problems)
    witness_names = _names(witnesses, "Hộ chứng kiến", problems)
    if secret_ballot:
        problems += [
            str(p) for p in rules.team_problems(len(board), rule="LD4", what="Ban kiểm phiếu")
        ]
    if len(witness_names) != rules.WITNESSES:
        problems.append(
            f"Việc kiểm phiếu có 02 đại diện hộ gia đình chứng kiến (đang có "
            f"{len(witness_names)}) — LD4"
        )
    if min(present, agree, disagree) < 0:
        problems.append("Số hộ không được âm.")
    households = households_on(village, held)
    problems += _result_problems(
        households=households,
        present=present,
        agree=agree,
        disagree=disagree,
        other=0,
        label="dự họp",
    )
    if problems:
        raise DecisionError(problems)
    matter = decision.matter_enum
    if matter is Matter.CHARTER:
        outcome = rules.count_village(
            matter, Form.MEETING, households=households, agree=agree, present=present
        )
        passed = outcome.passed
    else:
        passed = rules.village_passes(matter, agree, households, Form.MEETING)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            decision=decision,
            village=village,
            held_on=held,
            place=place,
            notice_on=notice_on,
            documents_on=documents_on,
            secretary=secretary,
            counting_board="\n".join(board),
            witnesses="\n".join(witness_names),
            secret_ballot=secret_ballot,
        )
        _save_result(
            decision,
            village,
            households=households,
            present=present,
            agree=agree,
            disagree=disagree,
            other=0,
            passed=passed,
            on=held,
        )
        log(
            actor=actor,
            action="residents.meeting.recorded",
            target=decision,
            unit=village,
            changes={
                "held_on": held.isoformat(),
                "households": households,
                "present": present,
                "agree": agree,
                "disagree": disagree,
                **({"reason": reason} if held != clock.today() else {}),
            },
        )
        _tally_if_complete(actor, decision, held)
    return meeting


def _tally_if_complete(actor: Any, decision: Decision, on: dt.date) -> None:
    """LD7: once every village has its result, the decision's result (commune-wide: 2/3 of the
    villages, each by the village rule)."""
    villages = _villages_of(decision, on)
    results = {r.village_id: r for r in decision.results.all()}
    if any(v.pk not in results for v in villages):
        return
    matter, form = decision.matter_enum, decision.form_enum or Form.MEETING
    if decision.scope_enum is Scope.COMMUNE and matter in rules.CONTRIBUTION_MATTERS:
        outcome = rules.count_commune(
            matter,
            form,
            [
                rules.VillageCount(v.name, results[v.pk].households_total, results[v.pk].agree)
                for v in villages
            ],
        )
    else:
        households = sum(results[v.pk].households_total for v in villages)
        present = sum(results[v.pk].present for v in villages)
        agree = sum(results[v.pk].agree for v in villages)
        outcome = rules.count_village(
            matter, form, households=households, agree=agree, present=present
        )
    last = max(r.recorded_on for r in results.values())
    decision.held_on = last
    decision.households_total = sum(r.households_total for r in results.values())
    decision.present = sum(r.present for r in results.values())
    decision.agree = sum(r.agree for r in results.values())
    decision.disagree = sum(r.disagree for r in results.values())
    decision.other = sum(r.other for r in results.values())
    decision.passed = outcome.passed
    decision.rule = outcome.rule
    decision.why = outcome.why
    decision.status = Status.HELD if outcome.passed else Status.NOT_PASSED
    if outcome.passed:
        decision.effective_on = rules.effective_on(matter, decision.scope_enum, voted_on=last)
    decision.save()
    log(
        actor=actor,
        action="residents.decision.counted",
        target=decision,
        unit=decision.unit,
        changes={
            "passed": outcome.passed,
            "rule": outcome.rule,
            "why": outcome.why,
            "next_step": outcome.next_step,
        },
    )


# --------------------------------------------------------------------------------------------
# LD5 — household ballot
# --------------------------------------------------------------------------------------------


def plan_ballot(
    *,
    actor: Any,
    decision: Decision,
    plan_issued_on: dt.date | None = None,
    team: Sequence[str],
    team_chair: str,
    question: str,
    notice_on: dt.date | None,
    distributed_on: dt.date,
    deadline: dt.date,
    reason: str = "",
) -> HouseholdBallot:
    """LD5 (Art. 19, Decree 59 Art. 4): the plan, a team of 3–5 chaired by the Front
    representative, the notice ≥ 2 days before distribution (judged on the calendar), the
    distribution and return deadline."""
    _require(permissions.can_run(actor, decision))
    problems: list[str] = []
    if decision.form != Form.BALLOT or decision.status != Status.SCHEDULED:
        problems.append("Việc này không chờ kế hoạch phát phiếu.")
    if hasattr(decision, "ballot"):
        problems.append("Việc này đã có kế hoạch phát phiếu.")
    issued = _event_day(plan_issued_on, reason, "Ngày ban hành kế hoạch", problems)
    names = _names(team, "Tổ phát phiếu", problems)
    chair = _clean(team_chair, "Tổ trưởng (đại diện Mặt trận)", problems, max_length=200)
    if chair and chair not in names:
        names.insert(0, chair)
    problems += [str(p) for p in rules.team_problems(len(names), rule="LD5", what="Tổ phát phiếu")]
    question = _clean(question, "Nội dung hỏi ý kiến", problems, multiline=True)
    if deadline < distributed_on:
        problems.append("Hạn nộp phiếu trước ngày phát phiếu.")
    if distributed_on < issued:
        problems.append("Ngày phát phiếu trước ngày ban hành kế hoạch.")
    if problems:
        raise DecisionError(problems)
    with transaction.atomic():
        ballot = HouseholdBallot.objects.create(
            decision=decision,
            plan_issued_on=issued,
            team="\n".join(names),
            team_chair=chair,
            notice_on=notice_on,
            distributed_on=distributed_on,
            deadline=deadline,
            question=question,
        )
        log(
            actor=actor,
            action="residents.ballot.planned",
            target=decision,
            unit=decision.unit,
            changes={
                "issued": issued.isoformat(),
                "team": len(names),
                "deadline": deadline.isoformat(),
            },
        )
    return ballot


def record_plan_sent(
    *, actor: Any, decision: Decision, on: dt.date | None = None, reason: str = ""
) -> HouseholdBallot:
    """LD5: the plan sent to the commune chairman and the Front chair (within 2 days)."""
    _require(permissions.can_run(actor, decision))
    ballot = _ballot_of(decision)
    problems: list[str] = []
    sent = _event_day(on, reason, "Ngày gửi kế hoạch", problems)
    if sent < ballot.plan_issued_on:
        problems.append("Ngày gửi trước ngày ban hành kế hoạch.")
    if problems:
        raise DecisionError(problems)
    with transaction.atomic():
        ballot.plan_sent_on = sent
        ballot.save(update_fields=["plan_sent_on"])
        log(
            actor=actor,
            action="residents.ballot.plan_sent",
            target=decision,
            unit=decision.unit,
            changes={"on": sent.isoformat()},
        )
    return ballot


def print_ballots(*, actor: Any, decision: Decision) -> Any:
    """LD5: one ballot per household in force on the distribution day, with serials; issued as
    a PDF (the commune's seal at the top left for commune matters, the village head's signature
    at the bottom right for village matters). Returns the issued document."""
    from danchu.documents import issuing
    from danchu.residents import papers

    _require(permissions.can_run(actor, decision))
    ballot = _ballot_of(decision)
    if ballot.papers.exists():
        raise DecisionError("Phiếu đã được in; tải lại bản đã in.")
    villages = _villages_of(decision, ballot.distributed_on)
    households = list(
        Household.objects.filter(village__in=villages)
        .in_force(ballot.distributed_on)
        .select_related("village")
        .order_by("village__code", "number", "pk")
    )
    if not households:
        raise DecisionError("Chưa có hộ nào trong sổ hộ vào ngày phát phiếu — LD5")
    with transaction.atomic():
        papers_made = BallotPaper.objects.bulk_create(
            [
                BallotPaper(ballot=ballot, household=h, serial=i)
                for i, h in enumerate(households, start=1)
            ]
        )
        doc = issuing.issue(
            kind="residents.ballots",
            target=ballot,
            title=f"Phiếu lấy ý kiến hộ gia đình — {decision.title}",
            render=lambda issue: papers.ballot_files(decision, households, issue),
            actor=actor,
            unit=decision.unit,
        )
        log(
            actor=actor,
            action="residents.ballot.printed",
            target=decision,
            unit=decision.unit,
            changes={"papers": len(papers_made)},
        )
    return doc


def record_ballot_result(
    *,
    actor: Any,
    decision: Decision,
    village: AdminUnit | None = None,
    returned: int,
    agree: int,
    disagree: int,
    other: int = 0,
    witnesses: Sequence[str],
) -> VillageResult:
    """LD5: one village's count of returned ballots: returned ≤ ballots printed for its
    households; agree + disagree + other ≤ returned; two household witnesses (Form 04)."""
    _require(permissions.can_run(actor, decision))
    village = village or decision.village
    ballot = getattr(decision, "ballot", None)
    problems: list[str] = []
    if ballot is None or decision.status != Status.SCHEDULED:
        raise DecisionError("Việc này không chờ kết quả phát phiếu.")
    if village is None or village.parent_id != decision.commune_id:
        raise DecisionError("Chọn thôn.")
    if clock.today() < ballot.deadline:
        problems.append(f"Chưa hết hạn nộp phiếu ({ballot.deadline:%d/%m/%Y}).")
    if decision.results.filter(village=village).exists():
        problems.append(f"{village.name} đã có kết quả.")
    witness_names = _names(witnesses, "Hộ chứng kiến", problems)
    if len(witness_names) != rules.WITNESSES:
        problems.append(f"Kiểm phiếu có 02 hộ chứng kiến (đang có {len(witness_names)}) — LD5")
    if min(returned, agree, disagree, other) < 0:
        problems.append("Số phiếu không được âm.")
    printed = ballot.papers.filter(household__village=village).count()
    if not printed:
        problems.append("Chưa in phiếu cho thôn này — LD5")
    households = households_on(village, ballot.distributed_on)
    problems += _result_problems(
        households=households,
        present=returned,
        agree=agree,
        disagree=disagree,
        other=other,
        label="trả phiếu",
    )
    if returned > printed:
        problems.append(f"Số phiếu thu về ({returned}) lớn hơn số phiếu phát ra ({printed}) — LD5")
    if problems:
        raise DecisionError(problems)
    passed = rules.village_passes(decision.matter_enum, agree, households, Form.BALLOT)
    with transaction.atomic():
        if ballot.witnesses:
            ballot.witnesses += "\n"
        ballot.witnesses += "\n".join(witness_names)
        ballot.returned = (ballot.returned or 0) + returned
        ballot.save(update_fields=["witnesses", "returned"])
        result = _save_result(
            decision,
            village,
            households=households,
            present=returned,
            agree=agree,
            disagree=disagree,
            other=other,
            passed=passed,
            on=ballot.deadline,
        )
        log(
            actor=actor,
            action="residents.ballot.counted",
            target=decision,
            unit=village,
            changes={
                "households": households,
                "returned": returned,
                "agree": agree,
                "disagree": disagree,
                "other": other,
            },
        )
        _tally_if_complete(actor, decision, ballot.deadline)
    return result


# --------------------------------------------------------------------------------------------
# LD6 — online vote
# --------------------------------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").upper().encode()).hexdigest()


def open_online(
    *, actor: Any, decision: Decision, team: Sequence[str], team_chair: str
) -> tuple[OnlineVote, dict[int, str]]:
    """LD6 (Decree 59 Art. 5): the team of 3–5 chaired by the Front representative, and one
    one-time code per household in force today (only hashes are stored; the plain codes are
    returned once, to hand to each household representative). The consent poll starts."""
    _require(permissions.can_run(actor, decision))
    problems: list[str] = []
    if decision.form != Form.ONLINE or decision.status != Status.SCHEDULED:
        problems.append("Việc này không chờ biểu quyết trực tuyến.")
    if hasattr(decision, "online"):
        problems.append("Đã lập tổ biểu quyết trực tuyến.")
    names = _names(team, "Tổ biểu quyết trực tuyến", problems)
    chair = _clean(team_chair, "Tổ trưởng (đại diện Mặt trận)", problems, max_length=200)
    if chair and chair not in names:
        names.insert(0, chair)
    problems += [
        str(p) for p in rules.team_problems(len(names), rule="LD6", what="Tổ biểu quyết trực tuyến")
    ]
    assert decision.village is not None or problems
    households = (
        list(Household.objects.filter(village=decision.village).in_force(clock.today()))
        if decision.village is not None
        else []
    )
    if not households and not problems:
        problems.append("Chưa có hộ nào trong sổ hộ — LD6")
    if problems:
        raise DecisionError(problems)
    codes: dict[int, str] = {}
    with transaction.atomic():
        vote = OnlineVote.objects.create(decision=decision, team="\n".join(names), team_chair=chair)
        rows = []
        for household in households:
            raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
            code = f"{raw[:5]}-{raw[5:]}"
            codes[household.pk] = code
            rows.append(OnlineCode(vote=vote, household=household, code_hash=_hash(code)))
        OnlineCode.objects.bulk_create(rows)
        log(
            actor=actor,
            action="residents.online.opened",
            target=decision,
            unit=decision.unit,
            changes={"team": len(names), "codes": len(rows)},
        )
    return vote, codes


def find_code(code: str) -> OnlineCode | None:
    """The code if it is known and its vote still open."""
    try:
        cleaned = clean_text(code or "", max_length=40)
    except TextRefused:
        return None
    return (
        OnlineCode.objects.select_related("vote__decision", "household")
        .filter(code_hash=_hash(cleaned), vote__closed_at__isnull=True)
        .first()
    )


def give_consent(*, code: str, consent: bool) -> None:
    """LD6: the household representative chooses whether to vote online (once). Counted only
    as a number: no audit entry and no time tie the choice to the household."""
    found = find_code(code)
    if found is None or found.polled or found.vote.consent_closed_on is not None:
        raise DecisionError("Mã không hợp lệ, đã dùng, hoặc đã hết thời gian chọn.")
    with transaction.atomic():
        updated = OnlineCode.objects.filter(pk=found.pk, polled=False).update(polled=True)
        if updated and consent:
            OnlineVote.objects.filter(pk=found.vote_id).update(consent_yes=F("consent_yes") + 1)


def close_consent(*, actor: Any, decision: Decision) -> OnlineVote:
    """LD6 (Decree 59 Art. 5.3): the vote proceeds only when more than half of all households
    chose online voting; otherwise the decision cannot be taken online."""
    _require(permissions.can_run(actor, decision))
    vote = _online_of(decision)
    if vote.consent_closed_on is not None:
        raise DecisionError("Đã kết thúc bước chọn hình thức.")
    assert decision.village is not None
    today = clock.today()
    households = households_on(decision.village, today)
    vote.refresh_from_db()
    given = rules.online_consent_given(vote.consent_yes, households)
    with transaction.atomic():
        vote.consent_closed_on = today
        if given:
            vote.opened_at = clock.now()
        vote.save(update_fields=["consent_closed_on", "opened_at"])
        if not given:
            decision.status = Status.NOT_PASSED
            decision.passed = False
            decision.rule = "LD6"
            decision.households_total = households
            decision.why = (
                f"Chỉ {vote.consent_yes}/{households} hộ đồng ý biểu quyết trực tuyến, cần quá "
                f"1/2 tổng số hộ ({rules.ONLINE_CONSENT.needed(households)} hộ): không biểu "
                "quyết trực tuyến — LD6"
            )
            decision.save()
        log(
            actor=actor,
            action="residents.online.consent_closed",
            target=decision,
            unit=decision.unit,
            changes={"consent": vote.consent_yes, "households": households, "given": given},
        )
    return vote


class Choice:
    AGREE = "agree"
    DISAGREE = "disagree"
    OTHER = "other"


def vote_online(*, code: str, choice: str, opinion: str = "") -> None:
    """LD6: one vote per household: agree / disagree / other opinion. The code is marked used
    (the participants list); the choice is only added to the totals."""
    if choice not in (Choice.AGREE, Choice.DISAGREE, Choice.OTHER):
        raise DecisionError("Chọn đồng ý, không đồng ý hoặc ý kiến khác.")
    problems: list[str] = []
    text = _clean(
        opinion,
        "Ý kiến khác",
        problems,
        multiline=True,
        max_length=2000,
        required=choice == Choice.OTHER,
    )
    if problems:
        raise DecisionError(problems)
    found = find_code(code)
    if found is None or found.voted or found.vote.opened_at is None:
        raise DecisionError("Mã không hợp lệ, đã dùng, hoặc cuộc biểu quyết chưa mở.")
    with transaction.atomic():
        if not OnlineCode.objects.filter(pk=found.pk, voted=False).update(voted=True):
            raise DecisionError("Mã đã dùng.")
        OnlineVote.objects.filter(pk=found.vote_id).update(**{choice: F(choice) + 1})
        if text:
            vote = OnlineVote.objects.select_for_update().get(pk=found.vote_id)
            vote.other_opinions = f"{vote.other_opinions}\n{text}".strip()
            vote.save(update_fields=["other_opinions"])


def close_online(*, actor: Any, decision: Decision) -> Decision:
    """LD6: the end of the vote; passes with more than half of all households agreeing."""
    _require(permissions.can_run(actor, decision))
    vote = _online_of(decision)
    vote.refresh_from_db()
    if vote.opened_at is None or vote.closed_at is not None:
        raise DecisionError("Cuộc biểu quyết không mở.")
    assert decision.village is not None
    today = clock.today()
    households = households_on(decision.village, vote.consent_closed_on or today)
    participants = vote.codes.filter(voted=True).count()
    with transaction.atomic():
        vote.closed_at = clock.now()
        vote.save(update_fields=["closed_at"])
        passed = rules.village_passes(Matter.OTHER, vote.agree, households, Form.ONLINE)
        _save_result(
            decision,
            decision.village,
            households=households,
            present=participants,
            agree=vote.agree,
            disagree=vote.disagree,
            other=vote.other,
            passed=passed,
            on=today,
        )
        log(
            actor=actor,
            action="residents.online.closed",
            target=decision,
            unit=decision.unit,
            changes={
                "participants": participants,
                "agree": vote.agree,
                "disagree": vote.disagree,
                "other": vote.other,
            },
        )
        _tally_if_complete(actor, decision, today)
    decision.refresh_from_db()
    return decision


# --------------------------------------------------------------------------------------------
# Art. 20.2 record, LD4–LD7 sending and answer
# --------------------------------------------------------------------------------------------


def issue_record(
    *,
    actor: Any,
    decision: Decision,
    discussed: str,
    decided: str,
    signed_by: Sequence[str],
    on: dt.date | None = None,
) -> Any:
    """Art. 20.2: the decision record (when, households total / present / not represented, what
    was discussed, the form, the result, what was decided, the signatures of the village head,
    the head of the village Front committee and two household representatives), issued and
    frozen. Commune-wide records take the People's Committee's number."""
    from danchu.documents import issuing
    from danchu.residents import papers

    _require(permissions.can_run(actor, decision))
    problems: list[str] = []
    if decision.status != Status.HELD:
        problems.append("Chỉ lập văn bản khi cộng đồng đã quyết định (đạt).")
    if on is not None and (on > clock.today() or (decision.held_on and on < decision.held_on)):
        problems.append("Ngày lập văn bản phải từ ngày quyết định đến hôm nay.")
    discussed = _clean(discussed, "Nội dung đã thảo luận", problems, multiline=True)
    decided = _clean(decided, "Nội dung đã quyết định", problems, multiline=True)
    signers = _names(signed_by, "Người ký", problems)
    if len(signers) < 4:
        problems.append(
            "Văn bản có chữ ký của trưởng thôn, Trưởng ban công tác Mặt trận và 02 đại diện hộ "
            "gia đình (Điều 20.2.g)."
        )
    if problems:
        raise DecisionError(problems)
    agency = decision.commune.agencies.filter(kind="ubnd").first()
    with transaction.atomic():
        decision.discussed = discussed
        decision.decided = decided
        decision.signed_by = "\n".join(signers)
        decision.status = Status.ISSUED
        decision.save(update_fields=["discussed", "decided", "signed_by", "status"])
        doc = issuing.issue(
            kind="residents.record",
            target=decision,
            title=f"Văn bản quyết định của cộng đồng — {decision.title}",
            render=lambda issue: papers.record_files(decision, issue),
            actor=actor,
            agency=agency if decision.scope_enum is Scope.COMMUNE else None,
            symbol="BB" if decision.scope_enum is Scope.COMMUNE and agency is not None else "",
            unit=decision.unit,
            on=on,
        )
        minutes = None
        if papers.count_minutes_document(decision) is not None:
            # LD4–LD5: the count minutes (Decree 59 Forms 02, 04), in three copies, with it.
            minutes = issuing.issue(
                kind="residents.count_minutes",
                target=decision,
                title=f"Biên bản kiểm phiếu — {decision.title}",
                render=lambda issue: papers.count_minutes_files(decision, issue),
                actor=actor,
                unit=decision.unit,
                on=on,
            )
        log(
            actor=actor,
            action="residents.record.issued",
            target=decision,
            unit=decision.unit,
            changes={"document": doc.pk, **({"count_minutes": minutes.pk} if minutes else {})},
        )
    return doc


def send_to_commune(
    *, actor: Any, decision: Decision, on: dt.date | None = None, reason: str = ""
) -> Decision:
    """LD4–LD6: the record sent to the commune People's Committee and Front committee (due
    within 5 working days; the calendar shows whether it was on time)."""
    _require(permissions.can_run(actor, decision))
    problems: list[str] = []
    if decision.status != Status.ISSUED:
        problems.append("Chỉ gửi khi văn bản quyết định đã ban hành.")
    sent = _event_day(on, reason, "Ngày gửi", problems)
    if decision.held_on and sent < decision.held_on:
        problems.append("Ngày gửi trước ngày quyết định.")
    if problems:
        raise DecisionError(problems)
    with transaction.atomic():
        decision.sent_on = sent
        decision.sent_reason = reason.strip() if sent != clock.today() else ""
        decision.status = Status.SENT
        decision.save(update_fields=["sent_on", "sent_reason", "status"])
        log(
            actor=actor,
            action="residents.decision.sent",
            target=decision,
            unit=decision.unit,
            changes={"on": sent.isoformat(), **({"reason": reason} if reason else {})},
        )
    return decision


def answer(
    *,
    actor: Any,
    decision: Decision,
    recognised: bool,
    reasons: str = "",
    on: dt.date | None = None,
    effective_on: dt.date | None = None,
    backdate_reason: str = "",
) -> Any:
    """LD7 (Art. 21.2): the commune People's Committee recognises the decision or refuses it in
    writing with reasons (due within 5 working days of receipt); issued as a numbered document.
    Art. 21: matters 3–4 take effect on recognition; commune-wide 1–2 on the date the committee
    sets (``effective_on``)."""
    from danchu.documents import issuing
    from danchu.residents import papers

    _require(permissions.can_answer(actor, decision))
    problems: list[str] = []
    if decision.status != Status.SENT:
        problems.append("Chỉ trả lời khi văn bản đã gửi UBND xã.")
    day = _event_day(on, backdate_reason, "Ngày trả lời", problems)
    if decision.sent_on and day < decision.sent_on:
        problems.append("Ngày trả lời trước ngày nhận.")
    reasons = _clean(reasons, "Lý do", problems, multiline=True, required=not recognised)
    source = rules.effect_from(decision.matter_enum, decision.scope_enum)
    if recognised and source is rules.EffectFrom.SET_BY_COMMUNE and effective_on is None:
        problems.append("Việc trong phạm vi xã có hiệu lực từ ngày UBND xã quyết định: nhập ngày.")
    if problems:
        raise DecisionError(problems)
    # Art. 21: members of the two boards (matter 5) are recognised by the Front committee.
    by_front = source is rules.EffectFrom.FRONT_RECOGNITION
    agency = decision.commune.agencies.filter(kind="mttq" if by_front else "ubnd").first()
    with transaction.atomic():
        decision.answered_on = day
        decision.answer_reason = reasons
        decision.status = Status.RECOGNISED if recognised else Status.REFUSED
        if recognised:
            decision.effective_on = rules.effective_on(
                decision.matter_enum,
                decision.scope_enum,
                voted_on=decision.held_on,
                recognised_on=day,
                set_date=effective_on,
            )
        else:
            decision.effective_on = None
        decision.save(update_fields=["answered_on", "answer_reason", "status", "effective_on"])
        doc = issuing.issue(
            kind="residents.answer",
            target=decision,
            title=("Công nhận" if recognised else "Từ chối công nhận") + f" — {decision.title}",
            render=lambda issue: papers.answer_files(decision, issue),
            actor=actor,
            agency=agency,
            symbol=("QĐ" if recognised else "CV") if agency is not None else "",
            unit=decision.commune,
            on=day,
        )
        log(
            actor=actor,
            action="residents.decision.answered",
            target=decision,
            unit=decision.unit,
            changes={
                "recognised": recognised,
                "on": day.isoformat(),
                **({"reasons": reasons} if reasons else {}),
            },
        )
    return doc


def households_for(decision: Decision, on: dt.date) -> dict[int, int]:
    """Households in force on ``on`` per village of the decision."""
    return households_by_village(_villages_of(decision, on), on)
