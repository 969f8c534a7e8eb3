"""Who may see and change the disclosure register, on top of ``danchu.accounts.access``.

- edit (enter items, record channels, take down, council sessions, issue the quarterly list and
  the report): the commune's own office — chairman, vice-chairman or officer holding the role on
  the commune itself;
- view (read the register, its states and documents): anyone with ``VIEW_UNIT`` on the commune
  or above (the province sees its communes read-only), or ``SUPERVISE``;
- the public page: anyone, for what has been disclosed on it (``selectors.public_items``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import Role, RoleAssignment
from danchu.units.models import AdminUnit, Level

EDIT_ROLES = (Role.CHAIRMAN, Role.VICE_CHAIRMAN, Role.OFFICER)
"""Design choice: the register is kept by the commune office; the People's Committee's chairman
and vice-chairmen may also enter items. Home Affairs above the commune reads only."""


def editable_communes(user: Any) -> QuerySet[AdminUnit]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return AdminUnit.objects.none()
    ids = (
        RoleAssignment.objects.current()
        .filter(user=user, role__in=EDIT_ROLES, unit__level=Level.COMMUNE)
        .values_list("unit_id", flat=True)
    )
    return AdminUnit.objects.filter(pk__in=list(ids)).order_by("name")


def can_edit(user: Any, commune: AdminUnit) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (
        RoleAssignment.objects.current()
        .filter(user=user, role__in=EDIT_ROLES, unit=commune)
        .exists()
    )


def can_view(user: Any, commune: AdminUnit) -> bool:
    return access.has_capability(user, Cap.VIEW_UNIT, commune) or access.has_capability(
        user, Cap.SUPERVISE, commune
    )


def visible_communes(user: Any) -> QuerySet[AdminUnit]:
    """Communes whose register ``user`` may read."""
    seen = Q(pk__in=access.visible_units(user, Cap.VIEW_UNIT).values("pk")) | Q(
        pk__in=access.visible_units(user, Cap.SUPERVISE).values("pk")
    )
    return AdminUnit.objects.filter(seen, level=Level.COMMUNE).order_by("name")


def may_see_a_register(user: Any) -> bool:
    """For the menu, from the user's cached roles alone: a role on a commune or above."""
    return any(
        u.level <= Level.COMMUNE
        for cap in (Cap.VIEW_UNIT, Cap.SUPERVISE)
        for u in access.role_units(user, cap)
    )


def file_checker(user: Any, name: str) -> bool:
    """For danchu.web.files: evidence and disclosed files are read by those who see the
    commune's register (the public gets disclosed files through the public page)."""
    from danchu.disclosures.models import ChannelFact, DisclosureFile

    fact = ChannelFact.objects.select_related("disclosure__commune").filter(evidence=name).first()
    if fact is not None:
        return can_view(user, fact.disclosure.commune)
    f = DisclosureFile.objects.select_related("disclosure__commune").filter(file=name).first()
    if f is not None:
        return can_view(user, f.disclosure.commune)
    return False
