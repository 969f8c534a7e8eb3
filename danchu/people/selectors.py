"""Reads about people that every process module asks (CV1, SV2, CV2…)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet
from django.db.models.functions import Collate

from danchu.core.collation import DB_COLLATION
from danchu.core.text import fold
from danchu.people.models import Assignment, Person


def vietnamese_order(queryset: QuerySet[Person], prefix: str = "") -> QuerySet[Person]:
    """ID2: given name, then middle name, then family name, with ICU's Vietnamese collation."""
    return queryset.order_by(
        Collate(F(f"{prefix}given_name"), DB_COLLATION),
        Collate(F(f"{prefix}middle_name"), DB_COLLATION),
        Collate(F(f"{prefix}family_name"), DB_COLLATION),
        f"{prefix}pk",
    )


def search(queryset: QuerySet[Person], query: str) -> QuerySet[Person]:
    """Find "Hòa" for "hoa", "Hoà" or "HÒA" (ID2 folding)."""
    needle = fold(query)
    return queryset.filter(search_name__contains=needle) if needle else queryset


def months_in_post(assignment: Assignment, on: dt.date) -> int:
    """Whole months from the start of the post to ``on`` ("how long has she held this post?")."""
    start = assignment.start_date
    months = (on.year - start.year) * 12 + (on.month - start.month)
    if on.day < start.day:
        months -= 1
    return max(months, 0)


def appointed_in_year(assignment: Assignment, year: int) -> bool:
    """ "Was he appointed or elected this year?" (CV1)."""
    return assignment.start_date.year == year and assignment.how_started in {"appointed", "elected"}


def retirement_announced(person: Person, on: dt.date) -> bool:
    """ "Has a retirement been announced?" (CV1)."""
    return person.retirement_announced_on is not None and person.retirement_announced_on <= on


def previous_post(assignment: Assignment) -> Assignment | None:
    """ "Where did she work before the transfer?": the explicit link, else the last post that
    ended on or before this one started."""
    if assignment.previous_id:
        return assignment.previous
    return (
        Assignment.objects.filter(
            person_id=assignment.person_id, end_date__lte=assignment.start_date
        )
        .exclude(pk=assignment.pk)
        .select_related("agency__unit", "position")
        .order_by("-end_date")
        .first()
    )


def history(person: Person) -> QuerySet[Assignment]:
    return person.assignments.select_related("position", "agency__unit").order_by("-start_date")
