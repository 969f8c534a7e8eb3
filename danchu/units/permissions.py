"""Who may do what on administrative units (built on ``danchu.accounts.access``)."""

from __future__ import annotations

from typing import Any

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.units.models import AdminUnit, Level, MapVersion


def can_view(user: Any, unit: AdminUnit) -> bool:
    return access.has_capability(user, Cap.VIEW_UNIT, unit)


def can_add_village(user: Any, unit: AdminUnit) -> bool:
    """Only a commune adds villages, and only users who may manage that commune."""
    return unit.level == Level.COMMUNE and access.has_capability(user, Cap.MANAGE_UNIT, unit)


def can_edit_village(user: Any, unit: AdminUnit) -> bool:
    """Rename, re-kind or close a village: users who may manage its commune."""
    return (
        unit.is_village
        and unit.map_version == MapVersion.LOCAL
        and unit.parent is not None
        and access.has_capability(user, Cap.MANAGE_UNIT, unit.parent)
    )
