"""Who may do what in the yearly classification, on top of ``danchu.accounts.access``.

- manage (schemes, open the year, review, return, issue the decision): a Home Affairs officer
  on the province (or above it);
- see the round and its dashboard: the managers and anyone with ``SUPERVISE`` on the province
  (supervisors, the People's Council and Front representatives of the province);
- prepare the commune's self-assessment: the chairman, a vice-chairman or an officer holding
  that role on the commune itself; submit it: the commune's chairman only;
- see a commune's file: those who prepare it, and those who see the round.
"""

from __future__ import annotations

from typing import Any

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import Role, RoleAssignment
from danchu.classification.models import Assessment, Round
from danchu.units.models import AdminUnit

COMMUNE_ROLES = (Role.CHAIRMAN, Role.VICE_CHAIRMAN, Role.OFFICER)


def _held(user: Any, roles: tuple[str, ...]) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(
        RoleAssignment.objects.current()
        .filter(user=user, role__in=list(roles), record_id__isnull=True)
        .select_related("unit")
    )


def can_manage(user: Any, province: AdminUnit) -> bool:
    """Home Affairs of the province (a role on the province or above it)."""
    return any(
        a.unit is None or province.path.startswith(a.unit.path)
        for a in _held(user, (Role.HOME_AFFAIRS,))
    )


def managed_provinces(user: Any) -> list[AdminUnit]:
    from danchu.units.models import Level

    out: dict[int, AdminUnit] = {}
    for a in _held(user, (Role.HOME_AFFAIRS,)):
        qs = AdminUnit.objects.filter(level=Level.PROVINCE)
        if a.unit is not None:
            qs = qs.filter(path__startswith=a.unit.path)
        for p in qs:
            out[p.pk] = p
    return sorted(out.values(), key=lambda p: p.name)


def can_view_round(user: Any, round_: Round) -> bool:
    return can_manage(user, round_.province) or access.has_capability(
        user, Cap.SUPERVISE, round_.province
    )


def commune_roles(user: Any, commune: AdminUnit) -> set[str]:
    return {a.role for a in _held(user, COMMUNE_ROLES) if a.unit_id == commune.pk}


def can_prepare(user: Any, assessment: Assessment) -> bool:
    return bool(commune_roles(user, assessment.commune))


def can_submit(user: Any, assessment: Assessment) -> bool:
    """Submitted by the chairman (seed 002)."""
    return Role.CHAIRMAN in commune_roles(user, assessment.commune)


def can_view_assessment(user: Any, assessment: Assessment) -> bool:
    return (
        can_prepare(user, assessment)
        or can_view_round(user, assessment.round)
        or can_review(user, assessment)
    )


def district_of(commune: AdminUnit) -> AdminUnit | None:
    """The commune's district on the district-era map (None on the 2025 map)."""
    from danchu.units.models import Level

    parent = commune.parent
    return parent if parent is not None and parent.level == Level.DISTRICT else None


def can_review(user: Any, assessment: Assessment) -> bool:
    """The province's Home Affairs, or on the district-era map the district's (seed 002: "the
    province (or the district) council reviews")."""
    if can_manage(user, assessment.round.province):
        return True
    district = district_of(assessment.commune)
    return district is not None and any(
        a.unit is not None and district.path.startswith(a.unit.path)
        for a in _held(user, (Role.HOME_AFFAIRS,))
    )


def my_communes(user: Any) -> list[int]:
    return [a.unit_id for a in _held(user, COMMUNE_ROLES) if a.unit_id is not None]


def file_checker(user: Any, name: str) -> bool:
    """For danchu.web.files: evidence is seen by whoever sees the commune's file (GR4 action
    evidence: whoever sees the year; GR9 files: whoever sees the case)."""
    from danchu.classification.models import ConsequenceAction, Score

    score = (
        Score.objects.select_related("assessment__round__province", "assessment__commune")
        .filter(evidence=name)
        .first()
    )
    if score is not None:
        return can_view_assessment(user, score.assessment)
    action = (
        ConsequenceAction.objects.select_related("assessment__round__province")
        .filter(evidence=name)
        .first()
    )
    if action is not None:
        return can_view_round(user, action.assessment.round)
    return apology_file_checker(user, name)


def can_view_apology(user: Any, case: Any) -> bool:
    """GR9 cases: the commune's staff, and Home Affairs or supervisors above the commune."""
    return (
        bool(commune_roles(user, case.commune))
        or can_manage(user, case.commune)
        or access.has_capability(user, Cap.SUPERVISE, case.commune)
    )


def can_handle_apology(user: Any, commune: AdminUnit) -> bool:
    return bool(commune_roles(user, commune))


def can_require_apology(user: Any, commune: AdminUnit) -> bool:
    """The chairman requires the apology (GR9)."""
    return Role.CHAIRMAN in commune_roles(user, commune)


def apology_file_checker(user: Any, name: str) -> bool:
    from django.db.models import Q

    from danchu.classification.models import ApologyCase

    case = (
        ApologyCase.objects.select_related("commune")
        .filter(Q(apology_letter=name) | Q(self_criticism=name) | Q(minutes=name))
        .first()
    )
    return case is not None and can_view_apology(user, case)


def reviewed_districts(user: Any) -> list[AdminUnit]:
    """Districts (district-era map) where the user reviews as Home Affairs."""
    from danchu.units.models import Level

    return [
        a.unit
        for a in _held(user, (Role.HOME_AFFAIRS,))
        if a.unit is not None and a.unit.level == Level.DISTRICT
    ]
