"""Who may open which page of imports/exports and the audit trail (role × page matrix)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from danchu.audit import services as audit
from danchu.dataio.tests.files import csv_upload
from danchu.people.models import Person
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db

PAGES = {
    "index": ("dataio:index", []),
    "people_export": ("dataio:people_export", []),
    "roster_import": ("dataio:roster_import", []),
    "village_import": ("dataio:village_import", []),
    "template": ("dataio:template", ["roster"]),
    "audit_list": ("audit:list", []),
    "audit_export": ("audit:export", []),
    "audit_check": ("audit:check", []),
}
EXPECTED = {
    #                 alice bob carol dave root
    "index": (200, 200, 200, 403, 200),
    "people_export": (200, 200, 200, 403, 200),
    "roster_import": (200, 200, 200, 403, 200),
    "village_import": (200, 200, 200, 403, 200),
    "template": (200, 200, 200, 403, 200),
    "audit_list": (200, 403, 403, 403, 200),
    "audit_export": (200, 403, 403, 403, 200),
    "audit_check": (200, 200, 200, 403, 200),
}
ACTORS = ("alice", "bob", "carol", "dave", "root")


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("actor", ACTORS)
def test_page_matrix(world, page, actor):  # type: ignore[no-untyped-def]
    name, args = PAGES[page]
    response = client_for(getattr(world, actor)).get(reverse(name, args=args))
    assert response.status_code == EXPECTED[page][ACTORS.index(actor)]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_is_sent_to_login(db, page):  # type: ignore[no-untyped-def]
    name, args = PAGES[page]
    response = Client().get(reverse(name, args=args))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_officer_cannot_import_into_another_commune(world):  # type: ignore[no-untyped-def]
    head = ["Họ và tên", "Giới tính", "Mã đơn vị"]
    response = client_for(world.carol).post(
        reverse("dataio:roster_import"),
        {"unit": world.commune_a.pk, "file": csv_upload([head, ["An", "Nam", "T0001"]])},
    )
    assert response.status_code == 200  # the form refuses a unit outside carol's scope
    assert "unit" in response.context["form"].errors
    assert not Person.objects.exists()


def test_import_form_offers_only_units_the_user_manages(world):  # type: ignore[no-untyped-def]
    form = client_for(world.bob).get(reverse("dataio:roster_import")).context["form"]
    assert list(form.fields["unit"].queryset) == [world.commune_a]
    form = client_for(world.alice).get(reverse("dataio:village_import")).context["form"]
    assert list(form.fields["unit"].queryset) == [world.commune_a, world.commune_b]


def test_audit_viewer_is_scoped_to_home_affairs_units(world):  # type: ignore[no-untyped-def]
    audit.log(action="x.in.a", unit=world.commune_a, changes={"n": 1})
    audit.log(action="x.in.b", unit=world.commune_b, changes={"n": 2})
    audit.log(action="x.global", changes={"n": 3})
    other = world.province.__class__.objects.create(
        code="T99",
        name="Tỉnh Khác",
        kind="tinh",
        map_version="2025",
        valid_from=world.province.valid_from,
    )
    audit.log(action="x.elsewhere", unit=other)

    def seen(actor):  # type: ignore[no-untyped-def]
        page = client_for(actor).get(reverse("audit:list")).context["page"]
        return {e.action for e in page}

    assert seen(world.alice) == {"x.in.a", "x.in.b"}
    assert seen(world.root) == {"x.in.a", "x.in.b", "x.global", "x.elsewhere"}


def test_audit_check_page_reports_match_and_mismatch(world):  # type: ignore[no-untyped-def]
    entry = audit.log(action="votes.result.recorded", unit=world.commune_a)
    client = client_for(world.bob)
    ok = client.get(reverse("audit:check"), {"seq": entry.seq, "hash": entry.hash})
    assert ok.context["report"].ok
    assert 'id="result"' in ok.content.decode()
    bad = client.get(reverse("audit:check"), {"seq": entry.seq, "hash": "a" * 64})
    assert not bad.context["report"].ok
    junk = client.get(reverse("audit:check"), {"seq": "x", "hash": "y"})
    assert junk.context["error"] and junk.context["report"] is None
