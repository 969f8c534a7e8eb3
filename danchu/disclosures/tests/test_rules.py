"""LD1 rules, pure: the categories, the 5 working days, 30 days posted, 3 days on the loudspeaker,
village heads, each obligation's state on its boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.disclosures import rules
from danchu.disclosures.rules import Channel, Fact, Obligation, Override, State
from danchu.legalcal.calendar import EMPTY

D = dt.date
FRIDAY = D(2026, 11, 20)  # then Sat 21, Sun 22, Mon 23, Tue 24 (holiday), Wed 25 … Mon 30


def _state(results, obligation):  # type: ignore[no-untyped-def]
    return next(r for r in results if r.obligation == obligation).state


def _judge(number, facts, today, villages=(), decided_on=FRIDAY, override=None):  # type: ignore[no-untyped-def]
    return rules.obligations(
        number=number,
        decided_on=decided_on,
        facts=facts,
        villages=list(villages),
        today=today,
        override=override,
        swaps=EMPTY,
    )


def test_ld1_fourteen_categories_with_art13_duties():
    assert sorted(rules.CATEGORIES) == list(range(1, 15))
    assert {n for n, c in rules.CATEGORIES.items() if c.permanent} == {4, 13}
    assert {n for n, c in rules.CATEGORIES.items() if c.loudspeaker} == set(range(7, 13))
    assert {n for n, c in rules.CATEGORIES.items() if c.village_heads} == set(range(7, 13))
    assert rules.CONFIDENCE_VOTE_CATEGORY == 10 and rules.CONSULTATION_CATEGORY == 11
    assert len({c.code for c in rules.CATEGORIES.values()}) == 14
    with pytest.raises(ValueError):
        rules.category(15)


def test_ld1_five_working_days_skip_the_weekend_and_the_holiday():
    assert rules.start_due(FRIDAY, swaps=EMPTY) == D(2026, 11, 30)


@pytest.mark.parametrize(
    ("posted", "state"), [(D(2026, 11, 30), State.MET), (D(2026, 12, 1), State.LATE)]
)
def test_ld1_posted_on_working_day_5_is_on_time_day_6_is_late(posted, state):  # type: ignore[no-untyped-def]
    results = _judge(1, [Fact(Channel.OFFICE_BOARD, posted)], today=D(2026, 12, 2))
    assert _state(results, Obligation.ON_TIME) is state


def test_ld1_not_posted_is_in_progress_until_the_due_day_then_missed():
    assert _state(_judge(1, [], today=D(2026, 11, 30)), Obligation.ON_TIME) is State.IN_PROGRESS
    assert _state(_judge(1, [], today=D(2026, 12, 1)), Obligation.ON_TIME) is State.MISSED
    assert _state(_judge(1, [], today=D(2026, 12, 1)), Obligation.OFFICE_BOARD) is State.MISSED


def test_ld1_a_posting_still_to_come_does_not_count():
    results = _judge(1, [Fact(Channel.OFFICE_BOARD, D(2026, 12, 5))], today=D(2026, 12, 1))
    assert _state(results, Obligation.ON_TIME) is State.MISSED


def test_ld1_sector_law_override_changes_the_limit_with_its_basis():
    override = Override(basis="Luật Đất đai 2024, Điều 87", within_days=15, within_working=False)
    assert rules.start_due(FRIDAY, override, swaps=EMPTY) == D(2026, 12, 7)  # 5/12 is a Saturday
    results = _judge(
        3, [Fact(Channel.OFFICE_BOARD, D(2026, 12, 4))], D(2026, 12, 8), override=override
    )
    assert _state(results, Obligation.ON_TIME) is State.MET
    assert rules.override_problems(Override(basis=" ", within_days=3))
    assert rules.override_problems(Override(basis="Luật X"))
    assert rules.override_problems(Override(basis="Luật X", within_days=3)) == []


@pytest.mark.parametrize(
    ("end", "today", "state"),
    [
        (D(2026, 12, 29), D(2026, 12, 30), State.MISSED),  # taken down after 29 days
        (D(2026, 12, 30), D(2026, 12, 30), State.IN_PROGRESS),  # day 30 still running
        (D(2026, 12, 30), D(2026, 12, 31), State.MET),  # 30 days, the 30th has passed
        (None, D(2026, 12, 30), State.IN_PROGRESS),
        (None, D(2026, 12, 31), State.MET),
        (D(2026, 12, 29), D(2026, 12, 29), State.IN_PROGRESS),  # its last day: not yet judged
    ],
)
def test_ld1_posting_29_days_is_missed_30_days_is_met(end, today, state):  # type: ignore[no-untyped-def]
    facts = [Fact(Channel.OFFICE_BOARD, D(2026, 12, 1), end)]
    results = _judge(1, facts, today, decided_on=D(2026, 11, 30))
    assert _state(results, Obligation.OFFICE_BOARD) is state


def test_ld1_days_are_counted_inclusively():
    assert rules.days_on_channel(D(2026, 12, 1), D(2026, 12, 30)) == 30
    assert rules.days_on_channel(D(2026, 12, 1), D(2026, 12, 1)) == 1


@pytest.mark.parametrize(
    ("end", "state"), [(D(2026, 12, 2), State.MISSED), (D(2026, 12, 3), State.MET)]
)
def test_ld1_loudspeaker_2_days_is_missed_3_days_is_met(end, state):  # type: ignore[no-untyped-def]
    facts = [Fact(Channel.LOUDSPEAKER, D(2026, 12, 1), end)]
    results = _judge(7, facts, today=D(2026, 12, 10), decided_on=D(2026, 11, 30))
    assert _state(results, Obligation.LOUDSPEAKER) is state


def test_ld1_loudspeaker_and_village_heads_only_for_7_to_12():
    for number in (1, 6, 13, 14):
        results = _judge(number, [], D(2026, 12, 10), villages=[1])
        assert _state(results, Obligation.LOUDSPEAKER) is State.NOT_APPLICABLE
        assert _state(results, Obligation.VILLAGE_HEADS) is State.NOT_APPLICABLE
    for number in range(7, 13):
        results = _judge(number, [], D(2026, 12, 10), villages=[1])
        assert _state(results, Obligation.LOUDSPEAKER) is State.MISSED
        assert _state(results, Obligation.VILLAGE_HEADS) is State.MISSED


def test_ld1_every_village_head_must_receive_it_on_time():
    facts = [
        Fact(Channel.VILLAGE_HEADS, D(2026, 11, 25), village=1),
        Fact(Channel.VILLAGE_HEADS, D(2026, 12, 1), village=2),
    ]
    results = _judge(9, facts, D(2026, 12, 10), villages=[1, 2])
    vh = next(r for r in results if r.obligation == Obligation.VILLAGE_HEADS)
    assert vh.state is State.LATE and vh.detail == "2"
    results = _judge(9, facts[:1], D(2026, 12, 10), villages=[1, 2])
    assert _state(results, Obligation.VILLAGE_HEADS) is State.MISSED


def test_ld1_village_points_worst_village_counts():
    facts = [
        Fact(Channel.VILLAGE_POINT, D(2026, 11, 25), D(2026, 12, 24), village=1),  # 30 days
        Fact(Channel.VILLAGE_POINT, D(2026, 11, 25), D(2026, 12, 20), village=2),  # 26 days
    ]
    results = _judge(2, facts, D(2027, 1, 5), villages=[1, 2])
    vp = next(r for r in results if r.obligation == Obligation.VILLAGE_POINT)
    assert vp.state is State.MISSED and vp.detail == "2"
    assert (
        _state(_judge(2, facts[:1], D(2027, 1, 5), villages=[1]), Obligation.VILLAGE_POINT)
        is State.MET
    )


def test_ld1_categories_4_and_13_are_posted_permanently_at_the_office():
    for number in (4, 13):
        assert rules.minimums(number)[Channel.OFFICE_BOARD] == rules.PERMANENT
        assert Channel.VILLAGE_POINT not in rules.minimums(number)
        still = [Fact(Channel.OFFICE_BOARD, D(2026, 11, 23))]
        assert _state(_judge(number, still, D(2028, 1, 1)), Obligation.OFFICE_BOARD) is State.MET
        down = [Fact(Channel.OFFICE_BOARD, D(2026, 11, 23), D(2027, 6, 1))]
        assert _state(_judge(number, down, D(2027, 6, 2)), Obligation.OFFICE_BOARD) is State.MISSED
    assert rules.minimums(1)[Channel.OFFICE_BOARD] == 30


def test_ld1_overall_state_is_the_worst_obligation():
    facts = [
        Fact(Channel.OFFICE_BOARD, D(2026, 12, 1), D(2026, 12, 30)),
        Fact(Channel.PUBLIC_PAGE, D(2026, 12, 1)),
    ]
    results = _judge(1, facts, D(2027, 1, 5))
    assert rules.overall(results) is State.LATE  # on time was missed by one working day
    results = _judge(1, facts, D(2026, 12, 15), decided_on=D(2026, 11, 30))
    assert rules.overall(results) is State.IN_PROGRESS
    results = _judge(1, facts, D(2027, 1, 5), decided_on=D(2026, 11, 30))
    assert rules.overall(results) is State.MET


def test_ld1_quarters_and_the_quarterly_list_due_day():
    assert rules.quarter_bounds(2026, 4) == (D(2026, 10, 1), D(2026, 12, 31))
    assert rules.quarter_bounds(2026, 1) == (D(2026, 1, 1), D(2026, 3, 31))
    assert rules.quarter_of(D(2026, 7, 1)) == 3
    # 31/12/2026 (Thu): 1/1 holiday, weekend → 4, 5, 6, 7, 8 January
    assert rules.quarterly_list_due(2026, 4, swaps=EMPTY) == D(2027, 1, 8)
    assert not rules.quarter_closed(2026, 4, D(2026, 12, 31))
    assert rules.quarter_closed(2026, 4, D(2027, 1, 1))


def test_ld1_report_at_the_next_regular_session_after_the_day():
    sessions = [D(2026, 7, 10), D(2026, 12, 15), D(2027, 7, 8)]
    assert rules.next_session_after(sessions, D(2026, 7, 10)) == D(2026, 12, 15)
    assert rules.next_session_after(sessions, D(2027, 7, 8)) is None
    assert rules.step_state(D(2026, 12, 15), D(2026, 12, 15), D(2026, 12, 20)) is State.MET
    assert rules.step_state(D(2026, 12, 15), D(2026, 12, 16), D(2026, 12, 20)) is State.LATE
    assert rules.step_state(D(2026, 12, 15), None, D(2026, 12, 16)) is State.MISSED
    assert rules.step_state(D(2026, 12, 15), None, D(2026, 12, 15)) is State.IN_PROGRESS
