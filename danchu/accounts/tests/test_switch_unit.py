"""The unit switcher: a user with several units picks the one they work on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.accounts.middleware import SESSION_KEY
from danchu.testing.factories import give_role

pytestmark = pytest.mark.django_db


def test_user_with_two_units_sees_the_switcher_and_switches(world):  # type: ignore[no-untyped-def]
    from danchu.testing.factories import client_for

    give_role(world.bob, "supervisor", world.commune_b)
    client = client_for(world.bob)
    body = client.get(reverse("home")).content.decode()
    assert 'class="unit-switcher"' in body
    assert world.commune_b.name in body
    response = client.post(
        reverse("accounts:switch_unit"),
        {"unit": world.commune_b.pk},
        HTTP_REFERER="http://testserver/people/",
    )
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/people/"
    assert client.session[SESSION_KEY] == world.commune_b.pk
    assert client.get(reverse("home")).context["active_unit"] == world.commune_b


def test_switching_to_a_unit_without_a_role_is_ignored(world):  # type: ignore[no-untyped-def]
    from danchu.testing.factories import client_for

    client = client_for(world.bob)
    client.post(reverse("accounts:switch_unit"), {"unit": world.commune_b.pk})
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home")).context["active_unit"] == world.commune_a


def test_switcher_never_redirects_to_another_site(world):  # type: ignore[no-untyped-def]
    from danchu.testing.factories import client_for

    response = client_for(world.bob).post(
        reverse("accounts:switch_unit"),
        {"unit": world.commune_a.pk},
        HTTP_REFERER="https://evil.example/phish",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_role_code_repeated_on_the_old_map_gives_the_role_on_the_unit_in_force(world):  # type: ignore[no-untyped-def]
    import datetime as dt

    from danchu.accounts.models import RoleAssignment
    from danchu.testing.factories import UnitFactory, UserFactory, client_for
    from danchu.units.models import MapVersion

    UnitFactory(
        code=world.commune_b.code,
        name="Thị trấn Cũ",
        kind="thi_tran",
        parent=world.province,
        map_version=MapVersion.LEGACY,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    newcomer = UserFactory(username="ngoc")
    response = client_for(world.alice).post(
        reverse("accounts:roles"),
        {"username": "ngoc", "role": "officer", "unit_code": world.commune_b.code},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.get(user=newcomer).unit == world.commune_b
