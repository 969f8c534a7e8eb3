"""Disclosures made elsewhere enter the register by themselves (LD1, issue 13).

Receivers on the records those processes keep, connected in ``apps.ready``; nothing in the other
apps is edited, and each receiver only reads the saved record:

- a consultation of residents (DC) whose plan and draft are published (status no longer
  "preparing", publication day set) → category 11, dated by its plan, on the public page from
  the day the content was published, linked to the consultation's public page;
- the summary of opinions issued (``IssuedDocument`` of kind ``consultations.summary``) →
  category 11, dated the day it was issued, its stored document attached (a correction issued
  later replaces the attachment);
- a confidence vote held by the commune People's Council (a commune round counted over all
  convened, Resolution 96/2023/QH15) whose result is announced → category 10, dated the day it
  was announced. Rounds under Regulation 96-QĐ/TW (CV11: results told only to the voters, the
  managing authority and the subject) never enter the register.

Each source enters once (``source_ref`` is unique); saving the record again adds nothing.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from danchu.disclosures import rules
from danchu.disclosures.models import Source
from danchu.units.models import Level

SUMMARY_KIND = "consultations.summary"


def _consultation_ref(pk: Any, what: str) -> str:
    return f"consultations.consultation#{pk}:{what}"


def consultation_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    from danchu.consultations.models import Scope, Status
    from danchu.disclosures.services import ensure_from_source

    c = instance
    if raw or c.scope != Scope.COMMUNE or c.status == Status.PREPARING:
        return
    if c.content_published_on is None or c.unit.level != Level.COMMUNE:
        return
    ensure_from_source(
        source=Source.CONSULTATION_PLAN,
        source_ref=_consultation_ref(c.pk, "plan"),
        commune=c.unit,
        category=rules.CONSULTATION_CATEGORY,
        title=f"Kế hoạch và dự thảo lấy ý kiến Nhân dân: {c.title}"[:300],
        decided_on=c.plan_date or c.content_published_on,
        decision_ref=f"Kế hoạch số {c.plan_number}" if c.plan_number else "",
        link=reverse("consultations:public", args=[c.slug]),
        public_from=c.content_published_on,
    )


def document_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    from danchu.consultations.models import Consultation, Scope
    from danchu.disclosures.services import ensure_from_source

    doc = instance
    if raw or not created or doc.kind != SUMMARY_KIND:
        return
    c = Consultation.objects.select_related("unit").filter(pk=doc.target_id).first()
    if c is None or c.scope != Scope.COMMUNE or c.unit.level != Level.COMMUNE:
        return
    ensure_from_source(
        source=Source.CONSULTATION_SUMMARY,
        source_ref=_consultation_ref(c.pk, "summary"),
        commune=c.unit,
        category=rules.CONSULTATION_CATEGORY,
        title=f"Tổng hợp, tiếp thu, giải trình ý kiến: {c.title}"[:300],
        decided_on=doc.issued_on,
        decision_ref=f"Bảng tổng hợp số {doc.number}" if doc.number else "",
        link=reverse("consultations:public", args=[c.slug]),
        document=doc,
        public_from=doc.issued_on,
    )


def vote_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    from danchu.disclosures.services import ensure_from_source
    from danchu.votes.models import Denominator, RoundStatus

    vote = instance
    if raw or vote.status != RoundStatus.ANNOUNCED or vote.announced_on is None:
        return
    if vote.denominator != Denominator.CONVENED or vote.unit.level != Level.COMMUNE:
        return
    ensure_from_source(
        source=Source.VOTE_RESULT,
        source_ref=f"votes.voteround#{vote.pk}:result",
        commune=vote.unit,
        category=rules.CONFIDENCE_VOTE_CATEGORY,
        title=f"Kết quả lấy phiếu tín nhiệm: {vote.title}"[:300],
        decided_on=vote.announced_on,
        text=(
            f"Kết quả lấy phiếu tín nhiệm đã được công bố tại kỳ họp ngày "
            f"{vote.announced_on:%d/%m/%Y}."
        ),
        link=reverse("votes:detail", args=[vote.pk]),
    )


def connect() -> None:
    from django.db.models.signals import post_save

    from danchu.consultations.models import Consultation
    from danchu.documents.models import IssuedDocument
    from danchu.votes.models import VoteRound

    post_save.connect(
        consultation_saved, sender=Consultation, dispatch_uid="disclosures.consultation"
    )
    post_save.connect(document_saved, sender=IssuedDocument, dispatch_uid="disclosures.document")
    post_save.connect(vote_saved, sender=VoteRound, dispatch_uid="disclosures.vote")
