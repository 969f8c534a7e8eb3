"""GR5: indicators computed from the people register where it holds the facts, typed per
commune with evidence where it does not; each commune's figure and the province's."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.classification import rules, selectors, services
from danchu.classification.models import Assessment
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db


def test_gr5_targets_and_exact_shares():
    assert [(i.code, i.comparison.value, i.percent) for i in rules.INDICATORS] == [
        ("trinh_do", ">", 92),
        ("ly_luan", ">", 51),
        ("tru_so", ">", 95),
        ("dien_tich", ">", 70),
        ("may_tinh", "=", 100),
        ("thu_tuc", "=", 100),
        ("hom_thu", "=", 100),
    ]
    trinh_do = rules.INDICATORS[0]
    assert rules.share(23, 25) == Fraction(92)
    assert rules.indicator_met(trinh_do, rules.share(23, 25)) is False  # 92% is not > 92%
    assert rules.indicator_met(trinh_do, rules.share(24, 25)) is True
    assert rules.indicator_met(trinh_do, None) is None
    assert rules.percent_text(rules.share(2, 3)) == "66,7%"


@pytest.fixture
def staffed(world, round_):  # type: ignore[no-untyped-def]
    people = [f.PersonFactory(full_name=f"Cán bộ {i}") for i in range(4)]
    for p in people:
        f.AssignmentFactory(person=p, agency=world.ubnd_a)
    return Assessment.objects.get(round=round_, commune=world.commune_a), people


def test_gr5_commune_and_province_figures(world, round_, staffed):
    a, people = staffed
    services.save_indicator_facts(
        actor=world.bob,
        commune=world.commune_a,
        year=2026,
        facts={
            "solid_office": True,
            "office_area": False,
            "networked": True,
            "mailbox_hotline": True,
            "procedures": 40,
            "procedures_on_time": 40,
        },
        qualifications={
            people[0]: ("dai_hoc", "trung_cap"),
            people[1]: ("trung_cap", ""),
            people[2]: ("", "so_cap"),
            people[3]: ("cao_dang", ""),
        },
    )
    rows = {r.indicator.code: r for r in selectors.commune_indicators(a).rows}
    assert (rows["trinh_do"].part, rows["trinh_do"].whole) == (3, 4)
    assert (rows["ly_luan"].part, rows["ly_luan"].whole) == (2, 4)
    assert rows["ly_luan"].met is False  # 50% is not > 51%
    assert rows["thu_tuc"].met is True and rows["dien_tich"].met is False
    totals, communes = selectors.province_indicators(round_)
    by = {r.indicator.code: r for r in totals}
    assert (by["tru_so"].part, by["tru_so"].whole) == (1, 1)  # commune B has typed nothing
    assert len(communes) == 2
    with pytest.raises(services.ClassificationError, match="không thể lớn hơn"):
        services.save_indicator_facts(
            actor=world.bob,
            commune=world.commune_a,
            year=2026,
            facts={"procedures": 3, "procedures_on_time": 4},
            qualifications={},
        )


def test_gr5_pages(world, round_, staffed, people):
    a, staff = staffed
    url = reverse("classification:commune_indicators", args=[a.pk])
    bob = f.client_for(world.bob)
    assert bob.get(url).status_code == 200
    data = {
        "solid_office": "true",
        "networked": "true",
        "procedures": "10",
        "procedures_on_time": "9",
        "evidence": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"),
        **{f"edu_{p.pk}": "dai_hoc" for p in staff},
        **{f"pol_{p.pk}": "" for p in staff},
    }
    assert bob.post(url, data).status_code == 302
    rows = {r.indicator.code: r for r in selectors.commune_indicators(a).rows}
    assert rows["trinh_do"].percent == 100 and rows["thu_tuc"].percent == 90
    assert f.client_for(world.carol).post(url, data).status_code == 403
    assert f.client_for(people.supervisor).post(url, data).status_code == 403
    page = f.client_for(world.alice).get(reverse("classification:indicators", args=[round_.pk]))
    assert page.status_code == 200 and "90,0%" in page.content.decode()
    assert bob.get(reverse("classification:indicators", args=[round_.pk])).status_code == 403
