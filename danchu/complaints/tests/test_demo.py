"""The demo builder on the small test world: idempotent; a schedule, a reception and a year of
cases in each state; the home page and the figures; the demo follow code works."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from danchu.complaints import demo as cdemo
from danchu.complaints import home, rules, selectors
from danchu.complaints.models import Case, Reception, ReceptionSlot
from danchu.core import clock
from danchu.people.models import Term
from danchu.testing.demo import DemoWorld
from danchu.units.models import AgencyKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(world):  # type: ignore[no-untyped-def]
    term = Term.objects.create(
        name="2021–2026", start=dt.date(2021, 7, 1), end=dt.date(2026, 6, 30)
    )
    return DemoWorld(
        today=clock.today(),
        province=world.province,
        communes=[world.commune_a],
        villages={world.commune_a.code: [world.village_a1]},
        agencies={(world.commune_a.pk, AgencyKind.UBND): world.ubnd_a},
        positions={},
        term=term,
    )


def test_gr8_demo_is_idempotent_and_shows_each_state(demo_world):  # type: ignore[no-untyped-def]
    lines = cdemo.build(demo_world)
    assert any("/complaints/public/" in what for _u, what in lines)
    counts = (Case.objects.count(), ReceptionSlot.objects.count(), Reception.objects.count())
    cdemo.build(demo_world)
    assert (
        (Case.objects.count(), ReceptionSlot.objects.count(), Reception.objects.count())
        == counts
        == (len(cdemo.CASES), 4, 1)
    )
    today = clock.today()
    states = {c.subject: rules.case_state(c.facts(), today) for c in Case.objects.all()}
    assert states["Khiếu nại quyết định thu hồi đất làm đường liên thôn"].on_time
    assert states["Khiếu nại việc xét hộ cận nghèo năm 2026"].late
    assert states["Tố cáo việc thu tiền sai quy định tại chợ xã"].on_time
    assert states["Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất (thôn xa)"].on_time
    assert states["Phản ánh đèn chiếu sáng đường trục xã hỏng"].late
    assert states["Khiếu nại việc bình xét hỗ trợ khắc phục thiệt hại do lũ"].open
    fig = selectors.commune_figures(demo_world.communes[0], today.year)
    assert fig.figures.backlog == 2 and fig.figures.transferred == 1
    officer = Case.objects.first().handler  # type: ignore[union-attr]
    assert any(i.rule == "GR8" and i.late for i in home.items(officer))
    page = Client().post(reverse("complaints:follow"), {"code": cdemo.DEMO_CODE})
    assert 'id="my-case"' in page.content.decode()
