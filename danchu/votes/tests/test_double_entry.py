"""Issue 11, double entry as a counting board runs it: blind passes, deleting or correcting
one's own ballot (audited), passes split into batches, a duplicate serial said at once, the
saved ballot echoed in words with an undo."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.testing.factories import client_for
from danchu.votes import selectors, services
from danchu.votes.models import PaperEntry, RoundStatus, SubjectResult
from danchu.votes.services import DuplicateSerial, VoteError
from danchu.votes.tests.conftest import D, build, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def counting(world):  # type: ignore[no-untyped-def]
    vw = build(world, double_entry=True)
    vote = open_round(vw)
    serials = services.issue_ballots(actor=vw.head, vote=vote, count=4, confirmed_by=vw.voters[1])
    services.close_voting(actor=vw.head, vote=vote)
    return vw, vote, serials


def test_double_entry_passes_are_blind_until_compared(counting) -> None:  # type: ignore[no-untyped-def]
    vw, vote, serials = counting
    a, b = vw.board[0], vw.board[1]
    for seq in (1, 2, 3):
        services.enter_paper_ballot(
            actor=a, vote=vote, seq=seq, lines=["3", "X", "1"], serial=serials[seq - 1]
        )
    client = client_for(b)
    url = reverse("votes:entry", args=[vote.pk])
    page = client.get(f"{url}?pass=1&seq=3").content.decode()
    assert serials[2] not in page and 'value="X"' not in page
    page = client.get(f"{url}?pass=2&seq=3").content.decode()
    assert serials[2] not in page
    # The board page lists no mismatch (it would show pass 1) before the comparison.
    services.enter_paper_ballot(actor=b, vote=vote, seq=1, lines=["1", "1", "1"], pass_no=2)
    board = client.get(reverse("votes:board", args=[vote.pk])).content.decode()
    assert serials[0] not in board and "3|X|1" not in board
    # The member who typed it reads their own ballot back.
    assert serials[2] in client_for(a).get(f"{url}?pass=1&seq=3").content.decode()


def test_double_entry_member_deletes_own_mistyped_ballot_audited(counting) -> None:  # type: ignore[no-untyped-def]
    vw, vote, serials = counting
    a, b = vw.board[0], vw.board[1]
    services.enter_paper_ballot(actor=a, vote=vote, seq=1, lines=["1", "2", "3"], serial=serials[0])
    services.enter_paper_ballot(actor=a, vote=vote, seq=2, lines=["1", "2", "3"])  # phantom
    entry = PaperEntry.objects.get(round=vote, pass_no=1, seq=2)
    with pytest.raises(VoteError, match="Chỉ người đã nhập"):
        services.delete_paper_entry(actor=b, entry=entry)
    r = client_for(a).post(
        reverse("votes:entry", args=[vote.pk]), {"pass_no": "1", "action": "delete", "seq": "2"}
    )
    assert r.status_code == 302
    assert not PaperEntry.objects.filter(round=vote, pass_no=1, seq=2).exists()
    audit = AuditEntry.objects.get(action="votes.paper.deleted")
    assert audit.changes == {"seq": 2, "pass": 1}
    # A correction of one's own ballot is audited too; another member's is refused.
    services.enter_paper_ballot(actor=a, vote=vote, seq=1, lines=["2", "2", "3"], serial=serials[0])
    assert AuditEntry.objects.filter(action="votes.paper.corrected").count() == 1
    with pytest.raises(VoteError, match="thành viên khác"):
        services.enter_paper_ballot(actor=vw.board[2], vote=vote, seq=1, lines=["1", "1", "1"])
    # The phantom is gone without typing one into the other pass: returned stays right.
    services.enter_paper_ballot(
        actor=b, vote=vote, seq=1, lines=["2", "2", "3"], serial=serials[0], pass_no=2
    )
    services.compare_passes(actor=a, vote=vote)
    services.close_count(actor=a, vote=vote, on=D, reason="Phát 4 phiếu, thu 1 phiếu.")
    vote.refresh_from_db()
    assert vote.returned_count == 1


def test_double_entry_pass_split_into_batches_each_compared_with_its_twin(counting) -> None:  # type: ignore[no-untyped-def]
    vw, vote, serials = counting
    m1, m2, m3 = vw.board
    papers = [["1", "2", "3"], ["2", "2", "2"], ["3", "3", "1"], ["1", "1", "1"]]
    for seq, lines in enumerate(papers, start=1):
        typist = m1 if seq <= 2 else m2  # pass 1 in two batches
        services.enter_paper_ballot(
            actor=typist, vote=vote, seq=seq, lines=lines, serial=serials[seq - 1]
        )
        services.enter_paper_ballot(
            actor=m3, vote=vote, seq=seq, lines=lines, serial=serials[seq - 1], pass_no=2
        )
    with pytest.raises(VoteError, match="hai thành viên khác nhau"):
        services.enter_paper_ballot(actor=m1, vote=vote, seq=5, lines=["1", "1", "1"], pass_no=2)
    assert services.compare_passes(actor=m2, vote=vote) == []
    services.close_count(actor=m1, vote=vote, on=D)
    vote.refresh_from_db()
    assert vote.status == RoundStatus.COUNTED and vote.returned_count == 4
    assert SubjectResult.objects.get(subject=vw.subjects[0]).high == 2


def test_double_entry_after_comparison_only_mismatches_change(counting) -> None:  # type: ignore[no-untyped-def]
    vw, vote, _serials = counting
    a, b = vw.board[0], vw.board[1]
    for seq, (p1, p2) in enumerate([("1", "1"), ("2", "3")], start=1):
        services.enter_paper_ballot(actor=a, vote=vote, seq=seq, lines=[p1, "1", "1"])
        services.enter_paper_ballot(actor=b, vote=vote, seq=seq, lines=[p2, "1", "1"], pass_no=2)
    assert services.compare_passes(actor=a, vote=vote) == [2]
    board = client_for(a).get(reverse("votes:board", args=[vote.pk])).content.decode()
    assert "2|1|1" in board and "3|1|1" in board
    with pytest.raises(VoteError, match="đã khớp"):
        services.enter_paper_ballot(actor=a, vote=vote, seq=1, lines=["3", "1", "1"])
    with pytest.raises(VoteError, match="đã khớp"):
        services.delete_paper_entry(actor=a, entry=PaperEntry.objects.get(pass_no=1, seq=1))
    services.enter_paper_ballot(actor=b, vote=vote, seq=2, lines=["2", "1", "1"], pass_no=2)
    assert selectors.mismatches(vote) == []


def test_cv7_duplicate_serial_warned_at_once(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    serials = services.issue_ballots(actor=vw.head, vote=vote, count=2, confirmed_by=vw.voters[1])
    services.close_voting(actor=vw.head, vote=vote)
    services.enter_paper_ballot(actor=vw.head, vote=vote, seq=1, lines=["1"] * 3, serial=serials[0])
    with pytest.raises(DuplicateSerial, match="phiếu số 1"):
        services.enter_paper_ballot(
            actor=vw.head, vote=vote, seq=2, lines=["1"] * 3, serial=serials[0]
        )
    client = client_for(vw.head)
    url = reverse("votes:entry", args=[vote.pk])
    body = {"pass_no": "1", "seq": "2", "serial": serials[0], "s1": "2", "s2": "2", "s3": "2"}
    page = client.post(url, body).content.decode()
    assert 'name="duplicate_ok"' in page and serials[0] in page
    assert not PaperEntry.objects.filter(seq=2).exists()
    assert client.post(url, {**body, "duplicate_ok": "1"}).status_code == 302
    assert PaperEntry.objects.filter(seq=2, serial=serials[0]).exists()


def test_entry_echoes_the_saved_ballot_in_words_and_undoes_it(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    services.close_voting(actor=vw.head, vote=vote)
    client = client_for(vw.head)
    url = reverse("votes:entry", args=[vote.pk])
    body = {"pass_no": "1", "seq": "1", "serial": "", "s1": "1", "s2": "M", "s3": "X"}
    page = client.post(url, body, follow=True).content.decode()
    assert "Tín nhiệm cao" in page and "Nhiều dấu (không hợp lệ)" in page
    assert "Gạch tên (không hợp lệ)" in page
    assert PaperEntry.objects.get(seq=1).lines == "1|13|X"
    edit = client.get(f"{url}?pass=1&seq=1").content.decode()
    assert 'value="13"' not in edit and 'value="M"' in edit
    client.post(url, {"pass_no": "1", "action": "undo"})
    assert not PaperEntry.objects.filter(round=vote).exists()
    assert AuditEntry.objects.filter(action="votes.paper.deleted").count() == 1
