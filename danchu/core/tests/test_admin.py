"""Records that hold (issue 10, point 2): the Django admin never bypasses a rule.

Process records are read-only there; what the admin may still edit (reference data, people,
users) is written through the services or audited in the same transaction."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from danchu.audit.models import AuditEntry
from danchu.core.admin import AuditedAdminMixin, ReadOnlyAdminMixin
from danchu.legalcal.admin import CalendarSwapAdmin
from danchu.people.admin import PersonAdmin
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db

PROCESS_APPS = {
    "votes",
    "surveys",
    "consultations",
    "documents",
    "audit",
    "residents",
    "disclosures",
    "satisfaction",
    "villages",
    "oversight",
    "dialogues",
    "complaints",
}
"""Apps whose records are process records: rounds, ballots, counts, forms, reports,
consultations, opinions, answers, documents, the audit trail."""

WRITES_THROUGH_OWN_CODE = {PersonAdmin, CalendarSwapAdmin}
"""Admins that edit through the app's services (people) or audit each change themselves (the
TM4 swap table)."""


@pytest.fixture
def superuser_request(world):  # type: ignore[no-untyped-def]
    world.root.is_superuser = world.root.is_staff = True
    world.root.save()
    request = RequestFactory().get("/admin/")
    request.user = world.root
    return request


def test_records_hold_every_process_model_is_read_only_in_the_admin(superuser_request):
    editable = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROCESS_APPS:
            continue
        checks = [
            model_admin.has_add_permission(superuser_request),
            model_admin.has_change_permission(superuser_request),
            model_admin.has_delete_permission(superuser_request),
        ]
        for inline in model_admin.get_inline_instances(superuser_request):
            checks += [
                inline.has_add_permission(superuser_request, None),
                inline.has_change_permission(superuser_request),
                inline.has_delete_permission(superuser_request),
            ]
        if any(checks):
            editable.append(model._meta.label)
    assert editable == []


def test_records_hold_every_other_admin_is_read_only_audited_or_goes_through_services():
    unchecked = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, ReadOnlyAdminMixin | AuditedAdminMixin)
        and type(model_admin) not in WRITES_THROUGH_OWN_CODE
        and model._meta.app_label not in {"auth", "authtoken", "axes"}
    ]
    assert unchecked == []


def test_records_hold_a_person_edited_in_the_admin_goes_through_the_service(world):
    world.root.is_superuser = world.root.is_staff = True
    world.root.save()
    person = f.PersonFactory(full_name="Nguyễn Văn An", home_unit=world.commune_a)
    client = f.client_for(world.root)
    url = f"/admin/people/person/{person.pk}/change/"
    response = client.post(
        url,
        {
            "full_name": "Nguyễn  Văn   Anh",
            "gender": person.gender,
            "date_of_birth": "",
            "home_unit": world.commune_a.pk,
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Anh"  # NFC and spaces, as the page does
    entry = AuditEntry.objects.get(action="people.update_person", target_id=str(person.pk))
    assert entry.actor_username == "root"
    assert entry.changes["full_name"] == ["Nguyễn Văn An", "Nguyễn Văn Anh"]


def test_records_hold_a_unit_changed_in_the_admin_is_audited(world):
    world.root.is_superuser = world.root.is_staff = True
    world.root.save()
    client = f.client_for(world.root)
    agency = world.ubnd_a
    response = client.get(f"/admin/units/agency/{agency.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in form.initial.items()}
    data["short_name"] = "UBND"
    data["name"] = "Ủy ban nhân dân Xã An Hòa mới"
    response = client.post(f"/admin/units/agency/{agency.pk}/change/", data)
    assert response.status_code == 302, response.content[:2000]
    entry = AuditEntry.objects.get(action="admin.units.agency.changed")
    assert entry.changes["name"] == "Ủy ban nhân dân Xã An Hòa mới"
    assert entry.unit_code == world.commune_a.code
