"""Who may see and do what with households and community decisions.

- **run** a decision (propose, choose the form, record the meeting, ballot or online vote, issue
  the record) and **see the household list**: the commune chairman, vice-chairman or officer of
  that commune (for every village of it), or the village head of that village (its own village's
  households and village matters only). Design choice: the People's Committee answers (recognises
  or refuses) — the chairman, vice-chairman or officer of the commune.
- **see** decisions and household **counts**: anyone with ``VIEW_UNIT`` on the commune or a unit
  above it (Front, People's Council, Home Affairs), but not the list of households with names.
"""

from __future__ import annotations

from typing import Any

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import Role, RoleAssignment
from danchu.residents.models import Decision
from danchu.residents.rules import Matter
from danchu.units.models import AdminUnit, Level

COMMUNE_RUNNERS = frozenset({Role.CHAIRMAN, Role.VICE_CHAIRMAN, Role.OFFICER})


def _held_on(user: Any, roles: frozenset[str], unit: AdminUnit) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (
        RoleAssignment.objects.current().filter(user=user, role__in=list(roles), unit=unit).exists()
    )


def commune_of(unit: AdminUnit) -> AdminUnit:
    """The commune a village belongs to (a commune is its own)."""
    if unit.level == Level.VILLAGE and unit.parent is not None:
        return unit.parent
    return unit


def runs_commune(user: Any, commune: AdminUnit) -> bool:
    """Chairman, vice-chairman or officer of exactly this commune."""
    return _held_on(user, COMMUNE_RUNNERS, commune)


def heads_village(user: Any, village: AdminUnit) -> bool:
    return village.level == Level.VILLAGE and _held_on(
        user, frozenset({Role.VILLAGE_HEAD}), village
    )


def can_see_household_list(user: Any, village: AdminUnit) -> bool:
    """Names and addresses: only those running decisions of this village."""
    return runs_commune(user, commune_of(village)) or heads_village(user, village)


def can_manage_households(user: Any, village: AdminUnit) -> bool:
    return can_see_household_list(user, village)


def can_see_counts(user: Any, unit: AdminUnit) -> bool:
    return access.has_capability(user, Cap.VIEW_UNIT, unit)


def can_propose(user: Any, commune: AdminUnit, village: AdminUnit | None) -> bool:
    """Commune matters: the commune's runners; village matters: they or the village head."""
    if runs_commune(user, commune):
        return True
    return village is not None and heads_village(user, village)


def can_run(user: Any, decision: Decision) -> bool:
    return can_propose(user, decision.commune, decision.village)


def can_answer(user: Any, decision: Decision) -> bool:
    """LD7 (Art. 21): the commune People's Committee recognises or refuses; for members of the
    two boards (matter 5) it is the commune Front committee, through its representative."""
    if decision.matter == Matter.BOARD_MEMBERS:
        return _held_on(user, frozenset({Role.FRONT_REP}), decision.commune)
    return runs_commune(user, decision.commune)


def can_view(user: Any, decision: Decision) -> bool:
    return can_run(user, decision) or access.has_capability(user, Cap.VIEW_UNIT, decision.commune)


def may_see_some(user: Any) -> bool:
    """A role that sees decisions at all: ``VIEW_UNIT`` somewhere (or everywhere), or a village
    head. Pages and API lists refuse anyone else rather than answer an empty list."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        access.has_capability(user, Cap.VIEW_UNIT, None)
        or bool(access.role_units(user, Cap.VIEW_UNIT))
        or RoleAssignment.objects.current()
        .filter(user=user, role=Role.VILLAGE_HEAD, unit__isnull=False)
        .exists()
    )
