"""Issue 16: a sent report's figures for the dashboard are a tally row written with the report;
the dashboard reads a few integers per commune, never every report's figures."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danchu.documents import issuing
from danchu.surveys import rules, selectors, services
from danchu.surveys.models import ReportTally
from danchu.surveys.tests.conftest import Scene
from danchu.surveys.tests.helpers import D, send_report

pytestmark = pytest.mark.django_db


def test_issue16_sv8_report_writes_its_tally_and_the_dashboard_reads_it(scene: Scene) -> None:
    cs = scene.cs
    assert not cs.reported  # the scene reopened it
    send_report(cs, scene.actors["phochutich"], D(2026, 11, 24))
    cs.refresh_from_db()
    doc = issuing.current(cs, services.REPORT_KIND)
    tally = ReportTally.objects.get(commune_survey=cs)
    assert tally.document_id == doc.pk
    expected = rules.report_tally(doc.figures)
    assert {n: getattr(tally, n) for n in rules.REPORT_TALLY_FIELDS} == expected
    assert expected["collected"] == doc.figures["totals"]["collected"] > 0
    with CaptureQueriesContext(connection) as queries:
        board = selectors.dashboard(cs.round, D(2026, 11, 25))
    assert not any("figures" in q["sql"] for q in queries), "the dashboard read report figures"
    (row,) = [r for r in board.rows if r.commune_survey.pk == cs.pk]
    assert row.reported_figures
    assert {n: getattr(row, n) for n in rules.REPORT_TALLY_FIELDS} == expected


def test_issue16_sv8_a_report_sent_before_tallies_is_still_read_from_its_figures(
    scene: Scene,
) -> None:
    cs = scene.cs
    send_report(cs, scene.actors["phochutich"], D(2026, 11, 24))
    doc = issuing.current(cs, services.REPORT_KIND)
    ReportTally.objects.filter(commune_survey=cs).delete()
    board = selectors.dashboard(cs.round, D(2026, 11, 25))
    (row,) = [r for r in board.rows if r.commune_survey.pk == cs.pk]
    assert row.reported_figures
    assert {n: getattr(row, n) for n in rules.REPORT_TALLY_FIELDS} == rules.report_tally(
        doc.figures
    )


def test_issue16_sv8_a_reopened_report_shows_no_reported_figures(scene: Scene) -> None:
    cs = scene.cs
    send_report(cs, scene.actors["phochutich"], D(2026, 11, 24))
    services.reopen_report(actor=scene.actors["alice"], commune_survey=cs, reason="Bổ sung.")
    board = selectors.dashboard(cs.round, D(2026, 11, 25))
    (row,) = [r for r in board.rows if r.commune_survey.pk == cs.pk]
    assert not row.reported_figures and row.collected == 0 and row.typed > 0
