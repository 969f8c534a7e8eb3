"""Who may do what on people and their posts (built on ``danchu.accounts.access``)."""

from __future__ import annotations

from typing import Any

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.people.models import Assignment, Person
from danchu.units.models import AdminUnit, Agency


def can_view_person(user: Any, person: Person) -> bool:
    return access.has_capability(user, Cap.VIEW_UNIT, person.home_unit)


def can_create_person(user: Any, unit: AdminUnit | None = None) -> bool:
    """On a given unit, or (without one) on at least one unit."""
    if unit is None:
        return access.visible_units(user, Cap.MANAGE_UNIT).exists()
    return access.has_capability(user, Cap.MANAGE_UNIT, unit)


def can_manage_person(user: Any, person: Person) -> bool:
    """Edit the record, add posts, record a transfer or a retirement."""
    return access.has_capability(user, Cap.MANAGE_UNIT, person.home_unit)


def can_post_to(user: Any, agency: Agency) -> bool:
    """A post in an agency may be recorded only by someone who manages the agency's unit."""
    return access.has_capability(user, Cap.MANAGE_UNIT, agency.unit)


def can_end_post(user: Any, assignment: Assignment) -> bool:
    """End a post: whoever manages the unit of the post's agency (as for recording it)."""
    return can_post_to(user, assignment.agency)
