"""Ending a post: the last day in the post, never before it started; audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.people.models import Assignment
from danchu.testing.factories import AssignmentFactory, PersonFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(world):
    person = PersonFactory(full_name="Lê Thị Thuỷ", home_unit=world.commune_a)
    return AssignmentFactory(person=person, agency=world.ubnd_a, start_date=dt.date(2025, 7, 1))


def url(post):
    return reverse("people:assignment_end", args=[post.person_id, post.pk])


@pytest.mark.parametrize(
    ("who", "page", "post_status"),
    [
        ("alice", 200, 302),
        ("bob", 200, 302),
        ("root", 200, 302),
        ("carol", 403, 403),
        ("dave", 403, 403),
    ],
)
def test_end_post_access_matrix(world, post, who, page, post_status):
    client = client_for(getattr(world, who))
    assert client.get(url(post)).status_code == page
    response = client.post(url(post), {"end_date": "2026-10-31"})
    assert response.status_code == post_status
    post.refresh_from_db()
    assert (post.end_date == dt.date(2026, 10, 31)) is (post_status == 302)


def test_a_post_in_an_agency_one_does_not_manage_cannot_be_ended(world):
    """carol manages commune B; the person's record is there but the post is at commune A."""
    person = PersonFactory(home_unit=world.commune_b)
    other = AssignmentFactory(person=person, agency=world.ubnd_a, start_date=dt.date(2025, 7, 1))
    response = client_for(world.carol).post(url(other), {"end_date": "2026-10-31"})
    assert response.status_code == 403
    detail = client_for(world.carol).get(reverse("people:detail", args=[person.pk]))
    assert url(other) not in detail.content.decode()


def test_end_date_before_start_is_refused_in_vietnamese(world, post):
    response = client_for(world.bob).post(url(post), {"end_date": "2025-06-30"})
    assert response.status_code == 400
    assert "Việc giữ chức danh không thể kết thúc trước ngày bắt đầu." in response.content.decode()
    post.refresh_from_db()
    assert post.end_date is None
    assert not AuditEntry.objects.filter(action="people.end_assignment").exists()


def test_a_post_may_end_on_the_day_it_started(world, post):
    response = client_for(world.bob).post(url(post), {"end_date": "2025-07-01"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.end_date == dt.date(2025, 7, 1)


def test_ending_a_post_is_audited_and_shows_on_the_person_page(world, post):
    client = client_for(world.bob)
    detail = reverse("people:detail", args=[post.person_id])
    assert url(post) in client.get(detail).content.decode()
    response = client.post(url(post), {"end_date": "2026-10-31"})
    assert response["Location"] == detail
    entry = AuditEntry.objects.get(action="people.end_assignment")
    assert entry.changes == {"end_date": [None, "2026-10-31"]}
    assert (entry.actor_username, entry.unit_code) == ("bob", world.commune_a.code)
    page = client.get(detail).content.decode()
    assert "31/10/2026" in page
    assert url(post) not in page  # an ended post has no "end" link any more


def test_an_ended_post_cannot_be_ended_again(world, post):
    Assignment.objects.filter(pk=post.pk).update(end_date=dt.date(2026, 1, 31))
    response = client_for(world.bob).post(url(post), {"end_date": "2026-10-31"})
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.end_date == dt.date(2026, 1, 31)


def test_a_post_of_another_person_is_not_found_under_this_one(world, post):
    other = PersonFactory(home_unit=world.commune_a)
    wrong = reverse("people:assignment_end", args=[other.pk, post.pk])
    assert client_for(world.bob).post(wrong, {"end_date": "2026-10-31"}).status_code == 404
