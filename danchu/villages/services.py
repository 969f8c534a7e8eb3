"""Village head elections (LD13) and charters (LD14, QD5): every write is a verb-first function
with keyword-only arguments, one transaction and an audit entry.

The vote, the record of the community decision (Art. 20.2), its sending and the commune's answer
(recognition or refusal, issued through ``danchu.documents.issuing``) are
:mod:`danchu.residents.services` on a decision of matter 4 (``truong_thon``) or 3
(``huong_uoc``); these functions call them inside their own transaction and add what belongs to
the election or the charter. Dates that record events are today unless back-dated with a reason
and evidence (``danchu.core.facts``); steps done after their due day are recorded and shown late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from danchu.audit.services import log
from danchu.core import clock, facts
from danchu.core.text import TextRefused, clean_text
from danchu.residents import services as community
from danchu.residents.households import households_on
from danchu.residents.models import Household
from danchu.residents.models import Status as DecisionStatus
from danchu.residents.rules import Form, Matter, Proposer
from danchu.units.models import AdminUnit, Level
from danchu.villages import permissions, rules
from danchu.villages.models import (
    Candidate,
    Charter,
    CharterReview,
    CharterStatus,
    Dismissal,
    DismissalGround,
    DismissalRequest,
    Election,
    ElectionStatus,
    HeadTerm,
    ReviewCycle,
    StepRecord,
)
from danchu.villages.rules import ElectionStep


class VillageError(Exception):
    """A refused step: every problem in Vietnamese, each naming its rule where there is one."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


def _require(ok: bool) -> None:
    if not ok:
        raise PermissionDenied


def _clean(value: str, label: str, problems: list[str], *, multiline: bool = False,
           max_length: int = 5000, required: bool = True) -> str:  # fmt: skip
    try:
        cleaned = clean_text(value or "", max_length=max_length, multiline=multiline)
    except TextRefused as refused:
        problems.append(f"{label}: {refused}")
        return ""
    if required and not cleaned:
        problems.append(f"{label}: không được để trống.")
    return cleaned


def _names(values: Sequence[str], label: str, problems: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        name = _clean(value, label, problems, max_length=200, required=False)
        if name:
            out.append(name)
    return out


def _file_problems(file: Any, label: str) -> list[str]:
    if file is None:
        return []
    from danchu.disclosures.uploads import file_problems

    return file_problems(file, label)


def _event_day(
    on: dt.date | None, reason: str, evidence: Any, label: str, problems: list[str]
) -> dt.date:
    today = clock.today()
    problems += facts.event_day_problems(
        on=on, today=today, reason=reason, has_evidence=evidence is not None, label=label
    )
    return on or today


def _village(village: AdminUnit) -> None:
    if village.level != Level.VILLAGE or village.parent is None:
        raise VillageError("Chọn một thôn, tổ dân phố.")


def _as_village_error(error: community.DecisionError) -> VillageError:
    return VillageError(error.problems)


def _actor_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --------------------------------------------------------------------------------------------
# LD13 — the election and its steps
# --------------------------------------------------------------------------------------------


def create_election(
    *,
    actor: Any,
    village: AdminUnit,
    election_on: dt.date,
    place: str = "",
    after_dismissal: Dismissal | None = None,
    reason: str = "",
) -> Election:
    """LD13: the commune plans an election for ``village`` on ``election_on``. The community
    decision of matter 4 is proposed at once (the Front committee's agreement is its candidate
    list) with the meeting form. An election already under way or held when the platform is told
    (a past day) needs a reason; its steps are then recorded back-dated with evidence."""
    _village(village)
    _require(permissions.can_run_election(actor, village))
    commune = permissions.commune_of(village)
    problems: list[str] = []
    today = clock.today()
    if election_on < today and not reason.strip():
        problems.append(
            f"Ngày bầu {election_on:%d/%m/%Y} đã qua: chọn một ngày từ hôm nay, hoặc nêu lý do "
            "ghi lại một cuộc bầu đã diễn ra."
        )
    reason = _clean(reason, "Lý do", problems, multiline=True, required=False)
    place = _clean(place, "Địa điểm", problems, max_length=200, required=False)
    if after_dismissal is not None:
        if after_dismissal.village_id != village.pk or after_dismissal.decided_on is None:
            problems.append("Việc cho thôi làm trưởng thôn này chưa được quyết định ở thôn này.")
        elif hasattr(after_dismissal, "new_election"):
            problems.append("Việc cho thôi làm trưởng thôn này đã có cuộc bầu mới.")
    if Election.objects.filter(
        village=village, status__in=[ElectionStatus.PREPARING, ElectionStatus.ELECTED]
    ).exists():
        problems.append(f"{village.name} đang có một cuộc bầu trưởng thôn chưa xong.")
    if problems:
        raise VillageError(problems)
    with transaction.atomic():
        try:
            decision = community.propose(
                actor=actor,
                commune=commune,
                village=village,
                matter=Matter.VILLAGE_HEAD,
                title=f"Bầu trưởng thôn {village.name} ngày {election_on:%d/%m/%Y}",
                content=f"Bầu trưởng thôn {village.name} theo Nghị định 59/2023/NĐ-CP, Điều 6–8.",
                proposer=Proposer.VILLAGE_HEAD,
                front_agreed=True,
            )
            community.choose_form(actor=actor, decision=decision, form=Form.MEETING)
        except community.DecisionError as error:
            raise _as_village_error(error) from error
        election = Election.objects.create(
            commune=commune,
            village=village,
            election_on=election_on,
            place=place,
            decision=decision,
            after_dismissal=after_dismissal,
            created_by=_actor_user(actor),
            created_at=clock.now(),
        )
        log(actor=actor, action="villages.election.created", target=election, unit=village,
            changes={"election_on": election_on.isoformat(), "decision": decision.pk,
                     **({"reason": reason} if election_on < today else {})})  # fmt: skip
    return election


def record_step(
    *,
    actor: Any,
    election: Election,
    step: ElectionStep,
    on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
    evidence_note: str = "",
    document_ref: str = "",
    names: Sequence[str] = (),
) -> StepRecord:
    """LD13: a step as it happened. The team decision carries its members, the candidate list
    (Form 05) at least one candidate, who become the candidates of the vote. A step done after
    its due day is recorded and shown late; nothing is recorded for a day still to come."""
    _require(permissions.can_run_election(actor, election.village))
    problems: list[str] = []
    if election.status != ElectionStatus.PREPARING:
        problems.append("Cuộc bầu đã diễn ra: không ghi thêm bước chuẩn bị.")
    if election.steps.filter(step=step).exists():
        problems.append(f"Bước «{rules.STEP_TITLE[step]}» đã được ghi.")
    done = _event_day(on, reason, evidence, "Ngày thực hiện", problems)
    if done > election.election_on:
        problems.append("Bước chuẩn bị phải trước ngày bầu.")
    reason = _clean(reason, "Lý do ghi lùi ngày", problems, multiline=True, required=False)
    evidence_note = _clean(evidence_note, "Ghi chú minh chứng", problems, multiline=True,
                           required=False)  # fmt: skip
    document_ref = _clean(document_ref, "Số văn bản", problems, max_length=100, required=False)
    listed = _names(names, "Họ tên", problems)
    if step is ElectionStep.CANDIDATES:
        problems += [str(p) for p in rules.candidate_problems(listed)]
    if step is ElectionStep.TEAM and not listed:
        problems.append("Ghi các thành viên Tổ bầu cử (mỗi dòng một người) — LD13")
    if evidence is None and not evidence_note and not document_ref:
        problems.append("Ghi số văn bản, tải tệp minh chứng hoặc ghi chú minh chứng.")
    problems += _file_problems(evidence, "Minh chứng")
    if problems:
        raise VillageError(problems)
    today = clock.today()
    with transaction.atomic():
        record = StepRecord(
            election=election,
            step=step,
            done_on=done,
            recorded_on=today,
            reason=reason if done != today else "",
            document_ref=document_ref,
            names="\n".join(listed),
            evidence_note=evidence_note,
        )
        if evidence is not None:
            record.evidence = evidence
        record.save()
        if step is ElectionStep.CANDIDATES:
            Candidate.objects.bulk_create([Candidate(election=election, name=n) for n in listed])
        late = rules.step_problems(step, done, election.election_on)
        log(actor=actor, action="villages.election.step", target=election, unit=election.village,
            changes={"step": step.value, "on": done.isoformat(), "names": len(listed),
                     "late": [str(p) for p in late],
                     **({"reason": reason} if done != today else {})})  # fmt: skip
    return record


def record_vote(
    *,
    actor: Any,
    election: Election,
    present: int,
    votes: Mapping[int, int],
    secretary: str,
    witnesses: Sequence[str],
    counting_board: Sequence[str] = (),
    notice_on: dt.date | None = None,
    reason: str = "",
) -> Election:
    """LD13 with LD4 and LD7: the meeting on the election day. Votes per candidate (one per
    household present); the community decision records the top candidate's votes as "agree" and
    the others' as "disagree", so residents' count decides: elected with more than half of all
    the village's households in force that day. Secret ballot, counting board of 3–5, two
    household witnesses (residents' checks)."""
    _require(permissions.can_run_election(actor, election.village))
    problems: list[str] = []
    today = clock.today()
    if election.status != ElectionStatus.PREPARING:
        problems.append("Cuộc bầu này đã có kết quả.")
    if today < election.election_on:
        problems.append(f"Chưa đến ngày bầu ({election.election_on:%d/%m/%Y}).")
    candidates = list(election.candidates.all())
    if not candidates:
        problems.append("Chưa có danh sách người ứng cử (Mẫu 05) — LD13")
    unknown = set(votes) - {c.pk for c in candidates}
    if unknown:
        problems.append("Có người không thuộc danh sách ứng cử.")
    households = households_on(election.village, election.election_on)
    by_name = {c.name: votes.get(c.pk, 0) for c in candidates}
    if candidates:
        problems += rules.vote_problems(by_name, present=present, households=households)
    if problems:
        raise VillageError(problems)
    result = rules.election_result(by_name, present=present, households=households)
    agree = result.top_votes
    disagree = sum(by_name.values()) - agree
    with transaction.atomic():
        try:
            community.record_meeting(
                actor=actor,
                decision=election.decision,
                held_on=election.election_on,
                place=election.place or election.village.name,
                notice_on=_step_day(election, ElectionStep.NOTICE),
                secretary=secretary,
                counting_board=counting_board,
                witnesses=witnesses,
                secret_ballot=True,
                present=present,
                agree=agree,
                disagree=disagree,
                reason=reason,
            )
        except community.DecisionError as error:
            raise _as_village_error(error) from error
        for c in candidates:
            c.votes = votes.get(c.pk, 0)
        Candidate.objects.bulk_update(candidates, ["votes"])
        election.elected_name = result.elected or ""
        election.status = ElectionStatus.ELECTED if result.elected else ElectionStatus.NOT_ELECTED
        election.save(update_fields=["elected_name", "status"])
        log(actor=actor, action="villages.election.voted", target=election, unit=election.village,
            changes={"households": households, "present": present, "votes": by_name,
                     "elected": result.elected, "why": result.outcome.why})  # fmt: skip
    return election


def _step_day(election: Election, step: ElectionStep) -> dt.date | None:
    record = next((s for s in election.steps.all() if s.step == step), None)
    return record.done_on if record is not None else None


def issue_record(
    *, actor: Any, election: Election, discussed: str, signed_by: Sequence[str]
) -> Any:
    """Art. 20.2: the record of the election (residents' decision record), issued."""
    _require(permissions.can_run_election(actor, election.village))
    if election.status != ElectionStatus.ELECTED:
        raise VillageError("Chỉ lập văn bản khi đã bầu được trưởng thôn.")
    decided = f"Ông/bà {election.elected_name} trúng cử trưởng thôn {election.village.name}."
    with transaction.atomic():
        try:
            doc = community.issue_record(actor=actor, decision=election.decision,
                                         discussed=discussed, decided=decided,
                                         signed_by=signed_by)  # fmt: skip
        except community.DecisionError as error:
            raise _as_village_error(error) from error
        log(actor=actor, action="villages.election.record", target=election,
            unit=election.village, changes={"document": doc.pk})  # fmt: skip
    return doc


def send_result(
    *, actor: Any, election: Election, on: dt.date | None = None, reason: str = ""
) -> Election:
    """LD13: the result sent to the commune (residents' sending, within 5 working days)."""
    _require(permissions.can_run_election(actor, election.village))
    with transaction.atomic():
        try:
            community.send_to_commune(actor=actor, decision=election.decision, on=on,
                                      reason=reason)  # fmt: skip
        except community.DecisionError as error:
            raise _as_village_error(error) from error
        log(actor=actor, action="villages.election.sent", target=election, unit=election.village)
    return election


def recognise_head(
    *,
    actor: Any,
    election: Election,
    recognised: bool,
    reasons: str = "",
    on: dt.date | None = None,
    backdate_reason: str = "",
    term_ends_on: dt.date | None = None,
) -> Any:
    """LD13: the chairman recognises the elected head (or refuses in writing), within 5 working
    days of receipt; the decision is issued through residents' answer. On recognition the head's
    term starts (30 months unless another end day is given) and the previous head, elected or
    interim, leaves office the day before."""
    _require(permissions.can_recognise(actor, election.village))
    if election.status != ElectionStatus.ELECTED:
        raise VillageError("Cuộc bầu này không chờ công nhận.")
    with transaction.atomic():
        try:
            doc = community.answer(actor=actor, decision=election.decision, recognised=recognised,
                                   reasons=reasons, on=on,
                                   backdate_reason=backdate_reason)  # fmt: skip
        except community.DecisionError as error:
            raise _as_village_error(error) from error
        decision = election.decision
        day = decision.answered_on or clock.today()
        if recognised:
            ends = term_ends_on or rules.term_ends_on(day)
            if ends <= day:
                raise VillageError("Ngày hết nhiệm kỳ phải sau ngày công nhận.")
            HeadTerm.objects.filter(village=election.village, ended_on__isnull=True).update(
                ended_on=day - dt.timedelta(days=1)
            )
            HeadTerm.objects.create(
                village=election.village,
                name=election.elected_name,
                election=election,
                started_on=day,
                ends_on=ends,
            )
        election.status = ElectionStatus.RECOGNISED if recognised else ElectionStatus.REFUSED
        election.save(update_fields=["status"])
        log(actor=actor, action="villages.election.answered", target=election,
            unit=election.village, changes={"recognised": recognised, "on": day.isoformat(),
                                            "document": doc.pk})  # fmt: skip
    return doc


def record_head(
    *, actor: Any, village: AdminUnit, name: str, started_on: dt.date, ends_on: dt.date | None,
    reason: str,
) -> HeadTerm:  # fmt: skip
    """The head in office before the platform (from the register): typed once with a reason."""
    _village(village)
    _require(permissions.can_run_election(actor, village))
    problems: list[str] = []
    name = _clean(name, "Họ tên", problems, max_length=200)
    reason = _clean(reason, "Lý do", problems, multiline=True)
    if started_on > clock.today():
        problems.append("Ngày bắt đầu chưa đến.")
    if ends_on is not None and ends_on <= started_on:
        problems.append("Ngày hết nhiệm kỳ phải sau ngày bắt đầu.")
    if HeadTerm.objects.filter(village=village, ended_on__isnull=True).exists():
        problems.append(f"{village.name} đã có trưởng thôn đương nhiệm.")
    if problems:
        raise VillageError(problems)
    with transaction.atomic():
        term = HeadTerm.objects.create(
            village=village, name=name, started_on=started_on, ends_on=ends_on
        )
        log(actor=actor, action="villages.head.recorded", target=term, unit=village,
            changes={"name": name, "from": started_on.isoformat(), "reason": reason})  # fmt: skip
    return term


# --------------------------------------------------------------------------------------------
# LD13 — dismissal, the interim head, the new election within 60 days
# --------------------------------------------------------------------------------------------


def current_term(village: AdminUnit) -> HeadTerm | None:
    return (
        HeadTerm.objects.filter(village=village, ended_on__isnull=True)
        .order_by("-started_on", "-pk")
        .first()
    )


def open_dismissal(
    *, actor: Any, village: AdminUnit, ground: DismissalGround, ground_text: str = ""
) -> Dismissal:
    """LD13: a dismissal of the head in office, on the households' requests or other grounds
    (stated)."""
    _village(village)
    _require(permissions.can_run_election(actor, village))
    problems: list[str] = []
    term = current_term(village)
    if term is None or term.interim:
        problems.append(f"{village.name} không có trưởng thôn đương nhiệm được bầu.")
    ground_text = _clean(ground_text, "Căn cứ", problems, multiline=True,
                         required=ground is DismissalGround.OTHER)  # fmt: skip
    if term is not None and Dismissal.objects.filter(term=term, decided_on__isnull=True).exists():
        problems.append("Đang có một việc cho thôi làm trưởng thôn chưa xong.")
    if problems:
        raise VillageError(problems)
    assert term is not None
    with transaction.atomic():
        dismissal = Dismissal.objects.create(
            village=village,
            term=term,
            ground=ground,
            ground_text=ground_text,
            opened_on=clock.today(),
            created_at=clock.now(),
        )
        log(actor=actor, action="villages.dismissal.opened", target=dismissal, unit=village,
            changes={"ground": ground.value})  # fmt: skip
    return dismissal


def add_request(*, actor: Any, dismissal: Dismissal, household: Household) -> DismissalRequest:
    """LD13: a household of the village, in force today, asks for the dismissal (once)."""
    _require(permissions.can_run_election(actor, dismissal.village))
    today = clock.today()
    problems: list[str] = []
    if dismissal.decided_on is not None:
        problems.append("Việc này đã được quyết định.")
    if household.village_id != dismissal.village_id or not household.in_force_on(today):
        problems.append("Hộ này không thuộc thôn vào hôm nay — LD13")
    if dismissal.requests.filter(household=household).exists():
        problems.append("Hộ này đã có kiến nghị.")
    if problems:
        raise VillageError(problems)
    with transaction.atomic():
        request = DismissalRequest.objects.create(
            dismissal=dismissal, household=household, recorded_on=today
        )
        log(actor=actor, action="villages.dismissal.request", target=dismissal,
            unit=dismissal.village, changes={"household": household.pk})  # fmt: skip
    return request


def request_counts(dismissal: Dismissal, on: dt.date) -> dict[str, Any]:
    """LD13: requesting households still in force on ``on`` against the households in force."""
    households = households_on(dismissal.village, on)
    requesters = (
        dismissal.requests.filter(household__village=dismissal.village)
        .filter(household__in=Household.objects.in_force(on))
        .count()
    )
    return {
        "households": households,
        "requesters": requesters,
        "needed": rules.dismissal_requesters_needed(households),
        "started": rules.dismissal_started(requesters, households),
    }


def decide_dismissal(
    *,
    actor: Any,
    dismissal: Dismissal,
    interim_name: str,
    on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
) -> Dismissal:
    """LD13: the head leaves office (on ≥ 50% of households' requests counted today, or on the
    stated other grounds); the chairman names an interim head; a new election is due within 60
    days (shown on the calendar and the home page)."""
    _require(permissions.can_recognise(actor, dismissal.village))
    problems: list[str] = []
    if dismissal.decided_on is not None:
        problems.append("Việc này đã được quyết định.")
    day = _event_day(on, reason, evidence, "Ngày quyết định", problems)
    interim_name = _clean(interim_name, "Trưởng thôn lâm thời", problems, max_length=200)
    counts = request_counts(dismissal, day)
    if dismissal.ground == DismissalGround.HOUSEHOLDS and not counts["started"]:
        problems.append(
            f"Mới có {counts['requesters']}/{counts['households']} hộ kiến nghị, cần ít nhất 50% "
            f"tổng số hộ ({counts['needed']} hộ) — LD13"
        )
    if evidence is None and not reason.strip() and dismissal.ground == DismissalGround.OTHER:
        problems.append("Ghi lý do hoặc tải quyết định cho thôi làm trưởng thôn.")
    reason = _clean(reason, "Lý do", problems, multiline=True, required=False)
    problems += _file_problems(evidence, "Minh chứng")
    if problems:
        raise VillageError(problems)
    with transaction.atomic():
        dismissal.decided_on = day
        dismissal.decided_reason = reason
        dismissal.households_counted = counts["households"]
        dismissal.requesters_counted = counts["requesters"]
        dismissal.interim_name = interim_name
        if evidence is not None:
            dismissal.evidence = evidence
        dismissal.save()
        term = dismissal.term
        term.ended_on = day
        term.save(update_fields=["ended_on"])
        due = rules.new_election_due(day)
        HeadTerm.objects.create(
            village=dismissal.village,
            name=interim_name,
            interim=True,
            started_on=day,
            ends_on=due.due,
        )
        log(actor=actor, action="villages.dismissal.decided", target=dismissal,
            unit=dismissal.village, changes={"on": day.isoformat(), "interim": interim_name,
                                             "new_election_due": due.due.isoformat(),
                                             **{k: v for k, v in counts.items()}})  # fmt: skip
    return dismissal


# --------------------------------------------------------------------------------------------
# LD14 — the charter
# --------------------------------------------------------------------------------------------


def create_draft(
    *,
    actor: Any,
    village: AdminUnit,
    title: str,
    text: str,
    file: Any = None,
    replaces: Charter | None = None,
) -> Charter:
    """LD14: a draft charter of the village; an amendment names the version in force it
    replaces and takes the next version number."""
    _village(village)
    _require(permissions.can_run_charter(actor, village))
    problems: list[str] = []
    title = _clean(title, "Tên hương ước", problems, max_length=300)
    text = _clean(text, "Nội dung", problems, multiline=True, max_length=200000)
    problems += _file_problems(file, "Tệp dự thảo")
    if replaces is not None and (
        replaces.village_id != village.pk or replaces.status != CharterStatus.IN_FORCE
    ):
        problems.append("Chỉ sửa đổi hương ước đang có hiệu lực của thôn này.")
    open_draft = Charter.objects.filter(
        village=village,
        status__in=[CharterStatus.DRAFT, CharterStatus.POSTED, CharterStatus.VOTING,
                    CharterStatus.ADOPTED],
    ).exists()  # fmt: skip
    if open_draft:
        problems.append(f"{village.name} đang có một dự thảo hương ước chưa xong.")
    if problems:
        raise VillageError(problems)
    last = Charter.objects.filter(village=village).order_by("-version").first()
    with transaction.atomic():
        charter = Charter(
            commune=permissions.commune_of(village),
            village=village,
            title=title,
            text=text,
            version=(last.version + 1) if last else 1,
            replaces=replaces,
            created_by=_actor_user(actor),
            created_at=clock.now(),
        )
        if file is not None:
            charter.file = file
        charter.save()
        log(actor=actor, action="villages.charter.drafted", target=charter, unit=village,
            changes={"version": charter.version,
                     "replaces": replaces.pk if replaces else None})  # fmt: skip
    return charter


def post_draft(
    *,
    actor: Any,
    charter: Charter,
    place: str,
    on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
) -> Charter:
    """LD14: the draft posted for residents' opinions (≥ 30 days before the vote)."""
    _require(permissions.can_run_charter(actor, charter.village))
    problems: list[str] = []
    if charter.status != CharterStatus.DRAFT:
        problems.append("Dự thảo này đã được niêm yết.")
    day = _event_day(on, reason, evidence, "Ngày niêm yết", problems)
    place = _clean(place, "Nơi niêm yết", problems, max_length=200)
    reason = _clean(reason, "Lý do ghi lùi ngày", problems, multiline=True, required=False)
    problems += _file_problems(evidence, "Minh chứng")
    if problems:
        raise VillageError(problems)
    with transaction.atomic():
        charter.posted_on = day
        charter.posted_place = place
        charter.posted_reason = reason if day != clock.today() else ""
        if evidence is not None:
            charter.posted_evidence = evidence
        charter.status = CharterStatus.POSTED
        charter.save()
        log(actor=actor, action="villages.charter.posted", target=charter, unit=charter.village,
            changes={"on": day.isoformat(), "place": place,
                     "earliest_vote": rules.earliest_adoption(day).isoformat()})  # fmt: skip
    return charter


def put_to_community(*, actor: Any, charter: Charter) -> Charter:
    """LD14: the charter proposed to the community (matter 3, at a meeting) once it has been
    posted; the meeting itself may be held only after 30 days of posting."""
    _require(permissions.can_run_charter(actor, charter.village))
    if charter.status != CharterStatus.POSTED:
        raise VillageError("Chỉ đưa ra cộng đồng dự thảo đã niêm yết — LD14")
    with transaction.atomic():
        try:
            decision = community.propose(
                actor=actor,
                commune=charter.commune,
                village=charter.village,
                matter=Matter.CHARTER,
                title=f"{charter.title} (phiên bản {charter.version})",
                content=charter.text,
                proposer=Proposer.VILLAGE_HEAD,
                front_agreed=True,
            )
            community.choose_form(actor=actor, decision=decision, form=Form.MEETING)
        except community.DecisionError as error:
            raise _as_village_error(error) from error
        charter.decision = decision
        charter.status = CharterStatus.VOTING
        charter.save(update_fields=["decision", "status"])
        log(actor=actor, action="villages.charter.put", target=charter, unit=charter.village,
            changes={"decision": decision.pk})  # fmt: skip
    return charter


def _sync_after_count(charter: Charter) -> None:
    decision = charter.decision
    assert decision is not None
    decision.refresh_from_db()
    if decision.status == DecisionStatus.HELD:
        charter.status = CharterStatus.ADOPTED
    elif decision.status == DecisionStatus.NOT_PASSED:
        charter.status = CharterStatus.NOT_ADOPTED
    charter.save(update_fields=["status"])


def record_charter_meeting(
    *,
    actor: Any,
    charter: Charter,
    held_on: dt.date | None = None,
    place: str,
    notice_on: dt.date | None,
    documents_on: dt.date | None,
    secretary: str,
    witnesses: Sequence[str],
    present: int,
    agree: int,
    disagree: int = 0,
    reason: str = "",
) -> Charter:
    """LD14: the meeting that adopts the charter, at least 30 days after the posting: more than
    half of all households present, more than half of all households agreeing (residents'
    count). Too thin a meeting leaves the charter "not adopted" with a household ballot offered
    (:func:`ballot_after_thin_meeting`)."""
    _require(permissions.can_run_charter(actor, charter.village))
    problems: list[str] = []
    if charter.status != CharterStatus.VOTING or charter.decision is None:
        raise VillageError("Hương ước này không chờ cuộc họp.")
    day = held_on or clock.today()
    problems += [str(p) for p in rules.posting_problems(charter.posted_on, day)]
    if problems:
        raise VillageError(problems)
    with transaction.atomic():
        try:
            community.record_meeting(
                actor=actor,
                decision=charter.decision,
                held_on=held_on,
                place=place,
                notice_on=notice_on,
                documents_on=documents_on,
                secretary=secretary,
                witnesses=witnesses,
                present=present,
                agree=agree,
                disagree=disagree,
                reason=reason,
            )
        except community.DecisionError as error:
            raise _as_village_error(error) from error
        _sync_after_count(charter)
        log(actor=actor, action="villages.charter.meeting", target=charter, unit=charter.village,
            changes={"status": charter.status, "present": present, "agree": agree})  # fmt: skip
    return charter


def ballot_after_thin_meeting(*, actor: Any, charter: Charter) -> Charter:
    """LD14 (Art. 19.1.b): a meeting with not more than half of the households present is
    followed by a household ballot: residents' new decision, which the charter now follows."""
    _require(permissions.can_run_charter(actor, charter.village))
    decision = charter.decision
    if charter.status != CharterStatus.NOT_ADOPTED or decision is None:
        raise VillageError("Chỉ phát phiếu sau một cuộc họp không đạt — LD14")
    if decision.rule != "LD14":
        raise VillageError(
            "Cuộc họp đủ số hộ dự nhưng không đủ số hộ đồng ý: hương ước không được thông qua; "
            "sửa dự thảo và đưa ra lại — LD14"
        )
    with transaction.atomic():
        try:
            ballot = community.ballot_after_thin_meeting(actor=actor, decision=decision)
        except community.DecisionError as error:
            raise _as_village_error(error) from error
        charter.decision = ballot
        charter.status = CharterStatus.VOTING
        charter.save(update_fields=["decision", "status"])
        log(actor=actor, action="villages.charter.to_ballot", target=charter,
            unit=charter.village, changes={"decision": ballot.pk})  # fmt: skip
    return charter


def sync_charter(*, actor: Any, charter: Charter) -> Charter:
    """LD14: after a household ballot counted in residents' pages, the charter follows the
    decision's result (adopted or not)."""
    _require(permissions.can_run_charter(actor, charter.village))
    if charter.status != CharterStatus.VOTING or charter.decision is None:
        return charter
    with transaction.atomic():
        before = charter.status
        _sync_after_count(charter)
        if charter.status != before:
            log(actor=actor, action="villages.charter.counted", target=charter,
                unit=charter.village, changes={"status": charter.status})  # fmt: skip
    return charter


def issue_charter_record(
    *, actor: Any, charter: Charter, discussed: str, signed_by: Sequence[str]
) -> Any:
    """Art. 20.2: the record of the adoption (residents' decision record), issued."""
    _require(permissions.can_run_charter(actor, charter.village))
    if charter.status != CharterStatus.ADOPTED or charter.decision is None:
        raise VillageError("Chỉ lập văn bản khi hương ước đã được thông qua.")
    with transaction.atomic():
        try:
            doc = community.issue_record(
                actor=actor,
                decision=charter.decision,
                discussed=discussed,
                decided=f"Thông qua {charter.title} (phiên bản {charter.version}).",
                signed_by=signed_by,
            )
        except community.DecisionError as error:
            raise _as_village_error(error) from error
        log(actor=actor, action="villages.charter.record", target=charter, unit=charter.village,
            changes={"document": doc.pk})  # fmt: skip
    return doc


def send_charter(
    *, actor: Any, charter: Charter, on: dt.date | None = None, reason: str = ""
) -> Charter:
    """LD14: the file sent to the commune (due within 5 working days of adoption)."""
    _require(permissions.can_run_charter(actor, charter.village))
    if charter.decision is None:
        raise VillageError("Hương ước chưa được đưa ra cộng đồng.")
    with transaction.atomic():
        try:
            community.send_to_commune(actor=actor, decision=charter.decision, on=on,
                                      reason=reason)  # fmt: skip
        except community.DecisionError as error:
            raise _as_village_error(error) from error
        log(actor=actor, action="villages.charter.sent", target=charter, unit=charter.village)
    return charter


def recognise_charter(
    *,
    actor: Any,
    charter: Charter,
    recognised: bool,
    reasons: str = "",
    on: dt.date | None = None,
    backdate_reason: str = "",
) -> Any:
    """LD14: the commune recognises the charter (or refuses in writing) within 5 working days of
    receipt, through residents' answer (issued); recognised, it is in force from that day and
    the version it replaces stops the day before."""
    _require(permissions.can_recognise(actor, charter.village))
    if charter.status != CharterStatus.ADOPTED or charter.decision is None:
        raise VillageError("Hương ước này không chờ công nhận.")
    with transaction.atomic():
        try:
            doc = community.answer(actor=actor, decision=charter.decision, recognised=recognised,
                                   reasons=reasons, on=on,
                                   backdate_reason=backdate_reason)  # fmt: skip
        except community.DecisionError as error:
            raise _as_village_error(error) from error
        decision = charter.decision
        if recognised:
            day = rules.charter_in_force_from(decision.answered_on) or clock.today()
            old = Charter.objects.filter(
                village=charter.village, status=CharterStatus.IN_FORCE
            ).first()
            if old is not None:
                old.status = CharterStatus.REPLACED
                old.in_force_to = day - dt.timedelta(days=1)
                old.save(update_fields=["status", "in_force_to"])
            charter.in_force_from = day
            charter.status = CharterStatus.IN_FORCE
        else:
            charter.status = CharterStatus.REFUSED
        charter.save(update_fields=["in_force_from", "status"])
        log(actor=actor, action="villages.charter.answered", target=charter,
            unit=charter.village, changes={"recognised": recognised,
                                           "document": doc.pk})  # fmt: skip
    return doc


# --------------------------------------------------------------------------------------------
# QD5 — review on the commune's cycle
# --------------------------------------------------------------------------------------------


def set_review_cycle(*, actor: Any, commune: AdminUnit, years: int) -> ReviewCycle:
    """QD5: the commune sets how often its villages review their charters."""
    _require(permissions.runs_commune(actor, commune))
    problems = [str(p) for p in rules.review_cycle_problems(years)]
    if problems:
        raise VillageError(problems)
    with transaction.atomic():
        cycle, _ = ReviewCycle.objects.update_or_create(commune=commune, defaults={"years": years})
        log(actor=actor, action="villages.review_cycle.set", target=cycle, unit=commune,
            changes={"years": years})  # fmt: skip
    return cycle


def record_review(
    *,
    actor: Any,
    charter: Charter,
    finding: str,
    on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
) -> CharterReview:
    """QD5: the village reviewed its charter in force; the next review is due a cycle later."""
    _require(permissions.can_run_charter(actor, charter.village))
    problems: list[str] = []
    if charter.status != CharterStatus.IN_FORCE:
        problems.append("Chỉ rà soát hương ước đang có hiệu lực — QD5")
    day = _event_day(on, reason, evidence, "Ngày rà soát", problems)
    finding = _clean(finding, "Kết quả rà soát", problems, multiline=True)
    reason = _clean(reason, "Lý do ghi lùi ngày", problems, multiline=True, required=False)
    problems += _file_problems(evidence, "Minh chứng")
    if charter.in_force_from is not None and day < charter.in_force_from:
        problems.append("Ngày rà soát trước ngày hương ước có hiệu lực.")
    if problems:
        raise VillageError(problems)
    with transaction.atomic():
        review = CharterReview(charter=charter, reviewed_on=day, finding=finding,
                               reason=reason if day != clock.today() else "")  # fmt: skip
        if evidence is not None:
            review.evidence = evidence
        review.save()
        charter.reviewed_on = max(day, charter.reviewed_on or day)
        charter.save(update_fields=["reviewed_on"])
        log(actor=actor, action="villages.charter.reviewed", target=charter,
            unit=charter.village, changes={"on": day.isoformat()})  # fmt: skip
    return review
