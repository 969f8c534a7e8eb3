"""End to end in headless Chromium: a citizen reads the draft on a phone and gives an opinion;
an official answers it, publishes the summary and issues the regulation."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.consultations.models import Consultation, Opinion, Status
from danchu.testing.browser import PHONE, chromium
from danchu.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ON_PHONE = {**PHONE, "locale": "vi-VN"}


def _time_passes(c: Consultation) -> None:
    """The 20-day window runs out: move the plan's dates back by 30 days."""
    shift = dt.timedelta(days=30)
    c.content_published_on -= shift
    c.save(update_fields=["content_published_on"])
    for a in c.audiences.all():
        a.window_start -= shift
        a.window_end -= shift
        a.save()


def test_citizen_gives_an_opinion_on_a_phone_and_official_answers_and_issues(
    live_server, world, consultation
):  # type: ignore[no-untyped-def]
    outside: list[str] = []

    # 1. A citizen, no login, on a phone-sized screen.
    with chromium(**ON_PHONE) as phone:
        page = phone.new_page()
        page.on(
            "request",
            lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
        )
        page.goto(f"{live_server.url}/consultations/p/{consultation.slug}/")
        assert "Đang lấy ý kiến đến hết ngày" in page.locator("#window").inner_text()
        article = page.locator("#dieu-3")
        assert "Nội dung công khai" in article.inner_text()
        # Readable on the phone: the page does not scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        article.get_by_role("link", name="Góp ý điều này").click()
        assert page.locator("#id_article").input_value() == "3"
        page.fill("#id_text", "Đề nghị bổ sung công khai các khoản hỗ trợ hộ nghèo.")
        page.fill("#id_author_name", "Nguyễn Thị Hoà")
        page.locator("#send-opinion").click()
        page.wait_for_selector("#thanks")
        opinion = Opinion.objects.get()
        assert (opinion.article_number, opinion.author_name) == ("3", "Nguyễn Thị Hoà")

    # 2. Time passes; the window closes.
    _time_passes(consultation)

    # 3. The official logs in, answers, publishes the summary and issues the regulation.
    with chromium(locale="vi-VN") as desk:
        page = desk.new_page()
        page.on(
            "request",
            lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
        )
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "bob")
        page.fill("#id_password", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/consultations/{consultation.pk}/")
        page.locator("#to-issue").click()
        assert "DC4" in page.locator("#blockers").inner_text()  # the opinion is unanswered
        page.goto(f"{live_server.url}/consultations/{consultation.pk}/opinions/")
        group = page.locator("section.group").first
        assert "Đề nghị bổ sung công khai các khoản hỗ trợ hộ nghèo." in group.inner_text()
        group.get_by_label("Tiếp thu").check()
        group.locator("textarea").fill("Bổ sung khoản 4 Điều 3: các khoản hỗ trợ hộ nghèo.")
        group.get_by_role("button", name="Lưu trả lời").click()
        page.wait_for_selector("#unanswered.ontime")
        page.locator("#publish-summary").click()
        page.wait_for_selector("text=Đã công khai bảng tổng hợp")
        page.goto(f"{live_server.url}/consultations/{consultation.pk}/issue/")
        page.fill("#id_number", "12/QĐ-UBND")
        page.fill("#id_signer_name", "Trương Tiến Dũng")
        # Issue 18: the accepted change is not in a new version — confirmed with the reason.
        page.fill("#id_unapplied_reason", "Khoản 4 Điều 3 được bổ sung khi ký ban hành.")
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_url(f"{live_server.url}/consultations/{consultation.pk}/")
        assert page.locator("#status").inner_text() == "Đã ban hành"

    consultation.refresh_from_db()
    assert consultation.status == Status.ISSUED
    assert consultation.regulation_number == "12/QĐ-UBND"

    # 4. The public page now shows the issued regulation and the published summary.
    with chromium(**ON_PHONE) as phone:
        page = phone.new_page()
        page.goto(f"{live_server.url}/consultations/p/{consultation.slug}/")
        assert "12/QĐ-UBND" in page.locator("#window").inner_text()
        summary = page.locator("#summary").inner_text()
        assert "Bổ sung khoản 4 Điều 3" in summary and "Nguyễn Thị Hoà" not in summary
        assert page.locator("#give").count() == 0

    assert outside == []  # offline rule: nothing fetched from outside the platform
