from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from danchu.accounts.services import create_api_token
from danchu.audit.models import AuditEntry
from danchu.people.models import Person
from danchu.testing.factories import PersonFactory, UnitFactory, give_role
from danchu.units.models import MapVersion

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
    _token, key = create_api_token(user=world.bob)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/people/")
    assert response.status_code == 200
    assert all(p["home_unit_code"] == world.commune_a.code for p in response.json()["results"])


@pytest.mark.parametrize(
    ("actor", "visible"),
    [("alice", 200), ("bob", 200), ("carol", 404), ("dave", 403), ("root", 200)],
)
def test_person_api_matrix(world, actor, visible):  # type: ignore[no-untyped-def]
    """Outside one's area: 404 (existence not leaked); no role at all: 403, as on the pages."""
    person = PersonFactory(home_unit=world.commune_a)
    response = api_as(getattr(world, actor)).get(f"/api/people/{person.pk}/")
    assert response.status_code == visible


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


@pytest.mark.parametrize("url", ["/api/people/", "/api/units/", "/api/units/T0001/people/"])
def test_user_without_a_role_gets_403_with_a_vietnamese_message(world, url):  # type: ignore[no-untyped-def]
    response = api_as(world.dave).get(url)
    assert response.status_code == 403
    assert response.json()["detail"] == "Tài khoản của bạn chưa được giao vai trò trên đơn vị nào."


def test_api_writes_go_through_the_services_and_are_audited(world):  # type: ignore[no-untyped-def]
    client = api_as(world.bob)
    response = client.post(
        "/api/people/",
        {"full_name": "Lê  Văn Tám", "gender": "M", "home_unit_code": world.commune_a.code},
        format="json",
    )
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert person.full_name == "Lê Văn Tám"
    created = AuditEntry.objects.get(action="people.create_person", target_id=str(person.pk))
    assert created.unit_code == world.commune_a.code
    response = client.patch(
        f"/api/people/{person.pk}/",
        {"full_name": "Lê Văn Tám Em", "retirement_announced_on": "2026-03-01"},
        format="json",
    )
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.full_name == "Lê Văn Tám Em"
    assert person.retirement_announced_on == dt.date(2026, 3, 1)
    actions = set(
        AuditEntry.objects.filter(target_id=str(person.pk)).values_list("action", flat=True)
    )
    assert {"people.update_person", "people.record_retirement"} <= actions


def test_api_patch_of_another_units_person_is_refused_and_writes_nothing(world):  # type: ignore[no-untyped-def]
    person = PersonFactory(full_name="Đỗ Văn Hai", home_unit=world.commune_a)
    response = api_as(world.carol).patch(
        f"/api/people/{person.pk}/", {"full_name": "Đỗ Văn Ba"}, format="json"
    )
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.full_name == "Đỗ Văn Hai"


def test_id1_national_id_is_shown_only_to_those_who_manage_the_record(world):  # type: ignore[no-untyped-def]
    person = PersonFactory(
        home_unit=world.commune_a, national_id="051080123456", date_of_birth=dt.date(1980, 1, 1)
    )
    give_role(world.dave, "supervisor", world.commune_a)
    url = f"/api/people/{person.pk}/"
    assert api_as(world.bob).get(url).json()["national_id"] == "051080123456"
    assert api_as(world.dave).get(url).json()["national_id"] is None
    listed = api_as(world.dave).get("/api/people/").json()["results"]
    assert [p["national_id"] for p in listed] == [None]


def test_unit_code_repeated_on_the_old_map_names_the_unit_in_force(world):  # type: ignore[no-untyped-def]
    """Codes repeat between the maps ("15" is Lào Cai now, Yên Bái before 2025)."""
    UnitFactory(
        code=world.commune_a.code,
        name="Thị trấn Cũ",
        kind="thi_tran",
        map_version=MapVersion.LEGACY,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    response = api_as(world.bob).post(
        "/api/people/",
        {"full_name": "Lê Văn Tám", "gender": "M", "home_unit_code": world.commune_a.code},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Person.objects.get().home_unit == world.commune_a
    PersonFactory(full_name="Trần Thị Hoà", home_unit=world.commune_a)
    listed = api_as(world.bob).get(f"/api/units/{world.commune_a.code}/people/")
    assert listed.status_code == 200
    assert {p["full_name"] for p in listed.json()["results"]} == {"Lê Văn Tám", "Trần Thị Hoà"}


def test_unit_people_unknown_code_is_404_and_other_area_403(world):  # type: ignore[no-untyped-def]
    missing = api_as(world.bob).get("/api/units/KHONGCO/people/")
    assert missing.status_code == 404
    assert "KHONGCO" in missing.json()["detail"]
    other = api_as(world.bob).get(f"/api/units/{world.commune_b.code}/people/")
    assert other.status_code == 403
    assert "quyền" in other.json()["detail"]
