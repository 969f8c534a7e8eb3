"""LD10 rules, pure: the scale, the figures, one rating per matter, the answer time limit."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from danchu.legalcal.calendar import EMPTY, add_days
from danchu.satisfaction import rules
from danchu.satisfaction.rules import AnswerState, CodeState, Level


def test_ld10_scale_has_four_levels_and_two_count_as_satisfied() -> None:
    assert [level.value for level in Level] == [
        "rat_hai_long",
        "hai_long",
        "khong_hai_long",
        "rat_khong_hai_long",
    ]
    assert {Level.VERY_SATISFIED, Level.SATISFIED} == rules.SATISFIED_LEVELS


def test_ld10_rate_is_an_exact_fraction_of_satisfied_over_all() -> None:
    figures = rules.tally(["rat_hai_long", "hai_long", "khong_hai_long"])
    assert figures.total == 3
    assert figures.satisfied_count == 2
    assert figures.rate == Fraction(2, 3)
    assert figures.rate_text == "66,67%"


def test_ld10_very_dissatisfied_is_not_satisfied() -> None:
    figures = rules.tally([Level.VERY_DISSATISFIED, Level.SATISFIED])
    assert figures.rate == Fraction(1, 2)
    assert figures.count(Level.VERY_DISSATISFIED) == 1


def test_ld10_no_rating_has_no_rate_not_zero() -> None:
    figures = rules.tally([])
    assert figures.rate is None
    assert figures.rate_text == "—"


def test_ld10_rate_shown_the_vietnamese_way_with_thousands() -> None:
    figures = rules.Figures(very_satisfied=1000, satisfied=1, not_satisfied=5, very_dissatisfied=0)
    assert figures.total == 1006
    assert figures.rate_text == "99,50%"  # 1001/1006 = 99,503 → half up to 99,50


def test_ld10_figures_add_up() -> None:
    a = rules.Figures(1, 2, 3, 4)
    b = rules.Figures(4, 3, 2, 1)
    assert a + b == rules.Figures(5, 5, 5, 5)
    assert rules.from_counts({"hai_long": 2, "rat_khong_hai_long": 1}) == rules.Figures(0, 2, 0, 1)


def test_ld10_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError):
        rules.tally(["binh_thuong"])
    with pytest.raises(ValueError):
        rules.satisfied_rate(3, 2)


def test_ld10_a_rating_keeps_only_its_month() -> None:
    assert rules.month_of(dt.date(2026, 11, 22)) == dt.date(2026, 11, 1)
    assert rules.next_month(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
    assert rules.month_label(dt.date(2026, 3, 1)) == "03/2026"


def test_ld10_code_works_until_the_end_of_the_next_month() -> None:
    assert rules.code_valid_until(dt.date(2026, 11, 3)) == dt.date(2026, 12, 31)
    assert rules.code_valid_until(dt.date(2026, 11, 30)) == dt.date(2026, 12, 31)
    assert rules.code_valid_until(dt.date(2026, 12, 15)) == dt.date(2027, 1, 31)
    assert rules.code_valid_until(dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)


def test_ld10_one_rating_per_matter_a_used_code_says_so() -> None:
    until = dt.date(2026, 12, 31)
    today = dt.date(2026, 11, 22)
    assert (
        rules.code_state(known=True, used=False, valid_until=until, today=today) is CodeState.OPEN
    )
    assert rules.code_state(known=True, used=True, valid_until=until, today=today) is CodeState.USED
    assert rules.code_state(known=False, used=False, valid_until=None, today=today) is (
        CodeState.UNKNOWN
    )


def test_ld10_code_expires_the_day_after_its_last_day() -> None:
    until = dt.date(2026, 12, 31)
    assert rules.code_state(known=True, used=False, valid_until=until, today=until) is (
        CodeState.OPEN
    )
    assert (
        rules.code_state(
            known=True, used=False, valid_until=until, today=until + dt.timedelta(days=1)
        )
        is CodeState.EXPIRED
    )


def test_ld10_code_typed_with_spaces_or_lower_case_is_the_same() -> None:
    assert rules.normalise_code(" abcde-fghjk ") == "ABCDEFGHJK"
    assert rules.normalise_code("ABCDE FGHJK") == "ABCDEFGHJK"


def test_ld10_comment_keeps_only_its_week() -> None:
    assert rules.week_of(dt.date(2026, 11, 22)) == dt.date(2026, 11, 16)  # a Sunday
    assert rules.week_of(dt.date(2026, 11, 16)) == dt.date(2026, 11, 16)  # a Monday


def _working(day: dt.date, n: int) -> dt.date:
    return add_days(day, n, working=True, swaps=EMPTY)


def test_ld10_answer_due_five_working_days_after_the_week() -> None:
    assert rules.ANSWER_WORKING_DAYS == 5
    # Week of Mon 9/11/2026: ends Sun 15/11; 5 working days → Fri 20/11.
    assert rules.answer_due(dt.date(2026, 11, 9), _working) == dt.date(2026, 11, 20)


def test_ld10_answer_due_skips_public_holidays() -> None:
    # Week of Mon 24/8/2026 ends Sun 30/8; 2/9 (National Day) and its adjacent day are off:
    # the five working days end later than Fri 4/9 (TM4).
    due = rules.answer_due(dt.date(2026, 8, 24), _working)
    assert due > dt.date(2026, 9, 4)
    assert due == add_days(dt.date(2026, 8, 30), 5, working=True, swaps=EMPTY)


def test_ld10_answer_late_only_after_the_due_day() -> None:
    due = dt.date(2026, 11, 27)
    assert rules.answer_state(due=due, answered_on=due, today=due) is AnswerState.ON_TIME
    assert (
        rules.answer_state(due=due, answered_on=due + dt.timedelta(days=1), today=due)
        is AnswerState.LATE
    )
    assert rules.answer_state(due=due, answered_on=None, today=due) is AnswerState.WAITING
    assert (
        rules.answer_state(due=due, answered_on=None, today=due + dt.timedelta(days=1))
        is AnswerState.OVERDUE
    )
