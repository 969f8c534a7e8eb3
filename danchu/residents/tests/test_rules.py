"""LD2–LD7 and LD14 as plain functions (Law 10/2022 Arts 15–23, Decree 59 Arts 3–5)."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.legalcal.calendar import SwapTable
from danchu.residents import rules as r
from danchu.residents.rules import Form, Matter, Proposer, Scope, VillageCount

D = dt.date
NO_SWAPS = SwapTable()


# LD2 — matters, proposers, initiative -------------------------------------------------------
def test_ld2_six_matters_numbered_as_article_15() -> None:
    assert [r.MATTER_NUMBER[m] for m in Matter] == [1, 2, 3, 4, 5, 6]
    assert [m.value for m in Matter] == [
        "gop_cong_trinh",
        "quy",
        "huong_uoc",
        "truong_thon",
        "thanh_vien_ban",
        "khac",
    ]


def test_ld2_commune_matter_is_proposed_by_the_chairman_not_the_village_head() -> None:
    assert r.proposer_problems(Scope.COMMUNE, Proposer.CHAIRMAN) == []
    assert [p.rule for p in r.proposer_problems(Scope.COMMUNE, Proposer.VILLAGE_HEAD)] == ["LD2"]
    assert r.proposer_problems(Scope.VILLAGE, Proposer.VILLAGE_HEAD) == []
    assert [p.rule for p in r.proposer_problems(Scope.VILLAGE, Proposer.CHAIRMAN)] == ["LD2"]


def test_ld2_initiative_is_a_village_matter() -> None:
    assert r.proposer_problems(Scope.VILLAGE, Proposer.INITIATIVE) == []
    assert [p.rule for p in r.proposer_problems(Scope.COMMUNE, Proposer.INITIATIVE)] == ["LD2"]


@pytest.mark.parametrize(
    ("supporters", "households", "ok"),
    [(10, 100, True), (9, 100, False), (11, 101, True), (10, 101, False), (1, 10, True)],
)
def test_ld2_initiative_needs_ten_percent_exactly_ten_is_enough(
    supporters: int, households: int, ok: bool
) -> None:
    assert r.initiative_has_support(supporters, households) is ok
    assert (supporters >= r.initiative_supporters_needed(households)) is ok


def test_ld2_initiative_below_ten_percent_goes_forward_with_the_front() -> None:
    assert not r.initiative_goes_forward(9, 100, front_backs=False)
    assert r.initiative_goes_forward(9, 100, front_backs=True)


def test_ld2_initiative_support_valid_three_months_to_the_corresponding_day() -> None:
    assert r.initiative_expires_on(D(2026, 9, 15)) == D(2026, 12, 15)
    assert r.initiative_valid_on(D(2026, 9, 15), D(2026, 12, 15))
    assert not r.initiative_valid_on(D(2026, 9, 15), D(2026, 12, 16))
    assert not r.initiative_valid_on(D(2026, 9, 15), D(2026, 9, 14))
    # a month without the day: the month's last day (Art. 148.1)
    assert r.initiative_expires_on(D(2026, 11, 30)) == D(2027, 2, 28)
    assert r.initiative_expires_on(D(2027, 11, 30)) == D(2028, 2, 29)


# LD3 — forms ---------------------------------------------------------------------------------
@pytest.mark.parametrize("matter", [m for m in Matter if m is not Matter.OTHER])
def test_ld3_online_only_for_other_matters(matter: Matter) -> None:
    problems = r.form_problems(matter, Form.ONLINE)
    assert [p.rule for p in problems] == ["LD3"]
    assert "trực tuyến" in problems[0].message
    assert r.form_problems(Matter.OTHER, Form.ONLINE) == []


@pytest.mark.parametrize("matter", [Matter.CHARTER, Matter.VILLAGE_HEAD, Matter.BOARD_MEMBERS])
def test_ld3_charter_head_board_by_ballot_only_after_a_thin_meeting(matter: Matter) -> None:
    assert r.form_problems(matter, Form.MEETING) == []
    assert [p.rule for p in r.form_problems(matter, Form.BALLOT)] == ["LD3"]
    assert r.form_problems(matter, Form.BALLOT, after_thin_meeting=True) == []
    assert [p.rule for p in r.form_problems(matter, Form.ONLINE, after_thin_meeting=True)] == [
        "LD3"
    ]


def test_ld3_contributions_and_other_matters_may_go_to_a_household_ballot() -> None:
    for matter in (Matter.WORKS, Matter.FUNDS, Matter.OTHER):
        assert r.form_problems(matter, Form.BALLOT) == []
        assert r.form_problems(matter, Form.MEETING) == []


# LD4–LD6 time limits and teams ---------------------------------------------------------------
def test_ld4_notice_at_least_two_days_before_the_meeting() -> None:
    # meeting Sunday 29/11/2026: the notice by Friday 27/11
    assert r.notice_due(D(2026, 11, 29), NO_SWAPS).due == D(2026, 11, 27)
    assert r.done_before_problems(D(2026, 11, 27), D(2026, 11, 29), 2, rule="LD4", what="x") == []
    late = r.done_before_problems(D(2026, 11, 28), D(2026, 11, 29), 2, rule="LD4", what="x")
    assert [p.rule for p in late] == ["LD4"]


def test_ld4_documents_of_matters_one_to_three_two_days_before() -> None:
    assert {Matter.WORKS, Matter.FUNDS, Matter.CHARTER} == r.DOCUMENT_MATTERS
    assert r.documents_due(D(2026, 12, 3), NO_SWAPS).due == D(2026, 12, 1)


def test_ld4_decision_sent_within_five_working_days() -> None:
    # meeting Sunday 29/11/2026 → Mon 30/11 … Fri 4/12 is the fifth working day
    assert r.decision_send_due(D(2026, 11, 29), NO_SWAPS).due == D(2026, 12, 4)
    # meeting Friday 27/11 → Mon 30, Tue 1, Wed 2, Thu 3, Fri 4
    assert r.decision_send_due(D(2026, 11, 27), NO_SWAPS).due == D(2026, 12, 4)
    assert r.decision_send_due(D(2026, 11, 26), NO_SWAPS).due == D(2026, 12, 3)


def test_ld4_decision_send_skips_the_national_day_holiday() -> None:
    # 1–2/9/2026 are days off: from Monday 31/8, Thu 3, Fri 4, Mon 7, Tue 8, Wed 9/9
    assert r.decision_send_due(D(2026, 8, 31), NO_SWAPS).due == D(2026, 9, 9)


def test_ld4_meeting_choices_need_more_than_half_of_those_present() -> None:
    assert r.meeting_choice_passes(51, 100)
    assert not r.meeting_choice_passes(50, 100)
    assert not r.meeting_choice_passes(0, 0)


@pytest.mark.parametrize(("size", "ok"), [(2, False), (3, True), (5, True), (6, False)])
def test_ld4_counting_board_three_to_five(size: int, ok: bool) -> None:
    assert (r.team_problems(size, rule="LD4", what="Ban kiểm phiếu") == []) is ok


def test_ld5_ballot_plan_sent_within_two_days_of_issue() -> None:
    # issued Thursday 26/11 → Saturday 28/11 is a day off → Monday 30/11 (TM2)
    assert r.ballot_plan_send_due(D(2026, 11, 26), NO_SWAPS).due == D(2026, 11, 30)
    assert r.ballot_plan_send_due(D(2026, 11, 23), NO_SWAPS).due == D(2026, 11, 25)


def test_ld6_online_consent_needs_more_than_half_of_all_households_exactly_half_fails() -> None:
    assert not r.online_consent_given(50, 100)
    assert r.online_consent_given(51, 100)
    assert not r.online_consent_given(50, 101)
    assert r.online_consent_given(51, 101)


def test_ld6_online_vote_passes_with_more_than_half_of_all_households() -> None:
    out = r.count_village(Matter.OTHER, Form.ONLINE, households=100, agree=51)
    assert (out.passed, out.rule, out.threshold, out.needed) == (True, "LD6", ">1/2", 51)
    out = r.count_village(Matter.OTHER, Form.ONLINE, households=100, agree=50)
    assert (out.passed, out.rule) == (False, "LD6")


# LD7 — thresholds ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("agree", "households", "ok"),
    [
        (134, 200, True),
        (133, 200, False),
        (2, 3, True),
        (1, 3, False),
        (100, 150, True),
        (99, 150, False),
        (67, 100, True),
        (66, 100, False),
    ],
)
def test_ld7_contributions_need_two_thirds_of_all_households_exactly_two_thirds_passes(
    agree: int, households: int, ok: bool
) -> None:
    for matter in (Matter.WORKS, Matter.FUNDS):
        out = r.count_village(matter, Form.MEETING, households=households, agree=agree)
        assert out.passed is ok
        assert out.rule == "LD7"
        assert out.threshold == ">=2/3"
        assert out.needed == -(-2 * households // 3)


def test_ld7_why_reads_in_vietnamese() -> None:
    out = r.count_village(Matter.WORKS, Form.MEETING, households=200, agree=134)
    assert out.why == "Đạt: 134/200 hộ đồng ý, cần ít nhất 2/3 tổng số hộ (134 hộ) — LD7"
    out = r.count_village(Matter.OTHER, Form.BALLOT, households=200, agree=100)
    assert out.why == "Không đạt: 100/200 hộ đồng ý, cần quá 1/2 tổng số hộ (101 hộ) — LD7"


@pytest.mark.parametrize(
    "matter", [Matter.CHARTER, Matter.VILLAGE_HEAD, Matter.BOARD_MEMBERS, Matter.OTHER]
)
def test_ld7_other_matters_need_more_than_half_exactly_half_fails(matter: Matter) -> None:
    form = Form.BALLOT
    assert not r.count_village(matter, form, households=100, agree=50).passed
    out = r.count_village(matter, form, households=100, agree=51)
    assert (out.passed, out.threshold, out.needed) == (True, ">1/2", 51)
    assert r.count_village(matter, form, households=101, agree=51).passed
    assert not r.count_village(matter, form, households=101, agree=50).passed


def test_ld7_counts_all_households_not_those_present() -> None:
    # 60 present, all 60 agree: the village has 200 households → not passed
    out = r.count_village(Matter.OTHER, Form.MEETING, households=200, agree=60, present=60)
    assert not out.passed
    assert out.needed == 101


def _villages(*rows: tuple[int, int]) -> list[VillageCount]:
    return [VillageCount(f"Thôn {i}", n, a) for i, (n, a) in enumerate(rows, start=1)]


def test_ld7_commune_wide_needs_two_thirds_of_villages_exactly_two_of_three_passes() -> None:
    out = r.count_commune(Matter.WORKS, Form.MEETING, _villages((90, 60), (60, 40), (30, 1)))
    assert (out.villages_passed, out.villages_total, out.passed) == (2, 3, True)
    assert out.threshold == ">=2/3" and out.rule == "LD7"
    assert out.households == 180 and out.agree == 101
    assert [v.passed for v in out.villages] == [True, True, False]
    # villages_needed = 2: the two smallest needs are 20 (30 households) and 40 (60)
    assert out.villages_needed == 2
    assert out.needed == 20 + 40


def test_ld7_commune_wide_counts_villages_not_households() -> None:
    # most households agree overall, but only 1 village of 3 reaches 2/3
    out = r.count_commune(Matter.FUNDS, Form.BALLOT, _villages((300, 300), (60, 39), (30, 19)))
    assert out.agree * 3 >= 2 * out.households
    assert (out.villages_passed, out.passed) == (1, False)


def test_ld7_commune_wide_just_below_two_thirds_of_villages_fails() -> None:
    rows = [(30, 20)] * 4 + [(30, 0)] * 2  # 4/6 passes
    assert r.count_commune(Matter.WORKS, Form.MEETING, _villages(*rows)).passed
    rows = [(30, 20)] * 3 + [(30, 0)] * 2  # 3/5 fails
    out = r.count_commune(Matter.WORKS, Form.MEETING, _villages(*rows))
    assert not out.passed and out.villages_needed == 4


def test_ld7_effect_per_article_21() -> None:
    day = D(2026, 11, 29)
    rec = D(2026, 12, 3)
    assert r.effective_on(Matter.WORKS, Scope.VILLAGE, voted_on=day) == day
    assert r.effective_on(Matter.OTHER, Scope.VILLAGE, voted_on=day) == day
    assert r.effective_on(Matter.WORKS, Scope.COMMUNE, voted_on=day) is None
    assert r.effective_on(Matter.WORKS, Scope.COMMUNE, voted_on=day, set_date=rec) == rec
    assert r.effective_on(Matter.CHARTER, Scope.VILLAGE, voted_on=day) is None
    assert r.effective_on(Matter.CHARTER, Scope.VILLAGE, voted_on=day, recognised_on=rec) == rec
    assert r.effect_from(Matter.VILLAGE_HEAD, Scope.VILLAGE) is r.EffectFrom.COMMITTEE_RECOGNITION
    assert r.effect_from(Matter.BOARD_MEMBERS, Scope.VILLAGE) is r.EffectFrom.FRONT_RECOGNITION


def test_ld7_recognition_within_five_working_days_of_receipt() -> None:
    assert r.recognition_due(D(2026, 12, 4), NO_SWAPS).due == D(2026, 12, 11)
    assert r.recognition_due(D(2026, 12, 4), NO_SWAPS).rule == "LD7"


def test_ld7_count_problems_lists_every_problem_at_once() -> None:
    problems = r.count_problems(
        Matter.WORKS,
        Scope.VILLAGE,
        Form.ONLINE,
        households=100,
        agree=120,
        present=110,
        online_consent=None,
        has_villages=False,
    )
    assert sorted(p.rule for p in problems) == ["LD3", "LD7", "LD7"]
    problems = r.count_problems(
        Matter.WORKS,
        Scope.VILLAGE,
        Form.MEETING,
        households=100,
        agree=90,
        present=80,
        online_consent=None,
        has_villages=False,
    )
    assert [p.rule for p in problems] == ["LD4"]


def test_ld7_negative_numbers_refused() -> None:
    problems = r.count_problems(
        Matter.OTHER,
        Scope.VILLAGE,
        Form.MEETING,
        households=-1,
        agree=-2,
        present=None,
        online_consent=None,
        has_villages=False,
    )
    assert len([p for p in problems if "số âm" in p.message]) == 2


def test_ld6_consent_problems_at_exactly_half() -> None:
    kw = dict(agree=60, present=None, has_villages=False)
    half = r.count_problems(
        Matter.OTHER, Scope.VILLAGE, Form.ONLINE, households=100, online_consent=50, **kw
    )
    assert [p.rule for p in half] == ["LD6"]
    assert (
        r.count_problems(
            Matter.OTHER, Scope.VILLAGE, Form.ONLINE, households=100, online_consent=51, **kw
        )
        == []
    )


# LD14 — the charter at a meeting -------------------------------------------------------------
def test_ld14_charter_meeting_needs_more_than_half_present_exactly_half_goes_to_ballot() -> None:
    out = r.count_village(Matter.CHARTER, Form.MEETING, households=100, agree=50, present=50)
    assert (out.passed, out.rule, out.next_step, out.threshold) == (
        False,
        "LD14",
        "household_ballot",
        ">1/2",
    )
    out = r.count_village(Matter.CHARTER, Form.MEETING, households=100, agree=51, present=51)
    assert (out.passed, out.rule, out.next_step) == (True, "LD7", None)


def test_ld14_quorate_charter_meeting_still_counts_all_households() -> None:
    out = r.count_village(Matter.CHARTER, Form.MEETING, households=100, agree=50, present=80)
    assert (out.passed, out.rule, out.next_step) == (False, "LD7", None)


def test_ld14_charter_ballot_has_no_presence_rule() -> None:
    out = r.count_village(Matter.CHARTER, Form.BALLOT, households=100, agree=51, present=51)
    assert out.passed and out.rule == "LD7"
    assert r.charter_meeting_quorate(51, 100) and not r.charter_meeting_quorate(50, 100)


def test_ld14_thin_charter_meeting_needs_no_agree_count() -> None:
    problems = r.count_problems(
        Matter.CHARTER,
        Scope.VILLAGE,
        Form.MEETING,
        households=100,
        agree=None,
        present=40,
        online_consent=None,
        has_villages=False,
    )
    assert problems == []
    missing = r.count_problems(
        Matter.CHARTER,
        Scope.VILLAGE,
        Form.MEETING,
        households=100,
        agree=None,
        present=None,
        online_consent=None,
        has_villages=False,
    )
    assert "LD14" in [p.rule for p in missing]


def test_ld4_step_states_from_recorded_facts() -> None:
    due, today = D(2026, 11, 27), D(2026, 11, 28)
    assert r.step_state(due, D(2026, 11, 27), today) is r.StepState.MET
    assert r.step_state(due, D(2026, 11, 28), today) is r.StepState.LATE
    assert r.step_state(due, None, today) is r.StepState.MISSED
    assert r.step_state(due, None, D(2026, 11, 27)) is r.StepState.IN_PROGRESS
    # nothing counts before it happened
    assert r.step_state(due, D(2026, 11, 26), D(2026, 11, 25)) is r.StepState.IN_PROGRESS
