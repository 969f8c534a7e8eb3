"""LD13, LD14, QD5 on every boundary (pure: no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.legalcal.calendar import SwapTable
from danchu.residents.rules import HOUSEHOLD_BALLOT, Form
from danchu.villages import rules as r
from danchu.villages.rules import ElectionStep

NO_SWAPS = SwapTable()
ELECTION = dt.date(2027, 3, 31)  # a Wednesday


@pytest.mark.parametrize(
    ("step", "due"),
    [
        (ElectionStep.PLAN, dt.date(2027, 3, 11)),  # 20 days before
        (ElectionStep.CANDIDATES, dt.date(2027, 3, 16)),  # 15 days before
        (ElectionStep.TEAM, dt.date(2027, 3, 19)),  # 10 days before is Sunday 21/03: back to Fri
        (ElectionStep.NOTICE, dt.date(2027, 3, 24)),  # 7 days before
    ],
)
def test_ld13_each_step_due_its_days_before_the_election(step: ElectionStep, due: dt.date) -> None:
    deadline = r.step_due(step, ELECTION, NO_SWAPS)
    assert deadline.due == due
    assert deadline.rule == "LD13"
    assert (ELECTION - due).days >= r.STEP_DAYS[step]
    assert r.step_problems(step, due, ELECTION, NO_SWAPS) == []
    late = r.step_problems(step, due + dt.timedelta(days=1), ELECTION, NO_SWAPS)
    assert [p.rule for p in late] == ["LD13"]


def test_ld13_the_legal_days_are_20_15_10_7() -> None:
    assert r.STEP_DAYS == {
        ElectionStep.PLAN: 20,
        ElectionStep.CANDIDATES: 15,
        ElectionStep.TEAM: 10,
        ElectionStep.NOTICE: 7,
    }


def test_ld13_a_due_day_on_a_sunday_moves_back_never_forward() -> None:
    sunday_election = dt.date(2027, 4, 4)
    # 7 days before is Sunday 28/03: the notice is due on Friday 26/03.
    assert r.step_due(ElectionStep.NOTICE, sunday_election, NO_SWAPS).due == dt.date(2027, 3, 26)


def test_ld13_earliest_election_day_after_the_plan() -> None:
    assert r.earliest_election_day(dt.date(2027, 3, 11)) == ELECTION


def test_ld13_candidate_list_needs_at_least_one_candidate_once() -> None:
    assert [p.rule for p in r.candidate_problems([])] == ["LD13"]
    assert r.candidate_problems(["Lê Văn A"]) == []
    assert len(r.candidate_problems(["Lê Văn A", "lê văn a"])) == 1


def test_ld13_elected_with_more_than_half_of_all_households() -> None:
    # 40 households: 21 is more than half, 20 is exactly half (not enough).
    won = r.election_result({"A": 21, "B": 10}, present=35, households=40)
    assert won.elected == "A"
    assert won.outcome.passed
    assert won.outcome.needed == 21
    half = r.election_result({"A": 20, "B": 15}, present=35, households=40)
    assert half.elected is None
    assert not half.outcome.passed


def test_ld13_more_than_half_of_those_present_is_not_enough() -> None:
    # 18 of 25 present is a clear majority of the meeting, but not of the 40 households.
    result = r.election_result({"A": 18, "B": 7}, present=25, households=40)
    assert result.elected is None


def test_ld13_odd_household_count_boundary() -> None:
    assert r.election_result({"A": 21}, present=41, households=41).elected == "A"
    assert r.election_result({"A": 20}, present=41, households=41).elected is None


def test_ld13_vote_problems() -> None:
    assert r.vote_problems({"A": 5}, present=5, households=10) == []
    assert r.vote_problems({"A": 6}, present=5, households=10)  # more votes than present
    assert r.vote_problems({"A": 1}, present=11, households=10)  # more present than households
    assert r.vote_problems({"A": -1}, present=5, households=10)
    assert r.vote_problems({}, present=5, households=10)
    assert r.vote_problems({"A": 0}, present=0, households=0)


def test_ld13_recognition_within_five_working_days() -> None:
    received = dt.date(2027, 4, 1)  # Thursday
    deadline = r.head_recognition_due(received, NO_SWAPS)
    assert deadline.due == dt.date(2027, 4, 8)  # Fri, Mon, Tue, Wed, Thu
    assert deadline.rule == "LD13"


@pytest.mark.parametrize(
    ("requesters", "households", "started"),
    [(20, 40, True), (19, 40, False), (21, 41, True), (20, 41, False), (0, 0, False), (1, 1, True)],
)
def test_ld13_dismissal_started_by_half_of_households(
    requesters: int, households: int, started: bool
) -> None:
    assert r.dismissal_started(requesters, households) is started
    assert (requesters * 2 >= households and households > 0) is started


def test_ld13_dismissal_requesters_needed() -> None:
    assert r.dismissal_requesters_needed(40) == 20
    assert r.dismissal_requesters_needed(41) == 21


def test_ld13_new_election_within_60_days() -> None:
    deadline = r.new_election_due(dt.date(2027, 1, 4), NO_SWAPS)
    assert deadline.due == dt.date(2027, 3, 5)
    assert deadline.rule == "LD13"
    # 60 days ending on a Saturday end on the next working day (TM2).
    assert r.new_election_due(dt.date(2027, 1, 5), NO_SWAPS).due == dt.date(2027, 3, 8)


def test_ld13_term_of_thirty_months() -> None:
    assert r.term_ends_on(dt.date(2027, 4, 8)) == dt.date(2029, 10, 7)


def test_ld14_draft_posted_at_least_30_days() -> None:
    posted = dt.date(2027, 1, 10)
    assert r.earliest_adoption(posted) == dt.date(2027, 2, 9)
    assert r.posting_problems(posted, dt.date(2027, 2, 9)) == []
    assert [p.rule for p in r.posting_problems(posted, dt.date(2027, 2, 8))] == ["LD14"]
    assert [p.rule for p in r.posting_problems(None, dt.date(2027, 2, 8))] == ["LD14"]
    assert r.posted_days(posted, dt.date(2027, 1, 10)) == 0
    assert r.posted_days(posted, dt.date(2027, 2, 9)) == 30
    assert r.posted_days(posted, dt.date(2027, 1, 1)) == 0


def test_ld14_adopted_by_more_than_half_of_all_households() -> None:
    ok = r.charter_outcome(Form.MEETING, households=40, agree=21, present=30)
    assert ok.passed and ok.rule == "LD7"
    half = r.charter_outcome(Form.MEETING, households=40, agree=20, present=30)
    assert not half.passed


def test_ld14_meeting_needs_more_than_half_present_else_household_ballot() -> None:
    thin = r.charter_outcome(Form.MEETING, households=40, agree=20, present=20)
    assert not thin.passed
    assert thin.rule == "LD14"
    assert thin.next_step == HOUSEHOLD_BALLOT
    enough = r.charter_outcome(Form.MEETING, households=40, agree=21, present=21)
    assert enough.passed and enough.next_step is None
    ballot = r.charter_outcome(Form.BALLOT, households=40, agree=21, present=25)
    assert ballot.passed


def test_ld14_sent_and_recognised_within_five_working_days() -> None:
    adopted = dt.date(2027, 4, 1)  # Thursday
    sent = r.charter_send_due(adopted, NO_SWAPS)
    assert sent.due == dt.date(2027, 4, 8) and sent.rule == "LD14"
    recognised = r.charter_recognition_due(dt.date(2027, 4, 8), NO_SWAPS)
    assert recognised.due == dt.date(2027, 4, 15) and recognised.rule == "LD14"


def test_ld14_in_force_from_recognition() -> None:
    assert r.charter_in_force_from(dt.date(2027, 4, 12)) == dt.date(2027, 4, 12)
    assert r.charter_in_force_from(None) is None


def test_qd5_review_cycle_default_five_years() -> None:
    assert r.DEFAULT_REVIEW_YEARS == 5
    assert r.review_due(dt.date(2027, 4, 12)) == dt.date(2032, 4, 12)
    assert r.review_due(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)


def test_qd5_review_cycle_bounds() -> None:
    assert r.review_cycle_problems(1) == []
    assert r.review_cycle_problems(10) == []
    assert [p.rule for p in r.review_cycle_problems(0)] == ["QD5"]
    assert [p.rule for p in r.review_cycle_problems(11)] == ["QD5"]


def test_qd5_overdue_only_after_the_due_day() -> None:
    due = dt.date(2032, 4, 12)
    assert not r.review_overdue(due, due)
    assert r.review_overdue(due, due + dt.timedelta(days=1))
