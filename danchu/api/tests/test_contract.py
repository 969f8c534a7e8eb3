"""Issue 19, points 1 and 2: the API contract is complete and the production settings pass
Django's deployment checks; schema and docs need a login in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "test-only-" + "k" * 50,
    "ALLOWED_HOSTS": "danchu.example.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://danchu.example.gov.vn",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def run_production(*args: str) -> subprocess.CompletedProcess[str]:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' Playwright harness in this process;
    # a production server never has it.
    dropped = {"DEBUG", "API_SCHEMA_PUBLIC", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "-m", "danchu", *args],
        env=env | PRODUCTION,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[3],
    )


def test_issue19_schema_validates_without_a_single_warning(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    ids = [op["operationId"] for path in schema["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    for url, path in schema["paths"].items():
        for method, op in path.items():
            codes = set(op["responses"])
            assert any(c.startswith("2") for c in codes), (url, method)
            assert "400" in codes, (url, method)
            if "{" in url:
                assert "404" in codes, (url, method)
            if op.get("security") != [{}] and not url.startswith("/api/consultations/public"):
                assert {"401", "403"} <= codes, (url, method)
            if method in {"post", "put", "patch"}:
                assert "requestBody" in op or method == "post", (url, method)


def test_issue19_check_deploy_is_clean_with_production_settings():
    result = run_production("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


def test_issue19_schema_and_docs_need_a_login_in_production():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='danchu.settings'; django.setup();"
        "from django.test import Client; c=Client();"
        "print(c.get('/api/schema/', HTTP_HOST='danchu.example.gov.vn', secure=True).status_code,"
        " c.get('/api/docs/', HTTP_HOST='danchu.example.gov.vn', secure=True).status_code,"
        " c.get('/healthz', HTTP_HOST='127.0.0.1').status_code)"
    )
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' Playwright harness in this process;
    # a production server never has it.
    dropped = {"DEBUG", "API_SCHEMA_PUBLIC", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env | PRODUCTION,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["401", "401", "200"], result.stderr


@pytest.mark.django_db
def test_issue19_schema_is_served_to_a_logged_in_user(world):
    from danchu.testing.factories import client_for

    assert client_for(world.bob).get("/api/schema/").status_code == 200


# --- Issue 19: no operation is described by a generic "any JSON object" ---------------------

POST_WITHOUT_BODY = {
    ("/api/token/", "post"): "makes a token for the logged-in caller; takes nothing",
}
"""POSTs that take no body on purpose (anything else must declare its request serializer)."""


def generic_shape(schema: dict[str, Any] | None, components: dict[str, Any]) -> bool:
    """Whether ``schema`` says no more than "some JSON object": missing, ``{"type": "object"}``
    without properties (what a view naming no serializer is given), or a list of such."""
    if not schema:
        return True
    if "$ref" in schema:
        return generic_shape(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in schema:
            return any(generic_shape(part, components) for part in schema[combined])
    if schema.get("type") == "array":
        return generic_shape(schema.get("items"), components)
    if schema.get("type", "object") != "object" or "enum" in schema:
        return False  # a string, a number, a file…: a shape of its own
    extra = schema.get("additionalProperties")
    return not schema.get("properties") and not (isinstance(extra, dict) and extra)


def generic_operations(schema: dict[str, Any]) -> list[str]:
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for url, path in schema["paths"].items():
        for method, op in path.items():
            where = f"{method.upper()} {url} ({op.get('operationId')})"
            for code, answer in op["responses"].items():
                if not code.startswith("2") or code == "204":
                    continue
                content = answer.get("content")
                if not content:
                    found.append(f"{where}: answer {code} declares no body")
                for kind, media in (content or {}).items():
                    if generic_shape(media.get("schema"), components):
                        found.append(f"{where}: answer {code} ({kind}) is a generic object")
            if method not in {"post", "put", "patch"}:
                continue
            body = op.get("requestBody")
            if body is None:
                if (url, method) not in POST_WITHOUT_BODY:
                    found.append(f"{where}: no request body declared")
                continue
            for kind, media in body.get("content", {}).items():
                if generic_shape(media.get("schema"), components):
                    found.append(f"{where}: request body ({kind}) is a generic object")
    return found


def test_issue19_the_generic_check_catches_the_old_fallback():
    """The check below can fail: the old fallback's shapes are caught, real ones pass."""
    components = {"Thing": {"type": "object", "properties": {"id": {"type": "integer"}}}}
    generic = {"type": "object", "additionalProperties": {}}
    assert generic_shape(generic, components)
    assert generic_shape({"type": "array", "items": generic}, components)
    assert generic_shape(None, components)
    assert not generic_shape({"$ref": "#/components/schemas/Thing"}, components)
    assert not generic_shape({"type": "array", "items": {"$ref": "#/c/s/Thing"}}, components)
    assert not generic_shape({"type": "object", "additionalProperties": {"type": "integer"}}, {})
    assert not generic_shape({"type": "string", "format": "binary"}, components)
    op = {
        "operationId": "x",
        "responses": {"200": {"content": {"application/json": {"schema": generic}}}},
    }
    assert generic_operations({"paths": {"/api/x/": {"get": op}}}) == [
        "GET /api/x/ (x): answer 200 (application/json) is a generic object"
    ]
    post = {"operationId": "y", "responses": {"201": {"description": "No response body"}}}
    assert generic_operations({"paths": {"/api/y/": {"post": post}}}) == [
        "POST /api/y/ (y): answer 201 declares no body",
        "POST /api/y/ (y): no request body declared",
    ]


def test_issue19_every_operation_names_its_request_and_answer_shapes():
    """Every operation of every app (walked from the generated schema, so apps added later are
    covered): each 2xx answer but 204, and each POST/PUT/PATCH body, is a named serializer or
    has properties — never the generic "any JSON object"."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert len(schema["paths"]) >= 20
    assert generic_operations(schema) == []
