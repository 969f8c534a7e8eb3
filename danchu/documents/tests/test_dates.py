"""DOC1 / DOC3: the place and date line and the other dates in the Decree 30 wording."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.documents.dates import date_line, day_text, long_date, long_datetime, month_text


def test_doc1_date_line_matches_the_decree_example():
    assert date_line("Cẩm Mỹ", dt.date(2022, 1, 5)) == "Cẩm Mỹ, ngày 05 tháng 01 năm 2022"


@pytest.mark.parametrize(
    ("day", "expected"), [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (28, "28"), (31, "31")]
)
def test_doc1_days_under_ten_take_a_leading_zero(day: int, expected: str):
    assert day_text(day) == expected


@pytest.mark.parametrize(
    ("month", "expected"),
    [(1, "01"), (2, "02"), (3, "3"), (9, "9"), (10, "10"), (12, "12")],
)
def test_doc1_only_months_one_and_two_take_a_leading_zero(month: int, expected: str):
    assert month_text(month) == expected


def test_doc1_march_has_no_leading_zero_as_in_the_dien_bien_plan():
    # Seed 002: "Điện Biên, ngày 05 tháng 3 năm 2018".
    assert date_line("Điện Biên", dt.date(2018, 3, 5)) == "Điện Biên, ngày 05 tháng 3 năm 2018"


def test_doc1_late_in_the_year_needs_no_zero():
    assert date_line("Cẩm Mỹ", dt.date(2022, 10, 28)) == "Cẩm Mỹ, ngày 28 tháng 10 năm 2022"


def test_doc1_place_is_normalised_to_nfc():
    decomposed = "Ca\u0302\u0300m Mi\u0303"  # "Cầm Mĩ" in NFD
    assert date_line(decomposed, dt.date(2022, 2, 1)).startswith("Cầm Mĩ, ngày 01 tháng 02")


def test_doc1_undated_draft_leaves_blanks_for_the_pen():
    line = date_line("Sông Ray", None)
    assert line.startswith("Sông Ray, ngày ") and "tháng" in line and line.rstrip().endswith("năm")


def test_doc3_dates_never_use_a_short_locale_form():
    text = long_date(dt.date(2024, 2, 9))
    assert text == "ngày 09 tháng 02 năm 2024"
    assert "/" not in text and "-" not in text


def test_doc3_times_in_minutes_read_hours_and_minutes():
    moment = dt.datetime(2023, 10, 9, 8, 5)
    assert long_datetime(moment) == "8 giờ 05 phút, ngày 09 tháng 10 năm 2023"
