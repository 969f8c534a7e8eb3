"""LD10 — residents rate the commune government and the official who handled their matter
(Law 10/2022/QH15, Art. 35.2.a: "a system for rating the people's satisfaction, receiving
comments, recommendations and feedback", run stably and continuously).

Plain Python: the rating scale, the monthly figures (exact fractions), the one-time receipt code
("one rating per handled matter"), and the time limit for answering comments. The seeds are
silent on all of these; each reading is a design choice kept in one constant or function below
and shown to users.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from danchu.formats import numbers


class Level(StrEnum):
    """LD10 — the rating scale. Design choice: four levels with no middle one ("Rất hài lòng,
    Hài lòng, Không hài lòng, Rất không hài lòng"), as on the rating buttons of one-stop-shop
    counters: a resident has to lean one way, so the satisfied rate is unambiguous. The stored
    values never change; their wording lives in ``models.LEVEL_LABELS``."""

    VERY_SATISFIED = "rat_hai_long"
    SATISFIED = "hai_long"
    NOT_SATISFIED = "khong_hai_long"
    VERY_DISSATISFIED = "rat_khong_hai_long"


SATISFIED_LEVELS = frozenset({Level.VERY_SATISFIED, Level.SATISFIED})
"""LD10 — the levels that count as satisfied in the satisfied rate."""

RATE_READING = (
    "Tỷ lệ hài lòng = số lượt “Rất hài lòng” và “Hài lòng” chia cho tổng số lượt đánh giá trong "
    "tháng, tính bằng phân số chính xác, làm tròn hai chữ số thập phân khi hiển thị."
)


@dataclass(frozen=True)
class Figures:
    """LD10 — the count of each level and the satisfied rate (an exact fraction)."""

    very_satisfied: int = 0
    satisfied: int = 0
    not_satisfied: int = 0
    very_dissatisfied: int = 0

    @property
    def total(self) -> int:
        return self.very_satisfied + self.satisfied + self.not_satisfied + self.very_dissatisfied

    @property
    def satisfied_count(self) -> int:
        return self.very_satisfied + self.satisfied

    @property
    def rate(self) -> Fraction | None:
        """Satisfied ratings over all ratings; ``None`` when nobody rated (not 0%)."""
        return satisfied_rate(self.satisfied_count, self.total)

    @property
    def rate_text(self) -> str:
        """The rate the Vietnamese way ("66,67%"), or "—" when nobody rated."""
        rate = self.rate
        return "—" if rate is None else numbers.percent(rate)

    def count(self, level: Level) -> int:
        return {
            Level.VERY_SATISFIED: self.very_satisfied,
            Level.SATISFIED: self.satisfied,
            Level.NOT_SATISFIED: self.not_satisfied,
            Level.VERY_DISSATISFIED: self.very_dissatisfied,
        }[level]

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.very_satisfied + other.very_satisfied,
            self.satisfied + other.satisfied,
            self.not_satisfied + other.not_satisfied,
            self.very_dissatisfied + other.very_dissatisfied,
        )


def satisfied_rate(satisfied: int, total: int) -> Fraction | None:
    """LD10 — exact rate; ``None`` for no ratings."""
    if satisfied < 0 or total < 0 or satisfied > total:
        raise ValueError("satisfied must lie between 0 and total")
    return None if total == 0 else Fraction(satisfied, total)


def tally(levels: Iterable[Level | str]) -> Figures:
    """LD10 — the figures of a list of ratings (unknown levels refused)."""
    counts = dict.fromkeys(Level, 0)
    for level in levels:
        counts[Level(level)] += 1
    return Figures(
        counts[Level.VERY_SATISFIED],
        counts[Level.SATISFIED],
        counts[Level.NOT_SATISFIED],
        counts[Level.VERY_DISSATISFIED],
    )


def from_counts(counts: dict[str, int]) -> Figures:
    """Figures from ``{level value: count}`` (what a GROUP BY gives)."""
    return Figures(
        counts.get(Level.VERY_SATISFIED, 0),
        counts.get(Level.SATISFIED, 0),
        counts.get(Level.NOT_SATISFIED, 0),
        counts.get(Level.VERY_DISSATISFIED, 0),
    )


# ---------------------------------------------------------------------------- months


def month_of(day: dt.date) -> dt.date:
    """LD10 — ratings keep only their month (the first day of it): no day, no time."""
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def last_day_of_month(month: dt.date) -> dt.date:
    return next_month(month) - dt.timedelta(days=1)


def month_label(month: dt.date) -> str:
    return f"{month.month:02d}/{month.year}"


# ------------------------------------------------------------- one rating per matter


def code_valid_until(handled_on: dt.date) -> dt.date:
    """LD10 — design choice: a receipt's one-time code works until the last day of the month
    after the month the matter was handled (at least a full month to rate, and the same end day
    for every matter of a month, so the stored code tells nothing about the day)."""
    return last_day_of_month(next_month(month_of(handled_on)))


CODE_VALIDITY_READING = (
    "Mã trên phiếu hẹn/biên nhận dùng được một lần, đến hết tháng sau tháng giải quyết hồ sơ."
)


class CodeState(StrEnum):
    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


def code_state(
    *, known: bool, used: bool, valid_until: dt.date | None, today: dt.date
) -> CodeState:
    """LD10 — one rating per handled matter: a code rates once; a second try is told the rating
    was already recorded; an expired code no longer rates."""
    if not known or valid_until is None:
        return CodeState.UNKNOWN
    if used:
        return CodeState.USED
    if today > valid_until:
        return CodeState.EXPIRED
    return CodeState.OPEN


def normalise_code(raw: str) -> str:
    """A code as typed or scanned: spaces and dashes ignored, upper case (``abcde-fghij`` and
    ``ABCDEFGHIJ`` are the same code)."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


# --------------------------------------------------------------- comments answered

ANSWER_WORKING_DAYS = 5
"""LD10 — design choice: an office answers a resident's comment within 5 working days (the
time the Law on Grassroots Democracy gives for most answers to residents, e.g. LD1, LD7)."""

ANSWER_READING = (
    "Góp ý được ghi theo tuần nhận (không ghi ngày giờ, để không lần ra người góp ý); Ủy ban "
    f"trả lời trong {ANSWER_WORKING_DAYS} ngày làm việc kể từ hết tuần nhận."
)


def week_of(day: dt.date) -> dt.date:
    """LD10 — a comment keeps only the Monday of the week it came in."""
    return day - dt.timedelta(days=day.weekday())


def week_end(week: dt.date) -> dt.date:
    return week + dt.timedelta(days=6)


def answer_due(week: dt.date, add_working_days: Callable[[dt.date, int], dt.date]) -> dt.date:
    """LD10 — :data:`ANSWER_WORKING_DAYS` working days after the last day (Sunday) of the week the
    comment came in (TM1: that day is not counted). ``add_working_days`` is the legal calendar's
    count (TM3–TM4)."""
    return add_working_days(week_end(week), ANSWER_WORKING_DAYS)


class AnswerState(StrEnum):
    WAITING = "waiting"  # not answered, still within the time limit
    OVERDUE = "overdue"  # not answered, past the time limit
    ON_TIME = "on_time"
    LATE = "late"


def answer_state(*, due: dt.date, answered_on: dt.date | None, today: dt.date) -> AnswerState:
    """LD10 — whether a comment was (or is being) answered within the time limit."""
    if answered_on is None:
        return AnswerState.OVERDUE if today > due else AnswerState.WAITING
    return AnswerState.LATE if answered_on > due else AnswerState.ON_TIME
