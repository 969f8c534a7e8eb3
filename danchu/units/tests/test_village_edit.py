"""A commune renames, re-kinds and closes its villages; only users who may manage it can."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danchu.accounts.models import Role
from danchu.audit.models import AuditEntry
from danchu.testing.factories import UserFactory, client_for, give_role
from danchu.units import selectors
from danchu.units.models import AdminUnit

pytestmark = pytest.mark.django_db

# bob manages commune A (the village's commune), alice the province above it, root everything;
# carol manages commune B, dave has no role, the village head may only look.
MATRIX = [
    ("alice", 200, 302),
    ("bob", 200, 302),
    ("root", 200, 302),
    ("carol", 403, 403),
    ("dave", 403, 403),
    ("head", 403, 403),
]


@pytest.fixture
def head(world):
    user = UserFactory(username="truongthon")
    give_role(user, Role.VILLAGE_HEAD, world.village_a1)
    return user


def actor(world, head, name):
    return head if name == "head" else getattr(world, name)


@pytest.mark.parametrize(("who", "page", "post"), MATRIX)
def test_edit_village_access_matrix(world, head, who, page, post):
    client = client_for(actor(world, head, who))
    url = reverse("units:village_edit", args=[world.village_a1.pk])
    assert client.get(url).status_code == page
    response = client.post(url, {"kind": "to_dan_pho", "name": "Tổ dân phố 1"})
    assert response.status_code == post
    world.village_a1.refresh_from_db()
    assert (world.village_a1.name == "Tổ dân phố 1") is (post == 302)


@pytest.mark.parametrize(("who", "page", "post"), MATRIX)
def test_close_village_access_matrix(world, head, who, page, post):
    client = client_for(actor(world, head, who))
    url = reverse("units:village_close", args=[world.village_a1.pk])
    response = client.post(url, {"valid_to": "2026-06-30"})
    assert response.status_code == post
    world.village_a1.refresh_from_db()
    assert (world.village_a1.valid_to == dt.date(2026, 6, 30)) is (post == 302)


@pytest.mark.parametrize("unit", ["commune_a", "province"])
def test_only_a_village_added_by_the_commune_can_be_edited_or_closed(world, unit):
    client = client_for(world.root)
    target = getattr(world, unit)
    edit = client.post(
        reverse("units:village_edit", args=[target.pk]), {"kind": "thon", "name": "X"}
    )
    close = client.post(
        reverse("units:village_close", args=[target.pk]), {"valid_to": "2026-06-30"}
    )
    assert (edit.status_code, close.status_code) == (403, 403)


def test_anonymous_is_sent_to_login(client, world):
    response = client.post(
        reverse("units:village_close", args=[world.village_a1.pk]), {"valid_to": "2026-06-30"}
    )
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_edit_keeps_the_code_stores_nfc_and_finds_the_new_name_folded(world):
    client_for(world.bob).post(
        reverse("units:village_edit", args=[world.village_a1.pk]),
        {"kind": "to_dan_pho", "name": "To\u0302\u0309  da\u0302n pho\u0302\u0301 Hoà Bình"},
    )
    village = AdminUnit.objects.get(pk=world.village_a1.pk)
    assert (village.code, village.name, village.kind) == (
        "T0001-01",
        "Tổ dân phố Hoà Bình",
        "to_dan_pho",
    )
    assert village.search_name == "to dan pho hoa binh"
    assert list(selectors.search(AdminUnit.objects.all(), "hòa bình")) == [village]


def test_edit_and_close_are_audited_with_the_commune(world):
    client = client_for(world.bob)
    client.post(
        reverse("units:village_edit", args=[world.village_a1.pk]),
        {"kind": "thon", "name": "Thôn Một"},
    )
    client.post(
        reverse("units:village_close", args=[world.village_a1.pk]), {"valid_to": "2026-06-30"}
    )
    edit = AuditEntry.objects.get(action="units.update_village")
    assert edit.changes == {"name": ["Thôn 1", "Thôn Một"]}
    close = AuditEntry.objects.get(action="units.close_village")
    assert close.changes == {"valid_to": [None, "2026-06-30"]}
    assert {edit.actor_username, close.actor_username} == {"bob"}
    assert {edit.unit_code, close.unit_code} == {world.commune_a.code}


def test_saving_unchanged_values_writes_no_audit_entry(world):
    client_for(world.bob).post(
        reverse("units:village_edit", args=[world.village_a1.pk]),
        {"kind": "thon", "name": "Thôn 1"},
    )
    assert not AuditEntry.objects.filter(action="units.update_village").exists()


def test_a_village_cannot_close_before_it_started(world):
    response = client_for(world.bob).post(
        reverse("units:village_close", args=[world.village_a1.pk]), {"valid_to": "2025-06-30"}
    )
    assert response.status_code == 400
    assert "Thôn, tổ dân phố không thể ngừng trước ngày bắt đầu (01/07/2025)." in (
        response.content.decode()
    )
    world.village_a1.refresh_from_db()
    assert world.village_a1.valid_to is None
    assert not AuditEntry.objects.filter(action="units.close_village").exists()


def test_a_closed_village_leaves_the_list_on_the_day_after_it_closes(world):
    client_for(world.bob).post(
        reverse("units:village_close", args=[world.village_a1.pk]), {"valid_to": "2026-06-30"}
    )
    on_last_day = selectors.villages_of(world.commune_a, dt.date(2026, 6, 30))
    day_after = selectors.villages_of(world.commune_a, dt.date(2026, 7, 1))
    assert list(on_last_day) == [world.village_a1]
    assert list(day_after) == []
    # the record stays, and its page says until when it was in force
    page = client_for(world.bob).get(reverse("units:detail", args=[world.village_a1.pk]))
    assert "30/06/2026" in page.content.decode()


def test_edit_link_shown_only_to_those_who_may_edit(world, head):
    url = reverse("units:detail", args=[world.village_a1.pk])
    link = reverse("units:village_edit", args=[world.village_a1.pk])
    assert link in client_for(world.bob).get(url).content.decode()
    assert link not in client_for(head).get(url).content.decode()
