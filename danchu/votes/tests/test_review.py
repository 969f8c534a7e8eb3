"""Gaps closed in the review of issue 5: scanned QR codes (CV7), the shaken box (CV5), setting
D later, forwarded requests (CV4), late steps in the report (CV4/CV12), NFC texts."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from danchu.testing.factories import client_for
from danchu.votes import minutes, services
from danchu.votes.models import ElectronicBallot, RoundStatus, SubjectResult, VoteRound
from danchu.votes.services import VoteError
from danchu.votes.tests.conftest import D, open_round

pytestmark = pytest.mark.django_db


# CV7: the QR code on a paper ballot ------------------------------------------------------------


def test_cv7_scanned_qr_code_gives_the_serial_and_a_failed_check_is_not_issued(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    serials = services.issue_ballots(actor=vw.head, vote=vote, count=3, confirmed_by=vw.voters[1])
    services.close_voting(actor=vw.head, vote=vote)
    genuine = services.qr_payload(vote.pk, serials[0])
    home_made = f"CV{vote.pk}-{serials[1]}-0123456789"  # a serial copied, the check guessed
    other_round = services.qr_payload(vote.pk + 1, serials[2])
    for seq, serial in enumerate([genuine, home_made, other_round], start=1):
        services.enter_paper_ballot(
            actor=vw.head, vote=vote, seq=seq, lines=["1", "1", "1"], serial=serial
        )
    stored = list(vote.paper_entries.order_by("seq").values_list("serial", flat=True))
    assert stored == [serials[0], f"!{serials[1]}", f"!{serials[2]}"]
    with pytest.raises(VoteError, match="lý do"):
        services.close_count(actor=vw.head, vote=vote, on=D)
    services.close_count(actor=vw.head, vote=vote, on=D, reason="Hai phiếu giả")
    vote.refresh_from_db()
    texts = [a["text"] for a in vote.anomalies]
    assert sum("mã QR trên phiếu không khớp" in t for t in texts) == 2
    r1 = SubjectResult.objects.get(subject=vw.subjects[0])
    assert (r1.returned, r1.valid, r1.invalid, r1.high) == (3, 1, 2, 1)
    assert r1.invalid_reasons == {"not_issued": 2}


def test_cv7_over_long_serial_is_refused_clearly_and_nothing_is_written(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    services.issue_ballots(actor=vw.head, vote=vote, count=1, confirmed_by=vw.voters[1])
    services.close_voting(actor=vw.head, vote=vote)
    with pytest.raises(VoteError, match="dài quá 12 ký tự"):
        services.enter_paper_ballot(
            actor=vw.head, vote=vote, seq=1, lines=["1", "1", "1"], serial="1234567890123"
        )
    assert not vote.paper_entries.exists()


def test_cv7_paper_ballot_when_the_board_issued_no_paper_ballot_is_not_issued(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    codes = services.issue_codes(actor=vw.head, vote=vote, count=1, confirmed_by=vw.voters[1])
    services.submit_electronic_ballot(vote=vote, code=codes[0], lines=["1", "1", "1"])
    services.close_voting(actor=vw.head, vote=vote)
    services.enter_paper_ballot(
        actor=vw.head, vote=vote, seq=1, lines=["3", "3", "3"], serial="123456"
    )
    services.close_count(actor=vw.head, vote=vote, on=D, reason="Phiếu giấy lạ trong thùng")
    vote.refresh_from_db()
    r1 = SubjectResult.objects.get(subject=vw.subjects[0])
    assert (r1.returned, r1.valid, r1.high, r1.low) == (2, 1, 1, 0)
    assert "serial_not_issued" in {a["kind"] for a in vote.anomalies}


# CV5: no order links a ballot to its voter ------------------------------------------------------


def _physical_order(vote: VoteRound) -> list[str]:
    """The order the database keeps rows in underneath the random keys."""
    hidden = "rowid" if connection.vendor == "sqlite" else "ctid"
    table = ElectronicBallot._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT lines FROM {table} WHERE round_id = %s ORDER BY {hidden}", [vote.pk])
        return [row[0] for row in cur.fetchall()]


def test_cv5_box_is_shaken_when_voting_closes(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    ballots = [[a, b, c] for a in "123" for b in "123" for c in "12"][:12]
    codes = services.issue_codes(
        actor=vw.head,
        vote=vote,
        count=len(ballots),
        confirmed_by=vw.voters[1],
        reason="Thử nghiệm: nhiều mã hơn số người có mặt",
    )
    for code, lines in zip(codes, ballots, strict=True):
        services.submit_electronic_ballot(vote=vote, code=code, lines=lines)
    sent = ["|".join(lines) for lines in ballots]
    # While open, the rows are in arrival order but sealed: nothing readable in that order.
    assert _physical_order(vote) == [""] * len(ballots)
    services.close_voting(actor=vw.head, vote=vote)
    after = _physical_order(vote)
    assert sorted(after) == sorted(sent)  # nothing lost or doubled
    assert after != sent  # 1 chance in 12! of a false alarm


# D may be set later ------------------------------------------------------------------------------


def test_round_settings_page_sets_the_vote_day_later(world) -> None:  # type: ignore[no-untyped-def]
    from danchu.votes.tests.conftest import build

    vw = build(world)
    vote = services.create_round(actor=vw.chair, title="Chưa có ngày", authority=world.ubnd_a)
    url = reverse("votes:edit", args=[vote.pk])
    client = client_for(vw.chair)
    detail = client.get(reverse("votes:detail", args=[vote.pk])).content.decode()
    assert url in detail
    assert client.get(url).status_code == 200
    title = unicodedata.normalize("NFD", "Lấy phiếu  tín nhiệm")
    r = client.post(
        url,
        {
            "title": title,
            "vote_day": "2026-11-20",
            "place": "Hội trường",
            "legal_basis": "Quy định 96-QĐ/TW\nKế hoạch số 5",
            "denominator": "returned",
        },
    )
    assert r.status_code == 302
    vote.refresh_from_db()
    assert vote.vote_day == D and vote.authority == world.ubnd_a
    assert vote.title == "Lấy phiếu tín nhiệm" and unicodedata.is_normalized("NFC", vote.title)
    assert vote.legal_basis == "Quy định 96-QĐ/TW\nKế hoạch số 5"
    from danchu.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="votes.round.updated").exists()
    for user in [world.dave, world.carol, world.root, vw.voters[0]]:
        assert client_for(user).get(url).status_code == 403
    vote.status = RoundStatus.VOTING
    vote.save()
    assert client.get(url).status_code == 403


def test_round_texts_are_nfc_when_created(world) -> None:  # type: ignore[no-untyped-def]
    from danchu.votes.tests.conftest import build

    vw = build(world)
    basis = unicodedata.normalize("NFD", " Quy định  96-QĐ/TW \n Hướng dẫn 16 ")
    vote = services.create_round(
        actor=vw.chair, title="R", authority=world.ubnd_a, legal_basis=basis
    )
    assert vote.legal_basis == "Quy định 96-QĐ/TW\nHướng dẫn 16"


# CV4: requests reach the subject once forwarded; late steps in the report ----------------------


def test_cv4_subject_sees_a_request_once_the_office_forwards_it(vw) -> None:  # type: ignore[no-untyped-def]
    s = vw.subjects[0]
    req = services.request_clarification(
        actor=vw.voters[0],
        vote=vw.vote,
        voter=vw.vote.roster.first(),
        subject=s,
        text="Làm rõ việc kê khai tài sản",
        on=dt.date(2026, 11, 9),
    )
    url = reverse("votes:subject", args=[vw.vote.pk, s.pk])
    assert "Làm rõ việc kê khai" in client_for(vw.chair).get(url).content.decode()
    assert "Làm rõ việc kê khai" not in client_for(vw.subject_user).get(url).content.decode()
    client_for(vw.chair).post(
        reverse("votes:action", args=[vw.vote.pk, "forward"]), {"request": req.pk}
    )
    assert "Làm rõ việc kê khai" in client_for(vw.subject_user).get(url).content.decode()
    assert "Làm rõ việc kê khai" not in client_for(vw.voters[4]).get(url).content.decode()


def test_cv4_late_steps_are_flagged_in_the_report(vw) -> None:  # type: ignore[no-untyped-def]
    services.mark_dossiers_sent(actor=vw.chair, vote=vw.vote, on=dt.date(2026, 11, 10))
    vw.vote.refresh_from_db()
    late = [i for i in services.selectors.late_items(vw.vote, dt.date(2026, 11, 12)) if i.done_on]
    assert [i.step.step for i in late] == ["dossier_sent"]  # due 5/11, sent 10/11
    pdf = minutes.report_pdf(vw.vote)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "chậm hạn (CV4)" in text
    assert "hạn 05/11/2026, nộp 10/11/2026" in text


# CV3: the roster is filled and edited on the round's page ---------------------------------------


def test_cv3_fresh_round_roster_is_filled_and_edited_on_its_page(world) -> None:  # type: ignore[no-untyped-def]
    from danchu.testing import factories as f
    from danchu.votes.tests.conftest import build

    vw = build(world)
    vote = services.create_round(actor=vw.chair, title="Vòng mới", authority=world.ubnd_a)
    client = client_for(vw.chair)
    detail = reverse("votes:detail", args=[vote.pk])
    page = client.get(detail).content.decode()
    assert reverse("votes:action", args=[vote.pk, "fill_roster"]) in page  # even when empty
    client.post(reverse("votes:action", args=[vote.pk, "fill_roster"]))
    assert vote.roster.count() == 3
    extra = f.PersonFactory(full_name="Đỗ Thị Hạnh", home_unit=world.commune_a)
    page = client.get(detail).content.decode()
    option = f'<option value="{extra.pk}">Đỗ Thị Hạnh</option>'
    assert option in page
    add = reverse("votes:action", args=[vote.pk, "add_voter"])
    assert client_for(world.dave).post(add, {"person": extra.pk}).status_code == 403
    client.post(add, {"person": extra.pk, "position": "Bí thư Đoàn xã"})
    entry = vote.roster.get(person=extra)
    assert entry.position_name == "Bí thư Đoàn xã"
    assert option not in client.get(detail).content.decode()  # convened once only


def test_cv2_subject_page_links_to_both_places_for_who_sees_the_result(vw) -> None:  # type: ignore[no-untyped-def]
    from danchu.votes.tests.conftest import counted_round

    counted_round(vw, [["1", "1", "1"]] * 4)
    s = vw.subjects[0]
    url = reverse("votes:subject", args=[vw.vote.pk, s.pk])
    person = reverse("votes:person", args=[s.person_id])
    assert person in client_for(vw.w.alice).get(url).content.decode()
    assert client_for(vw.w.alice).get(person).status_code == 200
    assert person not in client_for(vw.chair).get(url).content.decode()
