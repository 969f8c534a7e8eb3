"""Issue 19, point 7 (ASVS V5): every page and API endpoint is sent a NUL, a control character,
a 100 KB string and out-of-range dates; the answer is a 4xx with a Vietnamese message, never a
500. The refusal is one middleware (``InputHygieneMiddleware``) in front of every view, so the
sweep covers endpoints added later without a list to keep up to date."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from danchu.testing.factories import client_for
from danchu.web.tests.test_every_url_is_guarded import ROUTES, concrete

pytestmark = pytest.mark.django_db

NUL, CONTROL, BIG = "\x00", "Lê Văn\u0002 An", "x" * 100 * 1024
# Names of the query parameters and form fields the views read (searches, filters, dates).
PARAMS = [
    "q",
    "who",
    "parent",
    "on",
    "date",
    "n",
    "year",
    "start",
    "days",
    "full_name",
    "name",
    "code",
    "reason",
    "text",
    "unit",
    "next",
    "page",
    "format",
    "kind",
    "action",
]
DATE_FIELDS = [
    "on",
    "date",
    "start",
    "date_of_birth",
    "held_on",
    "start_date",
    "end_date",
    "published_on",
    "issued_on",
    "from",
    "to",
    "day",
]
OUT_OF_RANGE = ["9999-12-31", "0792-01-01", "31/12/9999", "2099-01-01"]


def vietnamese_refusal(response) -> bool:  # type: ignore[no-untyped-def]
    text = response.content.decode()
    return response.status_code == 400 and "ký tự" in (
        json.loads(text)["detail"]
        if response["Content-Type"].startswith("application/json")
        else text
    )


@pytest.fixture
def clients(world):  # type: ignore[no-untyped-def]
    return {"root": client_for(world.root), "alice": client_for(world.alice), "anon": Client()}


@pytest.mark.parametrize("payload", [NUL, CONTROL, BIG], ids=["nul", "control", "100kb"])
def test_issue19_sweep_every_url_refuses_bad_text_in_the_query(clients, payload):
    wrong = []
    for route in ROUTES:
        for who in ("root", "anon"):
            url = concrete(route)
            response = clients[who].get(url, {name: payload for name in PARAMS})
            if not vietnamese_refusal(response):
                wrong.append((who, url, response.status_code))
    assert wrong == []


@pytest.mark.parametrize("payload", [NUL, CONTROL], ids=["nul", "control"])
def test_issue19_sweep_every_url_refuses_bad_text_in_forms_and_json(clients, payload):
    wrong = []
    for route in ROUTES:
        url = concrete(route)
        response = clients["root"].post(url, {name: payload for name in PARAMS})
        if not vietnamese_refusal(response):
            wrong.append(("form", url, response.status_code))
        if route.startswith("api/"):
            body = json.dumps({"full_name": payload, "items": [{"text": payload}]})
            response = clients["alice"].post(url, body, content_type="application/json")
            if not vietnamese_refusal(response):
                wrong.append(("json", url, response.status_code))
    assert wrong == []


def test_issue19_sweep_nul_in_a_path_segment_is_refused(clients):
    wrong = []
    for route in ROUTES:
        if not re.search(r"<(?:str|slug|path):", route):
            continue
        url = concrete(re.sub(r"<(?:str|slug|path):[^>]+>", "%00", route, count=1))
        response = clients["root"].get(url)
        if not vietnamese_refusal(response):
            wrong.append((url, response.status_code))
    assert wrong == []


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_issue19_sweep_out_of_range_dates_and_long_text_never_make_a_500(clients, day):
    errors = []
    for route in ROUTES:
        url = concrete(route)
        fields = {name: day for name in DATE_FIELDS} | {"n": "5", "days": "5", "year": "9999"}
        for response in (
            clients["root"].get(url, fields),
            clients["root"].post(url, fields | {"full_name": BIG, "text": BIG}),
        ):
            if response.status_code >= 500:
                errors.append((url, response.status_code))
        if route.startswith("api/"):
            response = clients["alice"].post(url, fields, content_type="application/json")
            if response.status_code >= 500:
                errors.append(("json", url, response.status_code))
    assert errors == []


# --- the issue's own examples ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/units/search/?q=%00", "/people/?q=%00", "/audit/?who=%00", "/api/units/?parent=%00"],
)
def test_issue19_nul_in_a_query_is_a_400_in_vietnamese(world, url):
    response = client_for(world.root).get(url)
    assert response.status_code == 400
    assert "ký tự rỗng (NUL)" in response.content.decode()


def test_issue19_control_character_in_a_name_is_refused_and_never_stored(world):
    from danchu.people.models import Person

    client = client_for(world.alice)
    body = {"full_name": "Lê Văn\u0002 An", "gender": "M", "home_unit_code": "T0001"}
    response = client.post("/api/people/", body, content_type="application/json")
    assert response.status_code == 400
    assert "U+0002" in response.json()["detail"]
    assert not Person.objects.filter(full_name__contains="\u0002").exists()
    # The same through the page's form.
    response = client.post("/people/new/", {"full_name": "Lê Văn\u0002 An", "gender": "M"})
    assert response.status_code == 400
    assert not Person.objects.filter(full_name__contains="\u0002").exists()


def test_issue19_exports_never_fail_on_stored_control_characters(world):
    """Data stored before the cleaner (here written straight to the database) still exports."""
    from danchu.testing.factories import PersonFactory

    PersonFactory(full_name="Lê Văn\u0002 An", home_unit=world.commune_a)
    client = client_for(world.root)
    for url in ("/data/people.xlsx", "/audit/export.xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
