"""The questions process modules ask about people (CV1, SV2)."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.people import selectors
from danchu.people.models import Assignment, HowStarted
from danchu.testing.factories import AssignmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_sv2_months_in_post_counts_whole_months():
    a = Assignment(start_date=dt.date(2025, 7, 15))
    assert selectors.months_in_post(a, dt.date(2026, 1, 14)) == 5
    assert selectors.months_in_post(a, dt.date(2026, 1, 15)) == 6
    assert selectors.months_in_post(a, dt.date(2025, 7, 1)) == 0
    end_of_month = Assignment(start_date=dt.date(2025, 8, 31))
    assert selectors.months_in_post(end_of_month, dt.date(2026, 2, 28)) == 5


@pytest.mark.parametrize(
    ("how", "start", "year", "expected"),
    [
        (HowStarted.APPOINTED, dt.date(2026, 3, 1), 2026, True),
        (HowStarted.ELECTED, dt.date(2026, 1, 15), 2026, True),
        (HowStarted.TRANSFERRED, dt.date(2026, 3, 1), 2026, False),
        (HowStarted.RECRUITED, dt.date(2026, 3, 1), 2026, False),
        (HowStarted.APPOINTED, dt.date(2025, 12, 31), 2026, False),
    ],
)
def test_cv1_appointed_in_year(how, start, year, expected):
    assert selectors.appointed_in_year(Assignment(start_date=start, how_started=how), year) is (
        expected
    )


def test_cv1_retirement_announced(world):
    person = PersonFactory(home_unit=world.commune_a)
    assert not selectors.retirement_announced(person, dt.date(2026, 5, 1))
    person.retirement_announced_on = dt.date(2026, 5, 1)
    assert selectors.retirement_announced(person, dt.date(2026, 5, 1))
    assert not selectors.retirement_announced(person, dt.date(2026, 4, 30))


def ended_post(person, world, start, end):
    """A post at commune A's People's Committee from ``start`` to ``end``."""
    return AssignmentFactory(person=person, agency=world.ubnd_a, start_date=start, end_date=end)


def test_sv2_previous_post_follows_the_explicit_link(world):
    person = PersonFactory(home_unit=world.commune_b)
    old = ended_post(person, world, dt.date(2020, 1, 1), dt.date(2026, 2, 28))
    unrelated = ended_post(person, world, dt.date(2018, 1, 1), dt.date(2026, 2, 28))
    new = AssignmentFactory(
        person=person, agency=world.ubnd_b, start_date=dt.date(2026, 3, 1), previous=old
    )
    assert selectors.previous_post(new) == old
    assert unrelated != old


def test_sv2_previous_post_falls_back_to_the_last_ended_post(world):
    person = PersonFactory(home_unit=world.commune_b)
    ended_post(person, world, dt.date(2015, 1, 1), dt.date(2019, 12, 31))
    latest = ended_post(person, world, dt.date(2020, 1, 1), dt.date(2026, 2, 28))
    new = AssignmentFactory(person=person, agency=world.ubnd_b, start_date=dt.date(2026, 3, 1))
    assert selectors.previous_post(new) == latest
    first = Assignment.objects.get(start_date=dt.date(2015, 1, 1))
    assert selectors.previous_post(first) is None
