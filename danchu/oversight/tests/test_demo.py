"""``danchu demo`` shows a commune's year of oversight (LD11, LD12, QD3), idempotently, and the
home page lists what is due."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from danchu.disclosures.models import Disclosure
from danchu.oversight import demo as oversight_demo
from danchu.oversight import selectors
from danchu.oversight.models import BoardMember, Inspection, Project, Recommendation
from danchu.oversight.rules import StepState
from danchu.testing.factories import client_for
from danchu.web.home import items_for
from danchu.web.management.commands.demo import build_demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def run(today: dt.date) -> tuple[Any, list[tuple[str, str]]]:
    with transaction.atomic():
        demo = build_demo(today)
        return demo, oversight_demo.build(demo)


def test_ld11_ld12_qd3_demo_year_of_oversight() -> None:
    _demo, logins = run(TODAY)
    assert {u for u, _ in logins} == {"mattran", "chutich", "noivutinh"}
    assert BoardMember.objects.count() >= 5
    bi_rec = Recommendation.objects.get(rule="LD11")
    assert selectors.answer_step(bi_rec).state == StepState.IN_PROGRESS
    project = Project.objects.get()
    assert project.board.members.count() == 5
    supervision = project.board.supervisions.get()
    assert selectors.investor_step(supervision).state == StepState.IN_PROGRESS
    inspection = Inspection.objects.get()
    assert inspection.conclusion is not None
    assert Disclosure.objects.filter(category=10, document=inspection.conclusion).exists()
    # idempotent
    run(TODAY)
    assert Project.objects.count() == 1 and Inspection.objects.count() == 1
    from danchu.accounts.models import User

    chair = User.objects.get(username="chutich")
    titles = [i.title for i in items_for(chair)]
    assert any("trả lời kiến nghị" in t for t in titles)
    front = User.objects.get(username="mattran")
    assert any("Gửi kế hoạch kiểm tra" in i.title for i in items_for(front))
    assert any("Thông báo chủ đầu tư" in i.title for i in items_for(front))
    assert client_for(front).get("/oversight/").status_code == 200
    assert client_for(front).get(f"/oversight/projects/{project.pk}/").status_code == 200
