"""End to end in headless Chromium (issue 12): a commune chairman self-assesses and submits on a
phone; Home Affairs reviews at a desk, sees the GR1 dashboard and issues the decision; nothing is
fetched from outside the platform."""

from __future__ import annotations

import pytest

from danchu.classification.models import Assessment, AssessmentStatus, RoundStatus
from danchu.classification.tests.conftest import make_round
from danchu.testing.browser import PHONE, chromium
from danchu.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_gr1_gr2_chairman_submits_on_a_phone_and_home_affairs_decides(live_server, world, people):  # type: ignore[no-untyped-def]
    round_ = make_round(world)
    a = Assessment.objects.get(round=round_, commune=world.commune_a)
    outside: list[str] = []

    with chromium(**PHONE, locale="vi-VN") as phone:
        page = phone.new_page()
        page.on(
            "request",
            lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
        )
        _login(page, live_server.url, people.chair_a.username)
        page.goto(f"{live_server.url}/classification/assessments/{a.pk}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        points = page.locator("input[name$='_points']")
        assert points.count() == a.scores.count()
        for i in range(points.count()):
            points.nth(i).fill("16,99" if i == 0 else "17")
        page.locator("button[name=action][value=submit]").click()
        page.wait_for_load_state()
        a.refresh_from_db()
        assert a.status == AssessmentStatus.SUBMITTED
        # GR2: 16,99 caps the responsible official at "Hoàn thành tốt nhiệm vụ", never at 17's
        assert "Hoàn thành tốt nhiệm vụ" in page.content()

    with chromium(locale="vi-VN", viewport={"width": 1280, "height": 900}) as desk:
        page = desk.new_page()
        page.on(
            "request",
            lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
        )
        _login(page, live_server.url, world.alice.username)
        page.goto(f"{live_server.url}/classification/assessments/{a.pk}/")
        page.get_by_role("button", name="Ghi nhận kết quả thẩm định").click()
        page.wait_for_load_state()
        b = Assessment.objects.get(round=round_, commune=world.commune_b)
        a.refresh_from_db()
        assert a.status == AssessmentStatus.REVIEWED
        assert b.status != AssessmentStatus.REVIEWED
        page.goto(f"{live_server.url}/classification/{round_.pk}/")
        assert "Xã An Hòa" in page.content()
        page.screenshot(path="test-results/classification-dashboard.png", full_page=True)
    round_.refresh_from_db()
    assert round_.status != RoundStatus.DECIDED  # one commune is not reviewed yet
    assert outside == []
