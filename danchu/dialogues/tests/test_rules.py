"""The rules of dialogues and conferences, by rule ID (LD9, QD2, QD6, GR7)."""

from __future__ import annotations

import datetime as dt

from danchu.dialogues import rules
from danchu.dialogues.rules import Kind, StepState, YearState
from danchu.legalcal.calendar import SwapTable

D = dt.date
NO_SWAPS = SwapTable()


def test_ld9_commune_dialogue_is_due_by_the_end_of_the_year() -> None:
    d = rules.year_due(2026, Kind.COMMUNE_DIALOGUE)
    assert d.due == D(2026, 12, 31)
    assert d.rule == "LD9"


def test_ld9_year_met_only_by_a_holding_in_that_year_that_has_happened() -> None:
    today = D(2026, 11, 22)
    assert rules.year_state(2026, [D(2026, 3, 1)], today) is YearState.MET
    assert rules.year_state(2026, [D(2025, 12, 20)], today) is YearState.IN_PROGRESS
    assert rules.year_state(2026, [D(2026, 12, 15)], today) is YearState.IN_PROGRESS
    assert rules.year_state(2026, [None], today) is YearState.IN_PROGRESS
    assert rules.year_state(2025, [], today) is YearState.MISSED
    assert rules.year_state(2025, [D(2026, 1, 2)], today) is YearState.MISSED


def test_ld9_one_yearly_record_held_within_its_year() -> None:
    assert rules.yearly_problems(2026, D(2026, 12, 10), [2025]) == []
    assert len(rules.yearly_problems(2026, D(2026, 12, 10), [2026])) == 1
    problems = rules.yearly_problems(2026, D(2027, 1, 3), [])
    assert problems and "2026" in problems[0]


def test_qd2_staff_dialogue_is_due_each_year_with_its_rule() -> None:
    d = rules.year_due(2026, Kind.STAFF_DIALOGUE)
    assert (d.rule, d.due) == ("QD2", D(2026, 12, 31))
    assert rules.year_state(2026, [D(2026, 6, 1)], D(2026, 6, 1)) is YearState.MET
    assert rules.year_state(2026, [], D(2027, 1, 1)) is YearState.MISSED


def test_qd6_staff_conference_is_due_each_year_with_its_rule() -> None:
    d = rules.year_due(2026, Kind.STAFF_CONFERENCE)
    assert (d.rule, d.due) == ("QD6", D(2026, 12, 31))
    assert rules.year_state(2026, [D(2026, 1, 15)], D(2026, 12, 31)) is YearState.MET
    assert rules.year_state(2026, [], D(2026, 12, 31)) is YearState.IN_PROGRESS


def test_gr7_dialogue_held_in_december_is_met() -> None:
    assert rules.dialogue_month_due(2026).due == D(2026, 12, 31)
    assert rules.dialogue_month_state(2026, D(2026, 12, 1), D(2026, 12, 2)) is StepState.MET
    assert rules.dialogue_month_state(2026, D(2026, 12, 31), D(2027, 1, 1)) is StepState.MET


def test_gr7_dialogue_held_outside_december_is_late_and_none_is_missed() -> None:
    assert rules.dialogue_month_state(2026, D(2026, 11, 30), D(2026, 12, 1)) is StepState.LATE
    assert rules.dialogue_month_state(2026, None, D(2026, 12, 31)) is StepState.IN_PROGRESS
    assert rules.dialogue_month_state(2026, None, D(2027, 1, 1)) is StepState.MISSED
    # A day not yet come does not count.
    assert rules.dialogue_month_state(2026, D(2026, 12, 20), D(2026, 12, 5)) is (
        StepState.IN_PROGRESS
    )


def test_gr7_report_due_on_the_last_day_of_february_of_the_next_year() -> None:
    assert rules.dialogue_report_due(2026).due == D(2027, 2, 28)
    assert rules.dialogue_report_due(2027).due == D(2028, 2, 29)  # leap year
    assert rules.dialogue_report_due(2026).rule == "GR7"


def test_gr7_report_met_late_missed() -> None:
    assert rules.report_state(2026, D(2027, 2, 28), D(2027, 3, 1)) is StepState.MET
    assert rules.report_state(2026, D(2027, 3, 1), D(2027, 3, 1)) is StepState.LATE
    assert rules.report_state(2026, None, D(2027, 2, 28)) is StepState.IN_PROGRESS
    assert rules.report_state(2026, None, D(2027, 3, 1)) is StepState.MISSED
    # An issue day in the future is not yet a fact.
    assert rules.report_state(2026, D(2027, 2, 10), D(2027, 2, 1)) is StepState.IN_PROGRESS


def test_ld9_conference_notice_at_least_five_days_before() -> None:
    # Conference Friday 18/12/2026: the notice by Sunday 13/12 → moved back to Friday 11/12.
    d = rules.conference_notice_due(D(2026, 12, 18), NO_SWAPS)
    assert d.rule == "LD9"
    assert d.due == D(2026, 12, 11)
    # Conference Wednesday 16/12/2026: 11/12 (Friday) is exactly five days before.
    assert rules.conference_notice_due(D(2026, 12, 16), NO_SWAPS).due == D(2026, 12, 11)


def test_ld9_conference_notice_met_late_missed() -> None:
    held = D(2026, 12, 16)
    due = rules.conference_notice_due(held, NO_SWAPS).due
    assert rules.conference_notice_state(held, due, D(2026, 12, 20), NO_SWAPS) is StepState.MET
    late = due + dt.timedelta(days=1)
    assert rules.conference_notice_state(held, late, D(2026, 12, 20), NO_SWAPS) is StepState.LATE
    assert rules.conference_notice_state(held, None, due, NO_SWAPS) is StepState.IN_PROGRESS
    assert (
        rules.conference_notice_state(held, None, due + dt.timedelta(days=1), NO_SWAPS)
        is StepState.MISSED
    )


def test_ld9_conference_notice_fewer_than_five_days_is_refused() -> None:
    assert rules.conference_notice_problems(D(2026, 12, 11), D(2026, 12, 16)) == []
    problems = rules.conference_notice_problems(D(2026, 12, 12), D(2026, 12, 16))
    assert problems and "05 ngày" in problems[0]


def test_ld9_conference_report_to_the_commune_within_five_working_days() -> None:
    # Held Friday 18/12/2026: five working days → Friday 25/12.
    d = rules.conference_report_due(D(2026, 12, 18), NO_SWAPS)
    assert (d.rule, d.due) == ("LD9", D(2026, 12, 25))
    assert rules.step_state(d.due, D(2026, 12, 28), D(2026, 12, 28)) is StepState.LATE
    assert rules.step_state(d.due, None, D(2026, 12, 28)) is StepState.MISSED
    assert rules.step_state(d.due, D(2026, 12, 21), D(2026, 12, 28)) is StepState.MET


def test_ld9_conference_hears_three_reports() -> None:
    full = {"village_head": "a", "front": "b", "inspection": "c"}
    assert rules.missing_reports(full) == []
    missing = rules.missing_reports({"village_head": "a", "front": " "})
    assert len(missing) == 2
    assert any("Thanh tra" in m for m in missing)


def test_gr7_commitment_tracked_met_late_missed() -> None:
    c = rules.Commitment(due=D(2027, 3, 31))
    assert rules.commitment_state(c, D(2027, 3, 31)) is StepState.IN_PROGRESS
    assert rules.commitment_state(c, D(2027, 4, 1)) is StepState.MISSED
    done = rules.Commitment(due=D(2027, 3, 31), done_on=D(2027, 3, 30))
    assert rules.commitment_state(done, D(2027, 4, 1)) is StepState.MET
    late = rules.Commitment(due=D(2027, 3, 31), done_on=D(2027, 4, 2))
    assert rules.commitment_state(late, D(2027, 4, 3)) is StepState.LATE
    assert rules.commitment_problems(D(2026, 12, 20), D(2026, 12, 19))
    assert rules.commitment_problems(D(2026, 12, 20), D(2026, 12, 20)) == []
