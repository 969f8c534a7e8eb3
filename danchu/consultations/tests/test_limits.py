"""Issue 18, "Breaks": a long opinion prints (the summary PDF splits its cell across pages), and
every text field has a limit — the public form, the gatherers' form, the API and the services
refuse the same over-long text, with the field named."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from danchu.consultations import rules, services
from danchu.consultations.models import AnswerKind, Consultation, Opinion
from danchu.consultations.services import ConsultationError
from danchu.core import clock
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db

OPINION_MAX = rules.TEXT_LIMITS[rules.Limit.OPINION]


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _long_opinion(n: int = OPINION_MAX) -> str:
    words = " ".join(f"w{i:04d}" for i in range(n // 6 + 1))
    return ("Đề nghị bỏ mức đóng góp cố định. " + words)[:n].rstrip()


def _pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )


def test_issue18_public_page_takes_a_4000_character_opinion_and_the_summary_pdf_prints_it(
    world, consultation
):  # type: ignore[no-untyped-def]
    text = _long_opinion()
    r = Client().post(
        reverse("consultations:public", args=[consultation.slug]),
        {"article": "3", "stance": "oppose", "text": text},
    )
    assert r.status_code == 302
    o = Opinion.objects.get()
    services.answer_opinions(
        actor=world.bob, opinions=[o], kind=AnswerKind.EXPLAIN, text=_long_opinion(3000)
    )
    pdf = client_for(world.bob).get(
        reverse("consultations:summary_file", args=[consultation.pk, "pdf"])
    )
    assert pdf.status_code == 200
    printed = _pdf_text(pdf.content)
    last_word = text.split()[-1]
    assert "w0000" in printed and last_word in printed  # nothing cut off at a page's end
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) >= 2


def test_issue18_public_form_refuses_an_opinion_over_the_limit(consultation):  # type: ignore[no-untyped-def]
    r = Client().post(
        reverse("consultations:public", args=[consultation.slug]),
        {"article": "3", "stance": "none", "text": "x" * (OPINION_MAX + 1)},
    )
    assert r.status_code == 200 and Opinion.objects.count() == 0


def test_issue18_gatherers_form_refuses_an_opinion_over_the_limit(world, consultation, actors):  # type: ignore[no-untyped-def]
    r = client_for(actors.council).post(
        reverse("consultations:opinion_enter", args=[consultation.pk]),
        {
            "source": "council_conference",
            "received_on": clock.today().isoformat(),
            "stance": "none",
            "text": "x" * (OPINION_MAX + 1),
        },
    )
    assert r.status_code == 200 and Opinion.objects.count() == 0
    assert "4000" in r.content.decode() or "4.000" in r.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", "x" * 100_000),
        ("author_name", "N" * 121),
        ("source_detail", "H" * 301),
        ("article_number", "3" * 11),
        ("backdate_reason", "r" * 2001),
    ],
)
def test_issue18_api_refuses_over_long_fields(world, consultation, actors, field, value):  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(actors.front)
    payload = {"source": "front_conference", "text": "Ý kiến", "received_on": str(clock.today())}
    payload[field] = value
    r = api.post(f"/api/consultations/{consultation.pk}/opinions/", payload, format="json")
    assert r.status_code == 400 and field in r.json()
    assert Opinion.objects.count() == 0


def test_issue18_api_refuses_an_over_long_answer(world, consultation, start_day):  # type: ignore[no-untyped-def]
    o = services.submit_public_opinion(consultation=consultation, text="Ý kiến", today=start_day)
    api = APIClient()
    api.force_authenticate(world.bob)
    url = f"/api/consultations/{consultation.pk}/opinions/{o.pk}/answer/"
    r = api.post(url, {"kind": "explain", "text": "x" * 4001}, format="json")
    assert r.status_code == 400
    o.refresh_from_db()
    assert not o.is_answered


def test_issue18_services_refuse_over_long_texts_naming_the_field(world, consultation, actors):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError) as exc:
        services.enter_opinion(
            actor=actors.council,
            consultation=consultation,
            source="council_conference",
            text="x" * 100_000,
            received_on=clock.today(),
            author_name="N" * 200,
        )
    assert len(exc.value.messages) == 2
    assert "100000" in exc.value.messages[0] and "4.000" in exc.value.messages[0]
    o = services.submit_public_opinion(consultation=consultation, text="Ý kiến")
    with pytest.raises(ConsultationError):
        services.answer_opinions(actor=world.bob, opinions=[o], kind="explain", text="x" * 4001)
    with pytest.raises(ConsultationError):
        services.hide_opinion(actor=world.bob, opinion=o, reason="x" * 2001)
    with pytest.raises(ConsultationError):
        services.submit_public_opinion(consultation=consultation, text="Ý", contact="0" * 121)
    with pytest.raises(ConsultationError):
        services.create_consultation(
            actor=world.bob,
            unit=world.commune_a,
            issuer=world.ubnd_a,
            title="T" * 301,
            scope="commune",
            matter="democracy_regulation",
        )
    with pytest.raises(ConsultationError):
        services.add_version(
            actor=world.bob, consultation=consultation, text="Điều 1. A\n" * 30_000
        )
    assert Opinion.objects.count() == 1 and Consultation.objects.count() == 1


# Model field → the limit its services check: a limit never exceeds its column.
COLUMNS = [
    (Opinion, "author_name", rules.Limit.NAME),
    (Opinion, "contact", rules.Limit.CONTACT),
    (Opinion, "source_detail", rules.Limit.DETAIL),
    (Opinion, "article_number", rules.Limit.ARTICLE),
    (Consultation, "title", rules.Limit.TITLE),
    (Consultation, "plan_number", rules.Limit.NUMBER),
    (Consultation, "regulation_number", rules.Limit.NUMBER),
    (Consultation, "signer_name", rules.Limit.NAME),
    (Consultation, "signer_position", rules.Limit.NAME),
]


@pytest.mark.parametrize(("model", "field", "kind"), COLUMNS)
def test_issue18_limits_fit_their_columns(model, field, kind):  # type: ignore[no-untyped-def]
    assert rules.TEXT_LIMITS[kind] <= model._meta.get_field(field).max_length
