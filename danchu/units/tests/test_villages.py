"""A commune adds its villages; only users who may manage that commune can."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.testing.factories import client_for
from danchu.units.models import AdminUnit, Level, MapVersion

pytestmark = pytest.mark.django_db


def village_data(**overrides):
    data = {"kind": "thon", "code": "02", "name": "Thôn  Kon Rbàng", "valid_from": "2025-07-01"}
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("actor", "unit", "expected"),
    [
        ("alice", "commune_a", 302),
        ("alice", "commune_b", 302),
        ("bob", "commune_a", 302),
        ("bob", "commune_b", 403),
        ("carol", "commune_a", 403),
        ("dave", "commune_a", 403),
        ("root", "commune_a", 302),
        ("alice", "province", 403),  # only a commune adds villages
        ("bob", "village_a1", 403),
    ],
)
def test_add_village_matrix(world, actor, unit, expected):
    target = getattr(world, unit)
    client = client_for(getattr(world, actor))
    response = client.post(reverse("units:village_create", args=[target.pk]), village_data())
    assert response.status_code == expected
    created = AdminUnit.objects.filter(parent=target, code=f"{target.code}-02").exists()
    assert created is (expected == 302)


@pytest.mark.parametrize(
    ("actor", "shown"), [("alice", True), ("bob", True), ("carol", False), ("root", True)]
)
def test_village_form_shown_only_to_managers(world, actor, shown):
    client = client_for(getattr(world, actor))
    response = client.get(reverse("units:detail", args=[world.commune_a.pk]))
    if actor == "carol":
        assert response.status_code == 403
        return
    assert ('id="add-village"' in response.content.decode()) is shown


def test_anonymous_is_sent_to_login(client, world):
    url = reverse("units:village_create", args=[world.commune_a.pk])
    response = client.post(url, village_data())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_added_village_is_nfc_local_below_commune(world):
    client = client_for(world.bob)
    decomposed = "Tho\u0302n Kon Rba\u0300ng"
    client.post(
        reverse("units:village_create", args=[world.commune_a.pk]),
        village_data(name=decomposed),
    )
    village = AdminUnit.objects.get(parent=world.commune_a, code="T0001-02")
    assert village.name == "Thôn Kon Rbàng"
    assert village.level == Level.VILLAGE
    assert village.map_version == MapVersion.LOCAL
    assert village.path == f"{world.commune_a.path}{village.pk}/"


def test_village_code_is_unique_within_the_commune_only(world):
    alice = client_for(world.alice)
    url_a = reverse("units:village_create", args=[world.commune_a.pk])
    url_b = reverse("units:village_create", args=[world.commune_b.pk])
    assert alice.post(url_a, village_data()).status_code == 302
    again = alice.post(url_a, village_data(name="Thôn khác"))
    assert again.status_code == 400
    assert "đã có thôn" in again.content.decode()
    assert alice.post(url_b, village_data()).status_code == 302


def test_village_cannot_start_before_its_commune(world):
    response = client_for(world.bob).post(
        reverse("units:village_create", args=[world.commune_a.pk]),
        village_data(valid_from="2020-01-01"),
    )
    assert response.status_code == 400
    assert "01/07/2025" in response.content.decode()


def test_adding_a_village_is_audited(world):
    from danchu.audit.models import AuditEntry

    client_for(world.bob).post(
        reverse("units:village_create", args=[world.commune_a.pk]), village_data()
    )
    entry = AuditEntry.objects.get(action="units.add_village")
    assert entry.actor_username == "bob"
    assert entry.unit_code == world.commune_a.code


@pytest.mark.parametrize(
    ("legacy", "encoding"), [("Th«n §¾k Rve", "TCVN3"), ("Thoân Ñaêk Rve", "VNI")]
)
def test_village_name_in_a_legacy_encoding_is_refused(world, legacy, encoding):
    client = client_for(world.bob)
    response = client.post(
        reverse("units:village_create", args=[world.commune_a.pk]), village_data(name=legacy)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "bảng mã cũ" in body and encoding in body
    assert not AdminUnit.objects.filter(parent=world.commune_a, code="02").exists()
