"""Role × page matrix for the legal calendar's pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.legalcal.services import reset_feed_token
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "alice", "bob", "carol", "dave", "root"]


def client(world: Any, actor: str) -> Client:
    if actor == "anonymous":
        return Client()
    user = getattr(world, actor)
    user.is_staff = True  # the admin site lets staff in; the swap admin still asks access.py
    user.save()
    return client_for(user)


# page → expected status per actor
MATRIX: dict[str, dict[str, int]] = {
    "/calendar/": {
        "anonymous": 302,
        "alice": 200,
        "bob": 200,
        "carol": 200,
        "dave": 200,
        "root": 200,
    },
    "/admin/legalcal/calendarswap/": {
        "anonymous": 302,
        "alice": 403,
        "bob": 403,
        "carol": 403,
        "dave": 403,
        "root": 200,
    },
    "/admin/legalcal/calendarswap/add/": {
        "anonymous": 302,
        "alice": 403,
        "bob": 403,
        "carol": 403,
        "dave": 403,
        "root": 200,
    },
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("page", list(MATRIX))
def test_page_access_matrix(world: Any, page: str, actor: str) -> None:
    assert client(world, actor).get(page).status_code == MATRIX[page][actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_feed_reset_matrix(world: Any, actor: str) -> None:
    response = client(world, actor).post("/calendar/feed/reset")
    assert response.status_code == 302
    if actor == "anonymous":
        assert "/accounts/login" in response["Location"]
    else:
        assert response["Location"] == "/calendar/"
        assert getattr(world, actor).calendar_feed.token


@pytest.mark.parametrize("actor", ACTORS)
def test_feed_reset_refuses_get(world: Any, actor: str) -> None:
    assert client(world, actor).get("/calendar/feed/reset").status_code in {302, 405}


@pytest.mark.parametrize("owner", ["alice", "bob", "dave", "root"])
def test_feed_needs_only_the_token_not_a_session(world: Any, owner: str) -> None:
    token = reset_feed_token(user=getattr(world, owner)).token
    assert Client().get(f"/calendar/feed/{token}.ics").status_code == 200


def test_swap_admin_link_only_for_reference_managers(world: Any) -> None:
    assert "calendarswap" in client(world, "root").get("/calendar/").content.decode()
    assert "calendarswap" not in client(world, "alice").get("/calendar/").content.decode()


def test_calendar_page_counts_days(world: Any) -> None:
    page = client(world, "bob").get(
        "/calendar/", {"start": "2025-01-23", "days": "5", "working": "on", "year": "2025"}
    )
    html = page.content.decode()
    assert "06/02/2025" in html
    assert "6150/TB-BLĐTBXH" in html


def test_tm4_days_off_of_a_year_export_to_xlsx_with_vietnamese_headers(world: Any) -> None:
    import datetime as dt
    import io

    from openpyxl import load_workbook

    assert "format=xlsx" in client(world, "dave").get("/calendar/", {"year": "2025"}).text
    response = client(world, "dave").get("/calendar/", {"year": "2025", "format": "xlsx"})
    assert response.status_code == 200
    assert "ngay-nghi-2025.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Ngày", "Thứ", "Lý do", "Căn cứ", "Ghi chú", "Đã đối chiếu văn bản gốc")
    by_day = {r[0].date(): r for r in rows[1:]}
    saturday = by_day[dt.date(2025, 2, 8)]
    assert saturday[1:3] == ("Thứ 7", "Ngày làm việc bù (hoán đổi)")
    assert "6150/TB-BLĐTBXH" in saturday[3] and saturday[5] == "Có"
    assert by_day[dt.date(2025, 9, 2)][3] == "Ngày nghỉ lễ theo quy định"
    assert Client().get("/calendar/", {"format": "xlsx"}).status_code == 302
