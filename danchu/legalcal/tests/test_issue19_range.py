"""Issue 19: calendar arithmetic refuses out-of-range dates with a Vietnamese message (page, API,
command line), and ``is-working`` says when the swaps of a year are unknown (TM4)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from danchu.legalcal import calendar
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db


def test_issue19_add_days_refuses_dates_beyond_the_calendar():
    with pytest.raises(calendar.DateOutOfRange, match="31/12/9999"):
        calendar.add_days(dt.date(9999, 12, 31), 5)
    with pytest.raises(calendar.DateOutOfRange):
        calendar.add_days(dt.date(2199, 12, 20), 30, working=True)
    with pytest.raises(calendar.DateOutOfRange):
        calendar.add_days(dt.date(1899, 12, 31), 1)
    assert calendar.add_days(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 23)


def test_issue19_api_add_days_out_of_range_is_a_400(world: Any) -> None:
    response = client_for(world.dave).get("/api/legalcal/add-days/", {"date": "9999-12-31", "n": 5})
    assert response.status_code == 400
    assert "nằm ngoài khoảng lịch" in response.json()["date"]
    response = client_for(world.dave).get("/api/legalcal/is-working/", {"date": "0792-01-01"})
    assert response.status_code == 400


def test_issue19_calendar_page_out_of_range_is_a_form_error(world: Any) -> None:
    response = client_for(world.dave).get("/calendar/", {"start": "9999-12-31", "days": "5"})
    assert response.status_code == 200
    assert "nằm ngoài khoảng lịch" in response.content.decode()


def test_issue19_command_add_days_out_of_range_prints_a_message_not_a_traceback():
    with pytest.raises(CommandError, match="nằm ngoài khoảng lịch"):
        call_command("calendar", "add-days", "9999-12-31", "5")


def test_issue19_is_working_says_the_swaps_of_the_year_are_unknown():
    out, err = StringIO(), StringIO()
    call_command("calendar", "is-working", "1990-01-02", stdout=out, stderr=err)
    assert out.getvalue().strip() == "yes"
    assert "chưa có bảng ngày nghỉ bù" in err.getvalue() and "1990" in err.getvalue()
    out, err = StringIO(), StringIO()
    call_command("calendar", "is-working", "2026-01-05", stdout=out, stderr=err)
    assert out.getvalue().strip() == "yes"
    assert err.getvalue() == ""
