"""Issue 16: the home page as a province's Home Affairs officer costs the same number of queries
with 5 and with 50 communes (each commune with a survey to report and a consultation open):
every app's home items are scoped in the database, never loaded and filtered in Python."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.accounts.models import Role
from danchu.consultations import services as consultations
from danchu.consultations.models import Audience, Body
from danchu.consultations.models import Form as Gathering
from danchu.consultations.tests.conftest import DRAFT
from danchu.core import clock
from danchu.surveys import services
from danchu.testing import factories as f
from danchu.web.home import items_for

pytestmark = pytest.mark.django_db


def _communes(world, n: int, first: int = 0) -> None:  # type: ignore[no-untyped-def]
    """``n`` more communes in the province, each with an officer and an open consultation."""
    start = clock.today() - dt.timedelta(days=5)
    for i in range(first, first + n):
        unit = f.UnitFactory(code=f"T9{i:03d}", name=f"Xã Thử {i:03d}", parent=world.province)
        agency = f.AgencyFactory(unit=unit, superior=world.ubnd_province)
        officer = f.UserFactory(username=f"officer{i:03d}")
        f.give_role(officer, Role.OFFICER, unit)
        c = consultations.create_consultation(
            actor=officer,
            unit=unit,
            issuer=agency,
            title=f"Dự thảo quy chế dân chủ xã {i:03d}",
            scope="commune",
            matter="democracy_regulation",
        )
        consultations.add_version(actor=officer, consultation=c, text=DRAFT, note="Dự thảo")
        consultations.set_plan(
            actor=officer,
            consultation=c,
            plan_number="05/KH-UBND",
            plan_date=start - dt.timedelta(days=3),
            content_published_on=start,
        )
        consultations.set_audience(
            actor=officer,
            consultation=c,
            audience=Audience.CITIZENS,
            gatherings=[(Body.COUNCIL, Gathering.CONFERENCE), (Body.FRONT, Gathering.CONFERENCE)],
            window_start=start,
            window_end=start + dt.timedelta(days=25),
        )
        consultations.publish_consultation(actor=officer, consultation=c)
        consultations.submit_public_opinion(consultation=c, text="Đề nghị công khai thu chi")


def _survey_round(world, year: int):  # type: ignore[no-untyped-def]
    return services.create_round(
        actor=world.alice,
        plan_unit=world.province,
        year=year,
        title=f"Kế hoạch lấy ý kiến năm {year}",
        report_before=clock.today() + dt.timedelta(days=20),
    )


def test_issue16_home_page_of_province_home_affairs_is_flat_in_communes(world) -> None:  # type: ignore[no-untyped-def]
    alice = f.client_for(world.alice)
    url = reverse("home")
    _communes(world, 3)  # with the world's two: 5 communes
    _survey_round(world, clock.today().year)
    alice.get(url)  # warm caches (content types, session, translations)
    with CaptureQueriesContext(connection) as few:
        small = alice.get(url)
    items_small = items_for(world.alice)
    _communes(world, 45, first=3)  # 50 communes
    _survey_round(world, clock.today().year - 1)
    with CaptureQueriesContext(connection) as many:
        big = alice.get(url)
    assert small.status_code == big.status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"][:120] for q in many)
    assert len(items_for(world.alice)) >= len(items_small)
