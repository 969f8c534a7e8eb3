"""Who may do what on a consultation, on top of ``danchu.accounts.access``.

- manage (draft, plan, publish, answer, issue, report): ``RUN_CONSULTATIONS`` on the commune
  (chairman, vice-chairman, officer) or the drafting-team role on this consultation;
- gather (enter opinions from conferences, record the aggregate sent): the People's Council, the
  Fatherland Front or the trade union representative of the commune, each for its own body;
- supervise (read the steps and their states): ``SUPERVISE`` on the commune or above (People's
  Council, Fatherland Front, district/province Home Affairs, supervisors);
- the public page: anyone, once the plan is published; a staff consultation's page only the
  agency's staff, signed in (issue 18, DC1).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import Role, RoleAssignment
from danchu.consultations.models import Body, Consultation, Scope
from danchu.units.models import AdminUnit

GATHER_ROLE_BODY: dict[str, str] = {
    Role.COUNCIL_REP: Body.COUNCIL,
    Role.FRONT_REP: Body.FRONT,
    Role.UNION_REP: Body.UNION,
}


def can_create(user: Any, unit: AdminUnit | None) -> bool:
    return access.has_capability(user, Cap.RUN_CONSULTATIONS, unit)


def can_manage(user: Any, consultation: Consultation) -> bool:
    return access.has_capability(
        user, Cap.RUN_CONSULTATIONS, consultation.unit
    ) or access.has_record_role(user, [Role.DRAFTING_TEAM], consultation)


def gatherer_paths(user: Any) -> list[tuple[str, str]]:
    """(unit path, body) of each body (HĐND, MTTQ, union) ``user`` represents today: with
    :func:`gatherer_bodies`' test, for many consultations at once (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    assignments = (
        RoleAssignment.objects.current()
        .filter(user=user, role__in=list(GATHER_ROLE_BODY), unit__isnull=False)
        .select_related("unit")
    )
    return [(a.unit.path, GATHER_ROLE_BODY[a.role]) for a in assignments if a.unit is not None]


def gatherer_bodies(user: Any, consultation: Consultation) -> set[str]:
    """The bodies (HĐND, MTTQ, union) ``user`` represents on this consultation's commune."""
    if not access.has_capability(user, Cap.GATHER_OPINIONS, consultation.unit):
        return set()
    path = consultation.unit.path
    assignments = (
        RoleAssignment.objects.current()
        .filter(user=user, role__in=list(GATHER_ROLE_BODY), unit__isnull=False)
        .select_related("unit")
    )
    return {
        GATHER_ROLE_BODY[a.role]
        for a in assignments
        if a.unit is not None and path.startswith(a.unit.path)
    }


def can_gather(user: Any, consultation: Consultation, body: str | None = None) -> bool:
    bodies = gatherer_bodies(user, consultation)
    return bool(bodies) if body is None else body in bodies


def can_supervise(user: Any, consultation: Consultation) -> bool:
    return access.has_capability(user, Cap.SUPERVISE, consultation.unit)


def can_view(user: Any, consultation: Consultation) -> bool:
    return (
        can_manage(user, consultation)
        or can_gather(user, consultation)
        or can_supervise(user, consultation)
    )


STAFF_ROLES = (Role.CHAIRMAN, Role.VICE_CHAIRMAN, Role.OFFICER, Role.UNION_REP)
"""Issue 18, DC1: "staff of the agency" are those holding one of these roles on the
consultation's commune itself (not above it), or the drafting-team role on the consultation."""


def is_staff_only(consultation: Consultation) -> bool:
    """DC1: the agency's own regulation is put to its staff, never to the public."""
    return consultation.scope == Scope.AGENCY


def is_agency_staff(user: Any, consultation: Consultation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if access.has_record_role(user, [Role.DRAFTING_TEAM], consultation):
        return True
    return (
        RoleAssignment.objects.current()
        .filter(user=user, role__in=STAFF_ROLES, unit=consultation.unit)
        .exists()
    )


def can_view_public(consultation: Consultation, user: Any = None) -> bool:
    """The page where opinions are given and the results published: anyone once published;
    for a staff consultation (issue 18, DC1) only the agency's staff, signed in."""
    if not consultation.is_public:
        return False
    if is_staff_only(consultation):
        return is_agency_staff(user, consultation)
    return True


def visible(user: Any) -> Q:
    """A filter on Consultation for the list page: managed, gathered or supervised units."""
    condition = Q(pk__in=access.user_records(user, Role.DRAFTING_TEAM, Consultation))
    for cap in (Cap.RUN_CONSULTATIONS, Cap.GATHER_OPINIONS, Cap.SUPERVISE):
        if access.visible_units(user, cap).exists():
            units = access.visible_units(user, cap)
            condition |= Q(unit__in=units)
    return condition


def file_checker(user: Any, name: str) -> bool:
    """For danchu.web.files: uploaded drafts and evidence are seen by those who see the
    consultation's working pages (not the public page)."""
    from danchu.consultations.models import AggregateSend, DraftVersion, PublicationRecord

    for model, field in (
        (DraftVersion, "source_file"),
        (AggregateSend, "evidence"),
        (PublicationRecord, "evidence"),
    ):
        record = model.objects.select_related("consultation").filter(**{field: name}).first()
        if record is not None:
            return can_view(user, record.consultation)
    return False
