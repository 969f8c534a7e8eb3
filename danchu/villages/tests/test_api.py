"""The API answers what the pages show, to the same people (LD13, LD14, QD5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from danchu.testing.factories import client_for
from danchu.villages import services as s
from danchu.villages.rules import ElectionStep
from danchu.villages.tests.conftest import Place

pytestmark = pytest.mark.django_db
D = dt.date


def test_ld13_ld14_api_lists_and_details_scoped(place: Place, clock: Any) -> None:
    e = s.create_election(actor=place.chairman, village=place.village, election_on=D(2026, 12, 16))
    s.record_step(actor=place.chairman, election=e, step=ElectionStep.CANDIDATES,
                  names=["Nguyễn Văn A"], document_ref="05")  # fmt: skip
    s.record_head(actor=place.chairman, village=place.village, name="Cũ",
                  started_on=D(2025, 1, 1), ends_on=None, reason="Sổ")  # fmt: skip
    c = s.create_draft(actor=place.head, village=place.village, title="Hương ước", text="Điều 1.")
    s.post_draft(actor=place.head, charter=c, place="Nhà văn hóa")
    chair = client_for(place.chairman)
    page = chair.get("/api/villages/elections/").json()
    assert page["count"] == 1 and page["results"][0]["village"] == place.village.name
    detail = chair.get(f"/api/villages/elections/{e.pk}/").json()
    assert [st["rule"] for st in detail["steps"]][:4] == ["LD13"] * 4
    assert {st["state"] for st in detail["steps"][:4]} <= {"met", "in_progress", "late", "missed"}
    assert detail["candidates"] == [{"name": "Nguyễn Văn A", "votes": None}]
    heads = chair.get("/api/villages/heads/").json()
    assert heads["results"][0]["name"] == "Cũ"
    charter = chair.get(f"/api/villages/charters/{c.pk}/").json()
    assert charter["earliest_vote"] == "2026-12-22"
    assert charter["review_years"] == 5
    assert chair.get("/api/villages/charters/").json()["count"] == 1
    outsider = client_for(place.outsider)
    assert outsider.get("/api/villages/elections/").json()["count"] == 0
    assert outsider.get(f"/api/villages/elections/{e.pk}/").status_code == 404
    assert outsider.get(f"/api/villages/charters/{c.pk}/").status_code == 404
    assert Client().get("/api/villages/elections/").status_code in (401, 403)
    nobody = client_for(place.world.dave)
    for url in ("elections", "heads", "charters"):
        assert nobody.get(f"/api/villages/{url}/").status_code == 403
