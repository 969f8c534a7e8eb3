"""Issue 19, point 6: dates are typed and shown dd/mm/yyyy whatever the browser's language (a
browser's own date picker showed mm/dd/yyyy to a user with an English browser)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from danchu.testing.factories import PersonFactory, client_for

pytestmark = pytest.mark.django_db


def date_input(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, name
    return found.group()


def test_issue19_date_fields_are_text_typed_dd_mm_yyyy(world):
    person = PersonFactory(home_unit=world.commune_a, date_of_birth=dt.date(1985, 3, 14))
    html = client_for(world.alice).get(f"/people/{person.pk}/edit/").content.decode()
    field = date_input(html, "date_of_birth")
    assert 'type="text"' in field and 'type="date"' not in field
    assert 'value="14/03/1985"' in field and 'placeholder="dd/mm/yyyy"' in field


def test_issue19_a_date_typed_dd_mm_yyyy_is_understood(world):
    from danchu.people.models import Person

    response = client_for(world.alice).post(
        "/people/new/",
        {
            "full_name": "Lê Thị Mai",
            "gender": "F",
            "date_of_birth": "05/01/1990",
            "home_unit": world.commune_a.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert Person.objects.get(full_name="Lê Thị Mai").date_of_birth == dt.date(1990, 1, 5)


def test_issue19_the_calendar_counter_takes_dd_mm_yyyy(world):
    html = client_for(world.dave).get("/calendar/", {"start": "20/11/2026", "days": "1"})
    assert html.status_code == 200
    assert "23/11/2026" in html.content.decode()
