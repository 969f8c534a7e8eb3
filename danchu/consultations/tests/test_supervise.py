"""Issue 18, "Breaks": the supervisor's view is a summary — one row per consultation with its
worst step and every step's state, counts per state, filters (commune, status, worst state,
words of the title) and pages — not one table per consultation (300 were 931 KB)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from danchu.consultations import selectors
from danchu.consultations.models import Consultation, Status
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db


def _many(world, n: int) -> None:  # type: ignore[no-untyped-def]
    Consultation.objects.bulk_create(
        Consultation(
            unit=world.commune_a if i % 3 else world.commune_b,
            issuer=world.ubnd_a if i % 3 else world.ubnd_b,
            title=f"Dự thảo quy chế số {i} về đóng góp xây dựng đường"
            if i % 7 == 0
            else f"Dự thảo kế hoạch số {i}",
            slug=f"du-thao-{i}",
            status=Status.PUBLISHED if i % 2 else Status.PREPARING,
        )
        for i in range(n)
    )


def _rows(html: str) -> int:
    return html.count("<tr data-consultation=")


def _matching(html: str) -> int:
    m = re.search(r'id="matching"[^>]*>(\d+)', html)
    assert m
    return int(m.group(1))


def _get(user, **params):  # type: ignore[no-untyped-def]
    r = client_for(user).get(reverse("consultations:supervise"), params)
    assert r.status_code == 200
    return r.content.decode()


def test_issue18_supervisor_summary_of_300_consultations_is_paged(world, actors):  # type: ignore[no-untyped-def]
    _many(world, 299)  # with the fixture's own: 300
    html = _get(actors.supervisor)
    assert _matching(html) == 300 and _rows(html) == selectors.SUPERVISE_PER_PAGE
    assert len(html.encode()) < 200_000  # was 931 KB with one table per consultation
    counts = dict(re.findall(r'data-state="(\w+)">[^<]*<strong>(\d+)</strong>', html))
    assert sum(int(n) for n in counts.values()) == 300
    last = _get(actors.supervisor, page="6")
    assert _rows(last) == 300 - 5 * selectors.SUPERVISE_PER_PAGE


def test_issue18_supervisor_filters_by_commune_status_state_and_title(world, actors):  # type: ignore[no-untyped-def]
    _many(world, 60)
    every = Consultation.objects.all()
    sup = actors.supervisor
    assert (
        _matching(_get(sup, unit=world.commune_b.pk)) == every.filter(unit=world.commune_b).count()
    )
    assert _matching(_get(sup, status="preparing")) == every.filter(status="preparing").count()
    road = _get(sup, q="dong gop xay dung duong")  # without tones
    assert _matching(road) == sum(1 for c in every if "đường" in c.title) > 0
    pending = _get(sup, state="pending")
    counted = int(re.search(r'data-state="pending">[^<]*<strong>(\d+)', pending).group(1))  # type: ignore[union-attr]
    assert _matching(pending) == counted > 0
    assert 'state-pending" data-rule="DC1"' in pending
    both = _get(sup, unit=world.commune_a.pk, status="published")
    assert _matching(both) == every.filter(unit=world.commune_a, status="published").count()


@pytest.mark.parametrize(
    "params",
    [{"unit": "abc"}, {"unit": "999999"}, {"status": "x"}, {"state": "<b>"}, {"page": "-3"}],
)
def test_issue18_supervisor_filters_tampered_never_error(world, actors, params):  # type: ignore[no-untyped-def]
    _many(world, 3)
    assert _matching(_get(actors.supervisor, **params)) == 4


def test_issue18_supervisor_sees_only_communes_of_the_area(world, consultation, actors):  # type: ignore[no-untyped-def]
    # The council of commune A supervises commune A only: commune B's consultations and its
    # name in the commune filter stay out.
    _many(world, 6)
    html = _get(actors.council)
    assert _matching(html) == Consultation.objects.filter(unit=world.commune_a).count()
    assert world.commune_b.name not in html
    assert _matching(_get(actors.council, unit=world.commune_b.pk)) == _matching(html)
