"""``danchu demo`` builds the surveys' records on the real map, idempotently."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.surveys import rules, selectors
from danchu.surveys.models import CommuneSurvey, Flag, Form, Round, Subject
from danchu.web.management.commands.demo import run_demo

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Round, CommuneSurvey, Subject, Form, Flag))


def test_demo_shows_sv2_transfer_sv7_flag_and_sv8_progress() -> None:
    demo, extra = run_demo(TODAY)
    first = _counts()
    run_demo(TODAY)
    assert _counts() == first
    assert {u for app, u, _ in extra if app == "surveys"} >= {"noivu", "thuky", "chutichtinh"}
    round_ = Round.objects.get(plan_unit=demo.province, year=2026)
    cs1 = CommuneSurvey.objects.get(round=round_, unit=demo.communes[0])
    assert cs1.reported_on is None  # the committee can still type the last forms
    moved = demo.people[f"{demo.communes[1].code}:cs-tu-phap-ho-tich"]
    subject = Subject.objects.get(commune_survey=cs1, person=moved)
    assert subject.reporting_unit == demo.communes[1]  # SV2: surveyed by the old commune
    flag = Flag.objects.get(person=moved, year=2026)  # SV7 across the transfer
    assert "Năm 2025" in flag.why
    board = selectors.dashboard(round_, TODAY)
    states = {r.commune_survey.unit_id: r.progress for r in board.rows}
    assert states[demo.communes[0].pk] is rules.Progress.NOTIFIED
    assert states[demo.communes[1].pk] is rules.Progress.NOTIFIED
    assert states[demo.communes[2].pk] is rules.Progress.REPORTED
    assert states[demo.communes[3].pk] is rules.Progress.NOT_NOTIFIED
