"""The register's API: same scope as the pages, real serializers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from danchu.disclosures import api, services
from danchu.disclosures.tests.conftest import enter
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world):  # type: ignore[no-untyped-def]
    d = enter(world, category=9, decided_on=dt.date(2026, 11, 16), title="Danh sách gọi nhập ngũ")
    services.record_fact(actor=world.bob, disclosure=d, channel="office_board", evidence_note="Ảnh")
    return d


def test_ld1_api_list_is_scoped_filtered_and_matches_its_serializer(world, item):  # type: ignore[no-untyped-def]
    url = "/api/disclosures/"
    data = client_for(world.alice).get(url).json()
    assert data["count"] == 1
    serializer = api.DisclosurePageSerializer(data=data)
    assert serializer.is_valid(), serializer.errors
    row = data["results"][0]
    assert row["category"] == 9 and row["due"] == "2026-11-23"
    assert row["state"] in {"in_progress", "missed", "late", "met"}
    assert client_for(world.carol).get(url).json()["count"] == 0
    assert client_for(world.alice).get(url, {"category": 3}).json()["count"] == 0
    assert client_for(world.alice).get(url, {"q": "nhap ngu"}).json()["count"] == 1
    assert client_for(world.alice).get(url, {"state": "nonsense"}).status_code == 400
    assert client_for(world.alice).get(url, {"year": "abc"}).status_code == 400
    assert client_for(world.dave).get(url).status_code == 403
    assert Client().get(url).status_code == 401


def test_ld1_api_detail_has_obligations_and_facts(world, item):  # type: ignore[no-untyped-def]
    url = f"/api/disclosures/{item.pk}/"
    data = client_for(world.bob).get(url).json()
    assert api.DisclosureDetailSerializer(data=data).is_valid()
    obligations = {o["obligation"]: o["state"] for o in data["obligations"]}
    assert obligations["loudspeaker"] in {"in_progress", "missed"}
    assert data["facts"][0]["channel"] == "office_board"
    assert client_for(world.carol).get(url).status_code == 404
