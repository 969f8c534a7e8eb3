"""Issue 11, the conference: CV4 opening needs a recorded decision; the board (CV6) and the
secretary are elected from the voters present, never a subject; late arrivals are checked in
until the board closes the issuing of ballots; the roster in Vietnamese order (ID2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danchu.testing import factories as f
from danchu.testing.factories import client_for
from danchu.votes import services
from danchu.votes.models import RoundStatus, VoteRound
from danchu.votes.services import VoteError
from danchu.votes.tests.conftest import TODAY, D, VoteWorld, open_round, secretary_of

pytestmark = pytest.mark.django_db


def _check_in(vw: VoteWorld, n: int = 6) -> None:
    for entry in vw.vote.roster.order_by("pk")[:n]:
        services.check_in(actor=vw.chair, entry=entry)


def _elect(vw: VoteWorld) -> None:
    services.elect_board(
        actor=vw.chair, vote=vw.vote, users=vw.board, head=vw.head, secretary=secretary_of(vw)
    )


def _dossiers_on_time(vw: VoteWorld, day: dt.date = D) -> None:
    vw.vote.subjects.update(self_report_on=day - dt.timedelta(days=25))
    VoteRound.objects.filter(pk=vw.vote.pk).update(
        vote_day=day, dossiers_sent_on=day - dt.timedelta(days=16)
    )
    vw.vote.refresh_from_db()


def test_cv4_opening_with_self_reports_missing_needs_a_recorded_decision(vw) -> None:  # type: ignore[no-untyped-def]
    _check_in(vw)
    _elect(vw)
    with pytest.raises(VoteError, match="CV4") as exc:
        services.open_vote(actor=vw.chair, vote=vw.vote)
    assert "Nguyễn Văn An" in str(exc.value)
    vw.vote.refresh_from_db()
    assert vw.vote.status == RoundStatus.CONFERENCE
    services.open_vote(actor=vw.chair, vote=vw.vote, decision="Văn phòng quyết định mở: lý do X")
    vw.vote.refresh_from_db()
    assert vw.vote.status == RoundStatus.VOTING
    assert vw.vote.opening_decision == "Văn phòng quyết định mở: lý do X"
    assert any("Nguyễn Văn An" in x for x in vw.vote.opening_exceptions)
    assert vw.vote.opened_at is not None


def test_cv4_opening_before_d_needs_a_decision(vw) -> None:  # type: ignore[no-untyped-def]
    _dossiers_on_time(vw, TODAY + dt.timedelta(days=30))
    _check_in(vw)
    _elect(vw)
    with pytest.raises(VoteError, match="trước ngày lấy phiếu"):
        services.open_vote(actor=vw.chair, vote=vw.vote)


def test_cv4_opening_on_time_with_every_dossier_needs_no_decision(vw) -> None:  # type: ignore[no-untyped-def]
    _dossiers_on_time(vw)
    _check_in(vw)
    _elect(vw)
    services.open_vote(actor=vw.chair, vote=vw.vote)
    vw.vote.refresh_from_db()
    assert vw.vote.status == RoundStatus.VOTING
    assert vw.vote.opening_exceptions == [] and vw.vote.opening_decision == ""


def test_cv4_opening_decision_on_the_page(vw) -> None:  # type: ignore[no-untyped-def]
    _check_in(vw)
    _elect(vw)
    client = client_for(vw.chair)
    page = client.get(reverse("votes:detail", args=[vw.vote.pk])).content.decode()
    assert 'name="decision"' in page and "Nguyễn Văn An" in page
    url = reverse("votes:action", args=[vw.vote.pk, "open"])
    r = client.post(url, follow=True)
    assert "CV4" in r.content.decode()
    client.post(url, {"decision": "Quyết định số 5 của Văn phòng"})
    vw.vote.refresh_from_db()
    assert vw.vote.status == RoundStatus.VOTING
    page = client.get(reverse("votes:detail", args=[vw.vote.pk])).content.decode()
    assert "Quyết định số 5 của Văn phòng" in page


def test_cv6_a_subject_cannot_sit_on_the_board(vw) -> None:  # type: ignore[no-untyped-def]
    person = vw.subject_user.person
    services.add_voter(actor=vw.chair, vote=vw.vote, person=person, position_name="Phó Chủ tịch")
    _check_in(vw, 7)
    with pytest.raises(VoteError, match="người được lấy phiếu"):
        services.elect_board(
            actor=vw.chair,
            vote=vw.vote,
            users=[vw.subject_user, *vw.board[1:]],
            head=vw.subject_user,
            secretary=secretary_of(vw),
        )
    assert not vw.vote.board.exists()


def test_cv6_board_members_must_be_present(vw) -> None:  # type: ignore[no-untyped-def]
    entries = list(vw.vote.roster.order_by("pk"))
    for entry in entries[1:]:
        services.check_in(actor=vw.chair, entry=entry)  # v1, the head, is not present
    with pytest.raises(VoteError, match="không phải người được triệu tập có mặt"):
        _elect(vw)
    with pytest.raises(VoteError, match="không phải người được triệu tập có mặt"):
        services.elect_board(
            actor=vw.chair, vote=vw.vote, users=[vw.w.alice, *vw.voters[1:3]], head=vw.voters[1]
        )


def test_doc1_secretary_elected_among_present_and_needed_to_open(vw) -> None:  # type: ignore[no-untyped-def]
    _check_in(vw, 5)
    absent = vw.voters[5].person
    with pytest.raises(VoteError, match="thư ký"):
        services.elect_board(
            actor=vw.chair, vote=vw.vote, users=vw.board, head=vw.head, secretary=absent
        )
    services.elect_board(actor=vw.chair, vote=vw.vote, users=vw.board, head=vw.head)
    with pytest.raises(VoteError, match="thư ký"):
        services.open_vote(actor=vw.chair, vote=vw.vote, decision="x")
    secretary = vw.voters[4].person
    services.elect_board(
        actor=vw.chair, vote=vw.vote, users=vw.board, head=vw.head, secretary=secretary
    )
    vw.vote.refresh_from_db()
    assert vw.vote.secretary == secretary


def test_cv3_late_arrival_checked_in_until_issuing_closes(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw, present=4)
    assert vote.present_count == 4
    entries = list(vote.roster.order_by("pk"))
    services.check_in(actor=vw.chair, entry=entries[4])
    vote.refresh_from_db()
    assert vote.present_count == 5 and entries[4].__class__.objects.get(pk=entries[4].pk).present
    with pytest.raises(VoteError):
        services.check_in(actor=vw.chair, entry=entries[4], present=False)
    services.close_issuing(actor=vw.head, vote=vote)
    with pytest.raises(VoteError, match="kết thúc phát phiếu"):
        services.check_in(actor=vw.chair, entry=entries[5])
    with pytest.raises(VoteError, match="kết thúc phát phiếu"):
        services.request_issue(actor=vw.head, vote=vote, kind="ballots", count=1)
    vote.refresh_from_db()
    assert vote.present_count == 5


def test_cv3_late_check_in_on_the_page(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw, present=4)
    entry = vote.roster.order_by("pk")[4]
    client = client_for(vw.head)
    url = reverse("votes:action", args=[vote.pk, "check_in"])
    assert client.post(url, {"entry": entry.pk, "present": "1"}).status_code == 302
    vote.refresh_from_db()
    assert vote.present_count == 5
    client.post(reverse("votes:action", args=[vote.pk, "close_issuing"]))
    assert client.post(url, {"entry": vote.roster.order_by("pk")[5].pk}).status_code == 403


def test_id2_roster_in_vietnamese_order(vw) -> None:  # type: ignore[no-untyped-def]
    names = ["Phan Thị Ngọc Ánh", "Y Blông", "Trần Thị Bích", "Lê Văn Ấn"]
    for name in names:
        person = f.PersonFactory(full_name=name, home_unit=vw.w.commune_a)
        services.add_voter(actor=vw.chair, vote=vw.vote, person=person, position_name="")
    page = client_for(vw.chair).get(reverse("votes:detail", args=[vw.vote.pk])).content.decode()
    at = [page.index(n) for n in ["Phan Thị Ngọc Ánh", "Lê Văn Ấn", "Trần Thị Bích", "Y Blông"]]
    assert at == sorted(at)


def test_cv5_code_slips_several_to_an_a4_page(vw) -> None:  # type: ignore[no-untyped-def]
    import io

    from pypdf import PdfReader

    from danchu.votes import ballots

    codes = [f"ABCD-{i:04d}" for i in range(10)]
    pdf = PdfReader(io.BytesIO(ballots.code_slips_pdf(vw.vote, codes, "http://10.10.0.1/e/1/")))
    assert len(pdf.pages) == 2  # 8 slips on the first A4 page, 2 on the second
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    first = pdf.pages[0].extract_text()
    assert all(code in first for code in codes[:8]) and codes[8] not in first
