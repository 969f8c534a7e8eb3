"""``danchu demo`` shows a commune's year of dialogues and conferences, idempotently (LD9, QD2,
QD6, GR7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from danchu.dialogues import demo as dialogues_demo
from danchu.dialogues import selectors
from danchu.dialogues.models import Dialogue, StaffMeeting, VillageConference
from danchu.dialogues.rules import StepState
from danchu.testing.factories import client_for
from danchu.web.management.commands.demo import build_demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def run(today: dt.date) -> tuple[Any, list[tuple[str, str]]]:
    with transaction.atomic():
        demo = build_demo(today)
        return demo, dialogues_demo.build(demo)


def test_gr7_demo_year_of_dialogues_and_conferences() -> None:
    _demo, extra = run(TODAY)
    counts = (Dialogue.objects.count(), VillageConference.objects.count())
    run(TODAY)
    assert (Dialogue.objects.count(), VillageConference.objects.count()) == counts
    assert {u for u, _ in extra} == {"chutich", "truongthon"}
    last = Dialogue.objects.get(year=2025)
    assert [s.state for s in selectors.dialogue_steps(last, TODAY)] == [StepState.MET] * 3
    this = Dialogue.objects.get(year=2026)
    assert this.questions_open and this.questions.filter(asker="").count() == 1
    conf = VillageConference.objects.get()
    assert selectors.conference_steps(conf, TODAY)[0].state == StepState.MET
    staff = StaffMeeting.objects.get(kind="staff_conference")
    assert selectors.staff_steps(staff, TODAY)[0].state == StepState.MET
    from danchu.accounts.models import User

    chair = client_for(User.objects.get(username="chutich"))
    for url in (
        reverse("dialogues:index"),
        reverse("dialogues:dialogue", args=[last.pk]),
        reverse("dialogues:dialogue", args=[this.pk]),
        reverse("dialogues:conferences"),
        reverse("dialogues:conference", args=[conf.pk]),
        reverse("dialogues:staff_list"),
        reverse("dialogues:staff", args=[staff.pk]),
        reverse("dialogues:public", args=[this.pk]),
    ):
        assert chair.get(url).status_code == 200, url
