"""Issue 19, points 1 and 2: the API contract is complete and the production settings pass
Django's deployment checks; schema and docs need a login in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

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
