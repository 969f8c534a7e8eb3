"""Issue 19, point 7: a schemathesis run over the whole API, bounded (a fixed number of examples
per operation, derandomized: the same inputs every run), authenticated as two roles (Home Affairs
of the province, an officer of one commune): not one server error. CI runs it on SQLite and on
PostgreSQL like the rest of the suite."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings

from danchu.accounts.services import create_api_token

EXAMPLES = 4

schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))
)
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def keep_the_test_connection():  # type: ignore[no-untyped-def]
    """Requests go through the real WSGI handler, whose request signals would close the test's
    database connection (as Django's own test client avoids): not inside this test."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world):  # type: ignore[no-untyped-def]
    return {who: create_api_token(user=getattr(world, who))[1] for who in ("alice", "bob")}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_issue19_schemathesis_finds_no_server_error(case, tokens):  # type: ignore[no-untyped-def]
    for who, key in tokens.items():
        response = case.call(headers={"Authorization": f"Token {key}"})
        assert response.status_code < 500, (
            who,
            case.method,
            case.formatted_path,
            response.text[:300],
        )
