"""LD11, LD12, QD3 on every boundary (pure: no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.legalcal.calendar import SwapTable
from danchu.oversight import rules as r
from danchu.oversight.rules import (
    Declaration,
    Eligibility,
    InspectionKind,
    Officer,
    Origin,
    StepState,
    TargetKind,
)

NO_SWAPS = SwapTable()
D = dt.date


# ---- LD11 membership -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("villages", "low", "high"),
    [(0, 5, 5), (3, 5, 5), (4, 5, 5), (5, 5, 5), (6, 5, 6), (12, 5, 12)],
)
def test_ld11_board_size_about_one_per_village_at_least_5(
    villages: int, low: int, high: int
) -> None:
    assert r.board_size_range(villages) == (low, high)


def test_ld11_fewer_than_5_members_refused() -> None:
    assert [p.rule for p in r.board_size_problems(4, 12)] == ["LD11"]
    assert r.board_size_problems(5, 12) == []


def test_ld11_commune_with_fewer_than_5_villages_elects_at_most_5() -> None:
    assert r.board_size_problems(5, 3) == []
    problems = r.board_size_problems(6, 3)
    assert [p.rule for p in problems] == ["LD11"]
    assert "tối đa 05" in problems[0].message


def test_ld11_no_more_than_about_one_member_per_village() -> None:
    assert r.board_size_problems(8, 8) == []
    assert [p.rule for p in r.board_size_problems(9, 8)] == ["LD11"]


def test_ld11_one_head_and_up_to_two_deputies() -> None:
    ok = [Officer.HEAD, Officer.DEPUTY, Officer.DEPUTY, Officer.MEMBER]
    assert r.officer_problems(ok) == []
    assert [p.rule for p in r.officer_problems([*ok, Officer.DEPUTY])] == ["LD11"]
    assert [p.rule for p in r.officer_problems([Officer.HEAD, Officer.HEAD])] == ["LD11"]


def test_ld11_deputies_capped_by_the_number_the_front_set() -> None:
    two = [Officer.HEAD, Officer.DEPUTY, Officer.DEPUTY]
    assert [p.rule for p in r.officer_problems(two, deputies_allowed=1)] == ["LD11"]
    assert r.officer_problems(two[:2], deputies_allowed=1) == []
    # the Front cannot allow more than the law's 2
    assert [p.rule for p in r.officer_problems([*two, Officer.DEPUTY], deputies_allowed=3)] == [
        "LD11"
    ]


def test_ld11_eligibility_permanent_resident_not_commune_staff() -> None:
    assert r.eligibility_problems("A", Eligibility(permanent_resident=True)) == []
    not_resident = r.eligibility_problems("A", Eligibility(permanent_resident=False))
    assert [p.rule for p in not_resident] == ["LD11"]
    staff = r.eligibility_problems(
        "A", Eligibility(permanent_resident=True, commune_posts=("Công chức Tư pháp",))
    )
    assert [p.rule for p in staff] == ["LD11"]
    assert "Công chức Tư pháp" in staff[0].message


@pytest.mark.parametrize(
    ("vacant_on", "needed"),
    [
        (D(2027, 1, 31), True),  # exactly 6 months before the end of term
        (D(2027, 2, 1), False),  # a day less than 6 months
        (D(2026, 6, 1), True),
    ],
)
def test_ld11_by_election_when_six_months_of_term_remain(vacant_on: dt.date, needed: bool) -> None:
    assert r.by_election_needed(vacant_on, D(2027, 7, 31)) is needed


# ---- LD11 plan notice and answers ------------------------------------------------------------


def test_ld11_plan_reaches_those_concerned_5_working_days_before() -> None:
    inspection = D(2027, 3, 31)  # a Wednesday
    due = r.plan_notice_due(inspection, NO_SWAPS)
    assert due.rule == "LD11"
    assert due.unit == "working"
    assert due.due == D(2027, 3, 24)  # Tue 30, Mon 29, Fri 26, Thu 25, Wed 24
    assert r.plan_notice_state(inspection, D(2027, 3, 24), D(2027, 3, 31), NO_SWAPS) == (
        StepState.MET
    )
    assert r.plan_notice_state(inspection, D(2027, 3, 25), D(2027, 3, 31), NO_SWAPS) == (
        StepState.LATE
    )
    assert r.plan_notice_state(inspection, None, D(2027, 3, 24), NO_SWAPS) == StepState.IN_PROGRESS
    assert r.plan_notice_state(inspection, None, D(2027, 3, 25), NO_SWAPS) == StepState.MISSED


def test_ld11_plan_notice_skips_a_weekend_counting_back() -> None:
    # Tuesday 6/4/2027: Mon 5, Fri 2, Thu 1, Wed 31/3, Tue 30/3
    assert r.plan_notice_due(D(2027, 4, 6), NO_SWAPS).due == D(2027, 3, 30)


@pytest.mark.parametrize("rule", ["LD11", "LD12"])
def test_ld11_ld12_commune_answers_within_15_days(rule: str) -> None:
    received = D(2027, 3, 3)  # Wednesday; +15 = Thursday 18/3
    due = r.answer_due(received, rule, NO_SWAPS)
    assert due.rule == rule
    assert due.due == D(2027, 3, 18)
    assert r.answer_state(received, D(2027, 3, 18), D(2027, 4, 1), rule, NO_SWAPS) == StepState.MET
    assert r.answer_state(received, D(2027, 3, 19), D(2027, 4, 1), rule, NO_SWAPS) == (
        StepState.LATE
    )
    assert r.answer_state(received, None, D(2027, 3, 18), rule, NO_SWAPS) == StepState.IN_PROGRESS
    assert r.answer_state(received, None, D(2027, 3, 19), rule, NO_SWAPS) == StepState.MISSED


def test_ld11_answer_due_on_a_weekend_moves_to_monday() -> None:
    # received Friday 5/3/2027: +15 = Saturday 20/3 → Monday 22/3 (TM2)
    assert r.answer_due(D(2027, 3, 5), "LD11", NO_SWAPS).due == D(2027, 3, 22)


def test_ld11_an_answer_not_yet_happened_is_not_met() -> None:
    received = D(2027, 3, 3)
    # recorded for a day still to come: nothing counts before it happens
    assert r.answer_state(received, D(2027, 3, 10), D(2027, 3, 5), "LD11", NO_SWAPS) == (
        StepState.IN_PROGRESS
    )


def test_ld11_reminder_three_days_before_the_answer_is_due() -> None:
    due = D(2027, 3, 18)
    assert not r.answer_needs_reminder(due, None, D(2027, 3, 14))
    assert r.answer_needs_reminder(due, None, D(2027, 3, 15))
    assert r.answer_needs_reminder(due, None, D(2027, 3, 20))
    assert not r.answer_needs_reminder(due, D(2027, 3, 16), D(2027, 3, 20))


def test_ld11_answer_rule_must_be_a_board_rule() -> None:
    with pytest.raises(ValueError):
        r.answer_due(D(2027, 3, 3), "QD3", NO_SWAPS)


# ---- LD12 ------------------------------------------------------------------------------------


def _members(residents: int = 3) -> list[tuple[Origin, Officer]]:
    return [
        (Origin.FRONT, Officer.HEAD),
        (Origin.INSPECTION_BOARD, Officer.DEPUTY),
        *[(Origin.RESIDENT, Officer.MEMBER)] * residents,
    ]


def _declared(n: int) -> list[Declaration]:
    return [Declaration(f"M{i}", no_relatives=True, not_commune_official=True) for i in range(n)]


def test_ld12_board_of_at_least_five_members() -> None:
    assert r.supervision_board_problems(_members(3), _declared(5)) == []
    problems = r.supervision_board_problems(_members(2), _declared(4))
    assert [p.rule for p in problems] == ["LD12"]


def test_ld12_front_inspection_board_and_residents_each_represented() -> None:
    members = [(Origin.RESIDENT, Officer.HEAD)] + [(Origin.RESIDENT, Officer.MEMBER)] * 4
    problems = r.supervision_board_problems(members, _declared(5))
    assert len(problems) == 2
    assert {p.rule for p in problems} == {"LD12"}


def test_ld12_at_most_five_residents_representatives() -> None:
    assert r.supervision_board_problems(_members(5), _declared(7)) == []
    assert [p.rule for p in r.supervision_board_problems(_members(6), _declared(8))] == ["LD12"]


def test_ld12_up_to_two_deputies() -> None:
    members = [*_members(3), (Origin.RESIDENT, Officer.DEPUTY), (Origin.RESIDENT, Officer.DEPUTY)]
    assert [p.rule for p in r.supervision_board_problems(members, _declared(7))] == ["LD12"]


def test_ld12_each_member_declares_no_relatives_and_not_commune_official() -> None:
    bad = [
        Declaration("Lê A", no_relatives=False, not_commune_official=True),
        Declaration("Lê B", no_relatives=True, not_commune_official=False),
    ]
    problems = r.supervision_board_problems(_members(3), [*_declared(3), *bad])
    assert [p.rule for p in problems] == ["LD12", "LD12"]
    assert "Lê A" in problems[0].message and "Lê B" in problems[1].message


def test_ld12_investor_told_45_days_before_supervision() -> None:
    supervision = D(2027, 6, 15)  # −45 = Sat 1/5 (holiday), Fri 30/4 holiday → Thu 29/4
    due = r.investor_notice_due(supervision, NO_SWAPS)
    assert due.rule == "LD12"
    assert due.due == D(2027, 4, 29)
    assert (supervision - due.due).days >= r.INVESTOR_NOTICE_DAYS
    plain = r.investor_notice_due(D(2027, 3, 18), NO_SWAPS)  # −45 = Mon 1/2/2027
    assert plain.due == D(2027, 2, 1)
    today = D(2027, 3, 18)
    assert r.investor_notice_state(D(2027, 3, 18), D(2027, 2, 1), today, NO_SWAPS) == StepState.MET
    assert r.investor_notice_state(D(2027, 3, 18), D(2027, 2, 2), today, NO_SWAPS) == (
        StepState.LATE
    )
    assert r.investor_notice_state(D(2027, 3, 18), None, D(2027, 2, 1), NO_SWAPS) == (
        StepState.IN_PROGRESS
    )
    assert r.investor_notice_state(D(2027, 3, 18), None, D(2027, 2, 2), NO_SWAPS) == (
        StepState.MISSED
    )


def test_ld12_board_dissolved_when_the_project_ends() -> None:
    assert r.board_active(D(2027, 1, 1), None, D(2030, 1, 1))
    assert r.board_active(D(2027, 1, 1), D(2027, 6, 30), D(2027, 6, 30))
    assert not r.board_active(D(2027, 1, 1), D(2027, 6, 30), D(2027, 7, 1))
    assert not r.board_active(D(2027, 1, 1), None, D(2026, 12, 31))


# ---- QD3 -------------------------------------------------------------------------------------


def test_qd3_conclusion_on_a_commune_peoples_committee_enters_category_10() -> None:
    assert r.INSPECTION_RESULTS_CATEGORY == 10
    assert r.discloses_in_register(TargetKind.PEOPLES_COMMITTEE, target_is_commune=True)
    assert not r.discloses_in_register(TargetKind.PEOPLES_COMMITTEE, target_is_commune=False)
    assert not r.discloses_in_register(TargetKind.PUBLIC_UNIT, target_is_commune=True)
    assert not r.discloses_in_register(TargetKind.DEPARTMENT, target_is_commune=True)


def test_qd3_self_inspection_is_by_the_unit_on_itself() -> None:
    assert r.self_inspection_problems(InspectionKind.SELF, same_unit=True) == []
    assert [p.rule for p in r.self_inspection_problems(InspectionKind.SELF, False)] == ["QD3"]
    assert [p.rule for p in r.self_inspection_problems(InspectionKind.PERIODIC, True)] == ["QD3"]
    assert r.self_inspection_problems(InspectionKind.UNANNOUNCED, same_unit=False) == []


def test_qd3_follow_up_deadline_met_late_missed() -> None:
    due = D(2027, 5, 31)
    assert r.follow_up_state(due, D(2027, 5, 31), D(2027, 6, 2)) == StepState.MET
    assert r.follow_up_state(due, D(2027, 6, 1), D(2027, 6, 2)) == StepState.LATE
    assert r.follow_up_state(due, None, D(2027, 5, 31)) == StepState.IN_PROGRESS
    assert r.follow_up_state(due, None, D(2027, 6, 1)) == StepState.MISSED
    assert r.follow_up_problems(D(2027, 5, 1), due) == []
    assert [p.rule for p in r.follow_up_problems(D(2027, 5, 31), due)] == ["QD3"]


@pytest.mark.parametrize(
    ("period", "part", "is_plan", "ok"),
    [
        (r.Period.QUARTER, 4, True, True),
        (r.Period.QUARTER, 5, True, False),
        (r.Period.HALF, 2, False, True),
        (r.Period.HALF, 3, False, False),
        (r.Period.YEAR, 1, True, True),
        (r.Period.AD_HOC, 1, False, True),
        (r.Period.AD_HOC, 1, True, False),
    ],
)
def test_ld11_plans_by_quarter_half_year_and_term_reports_also_ad_hoc(
    period: r.Period, part: int, is_plan: bool, ok: bool
) -> None:
    problems = r.period_problems(period, part, is_plan)
    assert (problems == []) is ok
    assert all(p.rule == "LD11" for p in problems)
