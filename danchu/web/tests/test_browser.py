"""Browser flow: a demo-like user logs in through the real form and reaches the home page."""

from __future__ import annotations

import pytest

from danchu.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_user_logs_in_and_reaches_home(live_server, world, browser_context, settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world.alice.set_password(PASSWORD)
    world.alice.save()
    requests_outside: list[str] = []
    page = browser_context.new_page()
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else requests_outside.append(r.url),
    )
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text().startswith("Xin chào")
    assert page.locator("#deadlines").is_visible()
    # English is one click away, and stays chosen.
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Hello")
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "en"
    # Offline rule: nothing is fetched from outside the platform.
    assert requests_outside == []


def test_wrong_password_shows_vietnamese_error(live_server, world, browser_context):  # type: ignore[no-untyped-def]
    page = browser_context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "sai-mat-khau")
    page.click("#login-submit")
    assert "Sai tên đăng nhập" in page.content()
