"""Plain rules about people (ID1). No Django models here.

ID1: the personal identification number is 12 digits: 3 digits of the province where the birth
was registered (the old list of 63 provinces), a century-and-sex digit, 2 digits of the birth
year, then 6 random digits. There is no check digit.
"""

from __future__ import annotations

import datetime as dt

# Province codes of the ID number (Thông tư 07/2016/TT-BCA, the 63 provinces). They are kept after
# the 2025 mergers, so numbers issued before and after stay valid.
ID_PROVINCE_CODES: frozenset[str] = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)

# Century-and-sex digit: 0/1 = 20th century male/female, 2/3 = 21st, 4/5 = 22nd, 6/7 = 23rd,
# 8/9 = 24th.
_CENTURY_START = {0: 1900, 2: 2000, 4: 2100, 6: 2200, 8: 2300}


def decode_century_sex(digit: int) -> tuple[int, str]:
    """Return (first year of the century, "M" or "F") for the 4th digit."""
    return _CENTURY_START[digit - digit % 2], "M" if digit % 2 == 0 else "F"


def validate_national_id(
    value: str, date_of_birth: dt.date | None = None, gender: str | None = None
) -> list[str]:
    """Return the problems with ``value`` as Vietnamese messages (empty when valid). ID1."""
    problems: list[str] = []
    if len(value) != 12 or not value.isdigit():
        return ["Số định danh cá nhân phải gồm đúng 12 chữ số."]
    if value[:3] not in ID_PROVINCE_CODES:
        problems.append(
            f"Mã tỉnh nơi đăng ký khai sinh «{value[:3]}» không có trong danh mục 63 tỉnh."
        )
    century, sex = decode_century_sex(int(value[3]))
    year = century + int(value[4:6])
    if date_of_birth is not None and date_of_birth.year != year:
        problems.append(
            f"Năm sinh trong số định danh ({year}) không khớp với ngày sinh ({date_of_birth.year})."
        )
    if gender in {"M", "F"} and gender != sex:
        problems.append("Mã thế kỷ và giới tính trong số định danh không khớp với giới tính.")
    return problems


#: ID1 (issue 19): the earliest birth date danchu accepts; the same bound for pages, API, imports.
EARLIEST_BIRTH = dt.date(1900, 1, 1)


def birth_date_problem(date_of_birth: dt.date | None, today: dt.date) -> str | None:
    """A birth date in the future or before 1900 is a typing error (Vietnamese message)."""
    if date_of_birth is None:
        return None
    if date_of_birth > today:
        return "Ngày sinh ở tương lai."
    if date_of_birth < EARLIEST_BIRTH:
        return "Ngày sinh trước năm 1900: hãy kiểm tra lại năm sinh."
    return None
