"""Dates that record events: the platform's own day, or a back-dated fact that says so.

Plain Python (no Django import), shared by every process app. A date that records an event
("published on", "posted from/to", "sent", "presented on", "received") is the day the platform
is told, unless the user back-dates it — then a reason and evidence (an upload) are required,
the fact is marked back-dated wherever it shows, and it is never in the future. A step counts
as met only from recorded facts: a posting period that has not yet elapsed is "in progress".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class PeriodState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    MET = "met"


@dataclass(frozen=True)
class EventDay:
    """A checked event day: ``on`` as stated, ``backdated`` when earlier than recorded."""

    on: dt.date
    recorded_on: dt.date
    reason: str = ""

    @property
    def backdated(self) -> bool:
        return self.on < self.recorded_on


def event_day_problems(
    *,
    on: dt.date | None,
    today: dt.date,
    reason: str = "",
    has_evidence: bool = False,
    label: str = "Ngày",
) -> list[str]:
    """What is wrong with recording an event on ``on`` when the platform is told ``today``.

    Empty when ``on`` is today (or not given: it will be today). A future day is refused; an
    earlier day needs a reason and evidence.
    """
    if on is None or on == today:
        return []
    if on > today:
        return [f"{label} {on:%d/%m/%Y} chưa đến: không ghi được việc chưa xảy ra."]
    problems = []
    if not reason.strip():
        problems.append(
            f"{label} {on:%d/%m/%Y} sớm hơn hôm nay ({today:%d/%m/%Y}): ghi lùi ngày cần nêu lý do."
        )
    if not has_evidence:
        problems.append(
            f"{label} {on:%d/%m/%Y} sớm hơn hôm nay: ghi lùi ngày cần tệp minh chứng "
            "(ảnh, bản chụp văn bản)."
        )
    return problems


def period_state(start: dt.date | None, end: dt.date | None, today: dt.date) -> PeriodState:
    """A posting or publication period: met only once its last day has passed (a period whose
    last day is today is still running), in progress while running."""
    if start is None or start > today:
        return PeriodState.NOT_STARTED
    if end is None or end >= today:
        return PeriodState.IN_PROGRESS
    return PeriodState.MET


def happened(on: dt.date | None, today: dt.date) -> bool:
    """Nothing counts as done before it has happened."""
    return on is not None and on <= today
