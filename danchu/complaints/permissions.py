"""Who may see and do what in GR8, on top of ``danchu.accounts.access``.

- handle (schedule, receptions, register and assign cases): the commune's own office —
  chairman, vice-chairman or officer holding the role on the commune itself;
- act on a case (accept, refuse, extend, settle, transfer): its assigned handler, or the
  commune's chairman;
- read the case list and figures (no personal data): anyone with ``VIEW_UNIT`` or ``SUPERVISE``
  on the commune or above (the province, the Front, the People's Council);
- the citizen's personal data (name, address, phone, ID number): the commune's office and the
  handler only; a denouncer's identity (Luật Tố cáo 2018): the assigned handler only, each look
  recorded in the audit log;
- the public: the schedule, the limits, and one case's status by its reference code.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import Role, RoleAssignment
from danchu.units.models import AdminUnit, Level

OFFICE_ROLES = (Role.CHAIRMAN, Role.VICE_CHAIRMAN, Role.OFFICER)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def office_communes(user: Any) -> QuerySet[AdminUnit]:
    if not _active(user):
        return AdminUnit.objects.none()
    ids = (
        RoleAssignment.objects.current()
        .filter(user=user, role__in=OFFICE_ROLES, unit__level=Level.COMMUNE)
        .values_list("unit_id", flat=True)
    )
    return AdminUnit.objects.filter(pk__in=list(ids)).order_by("name")


def is_office(user: Any, commune: AdminUnit, roles: tuple[str, ...] = OFFICE_ROLES) -> bool:
    if not _active(user):
        return False
    return any(
        r.role in roles and r.unit_id == commune.pk
        for r in access._roles(user)  # the per-request role cache
    )


def can_view(user: Any, commune: AdminUnit) -> bool:
    return access.has_capability(user, Cap.VIEW_UNIT, commune) or access.has_capability(
        user, Cap.SUPERVISE, commune
    )


def visible_communes(user: Any) -> QuerySet[AdminUnit]:
    seen = Q(pk__in=access.visible_units(user, Cap.VIEW_UNIT).values("pk")) | Q(
        pk__in=access.visible_units(user, Cap.SUPERVISE).values("pk")
    )
    return AdminUnit.objects.filter(seen, level=Level.COMMUNE).order_by("name")


def may_see_cases(user: Any) -> bool:
    """For the menu: a role on a commune or above."""
    return any(
        u.level <= Level.COMMUNE
        for cap in (Cap.VIEW_UNIT, Cap.SUPERVISE)
        for u in access.role_units(user, cap)
    )


def can_act(user: Any, case: Any) -> bool:
    if not _active(user):
        return False
    if case.handler_id == user.pk and is_office(user, case.commune):
        return True
    return is_office(user, case.commune, (Role.CHAIRMAN,))


def can_see_identity(user: Any, case: Any) -> bool:
    """The citizen's personal data: a denouncer's only to the assigned handler."""
    if not _active(user) or not is_office(user, case.commune):
        return False
    if case.confidential:
        return case.handler_id == user.pk
    return True


def can_see_reception(user: Any, reception: Any) -> bool:
    return is_office(user, reception.commune)
