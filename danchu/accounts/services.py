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
from danchu.accounts.models import ApiToken, RoleAssignment, User
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


# --- Passwords and API tokens (issue 19, ASVS V2 and V3) --------------------------------------


def token_digest(key: str) -> str:
    """What is stored of an API token: its SHA-256, never the key."""
    import hashlib

    return hashlib.sha256(key.encode()).hexdigest()


def token_lifetime_days() -> int:
    from django.conf import settings

    return int(getattr(settings, "DANCHU_API_TOKEN_DAYS", 30))


@transaction.atomic
def create_api_token(
    *, user: User, name: str = "", request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user``: (the stored record, the key to show once)."""
    import secrets

    key = secrets.token_urlsafe(32)
    now = clock.now()
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=key[:8],
        digest=token_digest(key),
        created_at=now,
        expires_at=now + dt.timedelta(days=token_lifetime_days()),
    )
    audit.log(
        actor=user,
        action="accounts.token.created",
        target=token,
        changes={"prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
        request=request,
    )
    return token, key


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken, request: HttpRequest | None = None) -> None:
    """The owner (or a system administrator) ends a token; it stops working at once."""
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied("Chỉ chủ sở hữu mới thu hồi được mã API này.")
    if token.revoked_at is not None:
        return
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit.log(
        actor=actor,
        action="accounts.token.revoked",
        target=token,
        changes={"prefix": token.prefix},
        request=request,
    )


@transaction.atomic
def record_password_change(*, user: User, how: str, request: HttpRequest | None = None) -> None:
    """A user chose a new password (``how``: "changed" or "reset"): the forced change is done."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    audit.log(actor=user, action=f"accounts.password.{how}", target=user, request=request)


@transaction.atomic
def record_password_set_by_admin(
    *, actor: Any, user: User, request: HttpRequest | None = None
) -> None:
    """An administrator set ``user``'s password (the offline laptop's reset): audited, and the
    user must choose their own at the next login."""
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    audit.log(actor=actor, action="accounts.password.set_by_admin", target=user, request=request)
