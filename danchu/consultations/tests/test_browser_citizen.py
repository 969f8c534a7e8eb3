"""Issue 18, "Done when": a citizen on a 360 px phone, from the share link to the answer to
their opinion — and every public page passes axe-core's WCAG 2.1 AA rules (axe-core vendored,
injected locally; nothing fetched from outside). The first load is light (WOFF2 subsets)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from danchu.consultations import services
from danchu.consultations.models import AnswerKind, Consultation, Opinion
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


def _time_passes(c: Consultation) -> None:
    """The window runs out: move the plan's dates back by 30 days."""
    shift = dt.timedelta(days=30)
    c.content_published_on -= shift
    c.save(update_fields=["content_published_on"])
    for a in c.audiences.all():
        a.window_start -= shift
        a.window_end -= shift
        a.save()


def _accessible(page, where: str) -> None:  # type: ignore[no-untyped-def]
    found = violations(page)
    assert found == [], f"{where}: {found}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, where  # no sideways


def test_issue18_citizen_on_a_360px_phone_from_the_share_link_to_the_answer(
    live_server, world, consultation
):  # type: ignore[no-untyped-def]
    outside: list[str] = []
    loaded: dict[str, int] = {}
    share_link = f"{live_server.url}/consultations/p/{consultation.slug}/"

    def watch(page):  # type: ignore[no-untyped-def]
        page.on(
            "request",
            lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
        )

    with chromium(**PHONE_360, bypass_csp=True) as phone:
        page = phone.new_page()
        watch(page)
        page.on(
            "response",
            lambda r: loaded.__setitem__(r.url, len(r.body())) if r.ok else None,
        )
        # 1. The link shared in the village's Zalo group: the draft, article by article.
        page.goto(share_link)
        page.wait_for_load_state("networkidle")
        fonts = {u: n for u, n in loaded.items() if "/fonts/" in u}
        assert fonts and all(u.endswith(".woff2") for u in fonts), fonts
        assert sum(loaded.values()) < 200_000, loaded  # was 868 KB, 825 KB of it TrueType
        assert page.locator("#share-link").input_value() == share_link
        _accessible(page, "public page")
        # 2. An opinion on Điều 3, sent from the phone.
        page.locator("#dieu-3").get_by_role("link", name="Góp ý điều này").click()
        page.fill("#id_text", "Đề nghị bỏ mức đóng góp cố định 500.000 đồng mỗi hộ.")
        page.fill("#id_contact", "0912345678")
        page.locator("#send-opinion").click()
        # 3. The confirmation page, at the top of the screen, with the reference code.
        page.wait_for_selector("#reference-code")
        assert page.locator("#thanks").is_visible()
        code = page.locator("#reference-code").inner_text().strip()
        assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
        _accessible(page, "confirmation page")
        # 4. Following it before the answer: received, answer to come.
        page.locator("a", has_text="Theo dõi ý kiến của tôi").first.click()
        _accessible(page, "follow page")
        page.fill("#id_code", code)
        page.locator("#follow-submit").click()
        assert page.locator("#my-state").is_visible()
        _accessible(page, "follow page with the opinion")

    # 5. The window closes; the drafting team answers and publishes the summary.
    _time_passes(consultation)
    opinion = Opinion.objects.get()
    services.answer_opinions(
        actor=world.bob,
        opinions=[opinion],
        kind=AnswerKind.ACCEPT,
        text="Đã bỏ mức đóng góp cố định; các hộ tự nguyện đóng góp.",
    )
    services.publish_summary(actor=world.bob, consultation=consultation)

    # 6. Days later, on the same phone (a new session): the code alone shows the answer.
    with chromium(**PHONE_360, bypass_csp=True) as phone:
        page = phone.new_page()
        watch(page)
        page.goto(share_link)
        _accessible(page, "public page with the summary")
        assert "Đã bỏ mức đóng góp cố định" in page.locator("#summary").inner_text()
        assert "0912345678" not in page.content()
        page.locator("#follow").get_by_role("link", name="Theo dõi ý kiến của tôi bằng mã").click()
        page.fill("#id_code", code.lower())
        page.locator("#follow-submit").click()
        answer = page.locator("#my-answer").inner_text()
        assert "Tiếp thu" in answer and "Đã bỏ mức đóng góp cố định" in answer
        _accessible(page, "the answer")
        page.goto(f"{live_server.url}/consultations/public/")
        _accessible(page, "public index")

    assert outside == []  # offline rule: nothing fetched from outside the platform


def test_issue18_axe_check_finds_what_it_should():  # type: ignore[no-untyped-def]
    """The checker itself can fail: an image without text and an unlabelled field are found."""
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(
            '<html lang="vi"><head><title>x</title></head><body><main><img src="a.png">'
            '<input type="text"></main></body></html>'
        )
        found = {v["id"] for v in violations(page)}
        assert {"image-alt", "label"} <= found
