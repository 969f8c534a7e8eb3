"""The demo builder on the small test world: idempotent; a year of disclosures across the 14
categories with each state, council sessions, quarterly lists; and then the home page."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.core import clock
from danchu.disclosures import demo as ddemo
from danchu.disclosures import home, rules, selectors
from danchu.disclosures.models import CouncilSession, Disclosure, QuarterlyList
from danchu.people.models import Term
from danchu.testing import factories as f
from danchu.testing.demo import DemoWorld
from danchu.units.models import AgencyKind, MapVersion, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(world):  # type: ignore[no-untyped-def]
    villages = [world.village_a1] + [
        f.UnitFactory(
            code=f"T0001-0{n}",
            name=f"Thôn {n}",
            kind=UnitKind.THON,
            parent=world.commune_a,
            map_version=MapVersion.LOCAL,
        )
        for n in (2, 3)
    ]
    term = Term.objects.create(
        name="2021–2026", start=dt.date(2021, 7, 1), end=dt.date(2026, 6, 30)
    )
    return DemoWorld(
        today=clock.today(),
        province=world.province,
        communes=[world.commune_a],
        villages={world.commune_a.code: villages},
        agencies={(world.commune_a.pk, AgencyKind.UBND): world.ubnd_a},
        positions={},
        term=term,
    )


def test_demo_is_idempotent_and_shows_each_state(demo_world):  # type: ignore[no-untyped-def]
    lines = ddemo.build(demo_world)
    assert any("/disclosures/c/" in what for _u, what in lines)
    counts = (
        Disclosure.objects.count(),
        CouncilSession.objects.count(),
        QuarterlyList.objects.count(),
    )
    ddemo.build(demo_world)
    assert (
        (
            Disclosure.objects.count(),
            CouncilSession.objects.count(),
            QuarterlyList.objects.count(),
        )
        == counts
        == (len(ddemo.ITEMS) + 2, 2, 2)
    )
    judged = selectors.judge_all(
        selectors.with_facts(Disclosure.objects.filter(note=ddemo.DEMO_NOTE))
    )
    states = {j.disclosure.title: j.state for j in judged}
    assert {d.category for d in Disclosure.objects.all()} == set(range(1, 15))
    assert states["Kế hoạch phát triển kinh tế - xã hội năm 2026"] is rules.State.MET
    assert states["Phương án bồi thường, hỗ trợ dự án đường liên thôn Kon Rế"] is rules.State.LATE
    assert states["Kết quả vận động Quỹ Vì người nghèo năm 2026"] is rules.State.MISSED
    assert states["Hỗ trợ khắc phục thiệt hại do mưa lũ tháng 10"] is rules.State.MISSED
    assert states["Danh sách công dân gọi nhập ngũ năm 2027"] is rules.State.IN_PROGRESS
    assert states["Danh mục thủ tục hành chính giải quyết tại xã"] is rules.State.MET
    officer = Disclosure.objects.filter(note=ddemo.DEMO_NOTE).first().created_by  # type: ignore[union-attr]
    items = home.items(officer)
    assert any(i.rule == "LD1" and i.late and "Quỹ Vì người nghèo" in i.title for i in items)
    assert any("Kỳ họp thường lệ cuối năm" in i.title for i in items)
