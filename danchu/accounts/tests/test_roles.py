from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.accounts.models import Role, RoleAssignment
from danchu.audit.models import AuditEntry
from danchu.testing.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "expected"), [("alice", 200), ("root", 200), ("bob", 403), ("dave", 403)]
)
def test_roles_page_matrix(world, actor, expected):  # type: ignore[no-untyped-def]
    assert client_for(getattr(world, actor)).get(reverse("accounts:roles")).status_code == expected


def test_home_affairs_gives_role_in_province_and_it_is_audited(world):  # type: ignore[no-untyped-def]
    newcomer = UserFactory(username="ngoc")
    before = AuditEntry.objects.count()
    response = client_for(world.alice).post(
        reverse("accounts:roles"),
        {"username": "ngoc", "role": Role.OFFICER, "unit_code": world.commune_b.code},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=newcomer, unit=world.commune_b).exists()
    assert AuditEntry.objects.count() == before + 1


def test_role_outside_own_area_is_refused_with_message(world):  # type: ignore[no-untyped-def]
    from danchu.testing.factories import UnitFactory

    other = UnitFactory(code="T99", name="Tỉnh Khác", kind="tinh")
    UserFactory(username="ngoc")
    response = client_for(world.alice).post(
        reverse("accounts:roles"),
        {"username": "ngoc", "role": Role.OFFICER, "unit_code": other.code},
    )
    assert response.status_code == 200
    assert "ngoài phạm vi" in response.content.decode()
    assert not RoleAssignment.objects.filter(user__username="ngoc").exists()


def test_home_affairs_cannot_make_a_system_admin(world):  # type: ignore[no-untyped-def]
    UserFactory(username="ngoc")
    response = client_for(world.alice).post(
        reverse("accounts:roles"),
        {"username": "ngoc", "role": Role.SYSTEM_ADMIN, "unit_code": world.province.code},
    )
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user__username="ngoc").exists()


def test_revoking_is_audited(world):  # type: ignore[no-untyped-def]
    ra = RoleAssignment.objects.get(user=world.bob)
    before = AuditEntry.objects.count()
    client_for(world.alice).post(reverse("accounts:role_revoke", args=[ra.pk]))
    assert not RoleAssignment.objects.current().filter(user=world.bob).exists()
    assert AuditEntry.objects.count() == before + 1


def test_roles_export_is_scoped_with_vietnamese_headers(world):  # type: ignore[no-untyped-def]
    import io

    from openpyxl import load_workbook

    response = client_for(world.alice).get(reverse("accounts:roles") + "?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1:3] == ("Vai trò", "Mã đơn vị")
    users = {r[0] for r in rows[1:]}
    assert {"alice", "bob", "carol"} <= users
    assert "root" not in users  # a system role is outside a province's scope
    assert client_for(world.bob).get(reverse("accounts:roles") + "?format=xlsx").status_code == 403
