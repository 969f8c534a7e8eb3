"""The person form asks for the unit through the searchable picker; the server still decides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.people.models import Person
from danchu.testing.factories import PersonFactory, UnitFactory, client_for

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {"full_name": "Phạm Văn Hùng", "gender": "M", "date_of_birth": "", "national_id": ""}
    values.update(overrides)
    return values


def test_the_form_has_no_dropdown_of_units(world):
    html = client_for(world.alice).get(reverse("people:create")).content.decode()
    assert 'name="home_unit_q"' in html
    assert 'type="hidden" name="home_unit"' in html
    assert "<option" not in html.split('name="home_unit_q"')[0].rsplit("<label", 1)[-1]
    assert "Xã Bình Minh" not in html  # units come from the search, not the page


def test_a_picked_unit_is_saved(world):
    response = client_for(world.bob).post(
        reverse("people:create"), data(home_unit=world.commune_a.pk, home_unit_q="ignored")
    )
    assert response.status_code == 302
    assert Person.objects.get(full_name="Phạm Văn Hùng").home_unit == world.commune_a


def test_a_picked_unit_outside_the_scope_is_refused_on_the_server(world):
    """A forged id in the hidden input is checked like any choice."""
    response = client_for(world.bob).post(
        reverse("people:create"), data(home_unit=world.commune_b.pk)
    )
    assert response.status_code == 400
    assert not Person.objects.filter(full_name="Phạm Văn Hùng").exists()


@pytest.mark.parametrize("typed", ["T0001", "xã an hoà", "XA AN HOA", "an hòa"])
def test_id2_typed_text_without_a_pick_is_resolved(world, typed):
    response = client_for(world.bob).post(reverse("people:create"), data(home_unit_q=typed))
    assert response.status_code == 302
    assert Person.objects.get(full_name="Phạm Văn Hùng").home_unit == world.commune_a


def test_typed_text_naming_a_unit_outside_the_scope_is_refused(world):
    response = client_for(world.bob).post(reverse("people:create"), data(home_unit_q="T0002"))
    assert response.status_code == 400
    assert "Không có đơn vị nào bạn được chọn khớp với «T0002»" in response.content.decode()


def test_typed_text_matching_several_units_asks_for_a_pick(world):
    UnitFactory(code="T0003", name="Xã Bình An", parent=world.province)
    response = client_for(world.alice).post(reverse("people:create"), data(home_unit_q="binh"))
    assert response.status_code == 400
    assert "Có nhiều đơn vị khớp với «binh»" in response.content.decode()
    # the typed text stays in the box for the next try
    assert 'value="binh"' in response.content.decode()


def test_villages_are_not_a_unit_of_record(world):
    response = client_for(world.bob).post(
        reverse("people:create"), data(home_unit=world.village_a1.pk)
    )
    assert response.status_code == 400


def test_edit_shows_the_current_unit_and_keeps_it(world):
    person = PersonFactory(full_name="Đỗ Thị Lan", home_unit=world.commune_a)
    client = client_for(world.bob)
    page = client.get(reverse("people:edit", args=[person.pk])).content.decode()
    assert f'value="{world.commune_a.pk}"' in page
    assert 'value="Xã An Hòa — Tỉnh Thử (T0001)"' in page
    response = client.post(
        reverse("people:edit", args=[person.pk]),
        data(full_name="Đỗ Thị Lan", gender="F", home_unit=world.commune_a.pk),
    )
    assert response.status_code == 302


def test_create_prefills_the_unit_from_the_unit_page(world):
    url = reverse("people:create") + f"?unit={world.commune_a.pk}"
    page = client_for(world.bob).get(url).content.decode()
    assert 'value="Xã An Hòa — Tỉnh Thử (T0001)"' in page
