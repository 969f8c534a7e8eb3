"""ID1: the 12-digit personal identification number."""

from __future__ import annotations

import datetime as dt
import sqlite3
from importlib import resources

import pytest

from danchu.people.rules import ID_PROVINCE_CODES, decode_century_sex, validate_national_id


def test_id1_province_codes_are_the_63_legacy_provinces_of_vietnamadminunits():
    path = resources.files("vietnamadminunits").joinpath("data/dataset.db")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        codes = {row[0] for row in db.execute("SELECT provinceCode FROM admin_units_legacy")}
    assert len(codes) == 63
    assert {code.zfill(3) for code in codes} == ID_PROVINCE_CODES


def test_id1_valid_number_has_no_problem():
    assert validate_national_id("051090123456", dt.date(1990, 3, 2), "M") == []
    assert validate_national_id("062195000001", dt.date(1995, 1, 1), "F") == []
    assert validate_national_id("001303000001", dt.date(2003, 1, 1), "F") == []


@pytest.mark.parametrize("value", ["05109012345", "0510901234567", "05109012345a", ""])
def test_id1_must_be_twelve_digits(value):
    assert validate_national_id(value) == ["Số định danh cá nhân phải gồm đúng 12 chữ số."]


@pytest.mark.parametrize("prefix", ["000", "003", "063", "097", "100"])
def test_id1_unknown_province_code_is_refused(prefix):
    problems = validate_national_id(prefix + "090123456")
    assert len(problems) == 1
    assert prefix in problems[0] and "63 tỉnh" in problems[0]


def test_id1_birth_year_must_match_date_of_birth():
    problems = validate_national_id("051090123456", dt.date(1991, 3, 2), "M")
    assert problems == ["Năm sinh trong số định danh (1990) không khớp với ngày sinh (1991)."]


def test_id1_century_digit_must_match_gender():
    assert validate_national_id("051090123456", None, "F")  # 0 = male, 20th century
    assert validate_national_id("051190123456", None, "F") == []


@pytest.mark.parametrize(
    ("digit", "expected"),
    [(0, (1900, "M")), (1, (1900, "F")), (2, (2000, "M")), (3, (2000, "F")), (9, (2300, "F"))],
)
def test_id1_century_and_sex_digit(digit, expected):
    assert decode_century_sex(digit) == expected


def test_id1_no_check_digit_any_last_six_digits_pass():
    for tail in ("000000", "999999", "123457"):
        assert validate_national_id("051090" + tail) == []
