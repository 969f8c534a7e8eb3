"""The iCalendar feed: a secret per-user URL listing that user's deadlines from the home page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from danchu.legalcal import ics
from danchu.legalcal.deadlines import before
from danchu.legalcal.models import FeedToken
from danchu.legalcal.services import reset_feed_token
from danchu.testing.factories import client_for
from danchu.web import home
from danchu.web.home import HomeItem

pytestmark = pytest.mark.django_db


def provider(user: Any) -> list[HomeItem]:
    """A process app's provider: each user sees only their own deadlines."""
    d = before(
        dt.date(2026, 3, 23),
        20,
        rule="CV4",
        why="Hồ sơ phải gửi trước ngày lấy phiếu ít nhất 20 ngày — CV4",
    )
    return [
        HomeItem(
            kind="deadline",
            title=f"Nộp hồ sơ của {user.username}; bản tự kiểm điểm",
            url="/votes/1/",
            due=d.due,
            rule=d.rule,
            why=d.why,
        ),
        HomeItem(kind="task", title="Việc không có hạn"),
    ]


@pytest.fixture(autouse=True)
def _only_this_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(home, "_providers", [provider])


def feed_of(user: Any) -> str:
    return reset_feed_token(user=user).token


def unfold(body: str) -> str:
    return body.replace("\r\n ", "")


def test_feed_lists_the_users_deadlines_by_token(world: Any) -> None:
    token = feed_of(world.bob)
    response = Client().get(f"/calendar/feed/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    flat = unfold(body)
    assert "DTSTART;VALUE=DATE:20260303\r\n" in flat
    assert "DTEND;VALUE=DATE:20260304\r\n" in flat
    assert "SUMMARY:Nộp hồ sơ của bob\\; bản tự kiểm điểm\r\n" in flat
    assert "ít nhất 20 ngày — CV4" in flat
    assert "URL:http://127.0.0.1:8000/votes/1/" in flat
    assert flat.count("BEGIN:VEVENT") == 1  # the task without a due date is not listed


def test_feed_lines_are_folded_at_75_octets(world: Any) -> None:
    body = Client().get(f"/calendar/feed/{feed_of(world.bob)}.ics").content
    for line in body.split(b"\r\n"):
        assert len(line) <= 75


def test_another_users_token_gives_another_feed(world: Any) -> None:
    bob_body = Client().get(f"/calendar/feed/{feed_of(world.bob)}.ics").content.decode()
    carol_body = Client().get(f"/calendar/feed/{feed_of(world.carol)}.ics").content.decode()
    assert "của bob" in unfold(bob_body) and "của carol" not in unfold(bob_body)
    assert "của carol" in unfold(carol_body) and "của bob" not in unfold(carol_body)


def test_bad_token_is_404(world: Any) -> None:
    feed_of(world.bob)
    assert Client().get("/calendar/feed/not-a-token.ics").status_code == 404


def test_reset_token_revokes_the_old_url(world: Any) -> None:
    old = feed_of(world.bob)
    new = reset_feed_token(user=world.bob).token
    assert old != new
    assert Client().get(f"/calendar/feed/{old}.ics").status_code == 404
    assert Client().get(f"/calendar/feed/{new}.ics").status_code == 200


def test_inactive_users_feed_is_404(world: Any) -> None:
    token = feed_of(world.bob)
    world.bob.is_active = False
    world.bob.save()
    assert Client().get(f"/calendar/feed/{token}.ics").status_code == 404


def test_home_page_shows_create_button_then_subscribe_link(world: Any) -> None:
    client = client_for(world.bob)
    page = client.get("/").content.decode()
    assert 'id="calendar-feed"' in page
    assert "/calendar/feed/reset" in page
    assert ".ics" not in page
    response = client.post("/calendar/feed/reset", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    token = FeedToken.objects.get(user=world.bob).token
    assert f"/calendar/feed/{token}.ics" in client.get("/").content.decode()


def test_feed_reset_does_not_redirect_off_site(world: Any) -> None:
    response = client_for(world.bob).post("/calendar/feed/reset", {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/calendar/"


def test_ics_escapes_and_folds_multibyte_text_without_splitting_characters() -> None:
    text = ics.calendar(
        [ics.Event(day=dt.date(2026, 2, 13), summary="Hạn, thử; " + "Ạ" * 60)],
        name="Lịch",
        domain="example.vn",
        stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    for line in lines:
        line.encode().decode("utf-8")  # no character cut in half
    assert "SUMMARY:Hạn\\, thử\\; " in text
    assert "DTSTAMP:20260101T000000Z" in text
