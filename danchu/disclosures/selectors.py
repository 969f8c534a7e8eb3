"""Reads of the disclosure register shared by the pages, the API, the documents and the home page.

Each item's state is computed from its recorded facts and today (``rules.obligations``), never
stored: it changes with the calendar. Lists fetch their facts and the communes' villages in a
fixed number of queries whatever their length.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from danchu.core import clock
from danchu.core.text import fold
from danchu.disclosures import permissions, rules
from danchu.disclosures.models import ChannelFact, CouncilSession, Disclosure, QuarterlyList
from danchu.units.models import AdminUnit, Level


@dataclass(frozen=True)
class Judged:
    """An item with its obligations and overall state on a day."""

    disclosure: Disclosure
    results: tuple[rules.ObligationResult, ...]
    state: rules.State

    @property
    def due(self) -> dt.date | None:
        return self.results[0].due if self.results else None


def village_ids(communes: Iterable[int], on: dt.date) -> dict[int, list[int]]:
    """The villages in force of each commune, in one query."""
    out: dict[int, list[int]] = defaultdict(list)
    ids = list(set(communes))
    if not ids:
        return out
    rows = (
        AdminUnit.objects.filter(parent_id__in=ids, level=Level.VILLAGE)
        .in_force(on)
        .order_by("code")
        .values_list("parent_id", "pk")
    )
    for parent, pk in rows:
        out[parent].append(pk)
    return out


def judge(
    d: Disclosure, today: dt.date | None = None, villages: Sequence[int] | None = None
) -> Judged:
    """LD1: the obligations of one item on ``today`` from its recorded facts."""
    today = today or clock.today()
    if villages is None:
        villages = village_ids([d.commune_id], today).get(d.commune_id, [])
    results = rules.obligations(
        number=d.category,
        decided_on=d.decided_on,
        facts=[f.as_rule() for f in d.facts.all()],
        villages=list(villages),
        today=today,
        override=d.override,
    )
    return Judged(d, tuple(results), rules.overall(results))


def judge_all(items: Iterable[Disclosure], today: dt.date | None = None) -> list[Judged]:
    """Judge many items (facts prefetched by :func:`with_facts`) with one villages query."""
    today = today or clock.today()
    items = list(items)
    villages = village_ids([d.commune_id for d in items], today)
    return [judge(d, today, villages.get(d.commune_id, [])) for d in items]


def with_facts(qs: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return qs.select_related("commune", "document").prefetch_related("facts", "files")


def _disclosed_or_decided() -> Coalesce:
    return Coalesce("disclosed_on", "decided_on", output_field=DateField())


def register(
    user: Any,
    *,
    commune: AdminUnit | None = None,
    category: int | None = None,
    year: int | None = None,
    quarter: int | None = None,
    query: str = "",
) -> QuerySet[Disclosure]:
    """The register as ``user`` may read it, filtered; year and quarter are those of the day
    the item was first disclosed (or of the decision while it is not yet disclosed)."""
    qs = Disclosure.objects.filter(commune__in=permissions.visible_communes(user))
    if commune is not None:
        qs = qs.filter(commune=commune)
    if category:
        qs = qs.filter(category=category)
    if year or quarter:
        qs = qs.annotate(on=_disclosed_or_decided())
        if year:
            qs = qs.filter(on__year=year)
        if year and quarter in (1, 2, 3, 4):
            first, last = rules.quarter_bounds(year, quarter)
            qs = qs.filter(on__gte=first, on__lte=last)
    needle = fold(query) if query else ""
    if needle:
        qs = qs.filter(search_text__contains=needle)
    return with_facts(qs).order_by("-decided_on", "-pk")


def next_regular_session(commune: AdminUnit, after_date: dt.date) -> CouncilSession | None:
    """LD1 (Art. 14; reused by DC6 and LD8): the commune People's Council's first regular
    session strictly after ``after_date``, or None when none is recorded yet."""
    return (
        CouncilSession.objects.filter(commune=commune, regular=True, on__gt=after_date)
        .order_by("on", "pk")
        .first()
    )


def previous_regular_session(commune: AdminUnit, before: dt.date) -> CouncilSession | None:
    return (
        CouncilSession.objects.filter(commune=commune, regular=True, on__lt=before)
        .order_by("-on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class ReportStep:
    """LD1: the report on disclosures at a regular session: issued on or before the session."""

    session: CouncilSession
    document: Any
    state: rules.State


def report_steps(commune: AdminUnit, today: dt.date | None = None) -> list[ReportStep]:
    """Each regular session of the commune with its report's state (the latest first)."""
    from danchu.disclosures.services import COUNCIL_REPORT_KIND
    from danchu.documents.models import IssuedDocument

    today = today or clock.today()
    sessions = list(
        CouncilSession.objects.filter(commune=commune, regular=True).order_by("-on", "-pk")
    )
    docs = {
        int(d.target_id): d
        for d in IssuedDocument.objects.filter(
            kind=COUNCIL_REPORT_KIND,
            target_label="disclosures.councilsession",
            target_id__in=[str(s.pk) for s in sessions],
            replaced_by__isnull=True,
        )
    }
    return [
        ReportStep(
            s,
            docs.get(s.pk),
            rules.step_state(s.on, docs[s.pk].issued_on if s.pk in docs else None, today),
        )
        for s in sessions
    ]


def items_between(commune: AdminUnit, first: dt.date, last: dt.date) -> list[Disclosure]:
    """Items first disclosed from ``first`` to ``last`` (inclusive), with their facts."""
    qs = Disclosure.objects.filter(
        commune=commune, disclosed_on__gte=first, disclosed_on__lte=last
    ).order_by("disclosed_on", "pk")
    return list(with_facts(qs))


def quarter_items(commune: AdminUnit, year: int, quarter: int) -> list[Disclosure]:
    """LD1 (Art. 13.2): what was disclosed in the quarter (the list itself excluded)."""
    first, last = rules.quarter_bounds(year, quarter)
    return [d for d in items_between(commune, first, last) if d.source != "quarterly_list"]


@dataclass(frozen=True)
class QuarterStep:
    year: int
    quarter: int
    due: dt.date
    issued: QuarterlyList | None
    state: rules.State


def quarter_steps(
    commune: AdminUnit, today: dt.date | None = None, count: int = 4
) -> list[QuarterStep]:
    """The last ``count`` closed quarters with their list's state (LD1, Art. 13.2)."""
    today = today or clock.today()
    year, quarter = today.year, rules.quarter_of(today)
    closed: list[tuple[int, int]] = []
    while len(closed) < count:
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        closed.append((year, quarter))
    issued = {
        (q.year, q.quarter): q
        for q in QuarterlyList.objects.filter(
            commune=commune, disclosure__isnull=False
        ).select_related("disclosure")
    }
    steps = []
    for y, q in closed:
        due = rules.quarterly_list_due(y, q)
        ql = issued.get((y, q))
        done = ql.disclosure.decided_on if ql is not None and ql.disclosure else None
        steps.append(QuarterStep(y, q, due, ql, rules.step_state(due, done, today)))
    return steps


def _on_public_page(today: dt.date) -> Q:
    live = ChannelFact.objects.filter(
        disclosure=OuterRef("pk"),
        channel=rules.Channel.PUBLIC_PAGE.value,
        start__lte=today,
    )
    running = live.filter(Q(end__isnull=True) | Q(end__gte=today))
    permanent = [n for n, c in rules.CATEGORIES.items() if c.permanent]
    return Q(Exists(running)) | Q(Exists(live), category__in=permanent)


def public_items(
    commune: AdminUnit,
    *,
    category: int | None = None,
    query: str = "",
    today: dt.date | None = None,
) -> QuerySet[Disclosure]:
    """The public page (LD1, Art. 13.1): what the commune has put on its public page and not
    taken down — taken-down items disappear after their last day, except the permanent
    categories (4, 13). Nothing else: no entry not yet on the page, no internal note."""
    today = today or clock.today()
    qs = Disclosure.objects.filter(_on_public_page(today), commune=commune)
    if category:
        qs = qs.filter(category=category)
    needle = fold(query) if query else ""
    if needle:
        qs = qs.filter(search_text__contains=needle)
    return (
        qs.select_related("document")
        .prefetch_related("files")
        .order_by("category", "-disclosed_on", "-pk")
    )


def is_public(d: Disclosure, today: dt.date | None = None) -> bool:
    today = today or clock.today()
    return Disclosure.objects.filter(_on_public_page(today), pk=d.pk).exists()


def public_communes() -> QuerySet[AdminUnit]:
    """Communes with at least one item on their public page."""
    ids = Disclosure.objects.filter(_on_public_page(clock.today())).values("commune_id")
    return AdminUnit.objects.filter(pk__in=ids).order_by("name")


def late_or_missed(communes: Iterable[AdminUnit], today: dt.date | None = None) -> list[Judged]:
    """For the office's home page: items late or missed, in the last year."""
    today = today or clock.today()
    qs = with_facts(
        Disclosure.objects.filter(
            commune__in=list(communes),
            decided_on__gte=today - dt.timedelta(days=366),
            taken_down_on__isnull=True,
        )
    )
    return [j for j in judge_all(qs, today) if j.state in (rules.State.LATE, rules.State.MISSED)]
