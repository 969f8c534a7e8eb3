"""Shared test fixtures: a small real map and named actors.

Actors (healthchecks style): ``alice`` Home Affairs of the province, ``bob`` officer of commune A,
``carol`` officer of commune B, ``dave`` with no role, ``root`` system administrator.
"""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.testing import factories as f


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
