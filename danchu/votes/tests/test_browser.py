"""In the hall, in headless Chromium: a voter votes on a phone with a one-time code (CV5), and
the counting board types paper ballots with the keyboard and closes the count (CV6–CV8)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from danchu.testing.browser import PHONE, chromium
from danchu.testing.factories import PASSWORD
from danchu.votes import services
from danchu.votes.models import ElectronicBallot, PaperEntry, RoundStatus, VotingCode
from danchu.votes.rules import LEVEL_LABELS, Level
from danchu.votes.tests.conftest import open_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch_outside(page, base: str, outside: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Offline rule (CV10): the hall network has no uplink, so nothing may come from outside."""
    page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))


def test_cv5_voter_votes_on_a_phone_with_a_one_time_code_that_then_fails(live_server, vw):  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    code = services.issue_codes(actor=vw.head, vote=vote, count=1, confirmed_by=vw.voters[1])[0]
    url = f"{live_server.url}/votes/e/{vote.pk}/"
    outside: list[str] = []
    marks = {1: Level.HIGH, 2: Level.LOW, 3: Level.CONFIDENCE}

    with chromium(**PHONE, locale="vi-VN") as phone:
        page = phone.new_page()
        _watch_outside(page, live_server.url, outside)
        # The slip's QR code opens the ballot with the code after "#" (never sent to the server);
        # the page puts it in the form and drops it from the address bar.
        page.goto(f"{url}#{code}")
        assert page.locator("#code").input_value() == code
        assert page.evaluate("window.location.hash") == ""
        assert page.locator("h1").inner_text() == "Phiếu tín nhiệm"
        # Readable on the phone: the ballot does not scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
        for subject in vw.subjects:
            box = page.locator("main fieldset", has_text=subject.full_name)
            assert subject.position_name in box.inner_text()
            box.get_by_label(LEVEL_LABELS[marks[subject.order]], exact=True).check()
        page.locator("main button[type=submit]").click()
        page.wait_for_selector("text=Đã nhận phiếu")
        assert "mã không dùng được nữa" in page.locator("main").inner_text()

        # The same code a second time: refused, in Vietnamese, and nothing is stored.
        page.goto(url)
        page.fill("#code", code)
        for subject in vw.subjects:
            box = page.locator("main fieldset", has_text=subject.full_name)
            box.get_by_label(LEVEL_LABELS[Level.LOW], exact=True).check()
        page.locator("main button[type=submit]").click()
        error = page.locator("main .msg-error")
        error.wait_for()
        assert error.inner_text() == ("Mã bỏ phiếu này đã được dùng: mỗi mã chỉ bỏ được một phiếu.")

    ballots = list(ElectronicBallot.objects.filter(round=vote))
    assert [b.lines for b in ballots] == [""] and ballots[0].sealed  # sealed while open
    services.close_voting(actor=vw.head, vote=vote)
    ballots = list(ElectronicBallot.objects.filter(round=vote))
    assert [b.lines for b in ballots] == ["1|3|2"]
    assert ballots[0].signature == ""
    assert VotingCode.objects.get(round=vote).used is True
    assert outside == []


def test_cv7_board_types_ballots_with_keys_sees_only_how_many_and_closes_the_count(
    live_server, vw, browser_context
):  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    serials = services.issue_ballots(actor=vw.head, vote=vote, count=3, confirmed_by=vw.voters[1])
    services.close_voting(actor=vw.head, vote=vote)
    outside: list[str] = []
    page = browser_context.new_page()
    _watch_outside(page, live_server.url, outside)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", vw.head.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/votes/{vote.pk}/board/")
    page.locator("main a", has_text="Nhập phiếu").click()
    page.wait_for_selector("#entry-form")
    assert page.locator("#entered").inner_text() == "0"

    # One key per line: 1 high, 2 confidence, 3 low, 0 no mark, M several marks, X crossed out,
    # + a name written in by hand; Enter on the serial goes to the first line, and after the
    # last line Enter saves the ballot.
    typed = [
        (serials[0], ["1", "2", "3"]),
        (serials[1], ["M", "0", "+", "X"]),
        (serials[2], ["3", "3", "1"]),
    ]
    for n, (serial, keys) in enumerate(typed, start=1):
        page.locator("#serial").fill(serial)
        page.locator("#serial").press("Enter")
        for key in keys:
            page.keyboard.press(key)
        page.keyboard.press("Enter")
        # (no wait_for_function: the page's CSP forbids evaluating strings, issue 19)
        expect(page.locator("#entered")).to_have_text(str(n), timeout=5000)
        # The running count of ballots typed, never what they say (no partial tally).
        main = page.locator("main").inner_text()
        for label in LEVEL_LABELS.values():
            assert f"{label}:" not in main and "%" not in main

    entries = list(PaperEntry.objects.filter(round=vote).order_by("seq"))
    assert [(e.serial, e.lines, e.extra_names) for e in entries] == [
        (serials[0], "1|2|3", 0),
        (serials[1], "13||X", 1),
        (serials[2], "3|3|1", 0),
    ]

    page.goto(f"{live_server.url}/votes/{vote.pk}/board/")
    board = page.locator("main").inner_text()
    assert "lần nhập 1: 3" in board
    page.locator("main button", has_text="Kết thúc kiểm phiếu").click()
    page.wait_for_selector("text=Đã kiểm phiếu, chưa công bố")
    vote.refresh_from_db()
    assert vote.status == RoundStatus.COUNTED
    assert (vote.issued_count, vote.returned_count, vote.anomalies) == (3, 3, [])
    first = vw.subjects[0].result  # Nguyễn Văn An: 1, several marks, 3
    assert (first.returned, first.valid, first.invalid) == (3, 2, 1)
    assert (first.high, first.confidence, first.low) == (1, 0, 1)
    assert outside == []


def test_issue11_entry_echo_and_round_page_at_phone_and_desktop_width(live_server, vw):  # type: ignore[no-untyped-def]
    """The entry screen echoes the saved ballot in words with Undo, and the round page with the
    managing authority and the opening decision reads without sideways scrolling at 360 px."""
    import os

    vote = open_round(vw)
    services.close_voting(actor=vw.head, vote=vote)
    shots = os.environ.get("DANCHU_SCREENSHOTS", "")
    for name, size in (("phone", {"width": 360, "height": 760}), ("desktop", None)):
        kwargs = {"viewport": size} if size else {}
        with chromium(locale="vi-VN", **kwargs) as browser:
            page = browser.new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_username", vw.head.username)
            page.fill("#id_password", PASSWORD)
            page.click("#login-submit")
            page.wait_for_url(f"{live_server.url}/")
            page.goto(f"{live_server.url}/votes/{vote.pk}/board/entry/")
            page.locator("#serial").press("Enter")
            for key in ["1", "M", "X"]:
                page.keyboard.press(key)
            page.keyboard.press("Enter")
            page.wait_for_selector("#saved")
            saved = page.locator("#saved").inner_text()
            assert "Tín nhiệm cao" in saved and "Nhiều dấu (không hợp lệ)" in saved
            assert "13" not in saved
            if size:
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= size["width"], width
            if shots:
                page.screenshot(path=f"{shots}/entry-{name}.png", full_page=True)
            page.locator("#saved button", has_text="Hủy phiếu vừa lưu").click()
            page.wait_for_selector("#entry-form")
            assert not PaperEntry.objects.filter(round=vote).exists()
            page.goto(f"{live_server.url}/votes/{vote.pk}/")
            if size:
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= size["width"], width
            if shots:
                page.screenshot(path=f"{shots}/round-{name}.png", full_page=True)
