"""In headless Chromium, on a phone: an officer adds a person, finding the unit by typing part of
its name in the unit picker (htmx) instead of scrolling a dropdown of thousands of units."""

from __future__ import annotations

import pytest

from danchu.people.models import Person
from danchu.testing.browser import PHONE, chromium
from danchu.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_id2_officer_picks_the_unit_by_typing_a_folded_name_on_a_phone(live_server, world):  # type: ignore[no-untyped-def]
    world.alice.set_password(PASSWORD)
    world.alice.save()
    searches: list[str] = []
    with chromium(locale="vi-VN", **PHONE) as context:
        page = context.new_page()
        page.on("request", lambda r: searches.append(r.url) if "/units/search/" in r.url else None)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "alice")
        page.fill("#id_password", PASSWORD)
        page.click("#login-submit")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/people/new/")
        page.fill("#id_full_name", "Vũ Thị Hoà")
        page.select_option("#id_gender", "F")
        page.fill("#id_national_id", "")
        page.locator("#id_home_unit").press_sequentially("binh minh", delay=30)
        option = page.locator("#id_home_unit-results .unit-option")
        option.first.wait_for()
        assert option.count() == 1  # only "Xã Bình Minh" among alice's units
        option.first.click()
        assert page.input_value("#id_home_unit") == "Xã Bình Minh — Tỉnh Thử (T0002)"
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/people/*/")
        assert "Xã Bình Minh" in page.locator("main").inner_text()
    assert Person.objects.get(full_name="Vũ Thị Hoà").home_unit == world.commune_b
    # the search carries the typed text only, never the rest of the form
    assert searches
    assert all("home_unit_q=" in u and "national_id" not in u for u in searches)
