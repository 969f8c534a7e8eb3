"""Issue 10, "records that hold", on the confidence-vote side: the minutes (CV10) and the report
(CV12) are issued once and served as issued, the admin is read-only, a round's settings change
only through its service, and an announced result is locked until it is reopened, with a
reason, as its own audited step."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from danchu.audit.models import AuditEntry
from danchu.documents import issuing
from danchu.documents.models import IssuedDocument, IssuedFile
from danchu.testing import factories as f
from danchu.testing.factories import client_for
from danchu.votes import rules, services
from danchu.votes.models import Reopening, RoundStatus, SubjectResult, VoteRound
from danchu.votes.services import VoteError
from danchu.votes.tests.conftest import D, VoteWorld, counted_round, open_round

pytestmark = pytest.mark.django_db

PAPERS = [["1", "3", "2"], ["1", "3", "2"], ["2", "3", "1"], ["1", "1", "3"], ["X", "3", "2"]]


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def second_round(vw: VoteWorld, title: str = "Lấy phiếu tín nhiệm bổ sung") -> VoteWorld:
    """Another round of the same authority, on another post, with the same voters (issue 11:
    the same post is voted once in a term, CV2)."""
    from danchu.votes.tests.conftest import leader_post

    vote = services.create_round(
        actor=vw.chair, title=title, authority=vw.w.ubnd_a, vote_day=D, place="Hội trường"
    )
    post = leader_post(
        vw.w.ubnd_a, "Trưởng Công an xã", f"ca-{title[-3:]}", full_name="Hà Văn Dũng"
    )
    subject = services.add_subject(actor=vw.chair, vote=vote, assignment=post)
    for user in vw.voters:
        services.add_voter(actor=vw.chair, vote=vote, person=user.person)
    return VoteWorld(vw.w, vote, vw.chair, vw.voters, vw.subject_user, [subject])


def close_on(vw: VoteWorld, on: dt.date, papers: list[list[str]]) -> VoteRound:
    """Open the round, type ``papers`` (no serials: the board records why) and close the count
    on ``on``."""
    vote = open_round(vw)
    services.close_voting(actor=vw.head, vote=vote)
    for i, lines in enumerate(papers, start=1):
        services.enter_paper_ballot(actor=vw.head, vote=vote, seq=i, lines=lines)
    services.close_count(actor=vw.head, vote=vote, on=on, reason="Phiếu không in số sê-ri.")
    vote.refresh_from_db()
    return vote


def minutes_of(vote: VoteRound) -> IssuedDocument:
    doc = issuing.current(vote, services.MINUTES)
    assert doc is not None
    return doc


# 1. Minutes numbered when the count closes, in that order; re-downloads byte-identical --------


def test_records_hold_cv10_minutes_numbered_in_the_order_counts_closed_not_downloaded(
    vw, clock
) -> None:  # type: ignore[no-untyped-def]
    """Issue 10 scenario: minutes dated 08/12 were 01/BB and minutes dated earlier 02/BB, the
    number being taken at first download. Now the number is taken when the count closes."""
    clock.move_to(dt.datetime(2026, 11, 20, 16, 0))
    first = close_on(vw, D, [["1", "2", "3"], ["1", "1", "1"]])
    other = second_round(vw)
    clock.move_to(dt.datetime(2026, 12, 8, 16, 0))
    later = close_on(other, dt.date(2026, 12, 8), [["1"], ["3"]])
    assert first.minutes_number == "01/BB-UBND" and later.minutes_number == "02/BB-UBND"
    # Downloaded the other way round: the numbers do not move.
    head = client_for(vw.head)
    r_later = head.get(reverse("votes:minutes_pdf", args=[later.pk]))
    r_first = head.get(reverse("votes:minutes_pdf", args=[first.pk]))
    assert r_later["X-Danchu-Document-Number"] == "02/BB-UBND"
    assert r_first["X-Danchu-Document-Number"] == "01/BB-UBND"
    assert "01/BB-UBND" in pdf_text(r_first.content)
    assert minutes_of(first).issued_on == D
    assert minutes_of(later).issued_on == dt.date(2026, 12, 8)


def test_records_hold_cv10_minutes_redownloaded_byte_for_byte_after_other_rounds_issue(
    vw,
) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS)
    head = client_for(vw.head)
    pdf = head.get(reverse("votes:minutes_pdf", args=[vote.pk]))
    docx = head.get(reverse("votes:minutes_docx", args=[vote.pk]) + "?copy=2")
    one = head.get(reverse("votes:minutes_pdf", args=[vote.pk]) + "?copy=1")
    assert pdf.status_code == docx.status_code == one.status_code == 200
    assert "Bản số: 1/3" in pdf_text(one.content) and "Bản số: 2/3" not in pdf_text(one.content)
    # Another round of the same authority closes and takes the next number.
    other = close_on(second_round(vw), D, [["1"], ["2"]])
    assert other.minutes_number == "02/BB-UBND"
    again = head.get(reverse("votes:minutes_pdf", args=[vote.pk]))
    assert again.content == pdf.content and again["ETag"] == pdf["ETag"]
    assert head.get(reverse("votes:minutes_docx", args=[vote.pk]) + "?copy=2").content == (
        docx.content
    )
    assert "01/BB-UBND" in pdf_text(again.content)
    # MẬT: every copy stored, encrypted at rest; the clear figures are totals only.
    doc = minutes_of(vote)
    files = IssuedFile.objects.filter(document=doc)
    assert {(x.fmt, x.copy) for x in files} == {
        ("pdf", 0),
        *((fmt, n) for fmt in ("pdf", "docx") for n in (1, 2, 3)),
    }
    assert all(x.encrypted and b"%PDF" not in bytes(x.content) for x in files)
    assert doc.secret and doc.figures["returned"] == 5 and "subjects" not in doc.figures
    assert AuditEntry.objects.filter(action="documents.issued").exists()


def test_records_hold_cv10_corrected_minutes_name_the_old_which_stays_readable(vw) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS)
    head = client_for(vw.head)
    old = minutes_of(vote)
    old_pdf = head.get(reverse("votes:minutes_pdf", args=[vote.pk])).content
    url = reverse("votes:action", args=[vote.pk, "correct_minutes"])
    assert client_for(vw.voters[1]).post(url, {"reason": "x"}).status_code == 403  # not the head
    assert client_for(vw.w.dave).post(url, {"reason": "x"}).status_code == 403
    head.post(url, {"reason": ""})
    assert minutes_of(vote).pk == old.pk  # no reason, no correction
    head.post(url, {"reason": "Ghi sai tên thư ký"})
    new = minutes_of(vote)
    assert new.pk != old.pk and new.replaces_id == old.pk and new.number == "02/BB-UBND"
    assert new.correction_reason == "Ghi sai tên thư ký"
    text = pdf_text(head.get(reverse("votes:minutes_pdf", args=[vote.pk])).content)
    assert "thay thế biên bản số 01/BB-UBND" in text and "Ghi sai tên thư ký" in text
    vote.refresh_from_db()
    assert vote.minutes_number == "02/BB-UBND"
    # The old minutes stay readable, as issued, from the round's page.
    page = head.get(reverse("votes:detail", args=[vote.pk])).content.decode()
    old_url = reverse("votes:issued_document", args=[vote.pk, old.pk, "pdf"])
    assert old_url in page and "01/BB-UBND" in page and "Ghi sai tên thư ký" in page
    assert head.get(old_url).content == old_pdf
    assert client_for(vw.w.dave).get(old_url).status_code == 403
    assert AuditEntry.objects.filter(action="votes.minutes.corrected").count() == 1
    assert AuditEntry.objects.filter(action="documents.corrected").count() == 1


def test_records_hold_cv10_round_closed_before_the_change_gets_minutes_on_first_download(
    vw,
) -> None:  # type: ignore[no-untyped-def]
    """A round counted before minutes were issued at the close: issued on first download,
    dated the day its count closed, keeping the number it had already taken."""
    vote = counted_round(vw, PAPERS)
    doc = minutes_of(vote)
    IssuedFile.objects.filter(document=doc).delete()
    doc.delete()
    VoteRound.objects.filter(pk=vote.pk).update(minutes_number="07/BB-UBND")
    head = client_for(vw.head)
    first = head.get(reverse("votes:minutes_pdf", args=[vote.pk]))
    legacy = minutes_of(vote)
    assert legacy.number == "07/BB-UBND" and legacy.issued_on == D
    assert head.get(reverse("votes:minutes_pdf", args=[vote.pk])).content == first.content


# 2. CV12 report: a draft until sent, then frozen with the late steps as they were ------------


def test_records_hold_cv12_report_sent_is_served_as_sent(vw) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS)
    alice = client_for(vw.w.alice)  # the authority directly managing the subjects
    pdf_url = reverse("votes:report", args=[vote.pk, "pdf"])
    draft = alice.get(pdf_url)
    assert "DỰ THẢO" in pdf_text(draft.content) and "du-thao" in draft["Content-Disposition"]
    send = reverse("votes:action", args=[vote.pk, "send_report"])
    assert client_for(vw.head).post(send).status_code == 403  # the board does not send it
    assert client_for(vw.voters[4]).post(send).status_code == 403
    assert client_for(vw.w.dave).post(send).status_code == 403
    page = client_for(vw.chair).get(reverse("votes:detail", args=[vote.pk])).content.decode()
    assert send in page
    client_for(vw.chair).post(send)
    doc = issuing.current(vote, services.REPORT)
    assert doc is not None and doc.number == "02/BC-UBND" and doc.issued_on == dt.date(2026, 11, 22)
    late_at_sending = doc.figures["late"]
    assert late_at_sending and doc.figures["subjects"][0]["full_name"] == "Nguyễn Văn An"
    sent = alice.get(pdf_url)
    text = pdf_text(sent.content)
    # Issue 11: MẬT, so from the secret series the minutes (01/BB) opened.
    assert "02/BC-UBND" in text and "DỰ THẢO" not in text and "chậm hạn (CV4)" in text
    xlsx = alice.get(reverse("votes:report", args=[vote.pk, "xlsx"]))
    # What the late steps rest on changes afterwards (a dossier date, the days passing): the
    # sent report does not recompute them.
    vote.subjects.update(self_report_on=dt.date(2026, 10, 1))
    VoteRound.objects.filter(pk=vote.pk).update(dossiers_sent_on=dt.date(2026, 11, 1))
    assert alice.get(pdf_url).content == sent.content
    assert alice.get(reverse("votes:report", args=[vote.pk, "xlsx"])).content == xlsx.content
    doc.refresh_from_db()
    assert doc.figures["late"] == late_at_sending
    client_for(vw.chair).post(send)  # a second sending is refused
    assert IssuedDocument.objects.filter(kind=services.REPORT).count() == 1
    assert AuditEntry.objects.filter(action="votes.report.sent").count() == 1


def test_records_hold_cv12_report_cannot_be_sent_before_announcement(vw) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS, announce=False)
    with pytest.raises(VoteError):
        services.send_report(actor=vw.chair, vote=vote)
    assert (
        client_for(vw.chair)
        .post(reverse("votes:action", args=[vote.pk, "send_report"]))
        .status_code
        == 403
    )


# 3. The admin is read-only; settings change through the service, which refuses contradictions


def test_records_hold_admin_refuses_add_change_delete_of_rounds(vw) -> None:  # type: ignore[no-untyped-def]
    """Issue 10 scenario: in the admin a user unticked double entry during counting and changed
    the vote day and the CV9 denominator after announcement, with no audit entry."""
    vote = counted_round(vw, PAPERS)
    su = f.UserFactory(username="su", is_staff=True, is_superuser=True)
    admin = client_for(su)
    change = reverse("admin:votes_voteround_change", args=[vote.pk])
    page = admin.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    posted = admin.post(
        change,
        {"title": "Sửa", "vote_day": "2026-12-01", "denominator": "convened", "double_entry": ""},
    )
    assert posted.status_code == 403
    assert admin.get(reverse("admin:votes_voteround_add")).status_code == 403
    assert (
        admin.post(
            reverse("admin:votes_voteround_delete", args=[vote.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    fresh = VoteRound.objects.get(pk=vote.pk)
    assert (fresh.vote_day, fresh.denominator, fresh.title) == (D, "returned", vote.title)
    assert not AuditEntry.objects.filter(action="votes.round.updated").exists()


def test_records_hold_double_entry_toggle_refused_once_entry_started(world) -> None:  # type: ignore[no-untyped-def]
    from danchu.votes.tests.conftest import build

    vw = build(world, double_entry=True)
    vote = open_round(vw)
    services.close_voting(actor=vw.head, vote=vote)
    services.enter_paper_ballot(actor=vw.head, vote=vote, seq=1, lines=["1", "2", "3"])
    services.enter_paper_ballot(
        actor=vw.voters[1], vote=vote, seq=1, lines=["1", "2", "1"], pass_no=2
    )
    with pytest.raises(VoteError, match="nhập phiếu hai lượt"):
        services.update_round(actor=vw.chair, vote=vote, double_entry=False)
    with pytest.raises(VoteError, match="kiểm phiếu"):
        services.update_round(actor=vw.chair, vote=vote, vote_day=dt.date(2026, 11, 21))
    vote.refresh_from_db()
    assert vote.double_entry and vote.vote_day == D
    # So the unresolved mismatch still stops the count.
    services.compare_passes(actor=vw.head, vote=vote)
    with pytest.raises(VoteError, match="không khớp"):
        services.close_count(actor=vw.head, vote=vote, on=D, reason="…")
    assert not SubjectResult.objects.filter(subject__round=vote).exists()


def test_records_hold_cv9_denominator_change_after_announcement_refused(vw) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS)
    with pytest.raises(VoteError, match="đã công bố"):
        services.update_round(actor=vw.chair, vote=vote, denominator="convened")
    with pytest.raises(VoteError, match="đã công bố"):
        services.update_round(actor=vw.chair, vote=vote, vote_day=dt.date(2026, 12, 1))
    vote.refresh_from_db()
    assert vote.denominator == "returned" and vote.vote_day == D
    assert not AuditEntry.objects.filter(action="votes.round.updated").exists()
    assert client_for(vw.chair).get(reverse("votes:edit", args=[vote.pk])).status_code == 403


def test_records_hold_settings_rule_matrix() -> None:
    """rules.setting_change_problem: what may change at each step, and why not."""
    allowed = {
        ("preparing", "vote_day"),
        ("preparing", "denominator"),
        ("preparing", "double_entry"),
        ("preparing", "evoting"),
        ("conference", "denominator"),
        ("conference", "double_entry"),
        ("conference", "evoting"),
    }
    for status in ("preparing", "conference", "voting", "counting", "counted", "announced"):
        for setting in ("vote_day", "denominator", "double_entry", "evoting"):
            problem = rules.setting_change_problem(setting, status=status)
            assert (problem == "") == ((status, setting) in allowed), (status, setting)
    assert rules.setting_change_problem("evoting", status="conference", codes_issued=True)
    assert "mở lại" in rules.setting_change_problem("denominator", status="announced")


# 4. Locked after announcement; reopening is its own audited step, shown on the results page ----


def test_records_hold_reopen_is_audited_shown_and_corrects_the_documents(vw, clock) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS)
    client_for(vw.chair).post(reverse("votes:action", args=[vote.pk, "send_report"]))
    old_minutes = minutes_of(vote)
    old_report = issuing.current(vote, services.REPORT)
    assert old_report is not None
    # Locked: nothing of the count changes while announced.
    with pytest.raises(VoteError):
        services.enter_paper_ballot(actor=vw.head, vote=vote, seq=1, lines=["3", "3", "3"])
    url = reverse("votes:action", args=[vote.pk, "reopen"])
    for user in (vw.head, vw.voters[4], vw.w.dave, vw.w.root):
        assert client_for(user).post(url, {"reason": "x"}).status_code == 403
    client_for(vw.chair).post(url, {"reason": ""})
    vote.refresh_from_db()
    assert vote.status == RoundStatus.ANNOUNCED  # no reason, no reopening
    clock.move_to(dt.datetime(2026, 11, 23, 10, 0))
    client_for(vw.chair).post(url, {"reason": "Phiếu số 1 nhập nhầm dòng 1"})
    vote.refresh_from_db()
    assert vote.status == RoundStatus.COUNTING and vote.announced_on is None
    assert not SubjectResult.objects.filter(subject__round=vote).exists()
    reopening = Reopening.objects.get(round=vote)
    assert reopening.reopened_by == vw.chair and reopening.from_status == "announced"
    entry = AuditEntry.objects.get(action="votes.result.reopened")
    assert entry.changes["reason"] == "Phiếu số 1 nhập nhầm dòng 1"
    # The board corrects the ballot, closes and announces again.
    serial = vote.paper_entries.get(seq=1, pass_no=1).serial
    services.enter_paper_ballot(
        actor=vw.head, vote=vote, seq=1, lines=["3", "3", "2"], serial=serial
    )
    services.close_count(actor=vw.head, vote=vote, on=dt.date(2026, 11, 23), reason="Nhập lại")
    services.announce(actor=vw.head, vote=vote, on=dt.date(2026, 11, 23))
    new_minutes, new_report = minutes_of(vote), issuing.current(vote, services.REPORT)
    assert new_minutes.replaces_id == old_minutes.pk and new_minutes.number == "03/BB-UBND"
    assert "Phiếu số 1 nhập nhầm dòng 1" in new_minutes.correction_reason
    assert new_report is not None and new_report.replaces_id == old_report.pk
    assert new_report.number == "04/BC-UBND"  # one secret series: 01/BB, 02/BC, 03/BB, 04/BC
    assert new_report.figures["late"] == old_report.figures["late"]
    assert new_report.figures["subjects"][0]["low"] == old_report.figures["subjects"][0]["low"] + 1
    # The results page says it was reopened: when, by whom, why.
    page = client_for(vw.voters[4]).get(reverse("votes:results", args=[vote.pk])).content.decode()
    assert "Phiếu số 1 nhập nhầm dòng 1" in page and "23/11/2026" in page
    assert vw.chair.display_name() in page and "Kết quả đã được mở lại" in page
    # Both reports stay readable; the old one as it was sent.
    alice = client_for(vw.w.alice)
    old_pdf = alice.get(reverse("votes:issued_document", args=[vote.pk, old_report.pk, "pdf"]))
    assert "02/BC-UBND" in pdf_text(old_pdf.content)
    assert "thay thế báo cáo số 02/BC-UBND" in pdf_text(
        alice.get(reverse("votes:report", args=[vote.pk, "pdf"])).content
    )
