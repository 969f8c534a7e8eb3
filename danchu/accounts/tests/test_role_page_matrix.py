"""Every unit role × every core page and API endpoint: a role held on commune A opens what its
capabilities allow there (200) and nothing else — not commune B, not the province above, not a
page that needs a capability the role lacks (403; 404 in the API for records outside the area).

The expectation is derived from ``access.ROLE_CAPABILITIES``, so a role that gains a capability
by mistake makes this fail on the page it now opens."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from danchu.accounts.access import ROLE_CAPABILITIES, Cap
from danchu.accounts.models import Role
from danchu.testing.factories import PersonFactory, UserFactory, client_for, give_role

pytestmark = pytest.mark.django_db

UNIT_ROLES = sorted(r for r in ROLE_CAPABILITIES if r != Role.SYSTEM_ADMIN)

# (page name, which object, capability needed on commune A — None: never for a commune role)
PAGES = [
    ("units:detail", "commune_a", Cap.VIEW_UNIT),
    ("units:export", "commune_a", Cap.VIEW_UNIT),
    ("units:detail", "village_a1", Cap.VIEW_UNIT),
    ("units:detail", "commune_b", None),
    ("units:detail", "province", None),
    ("units:export", "province", None),
    ("units:village_edit", "village_a1", Cap.MANAGE_UNIT),
    ("people:list", None, Cap.VIEW_UNIT),
    ("people:create", None, Cap.MANAGE_UNIT),
    ("people:detail", "person_a", Cap.VIEW_UNIT),
    ("people:detail", "person_b", None),
    ("people:detail", "person_p", None),
    ("people:edit", "person_a", Cap.MANAGE_UNIT),
    ("people:edit", "person_b", None),
    ("people:assignment_create", "person_a", Cap.MANAGE_UNIT),
    ("people:transfer", "person_a", Cap.MANAGE_UNIT),
    ("people:retirement", "person_a", Cap.MANAGE_UNIT),
    ("accounts:roles", None, Cap.MANAGE_ACCOUNTS),
]


@pytest.fixture
def things(world):  # type: ignore[no-untyped-def]
    return {
        "commune_a": world.commune_a,
        "commune_b": world.commune_b,
        "province": world.province,
        "village_a1": world.village_a1,
        "person_a": PersonFactory(full_name="Nguyễn Thị Hoà", home_unit=world.commune_a),
        "person_b": PersonFactory(full_name="Lê Văn Bảy", home_unit=world.commune_b),
        "person_p": PersonFactory(full_name="Trần Văn Tỉnh", home_unit=world.province),
    }


def _holder(role: str, world):  # type: ignore[no-untyped-def]
    user = UserFactory(username=f"u-{role}")
    give_role(user, role, world.commune_a)
    return user


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_role_page_matrix(world, things, role):  # type: ignore[no-untyped-def]
    client = client_for(_holder(role, world))
    caps = ROLE_CAPABILITIES[role]
    wrong = []
    for name, key, cap in PAGES:
        url = reverse(name, args=[things[key].pk]) if key else reverse(name)
        expected = 200 if cap is not None and cap in caps else 403
        got = client.get(url).status_code
        if got != expected:
            wrong.append(f"{url}: {got} (expected {expected})")
    assert wrong == []


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_role_sees_only_its_units_people_in_lists(world, things, role):  # type: ignore[no-untyped-def]
    user = _holder(role, world)
    body = client_for(user).get(reverse("people:list")).content.decode()
    assert "Nguyễn Thị Hoà" in body
    assert "Lê Văn Bảy" not in body and "Trần Văn Tỉnh" not in body
    api = APIClient()
    api.force_authenticate(user)
    listed = {p["full_name"] for p in api.get("/api/people/").json()["results"]}
    assert listed == {"Nguyễn Thị Hoà"}
    units = {u["code"] for u in api.get("/api/units/?on=2026-01-01").json()["results"]}
    assert units == {world.commune_a.code, world.village_a1.code}


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_role_api_matrix(world, things, role):  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(_holder(role, world))
    manage = Cap.MANAGE_UNIT in ROLE_CAPABILITIES[role]
    assert api.get(f"/api/people/{things['person_a'].pk}/").status_code == 200
    assert api.get(f"/api/people/{things['person_b'].pk}/").status_code == 404
    assert api.get(f"/api/people/{things['person_p'].pk}/").status_code == 404
    assert api.get(f"/api/units/{world.province.pk}/").status_code == 404
    patch = api.patch(
        f"/api/people/{things['person_a'].pk}/", {"full_name": "Nguyễn Thị Hòa"}, format="json"
    )
    assert patch.status_code == (200 if manage else 403)
