"""People pages: forms, Vietnamese errors, history, and who may open what."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.urls import reverse

from danchu.people.models import Assignment, HowStarted, Person
from danchu.testing.factories import (
    AgencyFactory,
    AssignmentFactory,
    PersonFactory,
    PositionFactory,
    client_for,
)

pytestmark = pytest.mark.django_db

MANAGE_PAGES = ["people:edit", "people:assignment_create", "people:transfer", "people:retirement"]


@pytest.fixture
def person(world):
    return PersonFactory(full_name="Nguyễn Thị Hoà", home_unit=world.commune_a)


def person_data(world, **overrides):
    data = {
        "full_name": "Trần  Văn Bình",
        "gender": "M",
        "date_of_birth": "1990-03-02",
        "national_id": "",
        "home_unit": world.commune_a.pk,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("page", MANAGE_PAGES)
@pytest.mark.parametrize(
    ("actor", "expected"),
    [("alice", 200), ("bob", 200), ("carol", 403), ("dave", 403), ("root", 200)],
)
def test_manage_pages_matrix(world, person, page, actor, expected):
    client = client_for(getattr(world, actor))
    assert client.get(reverse(page, args=[person.pk])).status_code == expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("alice", 200), ("bob", 200), ("carol", 200), ("dave", 403), ("root", 200)],
)
def test_create_page_matrix(world, actor, expected):
    client = client_for(getattr(world, actor))
    assert client.get(reverse("people:create")).status_code == expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("alice", 302), ("bob", 302), ("carol", 400), ("root", 302)],
)
def test_create_person_only_on_a_managed_unit(world, actor, expected):
    client = client_for(getattr(world, actor))
    response = client.post(reverse("people:create"), person_data(world))
    assert response.status_code == expected
    assert Person.objects.filter(full_name="Trần Văn Bình").exists() is (expected == 302)


@pytest.mark.parametrize("page", [*MANAGE_PAGES, "people:detail"])
def test_anonymous_is_sent_to_login(client, person, page):
    response = client.get(reverse(page, args=[person.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_manage_buttons_only_for_managers(world, person):
    url = reverse("people:detail", args=[person.pk])
    edit = reverse("people:edit", args=[person.pk])
    assert edit in client_for(world.bob).get(url).content.decode()
    viewer = client_for(world.dave)
    from danchu.testing.factories import give_role

    give_role(world.dave, "supervisor", world.commune_a)
    body = viewer.get(url).content.decode()
    assert "Nguyễn Thị Hoà" in body
    assert edit not in body


def test_create_person_normalises_to_nfc(world):
    decomposed = unicodedata.normalize("NFD", "Lê Thị Thuỷ")
    client_for(world.bob).post(reverse("people:create"), person_data(world, full_name=decomposed))
    assert Person.objects.get(home_unit=world.commune_a).full_name == "Lê Thị Thuỷ"


def test_id1_invalid_national_id_shows_vietnamese_error(world):
    response = client_for(world.bob).post(
        reverse("people:create"), person_data(world, national_id="051091123456")
    )
    assert response.status_code == 400
    assert "không khớp với ngày sinh" in response.content.decode()
    assert not Person.objects.exists()


def test_id1_duplicate_national_id_is_refused_clearly(world):
    PersonFactory(
        home_unit=world.commune_b, national_id="051090123456", date_of_birth=dt.date(1990, 1, 1)
    )
    response = client_for(world.alice).post(
        reverse("people:create"), person_data(world, national_id="051090123456")
    )
    assert response.status_code == 400
    assert "đã được ghi cho một người khác" in response.content.decode()
    assert Person.objects.count() == 1


def test_edit_keeps_own_national_id(world):
    person = PersonFactory(
        home_unit=world.commune_a, national_id="051090123456", date_of_birth=dt.date(1990, 3, 2)
    )
    response = client_for(world.bob).post(
        reverse("people:edit", args=[person.pk]),
        person_data(world, full_name="Nguyễn Văn Thử Mới", national_id="051090123456"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Thử Mới"


def test_national_id_is_optional(world):
    client_for(world.bob).post(reverse("people:create"), person_data(world))
    assert Person.objects.get().national_id is None


def assignment_data(world, **overrides):
    data = {
        "position": PositionFactory(code="cs-tu-phap-test").pk,
        "agency": world.ubnd_a.pk,
        "start_date": "2025-07-01",
        "end_date": "",
        "how_started": "appointed",
        "term": "",
    }
    data.update(overrides)
    return data


def test_add_assignment(world, person):
    response = client_for(world.bob).post(
        reverse("people:assignment_create", args=[person.pk]), assignment_data(world)
    )
    assert response.status_code == 302
    assert person.assignments.get().agency == world.ubnd_a


def test_assignment_ending_before_it_starts_is_refused_in_vietnamese(world, person):
    response = client_for(world.bob).post(
        reverse("people:assignment_create", args=[person.pk]),
        assignment_data(world, end_date="2025-06-30"),
    )
    assert response.status_code == 400
    assert "không thể kết thúc trước ngày bắt đầu" in response.content.decode()
    assert not person.assignments.exists()


def test_assignment_only_in_a_managed_agency(world, person):
    response = client_for(world.bob).post(
        reverse("people:assignment_create", args=[person.pk]),
        assignment_data(world, agency=world.ubnd_b.pk),
    )
    assert response.status_code == 400
    assert not person.assignments.exists()


def transfer(user, person, world, start_date, **extra):
    """Post the transfer form: the person's open post at commune A moves to commune B."""
    old = AssignmentFactory(person=person, agency=world.ubnd_a, start_date=dt.date(2025, 7, 1))
    data = {
        "old": old.pk,
        "agency": world.ubnd_b.pk,
        "position": old.position.pk,
        "start_date": start_date,
        **extra,
    }
    return old, client_for(user).post(reverse("people:transfer", args=[person.pk]), data)


def test_sv2_transfer_ends_old_post_and_links_new_one(world, person):
    old, response = transfer(world.alice, person, world, "2026-09-01", term="", move_record="on")
    assert response.status_code == 302
    old.refresh_from_db()
    new = person.assignments.exclude(pk=old.pk).get()
    assert old.end_date == dt.date(2026, 8, 31)
    assert new.previous == old
    assert new.how_started == HowStarted.TRANSFERRED
    assert new.agency == world.ubnd_b
    person.refresh_from_db()
    assert person.home_unit == world.commune_b
    detail = client_for(world.alice).get(reverse("people:detail", args=[person.pk]))
    assert "chuyển đến từ" in detail.content.decode()


def test_transfer_to_a_unit_one_does_not_manage_is_refused(world, person):
    _old, response = transfer(world.bob, person, world, "2026-09-01")
    assert response.status_code == 400
    assert Assignment.objects.count() == 1


def test_transfer_dated_before_the_old_post_is_refused(world, person):
    _old, response = transfer(world.alice, person, world, "2025-07-01")
    assert response.status_code == 400
    assert "sau ngày bắt đầu" in response.content.decode()


def test_cv1_record_announced_retirement_shows_on_person_page(world, person):
    client = client_for(world.bob)
    response = client.post(
        reverse("people:retirement", args=[person.pk]), {"announced_on": "2026-01-10"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.retirement_announced_on == dt.date(2026, 1, 10)
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "10/01/2026" in body
    client.post(reverse("people:retirement", args=[person.pk]), {"announced_on": ""})
    person.refresh_from_db()
    assert person.retirement_announced_on is None


def test_person_page_shows_history_newest_first(world, person):
    other = AgencyFactory(unit=world.commune_a, name="Hội đồng nhân dân Xã An Hòa")
    AssignmentFactory(
        person=person,
        agency=world.ubnd_a,
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2025, 6, 30),
    )
    AssignmentFactory(person=person, agency=other, start_date=dt.date(2025, 7, 1))
    body = client_for(world.bob).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert body.index("Hội đồng nhân dân Xã An Hòa") < body.index("Ủy ban nhân dân Xã An Hòa")
    assert "30/06/2025" in body


def test_writes_are_audited_without_the_id_number(world):
    from danchu.audit.models import AuditEntry

    client = client_for(world.bob)
    client.post(reverse("people:create"), person_data(world, national_id="051090123456"))
    person = Person.objects.get()
    client.post(reverse("people:retirement", args=[person.pk]), {"announced_on": "2026-01-10"})
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", "actor_username"))
    assert actions == [("people.create_person", "bob"), ("people.record_retirement", "bob")]
    assert "051090123456" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


@pytest.mark.parametrize(
    ("legacy", "encoding"), [("TrÇn V¨n B×nh", "TCVN3"), ("Traàn Vaên Bình", "VNI")]
)
def test_name_in_a_legacy_encoding_is_refused_on_the_form(world, legacy, encoding):
    response = client_for(world.bob).post(
        reverse("people:create"), person_data(world, full_name=legacy)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "bảng mã cũ" in body and encoding in body
    assert not Person.objects.exists()
