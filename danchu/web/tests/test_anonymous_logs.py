"""Issue 10, point 5: no log line for an anonymous act (an e-ballot, an online survey form) in
Django's loggers or in the documented gunicorn deployment, and no client address."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client, RequestFactory

from danchu.web.logging import ANONYMOUS_PATH_PREFIXES, DropAnonymousPaths, is_anonymous_path

ROOT = Path(__file__).resolve().parents[3]


def _record(name: str, msg: str, *args: object, request: object = None) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, None)
    if request is not None:
        record.request = request
    return record


def test_records_hold_filter_drops_ballot_and_form_paths_only() -> None:
    keep = DropAnonymousPaths().filter
    rf = RequestFactory()
    # django.request: "Bad Request: /votes/e/3/" when a code is refused, the request attached.
    assert not keep(
        _record(
            "django.request", "%s: %s", "Bad Request", "/votes/e/3/", request=rf.post("/votes/e/3/")
        )
    )
    assert not keep(_record("django.request", "%s: %s", "Bad Request", "/api/votes/e/3/"))
    assert not keep(_record("django.request", "Not Found: /surveys/online/?x=1"))
    # django.server (runserver): the request line.
    assert not keep(_record("django.server", '"%s" %s %s', "POST /votes/e/3/ HTTP/1.1", 200, 9))
    # Everything else is kept.
    assert keep(
        _record(
            "django.request",
            "%s: %s",
            "Forbidden",
            "/votes/3/board/",
            request=rf.get("/votes/3/board/"),
        )
    )
    assert keep(_record("django.server", '"%s" %s %s', "GET /votes/3/ HTTP/1.1", 200, 9))
    assert keep(_record("danchu", "nothing about a path"))
    assert {"/votes/e/", "/api/votes/e/", "/surveys/online/"} <= set(ANONYMOUS_PATH_PREFIXES)
    assert is_anonymous_path("/votes/e/12/") and not is_anonymous_path("/votes/12/")


def test_records_hold_refused_e_ballot_writes_no_log_line(caplog, world) -> None:  # type: ignore[no-untyped-def]
    """A refused code makes Django log "Bad Request: /votes/e/<id>/" — not with the filter."""
    from danchu.votes.tests.conftest import build, open_round

    vw = build(world)
    vote = open_round(vw)
    with caplog.at_level(logging.INFO):
        r = Client().post(f"/votes/e/{vote.pk}/", {"code": "AAAAA-BBBBB", "s1": "1"})
        assert r.status_code == 400
        Client().get("/no-such-page/")
    paths = [rec.getMessage() for rec in caplog.records]
    assert not [m for m in paths if "/votes/e/" in m]
    assert [m for m in paths if "/no-such-page/" in m]  # the filter is not a blanket mute


def _gunicorn_logger(tmp_path: Path):  # type: ignore[no-untyped-def]
    pytest.importorskip("gunicorn")
    from gunicorn.config import Config

    spec = importlib.util.spec_from_file_location("gconf", ROOT / "deploy" / "gunicorn.conf.py")
    assert spec and spec.loader
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    cfg = Config()
    log = tmp_path / "access.log"
    cfg.set("accesslog", str(log))
    cfg.set("access_log_format", conf.access_log_format)
    return conf.AnonymousPathsLogger(cfg), log


def _access(logger, path: str) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "RAW_URI": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.10.0.57",
    }
    req = SimpleNamespace(
        headers=[],
        method="POST",
        path=path,
        query="",
        version=(1, 1),
        peer_addr=("10.10.0.57", 50000),
    )
    resp = SimpleNamespace(status="200 OK", sent=120, headers=[], response_length=120)
    logger.access(resp, req, environ, dt.timedelta(milliseconds=12))


def test_records_hold_gunicorn_config_logs_no_ballot_and_no_address(tmp_path) -> None:  # type: ignore[no-untyped-def]
    logger, log = _gunicorn_logger(tmp_path)
    _access(logger, "/votes/e/3/")
    _access(logger, "/surveys/online/")
    _access(logger, "/votes/3/board/")
    for handler in logger.access_log.handlers:
        handler.flush()
    text = log.read_text()
    assert "/votes/3/board/" in text  # other requests are still logged…
    assert "/votes/e/" not in text and "/surveys/online/" not in text  # …never a ballot or form
    assert "10.10.0.57" not in text  # and never the client's address


def test_records_hold_offline_hall_and_operations_docs_use_the_config() -> None:
    for doc in ("docs/offline-hall.md", "docs/operations.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        commands = [line for line in text.splitlines() if "gunicorn danchu.wsgi" in line]
        assert commands, doc
        assert all("-c deploy/gunicorn.conf.py" in line for line in commands), doc
        assert "--access-logfile -" not in text, doc  # the per-ballot log of old
