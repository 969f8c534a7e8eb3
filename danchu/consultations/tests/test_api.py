"""API: the same permissions as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from danchu.consultations import services
from danchu.consultations.models import Opinion
from danchu.core import clock

pytestmark = pytest.mark.django_db


def _client(user=None):  # type: ignore[no-untyped-def]
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


def test_api_list_is_scoped(world, consultation):  # type: ignore[no-untyped-def]
    assert [c["id"] for c in _client(world.bob).get("/api/consultations/").json()] == [
        consultation.pk
    ]
    assert _client(world.carol).get("/api/consultations/").json() == []
    assert _client().get("/api/consultations/").status_code in (401, 403)


@pytest.mark.parametrize(
    ("who", "code"),
    [("bob", 200), ("supervisor", 200), ("council", 200), ("carol", 403), ("dave", 403)],
)
def test_api_detail_matrix_with_steps(world, consultation, actors, who, code):  # type: ignore[no-untyped-def]
    user = {"bob": world.bob, "carol": world.carol, "dave": world.dave}.get(who) or getattr(
        actors, who
    )
    r = _client(user).get(f"/api/consultations/{consultation.pk}/")
    assert r.status_code == code
    if code == 200:
        assert {s["rule"] for s in r.json()["steps"]} >= {"DC1", "DC2", "DC4"}


def test_api_gatherer_enters_only_for_its_body(world, consultation, actors, start_day):  # type: ignore[no-untyped-def]
    url = f"/api/consultations/{consultation.pk}/opinions/"
    payload = {"source": "front_conference", "text": "Ý kiến", "received_on": str(clock.today())}
    assert _client(actors.council).post(url, payload, format="json").status_code == 403
    r = _client(actors.front).post(url, payload, format="json")
    assert r.status_code == 201 and r.json()["source"] == "front_conference"


def test_api_dc4_answer_needs_the_reason(world, consultation, actors, start_day):  # type: ignore[no-untyped-def]
    o = services.submit_public_opinion(consultation=consultation, text="Ý kiến", today=start_day)
    url = f"/api/consultations/{consultation.pk}/opinions/{o.pk}/answer/"
    r = _client(world.bob).post(url, {"kind": "explain", "text": ""}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0].startswith("DC4")
    assert _client(actors.supervisor).post(url, {"kind": "explain", "text": "x"}).status_code == 403
    r = _client(world.bob).post(url, {"kind": "explain", "text": "Đã có trong Luật"}, format="json")
    assert r.status_code == 200 and Opinion.objects.get().is_answered


def test_api_public_view_needs_no_login(consultation):  # type: ignore[no-untyped-def]
    r = _client().get(f"/api/consultations/public/{consultation.slug}/")
    assert r.status_code == 200
    body = r.json()
    assert body["window_state"] == "open" and [a["number"] for a in body["articles"]] == [
        "1",
        "2",
        "3",
    ]
