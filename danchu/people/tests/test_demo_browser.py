"""In headless Chromium: a demo account (``danchu demo``, real map) logs in and reaches home."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.testing.demo import DEMO_PASSWORD, build_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_chairman_logs_in_and_reaches_the_home_page(live_server, browser_context):  # type: ignore[no-untyped-def]
    demo = build_demo(dt.date(2026, 11, 22))
    commune = demo.communes[0]
    outside: list[str] = []
    page = browser_context.new_page()
    page.on(
        "request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url)
    )
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "chutich")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text().startswith("Xin chào")
    assert page.locator("header .unit-name").inner_text() == commune.name
    assert page.locator("#deadlines").is_visible()
    # The chairman's people page lists the commune's people, sorted the Vietnamese way.
    page.goto(f"{live_server.url}/people/")
    assert "A Thiên" in page.locator("main").inner_text()
    assert outside == []
