"""LD1, issue 13 "Done when": the public disclosure page and the quarterly list on a 360 px
phone (headless Debian Chromium): searchable without tones, by category, documents downloaded
as issued, no sideways scroll, nothing fetched from outside, WCAG 2.1 AA (axe-core, local)."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.disclosures import services
from danchu.disclosures.tests.conftest import enter, pdf
from danchu.documents import issuing
from danchu.testing.axe import violations
from danchu.testing.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_360 = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "vi-VN",
}


@pytest.mark.clock("2027-01-05 10:00")
def test_ld1_public_page_and_quarterly_list_on_a_360px_phone(live_server, world, clock):  # type: ignore[no-untyped-def]
    clock.move_to("2026-11-16 09:00")
    budget = enter(
        world,
        category=2,
        decided_on=dt.date(2026, 11, 16),
        title="Dự toán ngân sách xã Hòa năm 2027 đã được Hội đồng nhân dân xã phê chuẩn",
        text="Tổng thu ngân sách: 12.500.000.000 đồng; tổng chi: 12.500.000.000 đồng.",
        files=[pdf("du-toan-ngan-sach-2027.pdf")],
    )
    conscripts = enter(
        world, category=9, decided_on=dt.date(2026, 11, 16), title="Danh sách gọi nhập ngũ"
    )
    draft = enter(world, category=5, decided_on=dt.date(2026, 11, 16), title="Quỹ chưa công khai")
    for d in (budget, conscripts):
        services.record_fact(
            actor=world.bob, disclosure=d, channel="public_page", evidence_note="x"
        )
    clock.move_to("2027-01-05 10:00")
    ql = services.issue_quarterly_list(
        actor=world.bob, commune=world.commune_a, year=2026, quarter=4
    )
    outside: list[str] = []
    base = f"{live_server.url}/disclosures/c/{world.commune_a.pk}/"

    with chromium(**PHONE_360, bypass_csp=True) as phone:
        page = phone.new_page()
        page.on(
            "request",
            lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
        )
        page.goto(base)
        content = page.content()
        assert budget.title in content and conscripts.title in content
        assert draft.title not in content
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert violations(page) == []
        # Vietnamese search without tones
        page.fill("#p-q", "hoa nam 2027")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert budget.title in page.content() and conscripts.title not in page.content()
        # by category
        page.goto(base)
        page.select_option("#p-category", "9")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert conscripts.title in page.content() and budget.title not in page.content()
        # the quarterly list is itself posted, its PDF served as issued
        page.goto(base)
        page.get_by_text("Danh sách thông tin đã công khai quý 4/2026").click()
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        with page.expect_download() as info:
            page.get_by_role("link", name="(PDF)").first.click()
        path = info.value.path()
        assert path is not None
        with open(path, "rb") as fh:
            assert fh.read() == issuing.stored(ql.disclosure.document, "pdf")  # type: ignore[union-attr]
        page.screenshot(path="test-results/disclosures-public-360.png", full_page=True)
    assert outside == []
