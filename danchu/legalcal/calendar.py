"""Working days and day counting (RULES.md TM1–TM4; Civil Code 2015, Arts 147–148).

Plain Python, no Django import: the yearly swap table is data (:class:`SwapTable`) passed in, or
read through the loader that :mod:`danchu.legalcal.apps` installs (the ``CalendarSwap`` table,
edited by an administrator). Without a loader — scripts, pure tests — the table built from
:data:`danchu.legalcal.seed.KNOWN_SWAPS` is used.

A day is a working day (TM4) unless it is a Saturday or Sunday, or a public holiday listed by the
``holidays`` library for Vietnam (Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ Hùng Vương, 30/4, 1/5,
2/9 with its adjacent day, compensatory days) — and the swap table overrides both: a
``working_day`` entry makes a Saturday a working day, a ``day_off`` entry makes a weekday a day off.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import holidays


class SwapKind(StrEnum):
    """TM4: what the government's yearly notice makes of a date."""

    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"


@dataclass(frozen=True)
class SwapTable:
    """The yearly days off and working Saturdays (TM4), as an immutable mapping date → kind."""

    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    working_days: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[dt.date, str]]) -> SwapTable:
        off: set[dt.date] = set()
        work: set[dt.date] = set()
        for day, kind in pairs:
            (work if SwapKind(kind) is SwapKind.WORKING_DAY else off).add(day)
        both = off & work
        if both:
            raise ValueError(f"dates both day off and working day: {sorted(both)}")
        return cls(frozenset(off), frozenset(work))

    @classmethod
    def from_mapping(cls, mapping: Mapping[dt.date, str]) -> SwapTable:
        return cls.from_pairs(mapping.items())


EMPTY = SwapTable()

SwapLoader = Callable[[], SwapTable]


def _builtin_loader() -> SwapTable:
    from danchu.legalcal.seed import KNOWN_SWAPS

    return SwapTable.from_pairs((s.day, s.kind) for s in KNOWN_SWAPS)


_loader: SwapLoader = _builtin_loader


def set_swap_loader(loader: SwapLoader) -> None:
    """Install where the default swap table comes from (the app installs its database loader)."""
    global _loader
    _loader = loader


def current_swaps() -> SwapTable:
    return _loader()


@functools.lru_cache(maxsize=64)
def _public_holidays(year: int) -> Mapping[dt.date, str]:
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


def holiday_name(day: dt.date) -> str | None:
    """The public holiday on ``day`` according to the ``holidays`` library (Vietnamese name)."""
    return _public_holidays(day.year).get(day)


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


def is_working_day(day: dt.date, swaps: SwapTable | None = None) -> bool:
    """TM4: Monday–Friday that is not a public holiday, with the yearly swaps applied."""
    table = current_swaps() if swaps is None else swaps
    if day in table.working_days:
        return True
    if day in table.days_off:
        return False
    if is_weekend(day):
        return False
    return holiday_name(day) is None


def next_working_day(day: dt.date, swaps: SwapTable | None = None) -> dt.date:
    """``day`` itself if it is a working day, else the first working day after it."""
    table = current_swaps() if swaps is None else swaps
    while not is_working_day(day, table):
        day += dt.timedelta(days=1)
    return day


def previous_working_day(day: dt.date, swaps: SwapTable | None = None) -> dt.date:
    """``day`` itself if it is a working day, else the last working day before it."""
    table = current_swaps() if swaps is None else swaps
    while not is_working_day(day, table):
        day -= dt.timedelta(days=1)
    return day


#: Calendar arithmetic works on dates in this range only (issue 19): beyond it a count would run
#: past the years Python's dates can hold (9999-12-31 + 5 days) or into years no law concerns.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)


class DateOutOfRange(ValueError):
    """A date outside FIRST_DAY…LAST_DAY; ``str(error)`` is the Vietnamese message."""


def check_range(day: dt.date, what: str = "Ngày") -> dt.date:
    """``day`` if it lies in FIRST_DAY…LAST_DAY, else ``DateOutOfRange`` (Vietnamese message)."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DateOutOfRange(
            f"{what} {day:%d/%m/%Y} nằm ngoài khoảng lịch tính được "
            f"({FIRST_DAY:%d/%m/%Y}–{LAST_DAY:%d/%m/%Y})."
        )
    return day


def add_days(
    day: dt.date, n: int, working: bool = False, *, swaps: SwapTable | None = None
) -> dt.date:
    """Count ``n`` days from ``day`` (TM1–TM3).

    - TM1: ``day`` (the triggering event) is not counted; counting starts the next day (or, for a
      negative ``n``, the day before).
    - TM3: ``working=False`` counts calendar days ("ngày"); ``working=True`` counts only working
      days ("ngày làm việc"), so the result is always a working day.
    - TM2: a forward count of calendar days whose last day is a weekend or a day off ends on the
      next working day. For a backward count (``n < 0``: "at least N days before") the result
      moves to the previous working day instead, so the period is never shortened (design
      choice, see :data:`danchu.legalcal.deadlines.BEFORE_READING`).
    - ``n == 0`` returns ``day`` unchanged.

    Raises ``DateOutOfRange`` when ``day`` or the result lies outside FIRST_DAY…LAST_DAY.
    """
    check_range(day, "Ngày bắt đầu")
    # Working days are at most half again as many calendar days (weekends, holidays): bound by 2n.
    reach = day.toordinal() + (2 * n if working else n)
    if not FIRST_DAY.toordinal() + 10 <= reach <= LAST_DAY.toordinal() - 10:
        raise DateOutOfRange(
            f"Kết quả của phép đếm {n} ngày từ {day:%d/%m/%Y} nằm ngoài khoảng lịch tính được "
            f"({FIRST_DAY:%d/%m/%Y}–{LAST_DAY:%d/%m/%Y})."
        )
    if n == 0:
        return day
    table = current_swaps() if swaps is None else swaps
    step = dt.timedelta(days=1 if n > 0 else -1)
    if working:
        remaining = abs(n)
        while remaining:
            day += step
            if is_working_day(day, table):
                remaining -= 1
        return day
    result = day + dt.timedelta(days=n)
    if n > 0:
        return next_working_day(result, table)
    return previous_working_day(result, table)


def working_days_between(start: dt.date, end: dt.date, swaps: SwapTable | None = None) -> int:
    """Working days after ``start`` (not counted, TM1) up to and including ``end``."""
    table = current_swaps() if swaps is None else swaps
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, table):
            count += 1
    return count


def days_off_in(year: int, swaps: SwapTable | None = None) -> list[tuple[dt.date, str]]:
    """Every weekday off and every working Saturday of ``year``, with the reason, in date order."""
    table = current_swaps() if swaps is None else swaps
    out: list[tuple[dt.date, str]] = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        if day in table.working_days:
            out.append((day, "Ngày làm việc bù (hoán đổi)"))
        elif day in table.days_off and not is_weekend(day):
            out.append((day, holiday_name(day) or "Ngày nghỉ (hoán đổi)"))
        elif not is_weekend(day) and holiday_name(day):
            out.append((day, holiday_name(day) or ""))
        day += dt.timedelta(days=1)
    return out
