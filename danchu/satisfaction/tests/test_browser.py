"""End to end in headless Chromium on a 360 px phone: a resident scans the receipt's QR code,
rates the official who handled the matter, comments; the same code again is refused; the
office's standing QR code takes a general rating and shows the office's answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from danchu.satisfaction import services
from danchu.satisfaction.models import Comment, Rating, RatingCode
from danchu.testing.browser import PHONE, chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_360 = {**PHONE, "viewport": {"width": 360, "height": 740}}


def _watch(page: Any, live_server: Any, outside: list[str]) -> None:
    page.on(
        "request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url)
    )


def test_ld10_resident_rates_on_a_360px_phone_once_per_matter(
    live_server: Any, world: Any, office: Any, officials: Any
) -> None:
    cache.clear()
    _m, code = services.record_matter(
        actor=world.bob, office=office, procedure="Đăng ký khai sinh", official=officials["lan"]
    )
    services.rate_office(office=office, level="hai_long", comment="Giờ làm việc buổi chiều?")
    services.answer_comment(
        actor=world.bob, comment=Comment.objects.get(), answer="Từ 13h30 đến 17h00."
    )
    outside: list[str] = []
    with chromium(**PHONE_360, locale="vi-VN") as phone:
        page = phone.new_page()
        _watch(page, live_server, outside)
        # The receipt's QR code opens the page with the code after '#' (never sent).
        page.goto(f"{live_server.url}/satisfaction/rate/#{code}")
        assert page.locator("#id_code").input_value() == code
        assert "#" not in page.url
        main = page.locator("main")
        main.get_by_role("button", name="Tiếp tục").click()
        main.get_by_text("Nguyễn Thị Lan").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        main.get_by_label("Rất hài lòng").check()
        main.get_by_label("Góp ý, kiến nghị", exact=False).fill("Cán bộ hướng dẫn rất rõ ràng.")
        main.get_by_role("button", name="Gửi đánh giá").click()
        page.get_by_text("Đánh giá của bạn đã được ghi nhận.").wait_for()

        # The same receipt scanned again: told it was already recorded; nothing opens.
        page = phone.new_page()
        _watch(page, live_server, outside)
        page.goto(f"{live_server.url}/satisfaction/rate/#{code}")
        page.locator("main").get_by_role("button", name="Tiếp tục").click()
        page.get_by_text("đã được ghi nhận trước đó", exact=False).wait_for()
        assert page.locator("input[name=level]").count() == 0

        # The office's standing QR code: a general rating, and what was answered.
        page = phone.new_page()
        _watch(page, live_server, outside)
        page.goto(f"{live_server.url}/satisfaction/rate/{office.public_key}/")
        main = page.locator("main")
        assert "Từ 13h30 đến 17h00." in main.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        main.get_by_label("Không hài lòng", exact=True).check()
        main.get_by_role("button", name="Gửi đánh giá").click()
        page.get_by_text("Đánh giá của bạn đã được ghi nhận.").wait_for()
    assert outside == []
    assert RatingCode.objects.get().used
    assert sorted(Rating.objects.values_list("level", flat=True)) == [
        "hai_long",
        "khong_hai_long",
        "rat_hai_long",
    ]
    assert Comment.objects.filter(text="Cán bộ hướng dẫn rất rõ ràng.").exists()
