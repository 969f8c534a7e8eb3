"""Issue 18, "Drafts": "accepted" (tiếp thu) is tied to the change it made. Consultation 6 was
issued still saying "Mỗi hộ đóng góp 500.000 đồng" while its answer said the amount was removed:
issuing now asks for the change (or a published reason); the public page shows the draft beside
the issued text, article by article, with the opinions that caused each change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from danchu.consultations import selectors, services
from danchu.consultations.models import AnswerKind, Outcome
from danchu.consultations.services import ConsultationError
from danchu.testing.factories import client_for

from .conftest import DRAFT

pytestmark = pytest.mark.django_db

WITH_AMOUNT = DRAFT + "3. Mỗi hộ đóng góp 500.000 đồng.\n"
WITHOUT_AMOUNT = DRAFT + "3. Các hộ đóng góp tự nguyện.\n"


def _consult(world, consultation, start_day, publish_on):  # type: ignore[no-untyped-def]
    v = services.add_version(actor=world.bob, consultation=consultation, text=WITH_AMOUNT)
    consultation.consulted_version = v
    consultation.save(update_fields=["consulted_version"])
    o = services.submit_public_opinion(
        consultation=consultation, text="Đề nghị bỏ mức cố định 500.000 đồng", article_number="3"
    )
    services.answer_opinions(
        actor=world.bob,
        opinions=[o],
        kind=AnswerKind.ACCEPT,
        text="Đã bỏ mức đóng góp cố định",
        article="3",
    )
    after = start_day + dt.timedelta(days=26)
    publish_on(consultation, after)
    consultation.refresh_from_db()
    return o, after


def _issue(world, c, on, **extra):  # type: ignore[no-untyped-def]
    return services.issue_regulation(
        actor=world.bob,
        consultation=c,
        outcome=Outcome.ADOPTED,
        number="12/QĐ-UBND",
        issued_on=on,
        signer_authority="TM.",
        signer_position="Chủ tịch",
        signer_name="Trương Tiến Dũng",
        **extra,
    )


def test_issue18_issuing_with_an_accepted_change_missing_asks_for_a_reason(
    world, consultation, start_day, publish_on
):  # type: ignore[no-untyped-def]
    _o, after = _consult(world, consultation, start_day, publish_on)
    page = client_for(world.bob).get(reverse("consultations:issue", args=[consultation.pk]))
    assert 'id="unapplied"' in page.content.decode() and "Điều 3" in page.content.decode()
    with pytest.raises(ConsultationError) as exc:
        _issue(world, consultation, after)  # still "Mỗi hộ đóng góp 500.000 đồng"
    assert any(m.startswith("DC4") and "Điều 3" in m for m in exc.value.messages)
    _issue(world, consultation, after, unapplied_reason="Hội đồng nhân dân giữ mức đóng góp")
    consultation.refresh_from_db()
    assert consultation.unapplied_reason == "Hội đồng nhân dân giữ mức đóng góp"
    html = Client().get(reverse("consultations:public", args=[consultation.slug])).content.decode()
    assert 'id="unapplied-reason"' in html and "giữ mức đóng góp" in html


def test_issue18_accepted_change_in_the_next_version_is_shown_beside_the_draft(
    world, consultation, start_day, publish_on
):  # type: ignore[no-untyped-def]
    o, after = _consult(world, consultation, start_day, publish_on)
    services.add_version(
        actor=world.bob, consultation=consultation, text=WITHOUT_AMOUNT, note="Tiếp thu"
    )
    assert services.unapplied_changes(consultation) == []
    _issue(world, consultation, after)
    consultation.refresh_from_db()
    (change,) = selectors.issued_changes(consultation)
    assert change.article == "Điều 3" and change.opinions == [o]
    assert ("del", "3. Mỗi hộ đóng góp 500.000 đồng.") in change.lines
    assert ("add", "3. Các hộ đóng góp tự nguyện.") in change.lines
    html = Client().get(reverse("consultations:public", args=[consultation.slug])).content.decode()
    section = html[html.index('id="changes"') :]
    assert 'class="diff-del"' in section and "500.000 đồng" in section
    assert "Đề nghị bỏ mức cố định 500.000 đồng" in section
    # The answer names the change, in the summary too.
    assert selectors.answer_text(o).endswith("(sửa Điều 3)")


def test_issue18_answer_with_the_article_through_the_api(world, consultation):  # type: ignore[no-untyped-def]
    o = services.submit_public_opinion(consultation=consultation, text="Ý kiến", article_number="3")
    api = APIClient()
    api.force_authenticate(world.bob)
    url = f"/api/consultations/{consultation.pk}/opinions/{o.pk}/answer/"
    r = api.post(url, {"kind": "accept", "text": "Sửa Điều 3", "article": "3"}, format="json")
    assert r.status_code == 200 and r.json()["accepted_article"] == "3"
    r = api.post(url, {"kind": "explain", "text": "Giữ nguyên", "article": "3"}, format="json")
    assert r.json()["accepted_article"] == ""  # only an accepted opinion names a change
