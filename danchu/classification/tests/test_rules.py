"""GR1, GR2, GR4 as pure rules: boundaries, exact decimals, each comparison."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from danchu.classification import rules
from danchu.classification.rules import Consequence, Evaluation, Grade, Level

THRESHOLDS = rules.Thresholds(
    grades={Grade.TOT: D(85), Grade.KHA: D(70), Grade.TRUNG_BINH: D(50), Grade.YEU: D(0)},
    tsvm=D(90),
)


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", Grade.TOT),
        ("85", Grade.TOT),
        ("84.99", Grade.KHA),
        ("70", Grade.KHA),
        ("69.99", Grade.TRUNG_BINH),
        ("50", Grade.TRUNG_BINH),
        ("49.99", Grade.YEU),
        ("0", Grade.YEU),
    ],
)
def test_gr1_class_is_the_best_whose_threshold_the_total_reaches_inclusive(total, grade):
    assert rules.classify(D(total), THRESHOLDS) is grade


def test_gr1_total_below_every_threshold_is_classed_yeu():
    thresholds = rules.Thresholds(grades={Grade.TOT: D(85), Grade.KHA: D(70)})
    assert rules.classify(D("69.99"), thresholds) is Grade.YEU
    assert rules.BELOW_EVERY_THRESHOLD is Grade.YEU


def test_gr1_tsvm_is_independent_of_the_class():
    assert rules.is_tsvm(D(90), THRESHOLDS)
    assert not rules.is_tsvm(D("89.99"), THRESHOLDS)
    # a threshold below a class's: recognised though classed khá only
    low = rules.Thresholds(grades=THRESHOLDS.grades, tsvm=D(80))
    assert rules.classify(D(80), low) is Grade.KHA and rules.is_tsvm(D(80), low)
    assert not rules.is_tsvm(D(100), rules.Thresholds(grades=THRESHOLDS.grades))
    assert "độc lập với xếp loại" in rules.TSVM_INDEPENDENT_OF_CLASS


def test_gr1_thresholds_must_rise_with_the_class():
    bad = rules.Thresholds(grades={Grade.TOT: D(70), Grade.KHA: D(70)})
    assert bad.problems()
    assert not THRESHOLDS.problems()
    assert rules.Thresholds(grades={Grade.YEU: D(-1)}).problems()


@pytest.mark.parametrize(
    ("comparison", "number", "actual", "met"),
    [
        (">=", 63, 63, True),
        (">=", 63, 62, False),
        (">", 75, 76, True),
        (">", 75, 75, False),
        ("<=", 30, 30, True),
        ("<=", 30, 31, False),
        ("<", 30, 29, True),
        ("<", 30, 30, False),
        ("=", 0, 0, True),
        ("=", 0, 1, False),
        ("≥", 63, 63, True),
        ("≤", 1, 2, False),
    ],
)
def test_gr1_targets_each_comparison(comparison, number, actual, met):
    target = rules.Target("tsvm", rules.parse_comparison(comparison), number)
    assert rules.target_met(target, {"tsvm": actual}) is met


def test_gr1_unknown_comparison_is_refused():
    with pytest.raises(ValueError, match="không hợp lệ"):
        rules.parse_comparison("!=")


def test_gr1_counts_per_class_and_tsvm_apart():
    counts = rules.count_classes([(Grade.TOT, True), (Grade.KHA, True), (Grade.KHA, False)])
    assert counts == {"tot": 1, "kha": 2, "trung_binh": 0, "yeu": 0, "tsvm": 2}


@pytest.mark.parametrize(
    ("points", "cap"),
    [
        ("20", Level.XUAT_SAC),
        ("17", Level.XUAT_SAC),
        ("16.99", Level.TOT),
        ("13", Level.TOT),
        ("12.99", Level.HOAN_THANH_HAN_CHE),
        ("9", Level.HOAN_THANH_HAN_CHE),
        ("8.99", Level.KHONG_HOAN_THANH),
        ("0", Level.KHONG_HOAN_THANH),
    ],
)
def test_gr2_cap_boundaries_exact(points, cap):
    assert rules.cap_for(D(points)) is cap


def test_gr2_16_99_with_decimal_comma_is_not_17():
    assert rules.parse_points("16,99") == D("16.99")
    assert rules.cap_for(rules.parse_points("16,99")) is Level.TOT
    assert rules.cap_for(rules.parse_points("17,00")) is Level.XUAT_SAC


def test_gr2_thresholds_live_in_one_place():
    assert [low for low, _ in rules.CAP_THRESHOLDS] == [D(17), D(13), D(9)]


def test_gr2_proposal_above_the_cap_refused_unless_overridden_with_reason():
    caps = [Level.XUAT_SAC, Level.TOT]  # two criteria: the lower cap holds
    assert rules.tightest_cap(caps) is Level.TOT
    assert rules.proposal_problems(Level.XUAT_SAC, caps)
    assert rules.proposal_problems(Level.XUAT_SAC, caps, override_reason="  ")
    assert not rules.proposal_problems(Level.XUAT_SAC, caps, override_reason="Thành tích đột xuất")
    assert not rules.proposal_problems(Level.TOT, caps)
    assert not rules.proposal_problems(Level.HOAN_THANH_HAN_CHE, caps)
    assert not rules.proposal_problems(Level.XUAT_SAC, [])


@pytest.mark.parametrize(
    ("grade", "last", "before", "expected"),
    [
        (Grade.TOT, None, None, []),
        (Grade.TOT, Evaluation.PHE_BINH, None, [Consequence.DIEU_DONG_CHU_TICH_UBND]),
        (
            Grade.KHA,
            Evaluation.NHAC_NHO,
            Evaluation.PHE_BINH,
            [Consequence.KIEM_DIEM_LANH_DAO_UBND],
        ),
        (
            Grade.KHA,
            Evaluation.PHE_BINH,
            Evaluation.PHE_BINH,
            [Consequence.DIEU_DONG_CHU_TICH_UBND, Consequence.KIEM_DIEM_CHU_TICH_HDND_UBND],
        ),
        (Grade.KHA, None, Evaluation.PHE_BINH, []),
        (Grade.TRUNG_BINH, None, None, [Consequence.KHONG_KHEN_THUONG]),
        (
            Grade.YEU,
            Evaluation.NHAC_NHO,
            None,
            [Consequence.KIEM_DIEM_LANH_DAO_UBND, Consequence.KHONG_KHEN_THUONG],
        ),
    ],
)
def test_gr4_consequences(grade, last, before, expected):
    assert rules.consequences(grade, last, before) == expected


def test_gr4_no_commendation_for_trung_binh_or_yeu():
    assert rules.commendation_allowed(Grade.TOT) and rules.commendation_allowed(Grade.KHA)
    assert not rules.commendation_allowed(Grade.TRUNG_BINH)
    assert not rules.commendation_allowed(Grade.YEU)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.000,5", "", "1e3", "nan"])
def test_gr2_points_not_a_number_refused(text):
    with pytest.raises(ValueError):
        rules.parse_points(text)


def test_gr2_points_with_a_third_decimal_refused_not_rounded():
    with pytest.raises(ValueError, match="thập phân"):
        rules.parse_points("16,999")
    assert rules.parse_points("16,990") == D("16.99")
    assert rules.points_str(D("16.9")) == "16.90"
    assert rules.points_text(D(17)) == "17,00"
    assert rules.points_str(rules.parse_points("-0")) == "0.00"


def test_gr2_position_matches_the_people_register():
    from danchu.core.text import fold

    key = rules.position_key
    assert key("Chủ tịch UBND", fold) == key("Chủ tịch Ủy ban nhân dân xã", fold)
    assert key("Văn phòng - thống kê", fold) == key("Văn phòng - Thống kê", fold)
    assert key("Phó Chủ tịch HĐND", fold) == key("Phó Chủ tịch Hội đồng nhân dân xã", fold)
    assert key("Chủ tịch UBND", fold) != key("Phó Chủ tịch UBND", fold)
    assert rules.gr3_applies("pho-chu-tich-hdnd-xa") and not rules.gr3_applies("cs-quan-su")
