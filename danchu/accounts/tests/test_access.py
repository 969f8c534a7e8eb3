from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from danchu.testing.factories import PASSWORD, PersonFactory, client_for

pytestmark = pytest.mark.django_db


login = client_for


def test_home_needs_login(client):  # type: ignore[no-untyped-def]
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_login_with_email(world):  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "alice@example.vn", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_lockout_after_five_failures(world):  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "bob", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "bob", "password": PASSWORD})
    assert response.status_code == 429
    assert "khóa 15 phút" in response.content.decode()


def test_lockout_counts_the_account_however_it_is_typed(world):  # type: ignore[no-untyped-def]
    """Five failures spread over "bob", "BOB", "Bob"… and the email lock the one account."""
    bob = world.bob
    bob.email = "bob@example.vn"
    bob.save(update_fields=["email"])
    client = Client()
    for typed in ["bob", "BOB", "Bob", "bob@example.vn", "BOB@EXAMPLE.VN"]:
        client.post(reverse("accounts:login"), {"username": typed, "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "bOb", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account is not affected.
    other = Client().post(reverse("accounts:login"), {"username": "carol", "password": PASSWORD})
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("actor", "unit", "expected"),
    [
        ("alice", "commune_a", 200),
        ("alice", "commune_b", 200),
        ("alice", "province", 200),
        ("bob", "commune_a", 200),
        ("bob", "village_a1", 200),
        ("bob", "commune_b", 403),
        ("bob", "province", 403),
        ("carol", "commune_a", 403),
        ("dave", "commune_a", 403),
        ("root", "commune_b", 200),
    ],
)
def test_unit_page_matrix(world, actor, unit, expected):  # type: ignore[no-untyped-def]
    client = login(getattr(world, actor))
    response = client.get(reverse("units:detail", args=[getattr(world, unit).pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("alice", 200), ("bob", 200), ("carol", 403), ("dave", 403), ("root", 200)],
)
def test_person_page_matrix(world, actor, expected):  # type: ignore[no-untyped-def]
    person = PersonFactory(home_unit=world.commune_a)
    client = login(getattr(world, actor))
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == expected


def test_people_list_shows_only_own_unit(world):  # type: ignore[no-untyped-def]
    PersonFactory(full_name="Trần Thị Hoà", home_unit=world.commune_a)
    PersonFactory(full_name="Lê Văn Bảy", home_unit=world.commune_b)
    body = login(world.bob).get(reverse("people:list")).content.decode()
    assert "Trần Thị Hoà" in body
    assert "Lê Văn Bảy" not in body


def test_user_without_a_role_gets_a_vietnamese_403_page(world):  # type: ignore[no-untyped-def]
    response = login(world.dave).get(reverse("people:list"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Bạn chưa được phân quyền tại đơn vị nào" in body
    assert '<html lang="vi">' in body


def test_other_units_page_gets_a_vietnamese_403_page(world):  # type: ignore[no-untyped-def]
    response = login(world.bob).get(reverse("units:detail", args=[world.commune_b.pk]))
    assert response.status_code == 403
    assert "trang thuộc đơn vị khác" in response.content.decode()
