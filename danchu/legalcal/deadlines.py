"""Deadlines that process apps create: each keeps its rule ID and a plain-Vietnamese "why".

One module answers the questions the plans ask (RULES.md TM1–TM4):

- :func:`before` — the latest date for something due "at least N days before" an event;
- :func:`after` — N calendar days or N working days after a date;
- :func:`consecutive` — the last of N consecutive days starting on a date (radio, posting);
- :func:`span_meets_minimum` — whether a period from one date to another is at least N days;
- :func:`status` — pending, done on time, done late, or overdue.

Plain Python, no Django import. Texts are Vietnamese because they are shown to users verbatim.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from danchu.legalcal.calendar import (
    SwapTable,
    add_days,
    current_swaps,
    is_working_day,
    working_days_between,
)


class Unit(StrEnum):
    """TM3: "ngày" are calendar days, "ngày làm việc" working days."""

    CALENDAR = "calendar"
    WORKING = "working"


class DeadlineStatus(StrEnum):
    PENDING = "pending"  # not done yet, due date not passed
    ON_TIME = "on_time"  # done on or before the due date
    LATE = "late"  # done after the due date
    OVERDUE = "overdue"  # not done and the due date has passed


TM_READINGS: dict[str, str] = {
    "TM1": "Ngày xảy ra sự kiện không được tính; thời hạn bắt đầu từ ngày tiếp theo "
    "(Bộ luật Dân sự 2015, Điều 147).",
    "TM2": "Thời hạn tính xuôi mà ngày cuối cùng là ngày nghỉ cuối tuần hoặc ngày nghỉ lễ thì "
    "kết thúc vào cuối ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 148).",
    "TM3": "«Ngày» là ngày theo lịch; «ngày làm việc» chỉ tính ngày làm việc.",
    "TM4": "Ngày làm việc: thứ Hai đến thứ Sáu, trừ ngày nghỉ lễ, Tết và các ngày nghỉ hoán đổi "
    "do Chính phủ công bố hằng năm; thứ Bảy làm bù là ngày làm việc.",
}
"""How the platform counts time, in the words shown to users."""

BEFORE_READING = (
    "Cách tính «trước ngày D ít nhất N ngày»: không tính ngày D (TM1), đếm lùi N ngày; ngày thứ N "
    "(D − N) là hạn chót, để trọn N ngày từ hạn chót đến hết ngày trước D. Nếu ngày đó là ngày "
    "nghỉ thì hạn chót lùi về ngày làm việc liền trước, vì dời sang ngày sau sẽ làm thời hạn "
    "ngắn hơn N ngày."
)
"""Design choice (the Civil Code counts forward only): the reading of "at least N days before".
Shown to users as part of the "why" of every :func:`before` deadline."""

AFTER_READING = (
    "Cách tính «sau ngày S N ngày»: không tính ngày S (TM1), ngày thứ N kể từ ngày tiếp theo là "
    "hạn; nếu hạn rơi vào ngày nghỉ thì chuyển sang ngày làm việc tiếp theo (TM2)."
)

AFTER_WORKING_READING = (
    "Cách tính «N ngày làm việc sau ngày S»: không tính ngày S (TM1), chỉ đếm ngày làm việc "
    "(TM3, TM4); ngày làm việc thứ N là hạn."
)

CONSECUTIVE_READING = (
    "«N ngày liên tục» kể từ ngày bắt đầu: ngày bắt đầu là ngày thứ nhất, ngày thứ N là ngày "
    "cuối cùng (tính cả ngày nghỉ)."
)

_UNIT_WORD = {Unit.CALENDAR: "ngày", Unit.WORKING: "ngày làm việc"}

RULE_ID = re.compile(r"[A-Z]{2,3}[0-9]{1,2}")
"""A RULES.md rule ID: "CV4", "DC2", "TM1", "LD10", "DOC1"."""


@dataclass(frozen=True)
class Deadline:
    """A due date with the rule it comes from and why, in plain Vietnamese.

    ``rule`` is the RULES.md ID (e.g. "CV4"); ``why`` the reason shown to users (e.g. "Hồ sơ phải
    gửi trước ngày lấy phiếu ít nhất 20 ngày — CV4"); ``unit`` the TM3 unit the days were counted
    in; ``anchor`` and ``days`` the date counted from and the number of days; ``reading`` how the
    count was made.
    """

    rule: str
    why: str
    due: dt.date
    unit: str = Unit.CALENDAR
    anchor: dt.date | None = None
    days: int = 0
    reading: str = ""

    def __post_init__(self) -> None:
        if not RULE_ID.fullmatch(self.rule):
            raise ValueError(
                f"Hạn: «{self.rule}» không phải mã quy tắc trong RULES.md (ví dụ CV4)."
            )
        why = unicodedata.normalize("NFC", self.why).strip()
        if not why:
            raise ValueError(f"Hạn theo {self.rule}: thiếu lý do bằng lời cho người dùng.")
        object.__setattr__(self, "why", why)
        Unit(self.unit)

    @property
    def how(self) -> str:
        """The count in words: "20 ngày trước 21/03/2026 → 27/02/2026. <reading>"."""
        if self.anchor is None:
            return self.reading
        word = _UNIT_WORD[Unit(self.unit)]
        direction = "trước" if self.due <= self.anchor else "sau"
        head = (
            f"{abs(self.days)} {word} {direction} ngày {self.anchor:%d/%m/%Y}"
            f" → {self.due:%d/%m/%Y}."
        )
        return f"{head} {self.reading}".strip()


def before(
    event: dt.date,
    days: int,
    *,
    rule: str,
    why: str,
    working: bool = False,
    swaps: SwapTable | None = None,
) -> Deadline:
    """The latest date for something due at least ``days`` days before ``event``.

    Reading (:data:`BEFORE_READING`): ``event − days``, moved back to the previous working day if
    that is a day off. With ``working=True`` the days counted back are working days.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    table = current_swaps() if swaps is None else swaps
    due = add_days(event, -days, working=working, swaps=table) if days else event
    return Deadline(
        rule=rule,
        why=why,
        due=due,
        unit=Unit.WORKING if working else Unit.CALENDAR,
        anchor=event,
        days=days,
        reading=BEFORE_READING,
    )


def after(
    start: dt.date,
    days: int,
    *,
    working: bool = False,
    rule: str,
    why: str,
    swaps: SwapTable | None = None,
) -> Deadline:
    """``days`` calendar days (TM1, TM2) or working days (TM3, TM4) after ``start``."""
    if days < 0:
        raise ValueError("days must not be negative")
    table = current_swaps() if swaps is None else swaps
    return Deadline(
        rule=rule,
        why=why,
        due=add_days(start, days, working=working, swaps=table),
        unit=Unit.WORKING if working else Unit.CALENDAR,
        anchor=start,
        days=days,
        reading=AFTER_WORKING_READING if working else AFTER_READING,
    )


def consecutive_end(start: dt.date, days: int) -> dt.date:
    """The last of ``days`` consecutive calendar days of which ``start`` is the first."""
    if days < 1:
        raise ValueError("days must be at least 1")
    return start + dt.timedelta(days=days - 1)


def consecutive(start: dt.date, days: int, *, rule: str, why: str) -> Deadline:
    """N consecutive days from ``start`` (e.g. DC3: on the radio at least 3 consecutive days)."""
    return Deadline(
        rule=rule,
        why=why,
        due=consecutive_end(start, days),
        unit=Unit.CALENDAR,
        reading=CONSECUTIVE_READING,
    )


def span_meets_minimum(
    start: dt.date,
    end: dt.date,
    min_days: int,
    *,
    working: bool = False,
    swaps: SwapTable | None = None,
) -> bool:
    """True if the period from ``start`` to ``end`` lasts at least ``min_days`` days.

    ``start`` is the day of the event (not counted, TM1) and ``end`` the last day of the period
    (counted): publication on 1/3 and opinions taken until 21/3 make 20 days (DC2). The same test
    checks "at least N days before": ``span_meets_minimum(done_on, event, N)``.
    """
    if working:
        return working_days_between(start, end, swaps) >= min_days
    return (end - start).days >= min_days


def status(deadline: Deadline, done_on: dt.date | None, today: dt.date) -> DeadlineStatus:
    if done_on is not None:
        return DeadlineStatus.ON_TIME if done_on <= deadline.due else DeadlineStatus.LATE
    return DeadlineStatus.OVERDUE if today > deadline.due else DeadlineStatus.PENDING


__all__ = [
    "AFTER_READING",
    "AFTER_WORKING_READING",
    "BEFORE_READING",
    "CONSECUTIVE_READING",
    "TM_READINGS",
    "Deadline",
    "DeadlineStatus",
    "Unit",
    "after",
    "before",
    "consecutive",
    "consecutive_end",
    "is_working_day",
    "span_meets_minimum",
    "status",
]
