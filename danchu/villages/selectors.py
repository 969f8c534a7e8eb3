"""Reads shared by pages, the API and the home page: elections and charters a user may see, and
their steps on the legal calendar (LD13, LD14, QD5), judged from recorded facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.core import facts
from danchu.residents.rules import StepState, step_state
from danchu.villages import permissions, rules
from danchu.villages.models import Charter, CharterStatus, Dismissal, Election, HeadTerm
from danchu.villages.rules import ElectionStep


@dataclass(frozen=True)
class Step:
    rule: str
    title: str
    due: dt.date
    done_on: dt.date | None
    state: StepState
    why: str
    backdated: bool = False


def _visible(user: Any, qs: QuerySet[Any], unit_field: str = "commune") -> QuerySet[Any]:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    scoped = access.scope(user, qs.model.objects.all(), unit_field=unit_field, cap=Cap.VIEW_UNIT)
    condition = Q(pk__in=scoped.values("pk"))
    headed = permissions.headed_villages(user)
    if headed:
        condition |= Q(village_id__in=headed)
    return qs.filter(condition)


def elections(user: Any) -> QuerySet[Election]:
    return _visible(user, Election.objects.select_related("village", "commune", "decision"))


def charters(user: Any) -> QuerySet[Charter]:
    return _visible(user, Charter.objects.select_related("village", "commune", "decision"))


def heads(user: Any) -> QuerySet[HeadTerm]:
    return _visible(
        user, HeadTerm.objects.select_related("village", "village__parent"), "village__parent"
    )


def dismissals(user: Any) -> QuerySet[Dismissal]:
    return _visible(user, Dismissal.objects.select_related("village", "term"), "village__parent")


def election_steps(election: Election, today: dt.date) -> list[Step]:
    """LD13: the four steps before the day, the vote, sending and recognition."""
    done = {s.step: s for s in election.steps.all()}
    out: list[Step] = []
    for step in ElectionStep:
        deadline = rules.step_due(step, election.election_on)
        record = done.get(step.value)
        on = record.done_on if record is not None else None
        out.append(
            Step(
                "LD13",
                rules.STEP_TITLE[step],
                deadline.due,
                on,
                step_state(deadline.due, on, today),
                deadline.why,
                record.backdated if record is not None else False,
            )
        )
    decision = election.decision
    held = decision.held_on
    out.append(
        Step(
            "LD13",
            "Bầu tại cuộc họp cộng đồng dân cư",
            election.election_on,
            held,
            step_state(election.election_on, held, today),
            "Bầu trưởng thôn tại cuộc họp; người trúng cử có quá 1/2 tổng số hộ của thôn bầu "
            "— LD13, LD7",
        )
    )
    if decision.passed and held is not None:
        from danchu.residents.rules import decision_send_due

        send = decision_send_due(held)
        out.append(
            Step(
                "LD4",
                "Gửi kết quả bầu đến UBND xã",
                send.due,
                decision.sent_on,
                step_state(send.due, decision.sent_on, today),
                send.why,
            )
        )
    if decision.sent_on is not None:
        rec = rules.head_recognition_due(decision.sent_on)
        out.append(
            Step(
                "LD13",
                "Chủ tịch UBND xã công nhận trưởng thôn",
                rec.due,
                decision.answered_on,
                step_state(rec.due, decision.answered_on, today),
                rec.why,
            )
        )
    return out


def charter_steps(charter: Charter, today: dt.date) -> list[Step]:
    """LD14: posting (30 days, counting), the vote, sending, recognition; QD5 the review."""
    out: list[Step] = []
    if charter.posted_on is not None:
        earliest = rules.earliest_adoption(charter.posted_on)
        decision = charter.decision
        voted = decision.held_on if decision is not None else None
        state = facts.period_state(charter.posted_on, earliest - dt.timedelta(days=1), today)
        out.append(
            Step(
                "LD14",
                "Niêm yết dự thảo ít nhất 30 ngày "
                f"(đã {rules.posted_days(charter.posted_on, today)} ngày)",
                earliest,
                voted if voted is not None else None,
                StepState.MET if state == facts.PeriodState.MET else StepState.IN_PROGRESS,
                f"Dự thảo niêm yết từ {charter.posted_on:%d/%m/%Y}; họp hoặc phát phiếu sớm "
                f"nhất ngày {earliest:%d/%m/%Y} — LD14",
                bool(charter.posted_reason),
            )
        )
    decision = charter.decision
    if decision is not None and decision.passed and decision.held_on is not None:
        send = rules.charter_send_due(decision.held_on)
        out.append(
            Step(
                "LD14",
                "Gửi hồ sơ đề nghị công nhận đến UBND xã",
                send.due,
                decision.sent_on,
                step_state(send.due, decision.sent_on, today),
                send.why,
            )
        )
    if decision is not None and decision.sent_on is not None:
        rec = rules.charter_recognition_due(decision.sent_on)
        out.append(
            Step(
                "LD14",
                "UBND xã công nhận hương ước",
                rec.due,
                decision.answered_on,
                step_state(rec.due, decision.answered_on, today),
                rec.why,
            )
        )
    return out


def review_due(charter: Charter, years: int) -> dt.date | None:
    """QD5: the next review of a charter in force on the commune's cycle."""
    since = charter.reviewed_on or charter.in_force_from
    if since is None or charter.status != CharterStatus.IN_FORCE:
        return None
    return rules.review_due(since, years)


def review_years(commune_ids: list[int]) -> dict[int, int]:
    """QD5: each commune's cycle (5 years unless it set another), in one query."""
    from danchu.villages.models import ReviewCycle

    years = {cid: rules.DEFAULT_REVIEW_YEARS for cid in commune_ids}
    years.update(
        dict(
            ReviewCycle.objects.filter(commune_id__in=commune_ids).values_list(
                "commune_id", "years"
            )
        )
    )
    return years


def new_election_due(dismissal: Dismissal) -> dt.date | None:
    if dismissal.decided_on is None:
        return None
    return rules.new_election_due(dismissal.decided_on).due
