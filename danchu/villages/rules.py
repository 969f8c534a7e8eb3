"""Rules of village head elections (LD13; Decree 59/2023 Arts 6–9) and village charters (LD14,
Decree 61/2023; QD5 their review).

Plain Python: dates, numbers and small frozen dataclasses in, results out. The thresholds come
from :mod:`danchu.residents.rules` (the community decision they ride on: matter 4 for the
village head, matter 3 for the charter), never written again here. Time limits are counted by
:mod:`danchu.legalcal.deadlines` (TM1–TM4) and keep their rule ID and a Vietnamese "why".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from danchu.legalcal import deadlines
from danchu.legalcal.calendar import SwapTable
from danchu.legalcal.deadlines import Deadline
from danchu.residents import rules as community
from danchu.residents.rules import Form, Matter, Outcome

# --------------------------------------------------------------------------------------------
# LD13 — the steps before the election day (Decree 59 Art. 7)
# --------------------------------------------------------------------------------------------


class ElectionStep(StrEnum):
    """LD13: what must be done, and how many days before the election day at least."""

    PLAN = "plan"  # Quyết định và kế hoạch tổ chức bầu của Chủ tịch UBND xã
    CANDIDATES = "candidates"  # Biên bản danh sách người ứng cử (Mẫu 05) của Ban CTMT
    TEAM = "team"  # Quyết định thành lập Tổ bầu cử
    NOTICE = "notice"  # Thông báo công khai các quyết định


STEP_DAYS: dict[ElectionStep, int] = {
    ElectionStep.PLAN: 20,
    ElectionStep.CANDIDATES: 15,
    ElectionStep.TEAM: 10,
    ElectionStep.NOTICE: 7,
}
"""LD13: the chairman's decision and plan ≥ 20 days before, the Front working committee's
candidate list ≥ 15, the election team ≥ 10, the public notice ≥ 7."""

STEP_WHY: dict[ElectionStep, str] = {
    ElectionStep.PLAN: "Chủ tịch UBND xã ban hành quyết định và kế hoạch tổ chức bầu trưởng thôn "
    "chậm nhất 20 ngày trước ngày bầu — LD13",
    ElectionStep.CANDIDATES: "Ban công tác Mặt trận gửi biên bản danh sách người ứng cử (Mẫu 05, "
    "ít nhất 01 người) đến UBND xã chậm nhất 15 ngày trước ngày bầu — LD13",
    ElectionStep.TEAM: "Quyết định thành lập Tổ bầu cử chậm nhất 10 ngày trước ngày bầu — LD13",
    ElectionStep.NOTICE: "Thông báo công khai các quyết định chậm nhất 07 ngày trước ngày bầu "
    "— LD13",
}

STEP_TITLE: dict[ElectionStep, str] = {
    ElectionStep.PLAN: "Quyết định và kế hoạch tổ chức bầu của Chủ tịch UBND xã",
    ElectionStep.CANDIDATES: "Biên bản danh sách người ứng cử (Mẫu 05)",
    ElectionStep.TEAM: "Quyết định thành lập Tổ bầu cử",
    ElectionStep.NOTICE: "Thông báo công khai",
}


def step_due(step: ElectionStep, election_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD13: the latest day ``step`` may be done for an election on ``election_on`` (the
    election day is not counted, TM1; a day off moves the due day back, never forward:
    :data:`danchu.legalcal.deadlines.BEFORE_READING`)."""
    return deadlines.before(
        election_on, STEP_DAYS[step], rule="LD13", why=STEP_WHY[step], swaps=swaps
    )


def earliest_election_day(plan_on: dt.date) -> dt.date:
    """LD13: the first election day a plan of ``plan_on`` allows (20 whole days between)."""
    return plan_on + dt.timedelta(days=STEP_DAYS[ElectionStep.PLAN])


def step_problems(
    step: ElectionStep, done_on: dt.date, election_on: dt.date, swaps: SwapTable | None = None
) -> list[community.Problem]:
    """LD13: a step recorded for ``done_on`` is after its due day (it is still recorded: the
    calendar shows it late; this is the reason shown)."""
    due = step_due(step, election_on, swaps)
    if done_on <= due.due:
        return []
    return [
        community.Problem(
            "LD13",
            f"{STEP_TITLE[step]} ngày {done_on:%d/%m/%Y}: hạn chót {due.due:%d/%m/%Y} "
            f"({STEP_DAYS[step]:02d} ngày trước ngày bầu {election_on:%d/%m/%Y}).",
        )
    ]


CANDIDATES_MIN = 1
"""LD13 (Form 05): the candidate list has at least one candidate."""


def candidate_problems(names: list[str]) -> list[community.Problem]:
    """LD13: at least one candidate, each once."""
    problems = []
    if len(names) < CANDIDATES_MIN:
        problems.append(
            community.Problem("LD13", "Danh sách người ứng cử (Mẫu 05) phải có ít nhất 01 người.")
        )
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            problems.append(community.Problem("LD13", f"«{name}» có tên hai lần trong danh sách."))
        seen.add(name.casefold())
    return problems


# --------------------------------------------------------------------------------------------
# LD13 — the vote (a community decision of matter 4, counted by residents' rules)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElectionResult:
    """LD13: who is elected (or nobody), with the count of the community decision."""

    elected: str | None
    top_votes: int
    outcome: Outcome
    problems: tuple[community.Problem, ...] = ()


def vote_problems(votes: Mapping[str, int], *, present: int, households: int) -> list[str]:
    """LD4, LD13: one vote per household present: no negative count, the votes add up to at
    most those present, present at most the households of the village that day."""
    problems = []
    if households <= 0:
        problems.append("Thôn chưa có hộ nào vào ngày bầu: nhập sổ hộ trước — LD7")
    if present < 0 or any(v < 0 for v in votes.values()):
        problems.append("Số hộ, số phiếu không được âm.")
    if present > households:
        problems.append(f"Số hộ dự họp ({present}) lớn hơn tổng số hộ ({households}) — LD7")
    total = sum(votes.values())
    if total > present:
        problems.append(f"Tổng số phiếu ({total}) lớn hơn số hộ dự họp ({present}) — LD4")
    if not votes:
        problems.append("Chưa có người ứng cử — LD13")
    return problems


def election_result(votes: Mapping[str, int], *, present: int, households: int) -> ElectionResult:
    """LD13 with LD7 (Art. 21): the candidate with the most votes is elected when those votes
    are more than half of *all* the village's households (residents' threshold for matter 4),
    which is also more than half of those present. Nobody else can reach it, so there is no tie
    to break. Inputs are assumed valid (:func:`vote_problems`)."""
    top_name, top = (None, 0)
    for name, n in votes.items():
        if n > top:
            top_name, top = name, n
    outcome = community.count_village(
        Matter.VILLAGE_HEAD, Form.MEETING, households=households, agree=top, present=present
    )
    return ElectionResult(top_name if outcome.passed else None, top, outcome)


RECOGNITION_WORKING_DAYS = community.RECOGNITION_WORKING_DAYS
"""LD13: the commune recognises the elected head within 5 working days (Decree 59 Art. 8)."""


def head_recognition_due(received_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD13: recognition of the village head within 5 working days of receiving the result."""
    return deadlines.after(
        received_on,
        RECOGNITION_WORKING_DAYS,
        working=True,
        rule="LD13",
        why="Chủ tịch UBND xã ra quyết định công nhận trưởng thôn trong 05 ngày làm việc kể từ "
        "ngày nhận kết quả bầu — LD13",
        swaps=swaps,
    )


TERM_MONTHS = 30
"""Design choice (Decree 59 Art. 6 sets the village head's term at 2.5 years, 5 for those in a
longer cycle set by the province): the term shown runs 30 months from recognition; the commune
may type another end day when it recognises."""


def term_ends_on(start: dt.date, months: int = TERM_MONTHS) -> dt.date:
    """The last day of a term of ``months`` from ``start`` (Civil Code Art. 148.1)."""
    return community.add_months(start, months) - dt.timedelta(days=1)


# --------------------------------------------------------------------------------------------
# LD13 — dismissal and the new election
# --------------------------------------------------------------------------------------------

DISMISSAL_SHARE = Fraction(1, 2)
"""LD13: dismissal may be started at the request of at least half of the households."""

NEW_ELECTION_DAYS = 60
"""LD13: a new election is decided within 60 days; an interim head is appointed meanwhile."""


def dismissal_started(requesters: int, households: int) -> bool:
    """LD13: ``requesters * 2 >= households`` (exactly half is enough), over the households in
    force on the day the requests are counted."""
    return households > 0 and community.at_least(requesters, households, DISMISSAL_SHARE)


def dismissal_requesters_needed(households: int) -> int:
    """LD13: the fewest requesting households that start a dismissal (ceil(N/2))."""
    return community.needed_at_least(households, DISMISSAL_SHARE)


def new_election_due(vacant_from: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD13: the new election is held within 60 days of the day the office fell vacant (the
    dismissal recognised); the interim head serves until then (TM1, TM2)."""
    return deadlines.after(
        vacant_from,
        NEW_ELECTION_DAYS,
        rule="LD13",
        why="Tổ chức bầu trưởng thôn mới trong 60 ngày kể từ ngày cho thôi làm trưởng thôn; "
        "trong thời gian đó Chủ tịch UBND xã cử trưởng thôn lâm thời — LD13",
        swaps=swaps,
    )


# --------------------------------------------------------------------------------------------
# LD14 — the village charter (Decree 61)
# --------------------------------------------------------------------------------------------

POSTING_DAYS = 30
"""LD14: the draft is posted at least 30 days before it is put to the community."""


def posted_days(posted_on: dt.date, on: dt.date) -> int:
    """LD14: whole days the draft has been posted by ``on`` (TM1: the posting day is not
    counted); 0 before it was posted."""
    return max(0, (on - posted_on).days)


def earliest_adoption(posted_on: dt.date) -> dt.date:
    """LD14: the first day the charter may be put to the vote (30 whole days posted)."""
    return posted_on + dt.timedelta(days=POSTING_DAYS)


def posting_problems(posted_on: dt.date | None, adopted_on: dt.date) -> list[community.Problem]:
    """LD14: the draft was posted at least 30 days before the vote."""
    if posted_on is None:
        return [community.Problem("LD14", "Dự thảo hương ước chưa được niêm yết.")]
    if not deadlines.span_meets_minimum(posted_on, adopted_on, POSTING_DAYS):
        return [
            community.Problem(
                "LD14",
                f"Dự thảo niêm yết từ {posted_on:%d/%m/%Y}, mới "
                f"{posted_days(posted_on, adopted_on)} ngày đến {adopted_on:%d/%m/%Y}: cần ít "
                "nhất 30 ngày (sớm nhất ngày "
                f"{earliest_adoption(posted_on):%d/%m/%Y}).",
            )
        ]
    return []


def charter_outcome(
    form: Form, *, households: int, agree: int | None, present: int | None
) -> Outcome:
    """LD14: adopted by more than half of *all* households; a meeting needs more than half of
    them present, else the next step is a household ballot (residents' count, matter 3)."""
    return community.count_village(
        Matter.CHARTER, form, households=households, agree=agree, present=present
    )


SEND_WORKING_DAYS = 5
"""LD14: the charter file goes to the commune within 5 working days of its adoption."""

CHARTER_RECOGNITION_WORKING_DAYS = 5
"""LD14: the commune People's Committee recognises it within 5 working days of receipt."""


def charter_send_due(adopted_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD14: the file (the charter, the record of its adoption) sent within 5 working days."""
    return deadlines.after(
        adopted_on,
        SEND_WORKING_DAYS,
        working=True,
        rule="LD14",
        why="Trưởng thôn gửi hồ sơ đề nghị công nhận hương ước đến UBND xã trong 05 ngày làm "
        "việc kể từ ngày thông qua — LD14",
        swaps=swaps,
    )


def charter_recognition_due(received_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD14: recognised within 5 working days of receiving the file; in force from then."""
    return deadlines.after(
        received_on,
        CHARTER_RECOGNITION_WORKING_DAYS,
        working=True,
        rule="LD14",
        why="Chủ tịch UBND xã ra quyết định công nhận hương ước trong 05 ngày làm việc kể từ "
        "ngày nhận đủ hồ sơ; hương ước có hiệu lực từ ngày được công nhận — LD14",
        swaps=swaps,
    )


def charter_in_force_from(recognised_on: dt.date | None) -> dt.date | None:
    """LD14 (LD7, Art. 21): a charter takes effect on the day it is recognised."""
    return community.effective_on(
        Matter.CHARTER, community.Scope.VILLAGE, voted_on=None, recognised_on=recognised_on
    )


# --------------------------------------------------------------------------------------------
# QD5 — review of charters, on a cycle the commune sets
# --------------------------------------------------------------------------------------------

DEFAULT_REVIEW_YEARS = 5
"""QD5 (design choice shown to users): the seed asks villages to review their charters without
saying how often; the commune sets the cycle, 5 years unless it chooses otherwise."""

REVIEW_YEARS_MIN, REVIEW_YEARS_MAX = 1, 10
"""QD5 (design choice): a cycle of 1 to 10 years."""


def review_cycle_problems(years: int) -> list[community.Problem]:
    """QD5: the commune's cycle is a whole number of years from 1 to 10."""
    if REVIEW_YEARS_MIN <= years <= REVIEW_YEARS_MAX:
        return []
    return [
        community.Problem("QD5", f"Chu kỳ rà soát hương ước từ 01 đến 10 năm (đang nhập {years}).")
    ]


def review_due(since: dt.date, years: int = DEFAULT_REVIEW_YEARS) -> dt.date:
    """QD5: the charter is reviewed by ``years`` after it took effect or was last reviewed
    (Art. 148.1: 29/02 + 1 year = 28/02)."""
    return community.add_months(since, 12 * years)


def review_overdue(due: dt.date, today: dt.date) -> bool:
    """QD5: overdue once the due day has passed without a review (the due day itself is on
    time)."""
    return today > due
