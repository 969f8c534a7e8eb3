"""Who may import and export. Imports need MANAGE_UNIT on the target unit; the people export
shows exactly the people the user may see (VIEW_UNIT), as the people list does."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.core import clock
from danchu.units.models import AdminUnit, Level


def import_units(user: Any) -> QuerySet[AdminUnit]:
    """Units (commune level or above, in force) the user may import a roster for."""
    return (
        access.visible_units(user, Cap.MANAGE_UNIT)
        .in_force(clock.today())
        .filter(level__lte=Level.COMMUNE)
        .order_by("level", "code")
    )


def can_import(user: Any) -> bool:
    return import_units(user).exists()


def can_import_to(user: Any, unit: AdminUnit) -> bool:
    return access.has_capability(user, Cap.MANAGE_UNIT, unit)


def can_export_people(user: Any) -> bool:
    return access.visible_units(user).exists()
