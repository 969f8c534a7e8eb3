"""End to end in headless Chromium: a citizen fills the online form on a phone at the commune
office with a one-time code; the committee types paper forms on the keyboard screen (double
entry) and sees the count."""

from __future__ import annotations

import pytest

from danchu.surveys import services
from danchu.surveys.models import Channel, Form, OnlineCode, Subject
from danchu.surveys.tests.conftest import Scene
from danchu.surveys.tests.helpers import SURVEY_ON
from danchu.testing.browser import PHONE, chromium
from danchu.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fast_passwords(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _van(scene: Scene) -> Subject:
    return Subject.objects.get(commune_survey=scene.cs, position__code="cs-van-phong-thong-ke")


def _watch(page, live_server, outside: list[str]) -> None:  # type: ignore[no-untyped-def]
    page.on(
        "request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url)
    )


def test_sv5_sv7_citizen_answers_the_online_form_on_a_phone_and_the_code_works_once(
    live_server, scene: Scene
):  # type: ignore[no-untyped-def]
    van = _van(scene)
    (code,) = services.issue_codes(
        actor=scene.actors["thuky"], subject=van, group="ND", count=1, today=SURVEY_ON
    )
    outside: list[str] = []
    with chromium(**PHONE, locale="vi-VN") as phone:
        page = phone.new_page()
        _watch(page, live_server, outside)
        # The slip's QR code opens the form with the code after '#' (never sent to the server).
        page.goto(f"{live_server.url}/surveys/online/#{code}")
        assert page.locator("#id_code").input_value() == code
        assert "#" not in page.url
        page.locator("main").get_by_role("button", name="Mở phiếu").click()
        main = page.locator("main")
        main.get_by_text("Phạm Thị Văn").first.wait_for()
        assert "Văn phòng - Thống kê" in main.inner_text()
        # SV5: the four sections a–d of the template, then the overall question.
        legends = main.locator("fieldset legend").all_inner_texts()
        assert [t[:2] for t in legends[:4]] == ["a)", "b)", "c)", "d)"]
        assert "Ý kiến chung" in legends[4]
        # Readable on the phone: the page does not scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for item in ("a3", "b1", "c2", "d1"):
            main.locator(f"input[name=items][value={item}]").check()
        main.get_by_label("Tín nhiệm", exact=True).check()
        main.get_by_role("button", name="Gửi phiếu").click()
        page.locator("h1", has_text="Xin cảm ơn").wait_for()
        assert "Mã này không dùng lại được" in main.inner_text()

        # The same code again (the slip scanned a second time): refused, with a clear
        # Vietnamese message, and no form opens.
        page = phone.new_page()
        _watch(page, live_server, outside)
        page.goto(f"{live_server.url}/surveys/online/#{code}")
        page.locator("main").get_by_role("button", name="Mở phiếu").click()
        page.get_by_text("Mã không đúng, đã được dùng hoặc đợt lấy ý kiến đã kết thúc.").wait_for()
        assert page.locator("input[name=items]").count() == 0

    form = Form.objects.get(subject=van)
    assert form.channel == Channel.ONLINE and form.group == "ND"
    assert form.overall == "1" and form.valid
    assert form.flagged_items == ["a3", "b1", "c2", "d1"]
    assert OnlineCode.objects.get(subject=van).used
    assert Form.objects.filter(subject=van).count() == 1  # the second try saved nothing
    assert outside == []  # offline rule: nothing fetched from outside the platform


def _login(context, live_server, username: str):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(f"{live_server.url}/")
    return page


PAPER = [
    # serial number, group key (1 CB, 2 KCT, 3 ND), overall key (1, 0, empty, 2), items
    (1, "3", "1", "a1 b2"),
    (2, "1", "0", ""),
    (3, "2", "", "c1"),
]


def _type_forms(page, van: Subject, *, change_last: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    """Type the paper forms with the keyboard only: the serial has the focus, Tab moves on,
    Enter saves. Returns the confirmation shown after each form."""
    shown = []
    for number, group, overall, items in PAPER:
        if change_last and number == 3:
            overall = "1"  # a typing mistake: the paper says no answer
        assert page.evaluate("document.activeElement.id") == "id_serial"
        page.keyboard.type(f"S{van.pk}-{number}")
        page.keyboard.press("Tab")
        page.locator("#id_group").select_option(group)
        page.locator("#id_overall").select_option(overall)
        page.locator("#id_items").fill(items)
        page.locator("#id_items").press("Enter")
        page.wait_for_load_state()
        shown.append(page.locator("main .messages").inner_text())
    return shown


def test_sv7_committee_types_paper_forms_twice_and_sees_the_count(
    live_server, scene: Scene, fast_passwords
):  # type: ignore[no-untyped-def]
    van = _van(scene)
    for name in ("thuky", "phochutich"):
        user = scene.actors[name]
        user.set_password(PASSWORD)
        user.save()
    entry_url = f"{live_server.url}/surveys/commune/{scene.cs.pk}/entry/"
    outside: list[str] = []
    with chromium(locale="vi-VN") as desk:
        # 1. The secretary types three forms: double entry keeps them aside.
        page = _login(desk, live_server, "thuky")
        _watch(page, live_server, outside)
        page.goto(entry_url)
        assert "Đã tính 100 phiếu." in page.locator("main").inner_text()  # the scene's forms
        _type_forms(page, van)
        waiting = page.locator("main").inner_text()
        assert all(f"S{van.pk}-00{n}" in waiting for n in (1, 2, 3))
        assert not Form.objects.filter(subject=van).exists()
    with chromium(locale="vi-VN") as desk:
        # 2. The committee leader types them again; the third one differs from the paper.
        page = _login(desk, live_server, "phochutich")
        _watch(page, live_server, outside)
        page.goto(entry_url)
        shown = _type_forms(page, van, change_last=True)
        assert shown[0] == f"Đã lưu phiếu S{van.pk}-001."
        assert shown[1] == f"Đã lưu phiếu S{van.pk}-002."
        assert f"S{van.pk}-003" in shown[2] and "Câu hỏi chung" in shown[2]
        # The paper shows the first typing was right: type it again as written.
        page.locator("#id_serial").fill(f"S{van.pk}-3")
        page.locator("#id_group").select_option("2")
        page.locator("#id_overall").select_option("")
        page.locator("#id_items").fill("c1")
        page.locator("main").get_by_role("button", name="Lưu (Enter)").click()
        page.get_by_text(f"Đã lưu phiếu S{van.pk}-003.").wait_for()
        assert "Đã tính 103 phiếu." in page.locator("main").inner_text()

        # 3. The count on the commune page: 3 collected, 2 valid, 1 invalid, 1 tín nhiệm,
        # 1/3 = 33,33 % (SV7: low, below 50 % of forms collected).
        page.goto(f"{live_server.url}/surveys/commune/{scene.cs.pk}/")
        row = page.locator("#subjects tbody tr", has_text="Phạm Thị Văn").first
        cells = row.locator("td.num").all_inner_texts()
        assert cells == ["3", "2", "1", "1", "33,33"]
        assert "flag" in (row.locator("td.num").nth(4).get_attribute("class") or "")
    forms = {f.serial: f for f in Form.objects.filter(subject=van)}
    assert sorted(forms) == [f"S{van.pk}-001", f"S{van.pk}-002", f"S{van.pk}-003"]
    assert (forms[f"S{van.pk}-001"].group, forms[f"S{van.pk}-001"].flagged_items) == (
        "ND",
        ["a1", "b2"],
    )
    assert not forms[f"S{van.pk}-003"].valid
    assert outside == []


def test_sv7_committee_uploads_a_counted_file_instead_of_typing(
    live_server, scene: Scene, fast_passwords, tmp_path
):  # type: ignore[no-untyped-def]
    van = _van(scene)
    user = scene.actors["thuky"]
    user.set_password(PASSWORD)
    user.save()
    header = "ma_phieu,cong_chuc,chuc_danh,nhom,tin_nhiem\n"
    bad = tmp_path / "phieu-sai.csv"
    bad.write_text(
        header + "F-1,Phạm Thị Văn,Văn phòng - Thống kê,ND,1\nF-2,Phạm Thị Văn,X,ND,0\n",
        encoding="utf-8",
    )
    good = tmp_path / "phieu.csv"
    good.write_text(
        header
        + "F-1,Phạm Thị Văn,Văn phòng - Thống kê,ND,1\n"
        + f"F-2,S{van.pk},cs-van-phong-thong-ke,CB,0\n",
        encoding="utf-8",
    )
    with chromium(locale="vi-VN") as desk:
        page = _login(desk, live_server, "thuky")
        page.goto(f"{live_server.url}/surveys/commune/{scene.cs.pk}/")
        page.locator("#upload-link").click()
        page.locator("#id_file").set_input_files(str(bad))
        page.locator("main").get_by_role("button", name="Kiểm tra và nhập").click()
        errors = page.locator("#upload-errors tbody tr")
        errors.first.wait_for()
        assert errors.all_inner_texts() == [
            "3\tChức danh\t«Phạm Thị Văn» không được lấy ý kiến ở chức danh «X» (danh sách có: "
            "Văn phòng - Thống kê)."
        ]
        assert not Form.objects.filter(subject=van).exists()  # all or nothing
        page.locator("#id_file").set_input_files(str(good))
        page.locator("main").get_by_role("button", name="Kiểm tra và nhập").click()
        page.get_by_text("Đã lưu 2 phiếu từ tệp.").wait_for()
        row = page.locator("#subjects tbody tr", has_text="Phạm Thị Văn").first
        assert row.locator("td.num").all_inner_texts() == ["2", "2", "0", "1", "50,00"]


def test_issue20_dashboard_and_entry_screen_fit_a_360px_phone(
    live_server, scene: Scene, fast_passwords
):  # type: ignore[no-untyped-def]
    """Issue 20: the dashboard at a glance (states, rates, filters) and the entry screen read on
    a 360 px screen without scrolling sideways; the desktop shows the same."""
    for name in ("alice", "thuky"):
        user = scene.actors[name]
        user.set_password(PASSWORD)
        user.save()
    pages = {
        "alice": f"/surveys/{scene.cs.round_id}/",
        "thuky": f"/surveys/commune/{scene.cs.pk}/entry/",
    }
    for width in (360, 1280):
        for name, path in pages.items():
            with chromium(viewport={"width": width, "height": 800}, locale="vi-VN") as context:
                page = _login(context, live_server, name)
                page.goto(f"{live_server.url}{path}")
                text = page.locator("main").inner_text()
                if name == "alice":
                    assert "Tiến độ so với hạn báo cáo" in text and "Tình trạng" in text
                else:
                    assert page.locator("#id_serial").is_visible()
                # the page itself never scrolls sideways (wide tables scroll in their box)
                assert page.evaluate("document.documentElement.scrollWidth") <= max(width, 360)
                page.close()
