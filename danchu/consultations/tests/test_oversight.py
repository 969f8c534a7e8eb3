"""The supervisor's view for each body the issue names (People's Council, Fatherland Front, the
district/province), and LD8's published reason: on the public page, in the public API and in the
report to the People's Council."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from danchu.consultations import services
from danchu.consultations.models import AnswerKind, Body, Stance
from danchu.core import clock
from danchu.testing.factories import client_for

from .conftest import build, evidence
from .test_services import _issue

pytestmark = pytest.mark.django_db

REASON = "Trường học là công trình cấp thiết; các hộ được giao đất sản xuất thay thế."


def _state(html: str, rule: str, state: str) -> bool:
    return f'state-{state}" data-rule="{rule}"' in html


@pytest.mark.parametrize("who", ["council", "front", "supervisor", "alice"])
def test_dc7_dc2_supervisor_view_shows_met_late_and_missed_steps(world, actors, who):  # type: ignore[no-untyped-def]
    today = clock.today()
    c = build(world, today - dt.timedelta(days=40))  # window closed 15 days ago
    c.title = "Quy chế đã hết hạn lấy ý kiến"
    c.save(update_fields=["title"])
    services.publish_consultation(actor=world.bob, consultation=c)
    due = today - dt.timedelta(days=14)
    late = services.set_send_due(actor=world.bob, consultation=c, body=Body.COUNCIL, due=due)
    services.set_send_due(actor=world.bob, consultation=c, body=Body.FRONT, due=due)
    services.record_send(
        actor=world.bob,
        send=late,
        sent_on=due + dt.timedelta(days=2),
        evidence=evidence(),
        backdate_reason="Công văn gửi đúng ngày, nay mới nhập.",
    )
    user = {
        "council": actors.council,
        "front": actors.front,
        "supervisor": actors.supervisor,
        "alice": world.alice,
    }[who]
    r = client_for(user).get(reverse("consultations:supervise"))
    assert r.status_code == 200
    html = r.content.decode()
    section = html[html.index(c.title) :]
    assert _state(section, "DC2", "met")
    assert _state(section, "DC7", "late") and _state(section, "DC7", "missed")
    assert client_for(world.carol).get(reverse("consultations:supervise")).status_code == 403


def test_ld8_reason_for_departing_is_published_on_the_public_page_api_and_report(
    world, consultation, start_day, publish_on, at
):  # type: ignore[no-untyped-def]
    for stance in (Stance.OPPOSE, Stance.OPPOSE, Stance.SUPPORT):
        services.submit_public_opinion(
            consultation=consultation, text=f"Ý kiến {stance}", stance=stance, today=start_day
        )
    services.answer_opinions(
        actor=world.bob,
        opinions=list(consultation.opinions.all()),
        kind=AnswerKind.EXPLAIN,
        text="Vị trí duy nhất đủ diện tích.",
    )
    after = start_day + dt.timedelta(days=26)
    publish_on(consultation, after)
    consultation.refresh_from_db()
    _issue(at, world, consultation, after, reason=REASON)
    page = Client().get(reverse("consultations:public", args=[consultation.slug]))
    html = page.content.decode()
    assert 'id="ld8-reason"' in html and REASON in html
    api = Client().get(f"/api/consultations/public/{consultation.slug}/").json()
    assert api["outcome"] == "adopted" and api["outcome_reason"] == REASON
    pdf = client_for(world.bob).get(
        reverse("consultations:report_file", args=[consultation.pk, "pdf"])
    )
    text = " ".join(
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Lý do quyết định khác với ý kiến của đa số" in text and "cấp thiết" in text
