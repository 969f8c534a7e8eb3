"""Moderation of public opinions: the drafting team hides an abusive opinion from the public page
with a recorded, audited reason; it still counts as received and still needs its answer, or the
finding that it is not an opinion, with the reason (DC4 stays whole)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.consultations import papers, rules, selectors, services
from danchu.consultations.models import AnswerKind, Stance
from danchu.consultations.services import ConsultationError
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db

ABUSE = "Bọn cán bộ xã toàn lũ ăn hại!!!"
REASON = "Lời lẽ xúc phạm, không góp ý nội dung dự thảo."


def _after(start_day: dt.date) -> dt.date:
    """A day after the citizens' window (start + 25) has closed."""
    return start_day + dt.timedelta(days=26)


def test_dc4_rules_not_an_opinion_and_hiding_need_a_reason():
    assert rules.answer_problems(rules.AnswerKind.NOT_OPINION, " ") == [
        rules.Problem("DC4", "not_opinion_needs_reason")
    ]
    assert rules.answer_problems(rules.AnswerKind.NOT_OPINION, "Lời lẽ xúc phạm") == []
    assert rules.moderation_problems("") == [rules.Problem("DC4", "hide_needs_reason")]
    assert rules.moderation_problems(REASON) == []


def test_ld8_not_an_opinion_does_not_count_towards_the_majority():
    assert not rules.counts_for_majority(rules.AnswerKind.NOT_OPINION)
    assert all(
        rules.counts_for_majority(k)
        for k in (None, rules.AnswerKind.ACCEPT, rules.AnswerKind.EXPLAIN)
    )


def test_dc4_hiding_needs_a_reason_and_is_audited(world, consultation, start_day):  # type: ignore[no-untyped-def]
    o = services.submit_public_opinion(consultation=consultation, text=ABUSE, today=start_day)
    with pytest.raises(ConsultationError, match=r"^Ẩn khỏi trang công khai: cần nêu lý do"):
        services.hide_opinion(actor=world.bob, opinion=o, reason="  ")
    o.refresh_from_db()
    assert not o.is_hidden
    services.hide_opinion(actor=world.bob, opinion=o, reason=REASON)
    o.refresh_from_db()
    assert o.is_hidden and o.hidden_reason == REASON and o.hidden_by == world.bob
    entry = AuditEntry.objects.get(action="consultations.opinion.hidden")
    assert entry.actor == world.bob and entry.changes["reason"] == ["", REASON]
    services.show_opinion(actor=world.bob, opinion=o)
    o.refresh_from_db()
    assert not o.is_hidden and o.hidden_reason == ""
    assert AuditEntry.objects.filter(action="consultations.opinion.shown").count() == 1


def test_dc4_hidden_opinion_still_counts_and_blocks_until_answered(
    world, consultation, start_day, publish_on
):  # type: ignore[no-untyped-def]
    o = services.submit_public_opinion(consultation=consultation, text=ABUSE, today=start_day)
    services.hide_opinion(actor=world.bob, opinion=o, reason=REASON)
    assert services.unanswered(consultation) == 1
    with pytest.raises(ConsultationError, match="DC4"):
        publish_on(consultation, _after(start_day))
    with pytest.raises(ConsultationError, match="DC4"):
        services.answer_opinions(
            actor=world.bob, opinions=[o], kind=AnswerKind.NOT_OPINION, text=""
        )
    services.answer_opinions(
        actor=world.bob, opinions=[o], kind=AnswerKind.NOT_OPINION, text=REASON
    )
    assert services.unanswered(consultation) == 0
    publish_on(consultation, _after(start_day))


def test_dc4_public_summary_keeps_the_row_with_the_reason_instead_of_the_text(
    world, consultation, start_day, publish_on
):  # type: ignore[no-untyped-def]
    good = services.submit_public_opinion(
        consultation=consultation, text="Đề nghị bổ sung Điều 3", today=start_day
    )
    bad = services.submit_public_opinion(consultation=consultation, text=ABUSE, today=start_day)
    services.hide_opinion(actor=world.bob, opinion=bad, reason=REASON)
    services.answer_opinions(
        actor=world.bob, opinions=[good], kind=AnswerKind.ACCEPT, text="Đã bổ sung khoản 3"
    )
    services.answer_opinions(
        actor=world.bob, opinions=[bad], kind=AnswerKind.NOT_OPINION, text=REASON
    )
    publish_on(consultation, _after(start_day))
    public = selectors.summary_rows(consultation, public=True)
    inner = selectors.summary_rows(consultation)
    assert len(public) == len(inner) == 2
    i = [row[2] for row in inner].index(ABUSE)
    assert ABUSE not in public[i][2] and REASON in public[i][2]
    assert public[i][4] == f"Không phải ý kiến góp ý: {REASON}"
    page = Client().get(reverse("consultations:public", args=[consultation.slug])).content.decode()
    assert ABUSE not in page and REASON in page and "Đề nghị bổ sung Điều 3" in page
    api = Client().get(f"/api/consultations/public/{consultation.slug}/").json()
    assert [r["opinion"] for r in api["summary"]][1] == public[1][2]
    intro = papers.summary_document(consultation, public=True).body[0].text  # type: ignore[attr-defined]
    assert (
        "nhận được 2 ý kiến; đã tiếp thu 1 ý kiến, giải trình 0 ý kiến; 1 nội dung không " in intro
    )


def test_ld8_text_found_not_an_opinion_leaves_the_majority(world, consultation, start_day):  # type: ignore[no-untyped-def]
    for text, stance in [
        ("Đồng ý", Stance.SUPPORT),
        ("Không đồng ý", Stance.OPPOSE),
        (ABUSE, Stance.OPPOSE),
    ]:
        services.submit_public_opinion(
            consultation=consultation, text=text, stance=stance, today=start_day
        )
    m = services.majority(consultation)
    assert (m.support, m.oppose, m.view) == (1, 2, rules.Stance.OPPOSE)
    spam = consultation.opinions.get(text=ABUSE)
    services.answer_opinions(
        actor=world.bob, opinions=[spam], kind=AnswerKind.NOT_OPINION, text=REASON
    )
    m = services.majority(consultation)
    assert (m.support, m.oppose, m.view) == (1, 1, None)


def test_dc4_only_the_drafting_team_hides_opinions(world, consultation, actors, start_day):  # type: ignore[no-untyped-def]
    o = services.submit_public_opinion(consultation=consultation, text=ABUSE, today=start_day)
    url = reverse("consultations:opinion_hide", args=[consultation.pk, o.pk])
    for user in (actors.council, actors.supervisor, world.carol):
        assert client_for(user).post(url, {"reason": REASON}).status_code == 403
    o.refresh_from_db()
    assert not o.is_hidden
    page = client_for(actors.drafter).get(reverse("consultations:opinions", args=[consultation.pk]))
    assert url in page.content.decode()
    assert client_for(actors.drafter).post(url, {"reason": REASON}).status_code == 302
    o.refresh_from_db()
    assert o.is_hidden and o.hidden_by == actors.drafter
    show = reverse("consultations:opinion_show", args=[consultation.pk, o.pk])
    assert client_for(actors.drafter).post(show).status_code == 302
    o.refresh_from_db()
    assert not o.is_hidden
