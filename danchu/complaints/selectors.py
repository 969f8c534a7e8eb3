"""GR8 reads: the schedule, the cases with their states, and the figures other apps call
(:func:`commune_figures`, for the classification (GR) and the compliance board)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Q, QuerySet

from danchu.complaints import rules
from danchu.complaints.models import Case, ReceptionSlot
from danchu.core import clock
from danchu.formats.numbers import percent
from danchu.units.models import AdminUnit


def upcoming_slots(commune: AdminUnit, today: dt.date | None = None) -> QuerySet[ReceptionSlot]:
    today = today or clock.today()
    return ReceptionSlot.objects.filter(commune=commune, on__gte=today, cancelled=False)


def cases(commune: AdminUnit) -> QuerySet[Case]:
    return (
        Case.objects.filter(commune=commune)
        .select_related("handler", "commune")
        .prefetch_related("extensions")
    )


@dataclass(frozen=True)
class Row:
    case: Case
    state: rules.CaseState


def with_states(page: list[Case], today: dt.date | None = None) -> list[Row]:
    today = today or clock.today()
    return [Row(c, rules.case_state(c.facts(), today)) for c in page]


@dataclass(frozen=True)
class CommuneFigures:
    """GR8 figures of one commune and year; ``on_time_rate`` exact, ``on_time_rate_vi`` as a
    Vietnamese reader reads it ("75,00%", or "—" when nothing was closed)."""

    commune: AdminUnit
    figures: rules.Figures

    @property
    def on_time_rate(self) -> Fraction | None:
        return self.figures.on_time_rate

    @property
    def on_time_rate_vi(self) -> str:
        rate = self.figures.on_time_rate
        return "—" if rate is None else percent(rate)

    @property
    def backlog(self) -> int:
        return self.figures.backlog


def commune_figures(commune: AdminUnit, year: int, today: dt.date | None = None) -> CommuneFigures:
    """GR8: received, closed, closed on time (exact rate), backlog and overdue backlog of a
    commune for ``year``, as of its 31 December (or today within the year). Two queries."""
    today = today or clock.today()
    as_of = min(today, dt.date(year, 12, 31))
    start = dt.date(year, 1, 1)
    still = Q()
    for field in ("settled_on", "refused_on", "transferred_on"):
        still &= Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": start})
    rows = (
        Case.objects.filter(commune=commune, received_on__lte=as_of)
        .filter(still)
        .prefetch_related("extensions")
    )
    return CommuneFigures(commune, rules.figures(year, [c.facts() for c in rows], today))
