"""Services and selectors against the database: each rule refused or flagged where it breaks."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.audit.models import AuditEntry
from danchu.consultations import selectors, services
from danchu.consultations.models import (
    AnswerKind,
    Audience,
    Body,
    Channel,
    Form,
    Opinion,
    Outcome,
    Phase,
    Source,
    Stance,
    Status,
)
from danchu.consultations.selectors import State
from danchu.consultations.services import ConsultationError

from .conftest import DRAFT, build, evidence

pytestmark = pytest.mark.django_db


def _steps(c, today):  # type: ignore[no-untyped-def]
    return {(s.rule, s.title): s for s in selectors.steps(c, today)}


def _step(c, rule, today):  # type: ignore[no-untyped-def]
    return [s for s in selectors.steps(c, today) if s.rule == rule]


def _close_and_answer(world, c, start_day, at):  # type: ignore[no-untyped-def]
    """Answer every opinion and publish the summary after the window."""
    if c.opinions.exists():
        services.answer_opinions(
            actor=world.bob,
            opinions=list(c.opinions.all()),
            kind=AnswerKind.EXPLAIN,
            text="Đã được quy định tại Luật Thực hiện dân chủ ở cơ sở.",
        )
    at(start_day + dt.timedelta(days=26))
    services.publish_summary(actor=world.bob, consultation=c)


def _issue(at, world, c, today, outcome=Outcome.ADOPTED, reason=""):  # type: ignore[no-untyped-def]
    at(today)
    return services.issue_regulation(
        actor=world.bob,
        consultation=c,
        outcome=outcome,
        number="12/QĐ-UBND",
        issued_on=today,
        signer_authority="TM.",
        signer_position="Chủ tịch",
        signer_name="Trương Tiến Dũng",
        reason=reason,
    )


# Draft and versions ---------------------------------------------------------------------------
def test_draft_is_stored_with_chapters_articles_and_clauses(consultation):  # type: ignore[no-untyped-def]
    version = consultation.consulted_version
    arts = selectors.articles(version)
    assert [a.provision.label for a in arts] == ["Điều 1", "Điều 2", "Điều 3"]
    assert [c.number for c in arts[2].clauses] == ["1", "2"]
    assert arts[2].chapter.title == "CÔNG KHAI THÔNG TIN"


def test_new_version_records_what_changed_in_the_audit_trail(world, consultation):  # type: ignore[no-untyped-def]
    v2 = services.add_version(
        actor=world.bob,
        consultation=consultation,
        text=DRAFT.replace("Dự toán, quyết toán", "Dự toán, quyết toán, công khai"),
        note="Tiếp thu ý kiến",
    )
    assert v2.number == 2
    entry = AuditEntry.objects.filter(action="consultations.version.added").order_by("seq").last()
    assert entry.changes["changed"] == ["changed Điều 3"]


def test_docx_import_makes_a_version(world, consultation):  # type: ignore[no-untyped-def]
    document = docx.Document()
    for line in DRAFT.splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    upload = SimpleUploadedFile("du-thao.docx", buf.getvalue())
    v = services.import_docx(actor=world.bob, consultation=consultation, file=upload)
    assert v.number == 2 and v.provisions.filter(kind="article").count() == 3
    assert v.source_file.name.endswith(".docx")


def test_not_a_docx_is_refused_in_vietnamese(world, consultation):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("du-thao.docx", b"not a zip")
    with pytest.raises(ConsultationError) as exc:
        services.import_docx(actor=world.bob, consultation=consultation, file=upload)
    assert "du-thao.docx" in exc.value.messages[0]
    assert "DOCX" in exc.value.messages[0]


def test_text_without_articles_is_refused(world, consultation):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError, match="Không tìm thấy điều"):
        services.add_version(actor=world.bob, consultation=consultation, text="Lời văn")


# DC1 ------------------------------------------------------------------------------------------
def test_dc1_union_gathering_citizens_is_refused(world, start_day):  # type: ignore[no-untyped-def]
    c = build(world, start_day)
    with pytest.raises(ConsultationError) as exc:
        services.set_audience(
            actor=world.bob,
            consultation=c,
            audience=Audience.CITIZENS,
            gatherings=[
                (Body.COUNCIL, Form.CONFERENCE),
                (Body.FRONT, Form.CONFERENCE),
                (Body.UNION, Form.CHAT_GROUP),
            ],
            window_start=start_day,
            window_end=start_day + dt.timedelta(days=30),
        )
    assert exc.value.messages[0].startswith("DC1")


def test_dc1_staff_cannot_be_consulted_on_the_committees_regulation(world, start_day):  # type: ignore[no-untyped-def]
    c = build(world, start_day)
    with pytest.raises(ConsultationError, match="DC1"):
        services.set_audience(
            actor=world.bob,
            consultation=c,
            audience=Audience.STAFF,
            gatherings=[(Body.UNION, Form.STAFF_CONFERENCE)],
            window_start=start_day,
            window_end=start_day + dt.timedelta(days=5),
        )


def test_dc1_front_conference_opinion_needs_the_front_in_the_plan(world, start_day):  # type: ignore[no-untyped-def]
    c = build(world, start_day, scope="agency")
    services.publish_consultation(actor=world.bob, consultation=c)
    with pytest.raises(ConsultationError, match="DC1"):
        services.enter_opinion(
            actor=world.bob,
            consultation=c,
            source=Source.FRONT_CONFERENCE,
            text="Ý kiến",
            received_on=start_day,
            backdate_reason="Hội nghị đã họp, nay mới nhập.",
            backdate_evidence=evidence(),
        )


# DC2 ------------------------------------------------------------------------------------------
def test_dc2_short_citizens_window_is_refused_with_the_reason(world, start_day):  # type: ignore[no-untyped-def]
    c = build(world, start_day)
    with pytest.raises(ConsultationError) as exc:
        services.set_audience(
            actor=world.bob,
            consultation=c,
            audience=Audience.CITIZENS,
            gatherings=[(Body.COUNCIL, Form.CONFERENCE), (Body.FRONT, Form.CONFERENCE)],
            window_start=start_day,
            window_end=start_day + dt.timedelta(days=15),
        )
    message = exc.value.messages[0]
    assert message.startswith("DC2") and "20" in message and "15" in message
    assert c.audiences.get().window_end == start_day + dt.timedelta(days=25)  # unchanged


def test_dc2_moving_publication_later_rechecks_the_window(world, consultation, start_day):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError, match="DC2"):
        services.set_plan(
            actor=world.bob,
            consultation=consultation,
            plan_number="05/KH-UBND",
            plan_date=None,
            content_published_on=start_day + dt.timedelta(days=10),
        )


def test_dc2_public_opinion_accepted_in_window_refused_after(consultation, start_day):  # type: ignore[no-untyped-def]
    o = services.submit_public_opinion(
        consultation=consultation, text="Đề nghị bổ sung", article_number="3", today=start_day
    )
    assert o.source == Source.PUBLIC_PAGE and o.audience == Audience.CITIZENS
    last = start_day + dt.timedelta(days=25)
    services.submit_public_opinion(consultation=consultation, text="Ngày cuối", today=last)
    with pytest.raises(ConsultationError):
        services.submit_public_opinion(
            consultation=consultation, text="Quá hạn", today=last + dt.timedelta(days=1)
        )


def test_public_opinion_on_unknown_article_is_refused(consultation, start_day):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError, match="9"):
        services.submit_public_opinion(
            consultation=consultation, text="x", article_number="9", today=start_day
        )


def test_dc2_issue_blocked_while_window_open(world, consultation, start_day, at):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError, match="DC2"):
        _issue(at, world, consultation, start_day + dt.timedelta(days=3))


# DC3 ------------------------------------------------------------------------------------------
def _publish_plan_everywhere(world, c, start_day, villages, *, skip_village=None):  # type: ignore[no-untyped-def]
    month = start_day + dt.timedelta(days=29)

    def record(channel, end=None, village=None):  # type: ignore[no-untyped-def]
        services.record_publication(
            actor=world.bob,
            consultation=c,
            phase=Phase.PLAN,
            channel=channel,
            village=village,
            start=start_day,
            end=end,
            evidence=SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0photo"),
            backdate_reason="Niêm yết từ trước, nay mới ghi nhận.",
        )

    record(Channel.RADIO, start_day + dt.timedelta(days=2))
    record(Channel.POSTING_OFFICE, month)
    record(Channel.SOFTWARE)
    for v in villages:
        if v != skip_village:
            record(Channel.POSTING_VILLAGE, month, v)
            record(Channel.VILLAGE_HEAD, month, v)


def test_dc3_full_publication_is_met(world, consultation, start_day, village_a2):  # type: ignore[no-untyped-def]
    _publish_plan_everywhere(world, consultation, start_day, [world.village_a1, village_a2])
    (dc3,) = _step(consultation, "DC3", start_day + dt.timedelta(days=40))
    assert dc3.state == State.MET, dc3.notes


def test_dc3_village_not_reached_is_flagged(world, consultation, start_day, village_a2):  # type: ignore[no-untyped-def]
    _publish_plan_everywhere(
        world, consultation, start_day, [world.village_a1, village_a2], skip_village=village_a2
    )
    (dc3,) = _step(consultation, "DC3", start_day + dt.timedelta(days=40))
    assert dc3.state == State.FLAGGED
    assert sum("Thôn 2" in n for n in dc3.notes) == 2


def test_dc3_radio_below_minimum_is_flagged(world, consultation, start_day):  # type: ignore[no-untyped-def]
    _publish_plan_everywhere(world, consultation, start_day, [world.village_a1])
    services.record_publication(
        actor=world.bob,
        consultation=consultation,
        phase=Phase.PLAN,
        channel=Channel.RADIO,
        start=start_day + dt.timedelta(days=5),
        end=start_day + dt.timedelta(days=5),
    )
    # The best radio record (3 days, with evidence) still counts: no flag.
    (dc3,) = _step(consultation, "DC3", start_day + dt.timedelta(days=40))
    assert dc3.state == State.MET
    consultation.publications.filter(channel=Channel.RADIO).order_by("pk").first().delete()
    (dc3,) = _step(consultation, "DC3", start_day + dt.timedelta(days=40))
    assert dc3.state == State.FLAGGED
    assert any("1" in n and "3" in n for n in dc3.notes)


def test_dc3_per_village_channel_needs_a_village_of_this_commune(world, consultation, start_day):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError):
        services.record_publication(
            actor=world.bob,
            consultation=consultation,
            phase=Phase.PLAN,
            channel=Channel.VILLAGE_HEAD,
            start=start_day,
        )
    with pytest.raises(ConsultationError):
        services.record_publication(
            actor=world.bob,
            consultation=consultation,
            phase=Phase.PLAN,
            channel=Channel.VILLAGE_HEAD,
            start=start_day,
            village=world.commune_b,
        )


# DC4 ------------------------------------------------------------------------------------------
def test_dc4_issue_blocked_while_an_opinion_is_unanswered(
    world, consultation, start_day, publish_on, at
):  # type: ignore[no-untyped-def]
    services.submit_public_opinion(consultation=consultation, text="Ý kiến", today=start_day)
    after = start_day + dt.timedelta(days=30)
    with pytest.raises(ConsultationError) as exc:
        _issue(at, world, consultation, after)
    assert any(m.startswith("DC4") for m in exc.value.messages)
    with pytest.raises(ConsultationError, match="DC4"):
        publish_on(consultation, after)
    _close_and_answer(world, consultation, start_day, at)
    _issue(at, world, consultation, after)
    consultation.refresh_from_db()
    assert consultation.status == Status.ISSUED
    assert consultation.issued_version == consultation.latest_version()


def test_dc4_answer_needs_the_change_or_the_reason(world, consultation, start_day):  # type: ignore[no-untyped-def]
    o = services.submit_public_opinion(consultation=consultation, text="Ý kiến", today=start_day)
    with pytest.raises(ConsultationError, match="DC4"):
        services.answer_opinions(actor=world.bob, opinions=[o], kind=AnswerKind.ACCEPT, text=" ")
    services.answer_opinions(
        actor=world.bob, opinions=[o], kind=AnswerKind.ACCEPT, text="Đã sửa khoản 2 Điều 3"
    )
    o.refresh_from_db()
    assert o.is_answered and o.answered_by == world.bob


def test_dc4_summary_rows_carry_number_article_opinion_source_answer(
    world, consultation, start_day, at
):  # type: ignore[no-untyped-def]
    services.enter_opinion(
        actor=world.bob,
        consultation=consultation,
        source=Source.FRONT_CONFERENCE,
        text="Bổ sung công khai quỹ",
        article_number="3",
        received_on=start_day,
        backdate_reason="Hội nghị đã họp, nay mới nhập.",
        backdate_evidence=evidence(),
        source_detail="Hội nghị Thôn 1, 05/3",
    )
    services.submit_public_opinion(consultation=consultation, text="Nhất trí", today=start_day)
    _close_and_answer(world, consultation, start_day, at)
    rows = selectors.summary_rows(consultation)
    assert rows[0][:2] == ("1", "Toàn văn dự thảo")
    assert rows[1][1] == "Điều 3" and "Hội nghị Thôn 1" in rows[1][3]
    assert rows[1][4].startswith("Giải trình: ")


def test_dc4_answers_freeze_once_the_summary_is_published(world, consultation, start_day, at):  # type: ignore[no-untyped-def]
    o = services.submit_public_opinion(consultation=consultation, text="Ý kiến", today=start_day)
    _close_and_answer(world, consultation, start_day, at)
    with pytest.raises(ConsultationError, match="DC4"):
        services.answer_opinions(actor=world.bob, opinions=[o], kind="accept", text="Sửa")


def test_similar_opinions_are_grouped_per_article(world, consultation, start_day):  # type: ignore[no-untyped-def]
    for text, art in [
        ("Đề nghị bổ sung công khai ngân sách", "3"),
        ("đề nghị bổ sung công khai ngân sách.", "3"),
        ("Thời gian niêm yết quá ngắn", "3"),
        ("Đề nghị bổ sung công khai ngân sách", "2"),
    ]:
        services.submit_public_opinion(
            consultation=consultation, text=text, article_number=art, today=start_day
        )
    groups = selectors.grouped_opinions(consultation)
    assert [g.article for g in groups] == ["Điều 2", "Điều 3", "Điều 3"]
    assert sorted((g.article, len(g.opinions), g.duplicates) for g in groups) == [
        ("Điều 2", 1, 0),
        ("Điều 3", 1, 0),
        ("Điều 3", 2, 1),
    ]


# DC5 ------------------------------------------------------------------------------------------
def _issued(at, world, consultation, start_day, issued_on=None):  # type: ignore[no-untyped-def]
    _close_and_answer(world, consultation, start_day, at)
    issued_on = issued_on or start_day + dt.timedelta(days=30)
    _issue(at, world, consultation, issued_on)
    return issued_on


def test_dc5_regulation_publication_after_five_working_days_is_late(
    world, consultation, start_day, at
):  # type: ignore[no-untyped-def]
    issued_on = _issued(at, world, consultation, start_day)
    from danchu.consultations import rules

    due = rules.regulation_start_due(rules.Scope.COMMUNE, issued_on)
    ev = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0photo")
    at(due + dt.timedelta(days=1))
    for ch in (Channel.POSTING_OFFICE, Channel.SOFTWARE):
        services.record_publication(
            actor=world.bob,
            consultation=consultation,
            phase=Phase.REGULATION,
            channel=ch,
            start=due + dt.timedelta(days=1),
            evidence=ev,
        )
    (dc5,) = _step(consultation, "DC5", due + dt.timedelta(days=20))
    assert dc5.state == State.LATE and dc5.due == due


def test_dc5_nothing_published_after_the_deadline_is_missed(world, consultation, start_day, at):  # type: ignore[no-untyped-def]
    issued_on = _issued(at, world, consultation, start_day)
    (dc5,) = _step(consultation, "DC5", issued_on + dt.timedelta(days=30))
    assert dc5.state == State.MISSED


def test_dc5_regulation_publication_refused_before_issue(at, world, consultation, start_day):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError, match="DC5"):
        services.record_publication(
            actor=world.bob,
            consultation=consultation,
            phase=Phase.REGULATION,
            channel=Channel.SOFTWARE,
            start=start_day,
        )


# DC6 ------------------------------------------------------------------------------------------
def test_dc6_report_missed_after_the_session(world, consultation, start_day, at):  # type: ignore[no-untyped-def]
    issued_on = _issued(at, world, consultation, start_day)
    session = issued_on + dt.timedelta(days=20)
    services.set_council_report(actor=world.bob, consultation=consultation, session_on=session)
    (dc6,) = _step(consultation, "DC6", session + dt.timedelta(days=1))
    assert dc6.state == State.MISSED
    at(session)
    services.set_council_report(
        actor=world.bob,
        consultation=consultation,
        session_on=session,
        presented_on=session,
        sent_to_front_on=session - dt.timedelta(days=2),
        backdate_reason="Công văn gửi MTTQ hai ngày trước kỳ họp.",
        backdate_evidence=evidence(),
    )
    (dc6,) = _step(consultation, "DC6", session + dt.timedelta(days=1))
    assert dc6.state == State.MET


# DC7 ------------------------------------------------------------------------------------------
def test_dc7_late_aggregate_is_flagged(world, consultation, start_day):  # type: ignore[no-untyped-def]
    due = start_day + dt.timedelta(days=30)
    send = services.set_send_due(
        actor=world.bob, consultation=consultation, body=Body.FRONT, due=due
    )
    sent = due + dt.timedelta(days=2)
    with pytest.raises(ConsultationError, match="DC7"):
        services.record_send(actor=world.bob, send=send, sent_on=sent, today=sent - dt.timedelta(1))
    send.refresh_from_db()
    assert send.sent_on is None
    services.record_send(actor=world.bob, send=send, sent_on=sent, today=sent)
    (dc7,) = _step(consultation, "DC7", due + dt.timedelta(days=5))
    assert dc7.state == State.LATE


def test_dc7_due_before_the_window_closes_is_refused(world, consultation, start_day):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError, match="DC7"):
        services.set_send_due(
            actor=world.bob,
            consultation=consultation,
            body=Body.COUNCIL,
            due=start_day + dt.timedelta(days=10),
        )


def test_dc7_union_has_no_send_in_a_citizens_plan(world, consultation, start_day):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError, match="DC7"):
        services.set_send_due(
            actor=world.bob,
            consultation=consultation,
            body=Body.UNION,
            due=start_day + dt.timedelta(days=30),
        )


# LD8 ------------------------------------------------------------------------------------------
def test_ld8_adopting_against_the_majority_needs_the_reason(world, consultation, start_day, at):  # type: ignore[no-untyped-def]
    for stance in (Stance.OPPOSE, Stance.OPPOSE, Stance.SUPPORT):
        services.submit_public_opinion(
            consultation=consultation, text=f"Ý kiến {stance}", stance=stance, today=start_day
        )
    _close_and_answer(world, consultation, start_day, at)
    after = start_day + dt.timedelta(days=30)
    with pytest.raises(ConsultationError, match="LD8"):
        _issue(at, world, consultation, after)
    _issue(at, world, consultation, after, reason="Bảo đảm đúng quy định của Luật.")
    (ld8,) = _step(consultation, "LD8", after)
    assert ld8.state == State.MET and "Bảo đảm đúng quy định của Luật." in ld8.notes


def test_ld8_rejecting_with_the_majority_needs_no_reason(world, consultation, start_day, at):  # type: ignore[no-untyped-def]
    services.submit_public_opinion(
        consultation=consultation, text="Không tán thành", stance=Stance.OPPOSE, today=start_day
    )
    _close_and_answer(world, consultation, start_day, at)
    _issue(at, world, consultation, start_day + dt.timedelta(days=30), outcome=Outcome.REJECTED)
    consultation.refresh_from_db()
    assert consultation.issued_version is None


# Audit ----------------------------------------------------------------------------------------
def test_every_write_leaves_an_audit_entry_and_public_opinions_name_no_one(consultation, start_day):  # type: ignore[no-untyped-def]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "consultations.created",
        "consultations.version.added",
        "consultations.plan.set",
        "consultations.audience.set",
        "consultations.published",
    } <= actions
    o = services.submit_public_opinion(
        consultation=consultation, text="Ý kiến", contact="0912345678", today=start_day
    )
    # Issue 10, point 5: a public-page opinion has no audit entry of its own (one audited
    # count when the summary is published); the contact stays only on the opinion.
    assert not AuditEntry.objects.filter(action="consultations.opinion.submitted").exists()
    assert "0912345678" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))
    assert Opinion.objects.get(pk=o.pk).contact == "0912345678"
