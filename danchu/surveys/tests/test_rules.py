"""SV1–SV8 as plain rules: no database."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from danchu.surveys import rules as r

D = dt.date


def test_sv1_six_seed_positions_four_low_contact() -> None:
    assert len(r.SEED_POSITIONS) == 6
    names = {p.name for p in r.SEED_POSITIONS}
    assert "Tư pháp - Hộ tịch" in names
    assert {p.name for p in r.SEED_POSITIONS if p.low_contact} == {
        "Chỉ huy trưởng Ban Chỉ huy Quân sự",
        "Văn phòng - Thống kê",
        "Tài chính - Kế toán",
        "Văn hóa - Xã hội",
    }


def test_sv1_low_contact_recognised_from_free_text_names() -> None:
    assert r.is_low_contact_name("Chỉ huy trưởng BCH Quân sự")
    assert r.is_low_contact_name("VĂN HOÁ - XÃ HỘI")
    assert not r.is_low_contact_name("Tư pháp - Hộ tịch")
    assert not r.is_low_contact_name("Địa chính - Nông nghiệp - Xây dựng và Môi trường")


def test_sv2_six_months_boundary() -> None:
    assert not r.has_six_months(D(2022, 6, 1), D(2022, 11, 30))
    assert r.has_six_months(D(2022, 6, 1), D(2022, 12, 1))
    # month-end clamping: 31/8 + 6 months = 28/2
    assert r.add_months(D(2022, 8, 31), 6) == D(2023, 2, 28)


def test_sv2_less_than_six_months_not_surveyed_with_reason() -> None:
    e = r.eligibility(r.PostFacts(start=D(2022, 7, 1), unit_id=1), D(2022, 12, 1))
    assert not e.surveyed
    assert "dưới 6 tháng" in e.reason


def test_sv2_six_months_surveyed_by_current_commune() -> None:
    e = r.eligibility(r.PostFacts(start=D(2022, 6, 1), unit_id=1), D(2022, 12, 1))
    assert e.surveyor is r.Surveyor.CURRENT
    assert e.surveying_unit_id == 1 and e.reporting_unit_id == 1


def test_sv2_recent_transfer_surveyed_by_previous_commune_reported_by_new() -> None:
    post = r.PostFacts(
        start=D(2022, 9, 1),
        unit_id=2,
        transferred=True,
        previous_unit_id=1,
        previous_start=D(2019, 1, 1),
        previous_end=D(2022, 8, 31),
    )
    e = r.eligibility(post, D(2022, 12, 1))
    assert e.surveyor is r.Surveyor.PREVIOUS
    assert e.surveying_unit_id == 1
    assert e.reporting_unit_id == 2


def test_sv2_transfer_within_same_commune_is_not_a_transfer_between_communes() -> None:
    post = r.PostFacts(
        start=D(2022, 9, 1),
        unit_id=2,
        transferred=True,
        previous_unit_id=2,
        previous_start=D(2019, 1, 1),
    )
    assert not r.eligibility(post, D(2022, 12, 1)).surveyed


def test_sv2_transfer_older_than_six_months_surveyed_by_new_commune() -> None:
    post = r.PostFacts(
        start=D(2022, 1, 1),
        unit_id=2,
        transferred=True,
        previous_unit_id=1,
        previous_start=D(2019, 1, 1),
    )
    assert r.eligibility(post, D(2022, 12, 1)).surveyor is r.Surveyor.CURRENT


def test_sv2_transfer_short_at_both_places_not_surveyed() -> None:
    post = r.PostFacts(
        start=D(2022, 9, 1),
        unit_id=2,
        transferred=True,
        previous_unit_id=1,
        previous_start=D(2022, 5, 1),
        previous_end=D(2022, 8, 31),
    )
    e = r.eligibility(post, D(2022, 12, 1))
    assert not e.surveyed and "cả hai nơi" in e.reason


@pytest.mark.parametrize(
    ("officials", "citizens", "low", "ok"),
    [
        (35, 65, False, True),  # 100 total
        (40, 110, False, True),  # 150 total
        (35, 64, False, False),  # 99 total
        (40, 111, False, False),  # 151 total
        (29, 80, False, False),
        (41, 80, False, False),
        (55, 60, True, True),
        (35, 80, True, True),
        (45, 70, True, False),  # between the two ranges
        (61, 60, True, False),
        (55, 60, False, False),  # 50–60 only for low-contact positions
    ],
)
def test_sv3_sv4_quota_ranges(officials: int, citizens: int, low: bool, ok: bool) -> None:
    problems = r.quota_problems(officials=officials, citizens=citizens, low_contact=low)
    assert (problems == []) is ok


def test_sv4_problem_names_the_total_range() -> None:
    (problem,) = r.quota_problems(officials=35, citizens=120, low_contact=False)
    assert problem.startswith("SV4") and "155" in problem and "100 đến 150" in problem


def test_sv3_problem_names_the_officials_range() -> None:
    (problem,) = r.quota_problems(officials=45, citizens=70, low_contact=True)
    assert problem.startswith("SV3") and "30–40 hoặc 50–60" in problem


def test_sv3_proposed_split_is_inside_the_ranges() -> None:
    for low in (False, True):
        for total in (50, 100, 120, 150, 999):
            s = r.propose_split(low_contact=low, total=total)
            assert (
                r.quota_problems(officials=s.officials, citizens=s.citizens, low_contact=low) == []
            )
    assert r.propose_split(low_contact=True) == r.Split(55, 65)
    assert r.propose_split(low_contact=False) == r.Split(35, 85)


def _template() -> dict:
    return {
        "sections": [
            {"code": c, "title": f"Nhóm {c}", "items": [{"code": f"{c}1", "text": "x"}]}
            for c in "abcd"
        ],
        "overall": {"question": "Tín nhiệm?", "answers": ["Tín nhiệm", "Không tín nhiệm"]},
    }


def test_sv5_template_with_sections_a_to_d_and_overall_is_accepted() -> None:
    assert r.template_problems(_template()) == []
    assert r.item_codes(_template()) == ["a1", "b1", "c1", "d1"]


def test_sv5_template_missing_a_section_or_overall_is_refused() -> None:
    t = _template()
    t["sections"] = t["sections"][:3]
    assert any("nhóm nội dung d)" in p for p in r.template_problems(t))
    t = _template()
    del t["overall"]
    assert any("tín nhiệm" in p for p in r.template_problems(t))
    t = _template()
    t["sections"][1]["items"].append({"code": "a1", "text": "dup"})
    assert any("trùng" in p for p in r.template_problems(t))


def test_sv7_validity_rule_blank_or_both_is_invalid() -> None:
    assert r.is_valid(r.read_overall(trust=True, distrust=False))
    assert r.is_valid(r.read_overall(trust=False, distrust=True))
    assert not r.is_valid(r.read_overall(trust=True, distrust=True))
    assert not r.is_valid(r.read_overall(trust=False, distrust=False))
    assert r.parse_overall_code("1") is r.Overall.TRUST
    assert r.parse_overall_code(" 0 ") is r.Overall.DISTRUST
    assert not r.is_valid(r.parse_overall_code(""))
    assert not r.is_valid(r.parse_overall_code("x"))


def test_sv7_rate_is_over_forms_collected_including_invalid() -> None:
    t = r.Tally()
    for _ in range(50):
        t.add("ND", r.Overall.TRUST)
    for _ in range(40):
        t.add("CB", r.Overall.DISTRUST)
    for _ in range(10):
        t.add("KCT", r.Overall.BLANK)
    assert (t.collected, t.valid, t.invalid, t.trust, t.distrust) == (100, 90, 10, 50, 40)
    assert t.rate == Fraction(1, 2)
    assert not t.low  # exactly 50% is not below 50%
    t.add("ND", r.Overall.BOTH)
    assert t.low  # 50/101
    assert t.officials == 50 and t.citizens == 51


def test_sv7_below_half_exact_integer_boundary() -> None:
    assert r.is_low(49, 99)  # 98 < 99
    assert not r.is_low(50, 100)
    assert r.is_low(49, 100)
    assert not r.is_low(0, 0)
    assert r.trust_rate(0, 0) is None


def test_sv7_percent_with_two_decimals_rounds_half_up() -> None:
    assert r.percent_2dp(2, 3) == "66.67"
    assert r.percent_2dp(1, 3) == "33.33"
    assert r.percent_2dp(1, 8) == "12.50"
    assert r.percent_2dp(1, 200000) == "0.00"
    assert r.percent_2dp(1, 20000) == "0.01"  # 0.005 rounds up
    assert r.percent_2dp(5, 5) == "100.00"


def test_sv7_two_consecutive_low_years_flagged() -> None:
    results = [r.YearResult(2021, 40, 100), r.YearResult(2022, 45, 100)]
    assert r.two_year_low(results, 2022)
    assert not r.two_year_low(results, 2021)  # no 2020 result
    assert not r.two_year_low([r.YearResult(2020, 40, 100), r.YearResult(2022, 40, 100)], 2022)
    assert not r.two_year_low([r.YearResult(2021, 40, 100), r.YearResult(2022, 50, 100)], 2022)


def test_sv7_two_results_in_one_year_are_added() -> None:
    # transferred mid-year: surveyed in two communes the same year
    results = [
        r.YearResult(2021, 10, 100),
        r.YearResult(2022, 30, 100),
        r.YearResult(2022, 80, 100),
    ]
    assert not r.two_year_low(results, 2022)  # 110/200 is not below half


def _members(*kinds: r.MemberKind) -> list[r.Member]:
    return [r.Member(f"M{i}", k) for i, k in enumerate(kinds)]


def test_sv6_commune_committee_valid_composition() -> None:
    members = [
        r.Member("A", r.MemberKind.VICE_CHAIRMAN, leader=True),
        r.Member("B", r.MemberKind.YOUTH_SECRETARY, secretary=True),
        r.Member("C", r.MemberKind.FRONT),
    ]
    assert r.committee_problems(r.CommitteeLevel.COMMUNE, members) == []


def test_sv6_commune_committee_size_and_roles_checked() -> None:
    two = [
        r.Member("A", r.MemberKind.VICE_CHAIRMAN, leader=True),
        r.Member("B", r.MemberKind.OFFICE_CIVIL_SERVANT, secretary=True),
    ]
    assert any("từ 3 đến 5" in p for p in r.committee_problems(r.CommitteeLevel.COMMUNE, two))
    wrong_leader = [
        r.Member("A", r.MemberKind.FRONT, leader=True),
        r.Member("B", r.MemberKind.OFFICE_CIVIL_SERVANT, secretary=True),
        r.Member("C", r.MemberKind.VICE_CHAIRMAN),
    ]
    problems = r.committee_problems(r.CommitteeLevel.COMMUNE, wrong_leader)
    assert any("tổ trưởng phải là Phó Chủ tịch" in p for p in problems)
    wrong_secretary = [
        r.Member("A", r.MemberKind.VICE_CHAIRMAN, leader=True),
        r.Member("B", r.MemberKind.FRONT, secretary=True),
        r.Member("C", r.MemberKind.HOME_AFFAIRS_LEAD),
    ]
    problems = r.committee_problems(r.CommitteeLevel.COMMUNE, wrong_secretary)
    assert any("thư ký phải là" in p for p in problems)
    assert any("không thuộc thành phần" in p for p in problems)


def test_sv6_district_committee_five_to_seven() -> None:
    members = [
        r.Member("A", r.MemberKind.HOME_AFFAIRS_LEAD, leader=True),
        r.Member("B", r.MemberKind.INSPECTORATE),
        r.Member("C", r.MemberKind.FRONT),
        r.Member("D", r.MemberKind.PARTY_ORGANISATION),
        r.Member("E", r.MemberKind.HOME_AFFAIRS_OFFICER, secretary=True),
    ]
    assert r.committee_problems(r.CommitteeLevel.DISTRICT, members) == []
    assert any(
        "từ 5 đến 7" in p for p in r.committee_problems(r.CommitteeLevel.DISTRICT, members[:4])
    )
    assert r.committee_problems(r.CommitteeLevel.DISTRICT, [*members[:4]]) != []


def test_sv8_progress_against_before_deadline() -> None:
    before = D(2022, 11, 25)
    assert r.last_day(before) == D(2022, 11, 24)
    p = r.progress
    assert p(report_before=before, today=D(2022, 11, 1), notified_on=None, reported_on=None) is (
        r.Progress.NOT_NOTIFIED
    )
    assert (
        p(report_before=before, today=D(2022, 11, 1), notified_on=D(2022, 10, 30), reported_on=None)
        is r.Progress.NOTIFIED
    )
    assert p(report_before=before, today=D(2022, 11, 25), notified_on=None, reported_on=None) is (
        r.Progress.OVERDUE
    )
    assert (
        p(report_before=before, today=D(2022, 12, 1), notified_on=None, reported_on=D(2022, 11, 24))
        is r.Progress.REPORTED
    )
    assert (
        p(report_before=before, today=D(2022, 12, 1), notified_on=None, reported_on=D(2022, 11, 25))
        is r.Progress.REPORTED_LATE
    )


def test_sv8_notice_date_must_leave_time_to_report() -> None:
    ok = r.notice_problems(
        survey_on=D(2022, 11, 15),
        report_before=D(2022, 11, 25),
        year=2022,
        notified_on=D(2022, 11, 1),
    )
    assert ok == []
    late = r.notice_problems(
        survey_on=D(2022, 11, 25),
        report_before=D(2022, 11, 25),
        year=2022,
        notified_on=D(2022, 11, 1),
    )
    assert any("trước hạn báo cáo" in p for p in late)
    past = r.notice_problems(
        survey_on=D(2022, 10, 15),
        report_before=D(2022, 11, 25),
        year=2022,
        notified_on=D(2022, 11, 1),
    )
    assert any("trước ngày thông báo" in p for p in past)
