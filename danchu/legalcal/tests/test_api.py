"""The calendar's JSON API gives the same answers as the CLI and needs a signed-in user."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db


def test_tm3_api_add_working_days_across_tet_2025(world: Any) -> None:
    response = client_for(world.bob).get(
        "/api/legalcal/add-days/", {"date": "2025-01-23", "n": "5", "working": "true"}
    )
    assert response.status_code == 200
    assert response.json() == {"start": "2025-01-23", "n": 5, "working": True, "date": "2025-02-06"}


def test_tm4_api_is_working_names_the_holiday(world: Any) -> None:
    body = client_for(world.dave).get("/api/legalcal/is-working/", {"date": "2025-04-30"}).json()
    assert body["working"] is False and body["holiday"]
    body = client_for(world.dave).get("/api/legalcal/is-working/", {"date": "2025-02-08"}).json()
    assert body == {"date": "2025-02-08", "working": True, "holiday": None}


def test_tm4_api_swaps_of_a_year_with_legal_basis(world: Any) -> None:
    rows = client_for(world.alice).get("/api/legalcal/swaps/", {"year": "2025"}).json()
    assert {r["date"]: r["kind"] for r in rows}["2025-02-08"] == "working_day"
    assert all(r["legal_basis"] for r in rows)


def test_api_bad_input_names_the_field_in_vietnamese(world: Any) -> None:
    response = client_for(world.bob).get("/api/legalcal/add-days/", {"date": "x", "n": "1"})
    assert response.status_code == 400
    assert "không phải ngày hợp lệ" in response.json()["date"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/legalcal/add-days/?date=2026-03-03&n=20",
        "/api/legalcal/is-working/?date=2026-03-03",
        "/api/legalcal/swaps/?year=2026",
    ],
)
def test_api_needs_a_signed_in_user(url: str) -> None:
    assert Client().get(url).status_code in {401, 403}
