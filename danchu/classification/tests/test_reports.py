"""GR6: the commune's 6-month and yearly reports to Home Affairs, issued and frozen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danchu.classification import rules, services
from danchu.classification.models import Assessment
from danchu.classification.tests.conftest import fill
from danchu.documents import issuing
from danchu.testing import factories as f
from danchu.web.home import items_for

pytestmark = pytest.mark.django_db


def test_gr6_report_days():
    assert rules.report_last_day("half", 2026) == dt.date(2026, 6, 19)
    assert rules.report_last_day("year", 2026) == dt.date(2027, 1, 19)
    with pytest.raises(ValueError):
        rules.report_before("quarter", 2026)


def test_gr6_reports_issued_frozen_and_on_the_home_page(world, round_, people):
    a = Assessment.objects.get(round=round_, commune=world.commune_a)
    titles = [i.title for i in items_for(world.bob) if i.rule == "GR6"]
    assert len(titles) == 1  # the year opened in November: only the yearly report is due
    with pytest.raises(services.ClassificationError, match="sau khi có quyết định"):
        services.issue_report(actor=world.bob, assessment=a, period="year")
    fill(a, ["17", "17", "17", "17", "17"], world.bob)
    doc = services.issue_report(actor=world.bob, assessment=a, period="half")
    assert doc.number.startswith("01/BC-")
    assert doc.figures["total"] == "85,00" and len(doc.figures["indicators"]) == 7
    pdf = issuing.stored(doc, "pdf")
    fill(a, ["1", "1", "1", "1", "1"], world.bob)  # later changes do not touch the report
    assert issuing.stored(doc, "pdf") == pdf
    with pytest.raises(services.ClassificationError, match="đã được ban hành"):
        services.issue_report(actor=world.bob, assessment=a, period="half")
    bob = f.client_for(world.bob)
    url = reverse("classification:report", args=[a.pk, "half", "pdf"])
    assert bob.get(url).content == pdf
    assert f.client_for(world.carol).get(url).status_code == 403
    assert bob.get(reverse("classification:report", args=[a.pk, "year", "pdf"])).status_code == 404
    assert bob.get(reverse("classification:report", args=[a.pk, "nope", "pdf"])).status_code == 404
    r = bob.post(reverse("classification:report_issue", args=[a.pk, "nope"]), follow=True)
    assert "không hợp lệ" in r.content.decode()
    assert (
        f.client_for(people.supervisor)
        .post(reverse("classification:report_issue", args=[a.pk, "half"]))
        .status_code
        == 403
    )
