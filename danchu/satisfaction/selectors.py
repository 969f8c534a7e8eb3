"""Reads of the satisfaction channel shared by pages, exports, the API and other apps.

Other apps call :func:`monthly_figures` and :func:`yearly_rate` (the SV survey and the GR
self-assessment read the commune's satisfaction from here). Each read is a fixed number of
queries whatever the number of ratings (GROUP BY, never a loop of queries).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from danchu.core.text import fold
from danchu.people.models import Assignment, Person
from danchu.satisfaction import rules
from danchu.satisfaction.models import Comment, Office, Rating
from danchu.units.models import AdminUnit


def name_key(name: str) -> str:
    return " ".join(fold(name).split())


def officials(commune: AdminUnit, on: dt.date) -> list[Person]:
    """People holding a post in an agency of ``commune`` on ``on`` (who may handle matters)."""
    ids = (
        Assignment.objects.active_on(on)
        .filter(agency__unit=commune)
        .values_list("person_id", flat=True)
    )
    return sorted(Person.objects.filter(pk__in=ids), key=lambda p: p.full_name)


def official_names(commune: AdminUnit) -> dict[str, list[Person]]:
    """Everyone who ever held a post in ``commune``, by folded full name (for imports)."""
    ids = Assignment.objects.filter(agency__unit=commune).values_list("person_id", flat=True)
    out: dict[str, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(pk__in=ids):
        out[name_key(person.full_name)].append(person)
    return dict(out)


# ------------------------------------------------------------------------------ figures


@dataclass(frozen=True)
class Line:
    """One row of figures: an office or an official (``label``), with its figures."""

    key: int
    label: str
    figures: rules.Figures
    detail: str = ""


@dataclass(frozen=True)
class CommuneMonth:
    """LD10 — a commune's month: the whole, per office and per official."""

    commune: AdminUnit
    month: dt.date
    total: rules.Figures
    offices: list[Line] = field(default_factory=list)
    officials: list[Line] = field(default_factory=list)
    general: rules.Figures = field(default_factory=rules.Figures)

    @property
    def month_label(self) -> str:
        return rules.month_label(self.month)


def _grouped(rows: Iterable[dict[str, Any]], key: str) -> dict[Any, rules.Figures]:
    counts: dict[Any, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row[key]][row["level"]] = row["n"]
    return {k: rules.from_counts(v) for k, v in counts.items()}


def _month(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def monthly_figures(commune: AdminUnit, year: int, month: int) -> CommuneMonth:
    """LD10 — the month's figures of ``commune``: per office (every rating), per official
    (ratings with a receipt's code), and the general ratings from the office codes. Five
    queries."""
    return months_of_communes([commune], _month(year, month))[0]


def months_of_communes(communes: Sequence[AdminUnit], first: dt.date) -> list[CommuneMonth]:
    """:func:`monthly_figures` of many communes at once (the same five queries for any number:
    the XLSX export of a province)."""
    ids = [c.pk for c in communes]
    ratings = Rating.objects.filter(office__commune_id__in=ids, month=first)
    by_office = _grouped(
        ratings.values("office_id", "level").annotate(n=Count("id")).order_by(), "office_id"
    )
    official_rows = (
        ratings.filter(official__isnull=False)
        .values("office__commune_id", "official_id", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_official: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in official_rows:
        by_official[row["office__commune_id"]][row["official_id"]][row["level"]] = row["n"]
    general_rows = (
        ratings.filter(official__isnull=True)
        .values("office__commune_id", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    general = _grouped(general_rows, "office__commune_id")
    offices: dict[int, list[Line]] = defaultdict(list)
    for o in Office.objects.filter(commune_id__in=ids).order_by("name", "pk"):
        offices[o.commune_id].append(Line(o.pk, o.name, by_office.get(o.pk, rules.Figures())))
    person_ids = {pid for per in by_official.values() for pid in per}
    people = sorted(Person.objects.filter(pk__in=person_ids), key=lambda p: p.full_name)
    out = []
    for commune in communes:
        mine = by_official.get(commune.pk, {})
        lines = offices.get(commune.pk, [])
        out.append(
            CommuneMonth(
                commune=commune,
                month=first,
                total=sum((line.figures for line in lines), rules.Figures()),
                offices=lines,
                officials=[
                    Line(p.pk, p.full_name, rules.from_counts(mine[p.pk]))
                    for p in people
                    if p.pk in mine
                ],
                general=general.get(commune.pk, rules.Figures()),
            )
        )
    return out


def yearly_rate(commune: AdminUnit, year: int) -> rules.Figures:
    """LD10 — the year's figures of ``commune`` (its ``rate`` is the satisfied rate as an exact
    fraction, ``None`` when nobody rated). One query."""
    rows = (
        Rating.objects.filter(
            office__commune=commune, month__gte=_month(year, 1), month__lte=_month(year, 12)
        )
        .values("level")
        .annotate(n=Count("id"))
        .order_by()
    )
    return rules.from_counts({r["level"]: r["n"] for r in rows})


def communes_month(
    communes: Sequence[AdminUnit], month: dt.date
) -> list[tuple[AdminUnit, rules.Figures]]:
    """The month's figures of a page of communes (one query for the page)."""
    rows = (
        Rating.objects.filter(office__commune__in=list(communes), month=month)
        .values("office__commune_id", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    grouped = _grouped(rows, "office__commune_id")
    return [(c, grouped.get(c.pk, rules.Figures())) for c in communes]


def offices_month(offices: Sequence[Office], month: dt.date) -> list[tuple[Office, rules.Figures]]:
    rows = (
        Rating.objects.filter(office__in=list(offices), month=month)
        .values("office_id", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    grouped = _grouped(rows, "office_id")
    return [(o, grouped.get(o.pk, rules.Figures())) for o in offices]


def months_of_office(office: Office, year: int) -> list[tuple[dt.date, rules.Figures]]:
    """The twelve months of ``year`` for one office (one query)."""
    rows = (
        Rating.objects.filter(office=office, month__year=year)
        .values("month", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    grouped = _grouped(rows, "month")
    return [(_month(year, m), grouped.get(_month(year, m), rules.Figures())) for m in range(1, 13)]


# ----------------------------------------------------------------------------- comments


def comments_to_answer(office: Office) -> QuerySet[Comment]:
    return Comment.objects.filter(office=office, answered_on__isnull=True).order_by("due", "text")


def public_comments(office: Office) -> QuerySet[Comment]:
    """Answered and published comments of an office, newest week first."""
    return Comment.objects.filter(
        office=office, answered_on__isnull=False, published=True
    ).order_by("-week", "text")


@dataclass(frozen=True)
class CommentCounts:
    answered: int
    late: int
    waiting: int
    overdue: int


def comment_counts(office: Office, today: dt.date) -> CommentCounts:
    """LD10 — how the office keeps the answer time limit (one query)."""
    from django.db.models import F

    qs = Comment.objects.filter(office=office)
    agg = qs.aggregate(
        answered=Count("id", filter=Q(answered_on__isnull=False)),
        late=Count("id", filter=Q(answered_on__gt=F("due"))),
        waiting=Count("id", filter=Q(answered_on__isnull=True, due__gte=today)),
        overdue=Count("id", filter=Q(answered_on__isnull=True, due__lt=today)),
    )
    return CommentCounts(**agg)
