"""Issue 19, point 2: the serializers declared for the API views say what the views really
answer. Every GET of votes, surveys, consultations and classification (and ``/api/me/``) is
called on the demo world for each of its records, and each answer is checked against the
generated schema — strictly: a key the schema does not name, a missing required key or a
wrong type fails, with the operation named."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import jsonschema
import pytest
from django.db import transaction
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from danchu.accounts.models import User
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)
APPS = ("votes", "surveys", "consultations", "classification")
_DROPPED = {"nullable", "readOnly", "writeOnly", "format", "example", "title", "description"}


def json_schema(node: Any) -> Any:
    """OpenAPI 3.0's schema dialect as JSON Schema: ``nullable`` becomes "or null"; an object
    with named properties takes no other key (the answer must not say more than declared)."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROPPED or key.startswith("x-"):
            continue
        if key == "properties":
            out[key] = {name: json_schema(sub) for name, sub in value.items()}
        else:
            out[key] = json_schema(value)
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if node.get("nullable"):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


class Contract:
    def __init__(self) -> None:
        schema = SchemaGenerator().get_schema(request=None, public=True)
        self.components = json_schema(schema["components"])
        self.operations = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", url) + "$"), method, op)
            for url, path in schema["paths"].items()
            for method, op in path.items()
        ]
        self.checked: set[str] = set()

    def check(self, response: Any, url: str, method: str = "get") -> None:
        assert response.status_code < 300, (url, response.status_code, response.content[:300])
        op = next(op for rx, m, op in self.operations if m == method and rx.match(url))
        declared = op["responses"][str(response.status_code)]["content"]["application/json"]
        root = {"components": self.components, **json_schema(declared["schema"])}
        try:
            jsonschema.validate(response.json(), root)
        except jsonschema.ValidationError as error:
            where = "/".join(str(p) for p in error.absolute_path)
            pytest.fail(
                f"{method.upper()} {url} ({op['operationId']}) at «{where}»: {error.message}"
            )
        self.checked.add(op["operationId"])


def _demo() -> Any:
    from importlib import import_module

    from danchu.testing.demo import build_demo

    with transaction.atomic():
        demo = build_demo(TODAY)
        for app in APPS:
            import_module(f"danchu.{app}.demo").build(demo)
    return demo


def test_issue19_every_get_answer_matches_its_declared_serializer() -> None:
    from danchu.classification.models import Round as RatingRound
    from danchu.consultations.models import Consultation
    from danchu.surveys.models import CommuneSurvey
    from danchu.surveys.models import Round as SurveyRound
    from danchu.votes.models import VoteRound

    _demo()
    contract = Contract()
    users = {name: User.objects.get(username=name) for name in ("noivu", "canbo", "chutich")}
    clients = {name: f.client_for(user) for name, user in users.items()}
    everyone = list(clients.values())

    def each(url: str) -> None:
        for client in everyone:
            response = client.get(url)
            if response.status_code in (403, 404):
                continue  # not this caller's to see
            contract.check(response, url)

    each("/api/me/")
    for app in ("votes/rounds", "surveys/rounds", "consultations", "classification/rounds"):
        each(f"/api/{app}/")
    for pk in VoteRound.objects.values_list("pk", flat=True):
        each(f"/api/votes/rounds/{pk}/")
        each(f"/api/votes/rounds/{pk}/results/")
    for pk in SurveyRound.objects.values_list("pk", flat=True):
        each(f"/api/surveys/rounds/{pk}/dashboard/")
    for pk in CommuneSurvey.objects.values_list("pk", flat=True):
        each(f"/api/surveys/communes/{pk}/results/")
    for pk, slug in Consultation.objects.values_list("pk", "slug"):
        each(f"/api/consultations/{pk}/")
        each(f"/api/consultations/{pk}/opinions/")
        response = Client().get(f"/api/consultations/public/{slug}/")  # no login
        if response.status_code == 200:
            contract.check(response, f"/api/consultations/public/{slug}/")
    for pk in RatingRound.objects.values_list("pk", flat=True):
        each(f"/api/classification/rounds/{pk}/")

    assert contract.checked >= {
        "me_retrieve",
        "votes_rounds_list",
        "votes_rounds_retrieve",
        "votes_rounds_results_retrieve",
        "surveys_rounds_list",
        "surveys_rounds_dashboard_retrieve",
        "surveys_communes_results_retrieve",
        "consultations_list",
        "consultations_retrieve",
        "consultations_opinions_list",
        "consultations_public_retrieve",
        "classification_rounds_list",
        "classification_rounds_retrieve",
    }


def test_issue19_the_strict_check_fails_on_an_undeclared_key() -> None:
    """The check can fail: an answer with a key its serializer does not name is refused."""
    schema = json_schema(
        {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}
    )
    jsonschema.validate({"id": 1}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": 1, "extra": "x"}, schema)
    nullable = json_schema({"type": "string", "nullable": True})
    jsonschema.validate(None, nullable)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(3, nullable)
