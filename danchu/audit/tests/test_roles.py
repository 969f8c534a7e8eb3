"""accounts.services.grant_role / revoke_role: scope checked, every change audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from danchu.accounts import services
from danchu.accounts.models import Role, RoleAssignment
from danchu.audit import services as audit
from danchu.audit.models import AuditEntry
from danchu.core import clock

pytestmark = pytest.mark.django_db


def test_grant_role_writes_an_audit_entry(world):  # type: ignore[no-untyped-def]
    ra = services.grant_role(
        actor=world.alice, user=world.dave, role=Role.OFFICER, unit=world.commune_a
    )
    entry = AuditEntry.objects.get()
    assert entry.action == "accounts.role.granted"
    assert entry.actor_username == "alice"
    assert entry.unit == world.commune_a
    assert entry.target_id == str(ra.pk)
    assert entry.changes["user"] == "dave" and entry.changes["role"] == "officer"
    assert entry.changes["unit"] == "T0001"
    assert audit.verify().ok


def test_grant_role_outside_scope_is_refused_and_not_logged(world):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.grant_role(
            actor=world.bob, user=world.dave, role=Role.OFFICER, unit=world.commune_a
        )
    with pytest.raises(PermissionDenied):
        services.grant_role(actor=world.alice, user=world.dave, role=Role.SYSTEM_ADMIN)
    assert not RoleAssignment.objects.filter(user=world.dave).exists()
    assert not AuditEntry.objects.exists()


def test_revoke_role_ends_it_yesterday_and_logs(world):  # type: ignore[no-untyped-def]
    ra = RoleAssignment.objects.get(user=world.bob)
    services.revoke_role(actor=world.alice, assignment=ra)
    ra.refresh_from_db()
    assert ra.valid_to == clock.today() - dt.timedelta(days=1)
    entry = AuditEntry.objects.get()
    assert entry.action == "accounts.role.revoked"
    assert entry.changes["valid_to"] == [None, ra.valid_to.isoformat()]
    assert not RoleAssignment.objects.current().filter(user=world.bob).exists()


def test_revoking_a_role_that_has_not_started_deletes_it(world):  # type: ignore[no-untyped-def]
    ra = services.grant_role(
        actor=world.root, user=world.dave, role=Role.OFFICER, unit=world.commune_b
    )
    services.revoke_role(actor=world.root, assignment=ra)
    assert not RoleAssignment.objects.filter(pk=ra.pk).exists()
    assert list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)) == [
        "accounts.role.granted",
        "accounts.role.revoked",
    ]
    assert audit.verify().ok
