"""On the district-era map the district's Home Affairs reviews its communes' files (seed 002:
"the province (or the district) council reviews")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.accounts.models import Role
from danchu.classification import permissions
from danchu.classification.models import Assessment
from danchu.classification.tests.conftest import fill, make_round
from danchu.testing import factories as f
from danchu.units.models import MapVersion, UnitKind

pytestmark = pytest.mark.django_db


def test_gr1_district_home_affairs_reviews_its_communes_only(world):
    district = f.UnitFactory(
        code="T9",
        name="Huyện Cũ",
        kind=UnitKind.HUYEN,
        parent=world.province,
        map_version=MapVersion.LEGACY,
    )
    old_commune = f.UnitFactory(
        code="T91", name="Xã Cũ", parent=district, map_version=MapVersion.LEGACY
    )
    f.AgencyFactory(unit=old_commune)
    reviewer = f.UserFactory(username="noivu_huyen")
    f.give_role(reviewer, Role.HOME_AFFAIRS, district)
    chair = f.UserFactory(username="chutich_cu")
    f.give_role(chair, Role.CHAIRMAN, old_commune)
    round_ = make_round(world)
    mine = Assessment.objects.get(round=round_, commune=old_commune)
    other = Assessment.objects.get(round=round_, commune=world.commune_a)
    assert permissions.can_review(reviewer, mine) and not permissions.can_review(reviewer, other)
    assert not permissions.can_view_round(reviewer, round_)
    fill(mine, ["15", "15", "15", "15", "15"], chair)
    client = f.client_for(chair)
    from danchu.classification import services

    services.submit(actor=chair, assessment=mine)
    page = f.client_for(reviewer).get(reverse("classification:index")).content.decode()
    assert "Xã Cũ" in page
    url = reverse("classification:assessment", args=[mine.pk])
    r = f.client_for(reviewer).post(
        url, {"action": "review", **{f"r{s.criterion_id}_points": "15" for s in mine.scores.all()}}
    )
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "reviewed"
    assert (
        f.client_for(reviewer)
        .get(reverse("classification:assessment", args=[other.pk]))
        .status_code
        == 403
    )
    assert client.get(url).status_code == 200
