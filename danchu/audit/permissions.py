"""Who may read the audit trail: system administrators (all of it) and Home Affairs officers
(entries about their units and the units below). Entries about no unit are for administrators
only. Checking a printed anchor is open to every user with a role, since it reveals nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from danchu.accounts import access
from danchu.accounts.models import Role, RoleAssignment
from danchu.audit.models import AuditEntry
from danchu.units.models import AdminUnit


def _home_affairs_units(user: Any) -> list[AdminUnit]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return [
        r.unit
        for r in RoleAssignment.objects.current()
        .filter(user=user, role=Role.HOME_AFFAIRS, unit__isnull=False)
        .select_related("unit")
        if r.unit is not None
    ]


def can_view_audit(user: Any) -> bool:
    return access.is_system_admin(user) or bool(_home_affairs_units(user))


def visible_entries(user: Any) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("unit")
    if access.is_system_admin(user):
        return entries
    roots = _home_affairs_units(user)
    if not roots:
        return entries.none()
    condition = Q()
    for root in roots:
        condition |= Q(unit__path__startswith=root.path)
    return entries.filter(condition)


def can_check_anchor(user: Any) -> bool:
    return access.is_system_admin(user) or access.visible_units(user).exists()
