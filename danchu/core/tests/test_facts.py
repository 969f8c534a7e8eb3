"""Records that hold (issue 10, point 3): dates that record events are the platform's; a
back-dated fact needs a reason and evidence; nothing counts as met before it has happened."""

from __future__ import annotations

import datetime as dt

from danchu.core.facts import EventDay, PeriodState, event_day_problems, happened, period_state

TODAY = dt.date(2026, 11, 22)


def test_records_hold_today_needs_nothing_more():
    assert event_day_problems(on=TODAY, today=TODAY) == []
    assert event_day_problems(on=None, today=TODAY) == []


def test_records_hold_a_day_still_to_come_is_refused_even_with_a_reason():
    problems = event_day_problems(
        on=dt.date(2027, 1, 5), today=TODAY, reason="đã niêm yết", has_evidence=True
    )
    assert problems == ["Ngày 05/01/2027 chưa đến: không ghi được việc chưa xảy ra."]


def test_records_hold_a_back_dated_fact_needs_a_reason_and_evidence():
    earlier = dt.date(2026, 11, 2)
    assert len(event_day_problems(on=earlier, today=TODAY, label="Ngày niêm yết")) == 2
    only_reason = event_day_problems(on=earlier, today=TODAY, reason="Mất điện")
    assert len(only_reason) == 1 and "minh chứng" in only_reason[0]
    assert event_day_problems(on=earlier, today=TODAY, reason="Mất điện", has_evidence=True) == []
    assert event_day_problems(on=earlier, today=TODAY, reason="   ", has_evidence=True)


def test_records_hold_a_back_dated_event_says_so():
    assert EventDay(on=dt.date(2026, 11, 2), recorded_on=TODAY, reason="x").backdated
    assert not EventDay(on=TODAY, recorded_on=TODAY).backdated


def test_records_hold_a_posting_period_is_met_only_once_it_has_elapsed():
    start, end = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    assert period_state(start, end, TODAY) is PeriodState.IN_PROGRESS
    assert period_state(start, end, dt.date(2026, 12, 1)) is PeriodState.MET
    assert period_state(start, end, end) is PeriodState.IN_PROGRESS  # its last day runs
    assert period_state(dt.date(2027, 1, 1), dt.date(2027, 2, 1), TODAY) is PeriodState.NOT_STARTED
    assert period_state(start, None, TODAY) is PeriodState.IN_PROGRESS
    assert period_state(None, end, TODAY) is PeriodState.NOT_STARTED


def test_records_hold_nothing_has_happened_before_its_day():
    assert happened(TODAY, TODAY)
    assert not happened(dt.date(2026, 11, 23), TODAY)
    assert not happened(None, TODAY)
