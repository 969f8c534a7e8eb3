"""Shared test fixtures: a small real map and named actors.

Actors (healthchecks style): ``alice`` Home Affairs of the province, ``bob`` officer of commune A,
``carol`` officer of commune B, ``dave`` with no role, ``root`` system administrator.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from zoneinfo import ZoneInfo

import pytest
import time_machine

from danchu.testing import factories as f

FROZEN_AT = dt.datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
"""Every test starts at this instant (the ``today`` fixture's day), whatever the machine's
clock says; ``@pytest.mark.clock("2026-12-31 23:59")`` starts a test elsewhere, and the
``clock`` fixture moves it (``clock.move_to(...)``, ``clock.shift(...)``). The clock ticks from
there, so live servers and time-outs behave."""


def _instant(value: str | dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(9, 0))
    else:
        moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=FROZEN_AT.tzinfo)
    return moment


def pytest_configure(config):  # type: ignore[no-untyped-def]
    # Keys and the audit trail's outside copy go to a scratch folder, never the developer's var/.
    scratch = tempfile.mkdtemp(prefix="danchu-test-")
    os.environ.setdefault("DANCHU_KEY_DIR", os.path.join(scratch, "keys"))
    os.environ.setdefault("DANCHU_AUDIT_DIR", os.path.join(scratch, "audit"))
    # CI runs the suite once with the machine's clock far away (``DANCHU_TEST_MACHINE_DATE``,
    # see .ci/run): everything outside a test — imports, session fixtures — sees that date,
    # and each test still starts at FROZEN_AT.
    machine_date = os.environ.get("DANCHU_TEST_MACHINE_DATE")
    if machine_date:
        traveller = time_machine.travel(_instant(machine_date), tick=True)
        traveller.start()
        config._danchu_machine_clock = traveller


@pytest.fixture(autouse=True)
def clock(request):  # type: ignore[no-untyped-def]
    """The frozen clock of this test (time-machine's traveller)."""
    marker = request.node.get_closest_marker("clock")
    at = _instant(marker.args[0]) if marker else FROZEN_AT
    with time_machine.travel(at, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _own_keys_and_audit_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Each test gets its own key folder and audit folder outside the database, so one test's
    keys and signed anchors never meet another test's records."""
    settings.DANCHU_KEY_DIR = str(tmp_path / "keys")
    settings.DANCHU_AUDIT_DIR = str(tmp_path / "audit")


@pytest.fixture(autouse=True)
def _browser_cookies_without_expiry(request, settings):  # type: ignore[no-untyped-def]
    # Chromium keeps the machine's real clock while Django runs on the frozen one: cookies
    # dated by the frozen clock could look expired to the browser, so browser tests use
    # session cookies.
    if request.node.get_closest_marker("browser"):
        settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
        settings.CSRF_COOKIE_AGE = None


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    return f.build_world()


@pytest.fixture
def alice(world):  # type: ignore[no-untyped-def]
    return world.alice


@pytest.fixture
def bob(world):  # type: ignore[no-untyped-def]
    return world.bob


@pytest.fixture
def today() -> dt.date:
    return dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def browser_context():  # type: ignore[no-untyped-def]
    """A Playwright context in Debian's headless Chromium (see danchu/testing/browser.py)."""
    from danchu.testing.browser import chromium

    with chromium(locale="vi-VN") as context:
        yield context
