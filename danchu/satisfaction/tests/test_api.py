"""The API: same checks as the pages, exact rates, the receipt's code once."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from danchu.satisfaction import services
from danchu.satisfaction.models import Matter

pytestmark = pytest.mark.django_db


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_ld10_api_records_a_matter_and_returns_the_code_once(
    world: Any, office: Any, officials: Any
) -> None:
    url = f"/api/satisfaction/offices/{office.pk}/matters/"
    response = _api(world.bob).post(
        url, {"procedure": "Khai sinh", "official_id": officials["lan"].pk}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == "2026-00001" and body["valid_until"] == "2026-12-31"
    services.rate_with_code(code=body["code"], level="hai_long")
    refused = _api(world.bob).post(
        url, {"procedure": "Khai sinh", "official_id": officials["mai"].pk}, format="json"
    )
    assert refused.status_code == 400
    assert "không giữ chức vụ" in refused.content.decode()
    assert (
        _api(world.alice)
        .post(url, {"procedure": "Khai sinh", "official_id": officials["lan"].pk}, format="json")
        .status_code
        == 403
    )
    assert (
        _api(world.carol)
        .post(url, {"procedure": "Khai sinh", "official_id": officials["lan"].pk}, format="json")
        .status_code
        == 404
    )
    assert Matter.objects.count() == 1


def test_ld10_api_month_and_year_figures_are_exact(world: Any, office: Any, officials: Any) -> None:
    for level in ("hai_long", "rat_hai_long", "khong_hai_long"):
        _m, code = services.record_matter(
            actor=world.bob, office=office, procedure="Khai sinh", official=officials["hung"]
        )
        services.rate_with_code(code=code, level=level)
    month = _api(world.alice).get(f"/api/satisfaction/communes/{world.commune_a.pk}/2026/11/")
    assert month.status_code == 200
    body = month.json()
    assert body["total"]["rate"] == "2/3" and body["total"]["rate_text"] == "66,67%"
    assert body["officials"][0]["name"] == "Trần Văn Hùng"
    year = _api(world.bob).get(f"/api/satisfaction/communes/{world.commune_a.pk}/2026/").json()
    assert year["figures"]["total"] == 3
    empty = _api(world.bob).get(f"/api/satisfaction/communes/{world.commune_a.pk}/2025/").json()
    assert empty["figures"]["rate"] is None
    assert (
        _api(world.carol)
        .get(f"/api/satisfaction/communes/{world.commune_a.pk}/2026/11/")
        .status_code
        == 404
    )
    assert (
        _api(world.bob).get(f"/api/satisfaction/communes/{world.commune_a.pk}/2026/13/").status_code
        == 400
    )


def test_ld10_api_offices_scoped_and_comments_without_authors(
    world: Any, office: Any, office_b: Any
) -> None:
    services.rate_office(office=office, level="hai_long", comment="Cần thêm ghế")
    bob = _api(world.bob).get("/api/satisfaction/offices/").json()
    assert [o["commune"] for o in bob["results"]] == [world.commune_a.name]
    assert bob["results"][0]["figures"]["total"] == 1
    alice = _api(world.alice).get("/api/satisfaction/offices/").json()
    assert alice["count"] == 2
    assert _api(world.dave).get("/api/satisfaction/offices/").status_code == 403
    assert _api(world.bob).get("/api/satisfaction/offices/?month=x").status_code == 400
    comments = _api(world.bob).get(f"/api/satisfaction/offices/{office.pk}/comments/").json()
    assert comments["results"][0]["text"] == "Cần thêm ghế"
    assert comments["results"][0]["state"] == "waiting"
    assert set(comments["results"][0]) == {
        "id",
        "week",
        "due",
        "text",
        "answer",
        "answered_on",
        "published",
        "state",
    }
    assert (
        _api(world.carol).get(f"/api/satisfaction/offices/{office.pk}/comments/").status_code == 404
    )
