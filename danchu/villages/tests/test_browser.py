"""On a 360 px phone in headless Chromium: the chairman records an election step and the village
head reads the charter's posting count; nothing is fetched from outside the platform (LD13,
LD14)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.testing.browser import PHONE, chromium
from danchu.testing.factories import PASSWORD
from danchu.villages import services as s
from danchu.villages.models import Election
from danchu.villages.tests.conftest import Place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE_360 = {**PHONE, "viewport": {"width": 360, "height": 780}}


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_ld13_ld14_pages_on_a_phone(live_server: Any, place: Place) -> None:
    e = s.create_election(
        actor=place.chairman, village=place.village, election_on=dt.date(2026, 12, 16)
    )
    c = s.create_draft(actor=place.head, village=place.village, title="Hương ước thôn 1",
                       text="Điều 1. Giữ gìn vệ sinh chung.")  # fmt: skip
    s.post_draft(actor=place.head, charter=c, place="Nhà văn hóa thôn")
    outside: list[str] = []
    with chromium(**PHONE_360, locale="vi-VN") as phone:
        page = phone.new_page()
        page.on(
            "request",
            lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
        )
        _login(page, live_server.url, place.chairman.username)
        page.goto(f"{live_server.url}/villages/elections/{e.pk}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.select_option("#id_step", "plan")
        page.fill("#id_document_ref", "01/QĐ-UBND")
        page.locator("form[action$='/step/'] button[type=submit]").click()
        page.wait_for_load_state()
        assert Election.objects.get(pk=e.pk).steps.count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.goto(f"{live_server.url}/villages/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with chromium(**PHONE_360, locale="vi-VN") as phone:
        page = phone.new_page()
        _login(page, live_server.url, place.head.username)
        page.goto(f"{live_server.url}/villages/charters/{c.pk}/")
        assert "22/12/2026" in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert outside == []
