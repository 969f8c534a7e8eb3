from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from danchu.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_schema_is_served_as_openapi(world):  # type: ignore[no-untyped-def]
    response = api_as(world.alice).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    body = response.json() if response["Content-Type"].startswith("application/json") else None
    text = response.content.decode()
    assert (body and body["openapi"].startswith("3")) or text.startswith("openapi: 3")
    assert "/api/people/" in text


def test_anonymous_gets_401_or_403(world):  # type: ignore[no-untyped-def]
    assert APIClient().get("/api/people/").status_code in {401, 403}


def test_token_authentication_goes_through_same_rules(world):  # type: ignore[no-untyped-def]
    PersonFactory(full_name="Phạm Thị Thuỷ", home_unit=world.commune_b)
    token = Token.objects.create(user=world.bob)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/people/")
    assert response.status_code == 200
    assert all(p["home_unit_code"] == world.commune_a.code for p in response.json()["results"])


@pytest.mark.parametrize(
    ("actor", "visible"),
    [("alice", True), ("bob", True), ("carol", False), ("dave", False), ("root", True)],
)
def test_person_api_matrix(world, actor, visible):  # type: ignore[no-untyped-def]
    person = PersonFactory(home_unit=world.commune_a)
    response = api_as(getattr(world, actor)).get(f"/api/people/{person.pk}/")
    assert response.status_code == (200 if visible else 404)


def test_create_person_in_other_unit_is_refused(world):  # type: ignore[no-untyped-def]
    response = api_as(world.carol).post(
        "/api/people/",
        {
            "full_name": "Lê Văn Tám",
            "gender": "M",
            "home_unit_code": world.commune_a.code,
        },
        format="json",
    )
    assert response.status_code == 403
    assert "quyền" in response.json()["detail"]


def test_create_person_bad_input_messages_are_vietnamese(world):  # type: ignore[no-untyped-def]
    response = api_as(world.bob).post(
        "/api/people/",
        {
            "full_name": "Lê Văn Tám",
            "gender": "M",
            "home_unit_code": "KHONGCO",
            "national_id": "12345",
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert "KHONGCO" in errors["home_unit_code"][0]


def test_create_person_normalises_to_nfc(world):  # type: ignore[no-untyped-def]
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hoà")
    response = api_as(world.bob).post(
        "/api/people/",
        {
            "full_name": decomposed,
            "gender": "F",
            "home_unit_code": world.commune_a.code,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["full_name"] == unicodedata.normalize("NFC", "Nguyễn Thị Hoà")


def test_duplicate_national_id_is_refused(world):  # type: ignore[no-untyped-def]
    PersonFactory(
        home_unit=world.commune_a,
        national_id="001080012345",
        date_of_birth=__import__("datetime").date(1980, 1, 1),
    )
    response = api_as(world.bob).post(
        "/api/people/",
        {
            "full_name": "Lê Văn Tám",
            "gender": "M",
            "home_unit_code": world.commune_a.code,
            "date_of_birth": "1980-02-02",
            "national_id": "001080012345",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "đã có" in response.json()["national_id"][0]


def test_units_list_is_scoped(world):  # type: ignore[no-untyped-def]
    codes = {
        u["code"] for u in api_as(world.bob).get("/api/units/?on=2026-01-01").json()["results"]
    }
    assert world.commune_a.code in codes
    assert world.commune_b.code not in codes
