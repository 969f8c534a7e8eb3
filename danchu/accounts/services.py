"""Giving and taking roles. Every change is written to the audit trail in the same transaction.

``actor`` is the user doing it; ``None`` means the operator at the command line (``danchu``
commands run by whoever holds the server), which is recorded as such.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest

from danchu.accounts import access
from danchu.accounts.models import RoleAssignment, User
from danchu.audit import services as audit
from danchu.core import clock
from danchu.units.models import AdminUnit


def _role_changes(ra: RoleAssignment) -> dict[str, Any]:
    return {
        "user": ra.user.get_username(),
        "role": ra.role,
        "unit": ra.unit.code if ra.unit else None,
        "record": (
            f"{ra.record_type.app_label}.{ra.record_type.model}#{ra.record_id}"
            if ra.record_type_id and ra.record_type
            else None
        ),
        "valid_from": ra.valid_from,
        "valid_to": ra.valid_to,
    }


def _record_unit(record: models.Model | None) -> AdminUnit | None:
    unit = getattr(record, "unit", None) if record is not None else None
    return unit if isinstance(unit, AdminUnit) else None


def grant_role(
    *,
    actor: User | None,
    user: User,
    role: str,
    unit: AdminUnit | None = None,
    record: models.Model | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    request: HttpRequest | None = None,
) -> RoleAssignment:
    """Give ``user`` the ``role`` on ``unit`` (or on one process ``record``).

    A web user may grant only within their own scope (:func:`access.can_grant`); for a record
    role the scope is the record's unit.
    """
    scope_unit = unit or _record_unit(record)
    if actor is not None and not access.can_grant(actor, role, scope_unit):
        raise PermissionDenied
    ra = RoleAssignment(
        user=user,
        role=role,
        unit=unit,
        valid_from=valid_from or clock.today(),
        valid_to=valid_to,
    )
    if record is not None:
        ra.record = record
    ra.full_clean(exclude=["user", "record_type"])
    with transaction.atomic():
        ra.save()
        audit.log(
            actor=actor,
            action="accounts.role.granted",
            target=ra,
            changes=_role_changes(ra),
            request=request,
            unit=scope_unit,
        )
    access.forget_roles(user)
    return ra


def revoke_role(
    *,
    actor: User | None,
    assignment: RoleAssignment,
    on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> None:
    """End ``assignment`` so that it no longer applies from ``on`` (default today).

    A role that had not started before ``on`` is deleted; otherwise it ends the day before.
    """
    on = on or clock.today()
    if assignment.valid_to is not None and assignment.valid_to < on:
        return  # already ended
    scope_unit = assignment.unit or _record_unit(assignment.record)
    if actor is not None and not access.can_grant(actor, assignment.role, scope_unit):
        raise PermissionDenied
    before = _role_changes(assignment)
    with transaction.atomic():
        if assignment.valid_from >= on:
            target_repr = str(assignment)
            assignment.delete()
            changes = {"deleted": before, "role": target_repr}
            audit.log(
                actor=actor,
                action="accounts.role.revoked",
                changes=changes,
                request=request,
                unit=scope_unit,
            )
        else:
            old_end = assignment.valid_to
            assignment.valid_to = on - dt.timedelta(days=1)
            assignment.save(update_fields=["valid_to"])
            audit.log(
                actor=actor,
                action="accounts.role.revoked",
                target=assignment,
                changes={**before, "valid_to": [old_end, assignment.valid_to]},
                request=request,
                unit=scope_unit,
            )
    access.forget_roles(assignment.user)
