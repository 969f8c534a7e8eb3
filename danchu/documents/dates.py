"""Dates and times in the wording of Decree 30/2020/NĐ-CP (DOC1, DOC3).

DOC3: every date a generated document prints goes through this module, never through a
locale's short date ("05/01/2022") or Django's ``date`` filter.
"""

from __future__ import annotations

import datetime as dt

from danchu.core.text import nfc


def day_text(day: int) -> str:
    """DOC1: days under 10 take a leading zero ("05"), others are written as they are."""
    return f"{day:02d}" if day < 10 else str(day)


def month_text(month: int) -> str:
    """DOC1: only months 1 and 2 take a leading zero ("01", "02"); March is "3"."""
    return f"{month:02d}" if month in (1, 2) else str(month)


def long_date(d: dt.date) -> str:
    """DOC3: ``date(2022, 1, 5)`` → "ngày 05 tháng 01 năm 2022"."""
    return f"ngày {day_text(d.day)} tháng {month_text(d.month)} năm {d.year}"


def date_line(place: str, d: dt.date | None) -> str:
    """DOC1: the place and date line, "Cẩm Mỹ, ngày 05 tháng 01 năm 2022".

    Without a date (a draft awaiting signature) the numbers are left blank for the pen.
    """
    place = nfc(place)
    when = long_date(d) if d is not None else "ngày      tháng      năm"
    return f"{place}, {when}" if place else when


def time_of_day(t: dt.time) -> str:
    """DOC3: ``time(14, 5)`` → "14 giờ 05 phút" (minutes, Appendix III)."""
    return f"{t.hour} giờ {t.minute:02d} phút"


def long_datetime(moment: dt.datetime) -> str:
    """DOC3: "14 giờ 05 phút, ngày 05 tháng 01 năm 2022" (minutes, Appendix III)."""
    return f"{time_of_day(moment.time())}, {long_date(moment.date())}"


_UNIT_KINDS = ("Thành phố ", "Thị trấn ", "Thị xã ", "Phường ", "Huyện ", "Tỉnh ", "Quận ", "Xã ")


def place_name(unit_name: str) -> str:
    """DOC1: the place in the date line is the locality's name alone — "Xã Đăk Rve" →
    "Đăk Rve" ("Đăk Rve, ngày 05 tháng 01 năm 2022")."""
    name = nfc(unit_name)
    for prefix in _UNIT_KINDS:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
