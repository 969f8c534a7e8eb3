"""Who may see and do what: the one module every view and API endpoint goes through.

A user's roles are held on a unit (and so on everything below it) or on one process record.
Capabilities are data (:data:`ROLE_CAPABILITIES`); process apps ask :func:`has_capability` /
:func:`visible_units` here and add their own record-level checks in ``<app>/permissions.py``.

Nobody — system administrators included — gets process secrets (ballot contents, partial tallies,
undisclosed results) from this module: those checks live with each process and are narrower.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from danchu.accounts.models import Role, RoleAssignment, User
from danchu.units.models import AdminUnit, UnitQuerySet


class Cap(StrEnum):
    """Unit-scoped capabilities."""

    VIEW_UNIT = "view_unit"  # see the unit, its agencies, people and assignments
    MANAGE_UNIT = "manage_unit"  # add villages, edit people and assignments, import rosters
    MANAGE_ACCOUNTS = "manage_accounts"  # give and take roles below oneself
    MANAGE_REFERENCE = "manage_reference"  # reference data: positions, holidays, unit lists
    RUN_VOTES = "run_votes"  # organise confidence votes for the unit
    RUN_SURVEYS = "run_surveys"  # organise citizen surveys
    RUN_CONSULTATIONS = "run_consultations"  # draft and consult on regulations
    SUPERVISE = "supervise"  # read-only oversight of process steps (not secrets)
    GATHER_OPINIONS = "gather_opinions"  # HĐND, MTTQ, trade union enter gathered opinions


ROLE_CAPABILITIES: dict[str, frozenset[Cap]] = {
    Role.SYSTEM_ADMIN: frozenset(
        {Cap.VIEW_UNIT, Cap.MANAGE_UNIT, Cap.MANAGE_ACCOUNTS, Cap.MANAGE_REFERENCE}
    ),
    Role.HOME_AFFAIRS: frozenset(
        {
            Cap.VIEW_UNIT,
            Cap.MANAGE_UNIT,
            Cap.MANAGE_ACCOUNTS,
            Cap.RUN_VOTES,
            Cap.RUN_SURVEYS,
            Cap.SUPERVISE,
        }
    ),
    Role.CHAIRMAN: frozenset(
        {Cap.VIEW_UNIT, Cap.RUN_VOTES, Cap.RUN_SURVEYS, Cap.RUN_CONSULTATIONS, Cap.SUPERVISE}
    ),
    Role.VICE_CHAIRMAN: frozenset({Cap.VIEW_UNIT, Cap.RUN_SURVEYS, Cap.RUN_CONSULTATIONS}),
    Role.OFFICER: frozenset({Cap.VIEW_UNIT, Cap.MANAGE_UNIT, Cap.RUN_CONSULTATIONS}),
    Role.SUPERVISOR: frozenset({Cap.VIEW_UNIT, Cap.SUPERVISE}),
    Role.COUNCIL_REP: frozenset({Cap.VIEW_UNIT, Cap.GATHER_OPINIONS, Cap.SUPERVISE}),
    Role.FRONT_REP: frozenset({Cap.VIEW_UNIT, Cap.GATHER_OPINIONS, Cap.SUPERVISE}),
    Role.UNION_REP: frozenset({Cap.VIEW_UNIT, Cap.GATHER_OPINIONS}),
    Role.VILLAGE_HEAD: frozenset({Cap.VIEW_UNIT}),
}
"""Unit-scoped roles and what they grant on their unit and everything below it. Record roles
(counting board, survey committee, drafting team, vote organizer) grant nothing here: each
process's ``permissions.py`` reads them with :func:`has_record_role`."""


def _roles(user: Any) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cache = getattr(user, "_danchu_roles", None)
    if cache is None:
        cache = list(RoleAssignment.objects.current().filter(user=user).select_related("unit"))
        user._danchu_roles = cache
    return cache


def forget_roles(user: Any) -> None:
    """Drop the per-request cache after roles change."""
    if hasattr(user, "_danchu_roles"):
        del user._danchu_roles


def is_system_admin(user: Any) -> bool:
    return any(r.role == Role.SYSTEM_ADMIN for r in _roles(user))


def role_units(user: Any, cap: Cap) -> list[AdminUnit]:
    """Units on which ``user`` holds a role that grants ``cap`` (not their descendants)."""
    return [
        r.unit
        for r in _roles(user)
        if r.unit is not None and cap in ROLE_CAPABILITIES.get(r.role, frozenset())
    ]


def _global(user: Any, cap: Cap) -> bool:
    return any(
        r.unit is None and r.record_id is None and cap in ROLE_CAPABILITIES.get(r.role, frozenset())
        for r in _roles(user)
    )


def has_capability(user: Any, cap: Cap, unit: AdminUnit | None) -> bool:
    """True if ``user`` may ``cap`` on ``unit`` (held on the unit itself or any unit above it)."""
    if _global(user, cap):
        return True
    if unit is None:
        return False
    return any(unit.path.startswith(u.path) for u in role_units(user, cap))


def visible_units(user: Any, cap: Cap = Cap.VIEW_UNIT) -> UnitQuerySet:
    """Every unit on which ``user`` has ``cap``."""
    if _global(user, cap):
        return AdminUnit.objects.all()
    roots = role_units(user, cap)
    if not roots:
        return AdminUnit.objects.none()
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return AdminUnit.objects.filter(condition)


def scope(
    user: Any, queryset: QuerySet[Any], unit_field: str = "unit", cap: Cap = Cap.VIEW_UNIT
) -> QuerySet[Any]:
    """Filter ``queryset`` to the rows whose ``unit_field`` the user may ``cap``."""
    if _global(user, cap):
        return queryset
    roots = role_units(user, cap)
    if not roots:
        return queryset.none()
    condition = Q()
    for root in roots:
        condition |= Q(**{f"{unit_field}__path__startswith": root.path})
    return queryset.filter(condition)


def has_record_role(user: Any, roles: Iterable[str], record: Model) -> bool:
    """True if ``user`` holds one of ``roles`` on this process record."""
    wanted = set(roles)
    ct = ContentType.objects.get_for_model(record)
    return any(
        r.role in wanted and r.record_type_id == ct.pk and r.record_id == record.pk
        for r in _roles(user)
    )


def user_records(user: Any, role: str, model: type[Model]) -> list[int]:
    """Primary keys of the ``model`` records on which ``user`` holds ``role``."""
    ct = ContentType.objects.get_for_model(model)
    return [
        r.record_id
        for r in _roles(user)
        if r.role == role and r.record_type_id == ct.pk and r.record_id is not None
    ]


def can_grant(user: Any, role: str, unit: AdminUnit | None) -> bool:
    """A user may give roles only within their own scope and never SYSTEM_ADMIN unless admin."""
    if role == Role.SYSTEM_ADMIN:
        return is_system_admin(user)
    return has_capability(user, Cap.MANAGE_ACCOUNTS, unit)


def home_units(user: User) -> list[AdminUnit]:
    """The units a user works on, for the unit switcher (unit roles, widest first)."""
    seen: dict[int, AdminUnit] = {}
    for r in _roles(user):
        if r.unit is not None:
            seen.setdefault(r.unit.pk, r.unit)
    return sorted(seen.values(), key=lambda u: (u.level, u.name))
