"""``danchu demo`` builds the surveys' records on the real map, idempotently."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.surveys import rules, selectors
from danchu.surveys.models import CommuneSurvey, Flag, Form, Round, Subject
from danchu.web.management.commands.demo import build_demo

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Round, CommuneSurvey, Subject, Form, Flag))


def run_demo(today: dt.date):  # type: ignore[no-untyped-def]
    """The shared demo world and this app's records only (other apps' demos are theirs)."""
    from django.db import transaction

    from danchu.surveys import demo as surveys_demo

    with transaction.atomic():
        demo = build_demo(today)
        return demo, [("surveys", u, d) for u, d in surveys_demo.build(demo)]


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
    # SV7 from sent reports only: Kon Tum's report (and last year's, recorded back-dated from
    # paper) raise the flag; Đăk Rve's forms still being typed raise none for the transferee.
    flag = Flag.objects.get(year=2026)
    assert "Năm 2025" in flag.why and flag.subject.commune_survey.unit == demo.communes[2]
    assert not Flag.objects.filter(person=moved).exists()
    last = CommuneSurvey.objects.get(round__year=2025, unit=demo.communes[0])
    assert last.report_backdated and last.report_evidence
    board = selectors.dashboard(round_, TODAY)
    states = {r.commune_survey.unit_id: r.progress for r in board.rows}
    assert states[demo.communes[0].pk] is rules.Progress.NOTIFIED
    assert states[demo.communes[1].pk] is rules.Progress.NOTIFIED
    assert states[demo.communes[2].pk] is rules.Progress.REPORTED
    assert states[demo.communes[3].pk] is rules.Progress.NOT_NOTIFIED
