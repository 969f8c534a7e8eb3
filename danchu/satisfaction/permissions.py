"""Who may do what in the satisfaction channel, on top of ``danchu.accounts.access``.

- run an office (create it, record matters, import a month, print receipts and the poster,
  answer comments): the chairman, a vice-chairman or an officer holding that role on the commune
  itself (not a province role: the province supervises, it does not answer for the commune);
- see an office, its comments (never who wrote them) and its figures: anyone who may see the
  commune (``VIEW_UNIT``): the commune's own roles, and the province's for its communes;
- rate: anyone, without logging in (the public page).
"""

from __future__ import annotations

from typing import Any

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import Role
from danchu.satisfaction.models import Office
from danchu.units.models import AdminUnit, Level

RUN_ROLES = frozenset({Role.CHAIRMAN, Role.VICE_CHAIRMAN, Role.OFFICER})


def run_communes(user: Any) -> list[AdminUnit]:
    """Communes on which ``user`` holds a role that runs the channel."""
    return [
        r.unit
        for r in access._roles(user)
        if r.role in RUN_ROLES and r.unit is not None and r.unit.level == Level.COMMUNE
    ]


def can_run(user: Any, commune: AdminUnit) -> bool:
    return any(c.pk == commune.pk for c in run_communes(user))


def can_run_office(user: Any, office: Office) -> bool:
    return can_run(user, office.commune)


def can_view(user: Any, commune: AdminUnit) -> bool:
    return access.has_capability(user, Cap.VIEW_UNIT, commune)


def can_view_office(user: Any, office: Office) -> bool:
    return can_view(user, office.commune)


def visible_communes(user: Any) -> Any:
    return access.visible_units(user).filter(level=Level.COMMUNE)


def sees_menu(user: Any) -> bool:
    """The menu entry: those who run an office, or may see a commune."""
    return bool(run_communes(user)) or visible_communes(user).exists()


def file_checker(user: Any, name: str) -> bool:
    """For danchu.web.files: a back-dated matter's evidence is seen by whoever sees its office."""
    from danchu.satisfaction.models import Matter

    matter = Matter.objects.select_related("office__commune").filter(evidence=name).first()
    return matter is not None and can_view_office(user, matter.office)
