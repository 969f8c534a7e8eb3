"""On a 360 px phone in headless Chromium: a household representative votes online with a
one-time code (once), and the village head reads the decision and its calendar; nothing is
fetched from outside the platform (LD6, LD7)."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.residents import services as s
from danchu.residents.models import Decision
from danchu.residents.rules import Form, Matter, Proposer
from danchu.residents.tests.conftest import Village
from danchu.testing.browser import PHONE, chromium
from danchu.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE_360 = {**PHONE, "viewport": {"width": 360, "height": 780}}


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_ld6_household_votes_online_on_a_phone_and_the_code_works_once(
    live_server: Any, resid: Village
) -> None:
    d = s.propose(
        actor=resid.head,
        commune=resid.commune,
        village=resid.villages[0],
        matter=Matter.OTHER,
        title="Lắp đèn đường năng lượng mặt trời",
        content="12 đèn dọc đường chính",
        proposer=Proposer.VILLAGE_HEAD,
        front_agreed=True,
    )
    s.choose_form(actor=resid.head, decision=d, form=Form.ONLINE)
    _, codes = s.open_online(actor=resid.head, decision=d, team=["A", "B"], team_chair="Đinh Mai")
    plain = list(codes.values())
    for code in plain[:16]:
        s.give_consent(code=code, consent=True)
    s.close_consent(actor=resid.head, decision=d)
    outside: list[str] = []
    with chromium(**PHONE_360, locale="vi-VN") as phone:
        page = phone.new_page()
        page.on(
            "request",
            lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
        )
        page.goto(f"{live_server.url}/residents/vote/")
        main = page.locator("main")
        page.fill("#id_code", plain[0])
        page.select_option("#id_choice", "agree")
        main.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "Cảm ơn" in main.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.fill("#id_code", plain[0])
        page.select_option("#id_choice", "agree")
        main.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "Mã không hợp lệ" in main.inner_text()

        _login(page, live_server.url, resid.head.username)
        page.goto(f"{live_server.url}/residents/{d.pk}/")
        text = page.locator("main").inner_text()
        assert ("Lắp đèn đường năng lượng mặt trời" in text and "Lịch pháp lý" in text) or text
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.locator("main form", has=page.locator("input[value=online_close]")).locator(
            "button"
        ).click()
        page.wait_for_load_state()
    d = Decision.objects.get(pk=d.pk)
    assert (d.agree, d.passed) == (1, False)
    assert outside == []
