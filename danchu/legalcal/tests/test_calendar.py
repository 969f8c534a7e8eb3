"""TM1–TM4 on the pure functions, with the swap table passed in as data (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.legalcal.calendar import (
    EMPTY,
    SwapTable,
    add_days,
    days_off_in,
    holiday_name,
    is_working_day,
    next_working_day,
    working_days_between,
)
from danchu.legalcal.seed import KNOWN_SWAPS

D = dt.date
SEED = SwapTable.from_pairs((s.day, s.kind) for s in KNOWN_SWAPS)


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


# TM1 — the day of the event is not counted


def test_tm1_event_day_not_counted_one_day_after_is_next_day() -> None:
    assert add_days(D(2026, 3, 3), 1, swaps=SEED) == D(2026, 3, 4)


def test_tm1_twenty_days_after_counts_from_next_day() -> None:
    # Published Tuesday 3/3/2026: day 1 is 4/3, day 20 is 23/3 (a Monday).
    assert add_days(D(2026, 3, 3), 20, swaps=SEED) == D(2026, 3, 23)


def test_tm1_working_days_do_not_count_the_start_even_if_it_is_a_working_day() -> None:
    # Issued Monday 9/3/2026; 5 working days: 10, 11, 12, 13, 16/3.
    assert add_days(D(2026, 3, 9), 5, working=True, swaps=SEED) == D(2026, 3, 16)


def test_tm1_zero_days_is_the_same_day() -> None:
    assert add_days(D(2026, 3, 7), 0, swaps=SEED) == D(2026, 3, 7)


# TM2 — a forward period ending on a day off ends on the next working day


def test_tm2_period_ending_on_saturday_moves_to_monday() -> None:
    # 10 days after Wednesday 4/3/2026 is Saturday 14/3 → Monday 16/3.
    assert D(2026, 3, 4) + dt.timedelta(days=10) == D(2026, 3, 14)
    assert add_days(D(2026, 3, 4), 10, swaps=SEED) == D(2026, 3, 16)


def test_tm2_period_ending_in_tet_2026_moves_past_the_whole_break() -> None:
    # 10 days after 6/2/2026 is 16/2 (Lunar New Year's Eve) → first working day 23/2.
    assert add_days(D(2026, 2, 6), 10, swaps=SEED) == D(2026, 2, 23)


def test_tm2_period_ending_on_a_working_saturday_stays() -> None:
    # 8/2/2025 is a working Saturday (swap for 27/1/2025).
    assert add_days(D(2025, 1, 29), 10, swaps=SEED) == D(2025, 2, 8)


def test_tm2_does_not_move_a_backward_count_later() -> None:
    # "At least 20 days before" Sunday 22/3/2026 → 2/3/2026 is a Monday: unchanged.
    assert add_days(D(2026, 3, 22), -20, swaps=SEED) == D(2026, 3, 2)
    # 20 days before Friday 20/3/2026 is Saturday 28/2 → moves back to Friday 27/2, never later.
    assert add_days(D(2026, 3, 20), -20, swaps=SEED) == D(2026, 2, 27)


# TM3 — calendar days and working days are different units


def test_tm3_calendar_and_working_days_differ_over_a_weekend() -> None:
    start = D(2026, 3, 5)  # Thursday
    assert add_days(start, 5, swaps=SEED) == D(2026, 3, 10)
    assert add_days(start, 5, working=True, swaps=SEED) == D(2026, 3, 12)


def test_tm3_working_day_count_backwards() -> None:
    # 5 working days before Friday 13/3/2026: 12, 11, 10, 9, 6/3.
    assert add_days(D(2026, 3, 13), -5, working=True, swaps=SEED) == D(2026, 3, 6)


def test_tm3_working_days_between_excludes_start_includes_end() -> None:
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 13), SEED) == 5


# TM4 — weekends, public holidays and the yearly swaps


def test_tm4_weekend_is_not_a_working_day() -> None:
    assert not is_working_day(D(2026, 3, 7), SEED)
    assert not is_working_day(D(2026, 3, 8), SEED)
    assert is_working_day(D(2026, 3, 9), SEED)


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 1),  # Tết Dương lịch
        D(2025, 4, 7),  # Giỗ Tổ Hùng Vương (10/3 âm lịch)
        D(2025, 4, 30),
        D(2025, 5, 1),
        D(2025, 9, 2),
        D(2026, 4, 27),  # Giỗ Tổ 2026 falls on Sunday 26/4: compensatory Monday
    ],
)
def test_tm4_public_holidays_are_days_off(day: dt.date) -> None:
    assert holiday_name(day)
    assert not is_working_day(day, SEED)


def test_tm4_tet_at_ty_2025_off_25_1_to_2_2_with_working_saturday_8_2() -> None:
    assert not any(is_working_day(d, SEED) for d in days(D(2025, 1, 25), D(2025, 2, 2)))
    assert is_working_day(D(2025, 1, 24), SEED)
    assert is_working_day(D(2025, 2, 3), SEED)
    assert is_working_day(D(2025, 2, 8), SEED)  # Saturday worked in exchange for 27/1


def test_tm4_monday_27_1_2025_is_off_by_the_swap_table_alone() -> None:
    only_swap = SwapTable.from_pairs([(D(2025, 1, 27), "day_off")])
    assert not is_working_day(D(2025, 1, 27), only_swap)
    # …and a table saying otherwise wins over the library: the swaps are data.
    overridden = SwapTable.from_pairs([(D(2025, 1, 27), "working_day")])
    assert is_working_day(D(2025, 1, 27), overridden)


def test_tm4_without_the_swap_table_saturday_8_2_2025_is_a_day_off() -> None:
    assert not is_working_day(D(2025, 2, 8), EMPTY)


def test_tm4_tet_binh_ngo_2026_off_14_2_to_22_2() -> None:
    assert not any(is_working_day(d, SEED) for d in days(D(2026, 2, 14), D(2026, 2, 22)))
    assert is_working_day(D(2026, 2, 13), SEED)
    assert is_working_day(D(2026, 2, 23), SEED)


def test_tm4_30_4_2025_break_with_2_5_off_and_saturday_26_4_worked() -> None:
    assert not any(is_working_day(d, SEED) for d in days(D(2025, 4, 30), D(2025, 5, 4)))
    assert is_working_day(D(2025, 4, 26), SEED)
    assert is_working_day(D(2025, 5, 5), SEED)


def test_tm4_national_day_2025_with_1_9_off() -> None:
    assert not is_working_day(D(2025, 9, 1), SEED)
    assert not is_working_day(D(2025, 9, 2), SEED)
    assert is_working_day(D(2025, 9, 3), SEED)


def test_tm4_national_day_2026_break_29_8_to_2_9_with_saturday_22_8_worked() -> None:
    assert not any(is_working_day(d, SEED) for d in days(D(2026, 8, 29), D(2026, 9, 2)))
    assert is_working_day(D(2026, 8, 22), SEED)


def test_tm4_days_off_list_names_swaps_and_holidays() -> None:
    listed = dict(days_off_in(2025, SEED))
    assert D(2025, 2, 8) in listed  # the working Saturday
    assert D(2025, 1, 27) in listed
    assert D(2025, 1, 25) not in listed  # ordinary weekend: not listed
    assert listed[D(2025, 4, 30)]


def test_tm4_swap_table_refuses_a_date_that_is_both_kinds() -> None:
    with pytest.raises(ValueError):
        SwapTable.from_pairs([(D(2025, 1, 27), "day_off"), (D(2025, 1, 27), "working_day")])


# Working-day additions across Tết and 30/4–1/5


def test_tm3_tm4_five_working_days_across_tet_2025_uses_the_working_saturday() -> None:
    # Issued Thursday 23/1/2025: 24/1, then Tết 25/1–2/2, then 3, 4, 5, 6/2 → 6/2.
    assert add_days(D(2025, 1, 23), 5, working=True, swaps=SEED) == D(2025, 2, 6)
    # Ten working days: 24/1, 3, 4, 5, 6, 7/2, Saturday 8/2 (worked), 10, 11, 12/2 → 12/2.
    assert add_days(D(2025, 1, 23), 10, working=True, swaps=SEED) == D(2025, 2, 12)
    # Without the swap table (library only: 27/1 is off, Saturday 8/2 is not worked): 13/2.
    assert add_days(D(2025, 1, 23), 10, working=True, swaps=EMPTY) == D(2025, 2, 13)


def test_tm3_tm4_five_working_days_across_tet_2026() -> None:
    # Issued Thursday 12/2/2026: 13/2, then Tết 14–22/2, then 23, 24, 25, 26/2.
    assert add_days(D(2026, 2, 12), 5, working=True, swaps=SEED) == D(2026, 2, 26)


def test_tm3_tm4_working_days_across_30_4_2025() -> None:
    # Issued Friday 25/4/2025: Saturday 26/4 (worked), 28, 29/4, then 30/4–4/5 off, 5, 6/5.
    assert add_days(D(2025, 4, 25), 5, working=True, swaps=SEED) == D(2025, 5, 6)


def test_tm3_tm4_working_days_across_30_4_2026() -> None:
    # Issued Wednesday 29/4/2026: 30/4 and 1/5 off, weekend, then 4, 5, 6, 7, 8/5.
    assert add_days(D(2026, 4, 29), 5, working=True, swaps=SEED) == D(2026, 5, 8)


def test_next_working_day_is_identity_on_a_working_day() -> None:
    assert next_working_day(D(2026, 3, 9), SEED) == D(2026, 3, 9)
