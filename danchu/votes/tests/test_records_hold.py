"""Issue 10 "Records that hold", points 4 and 5 on the votes side: counts bounded by facts
(CV3, CV6, CV7, CV8, CV10) and anonymity at the storage level (CV5)."""

from __future__ import annotations

import base64
import io
import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from danchu.audit.models import AuditEntry
from danchu.core import keys
from danchu.testing.factories import client_for
from danchu.votes import rules, sealing, services
from danchu.votes.models import (
    ElectronicBallot,
    IssueBatch,
    RoundStatus,
    SubjectResult,
    VoteRound,
    VotingCode,
)
from danchu.votes.services import VoteError
from danchu.votes.tests.conftest import D, VoteWorld, open_round

ROOT = Path(__file__).resolve().parents[3]
LOW = ["3", "3", "3"]


def _codes(vw: VoteWorld, vote: VoteRound, n: int, reason: str = "") -> list[str]:
    return services.issue_codes(
        actor=vw.head, vote=vote, count=n, confirmed_by=vw.voters[1], reason=reason
    )


# Rules (pure) --------------------------------------------------------------------------------


def test_cv3_cv6_issuing_is_bounded_by_the_voters_present() -> None:
    assert rules.issue_problem(present=4, in_hand=0, requested=4) is None
    assert rules.issue_problem(present=4, in_hand=3, requested=1) is None
    refused = rules.issue_problem(present=4, in_hand=3, requested=2)
    assert refused and "(4)" in refused and "lý do" in refused
    assert rules.issue_problem(present=4, in_hand=0, requested=12)
    assert rules.issue_problem(present=4, in_hand=0, requested=0)  # nothing to issue


def test_cv8_returned_over_present_and_issued_are_blocking_anomalies() -> None:
    assert rules.returned_over_present(4, 4) is None
    over = rules.returned_over_present(4, 12)
    assert over and over.kind == rules.Anomaly.RETURNED_OVER_PRESENT and over.count == 8
    assert rules.returned_over_issued(5, 5, voided=1)  # 5 back, 4 usable
    assert rules.returned_over_issued(5, 4, voided=1) is None
    issued = rules.issued_over_present(4, 12, ["máy in hỏng"])
    assert issued and "máy in hỏng" in issued.text
    voided = rules.voided_note({"spoiled": 1}, {"lost": 2})
    assert voided and voided.count == 3 and "hỏng" in voided.text and "mất" in voided.text
    blocking = rules.needs_board_decision([over, issued, voided])
    assert blocking == [over, issued]  # voiding alone is not an irregularity


# Scenario: 4 of 6 present, one member prints 12 codes, 12 e-ballots, "dismissed" --------------


def test_records_hold_one_member_alone_cannot_print_12_codes_for_4_present(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw, present=4)
    assert vote.present_count == 4
    # Beyond the voters present: refused without the board's reason.
    with pytest.raises(VoteError, match=r"\(4\) \(CV3, CV6\)"):
        services.request_issue(actor=vw.head, vote=vote, kind="codes", count=12)
    # Within the bound, one member asks; the same member cannot confirm.
    batch = services.request_issue(actor=vw.head, vote=vote, kind="codes", count=4)
    with pytest.raises(VoteError, match="không tự xác nhận"):
        services.confirm_issue(actor=vw.head, batch=batch)
    # Nobody outside the board asks or confirms (CV6).
    for outsider in (vw.chair, vw.voters[4]):
        with pytest.raises(VoteError, match="CV6"):
            services.confirm_issue(actor=outsider, batch=batch)
        with pytest.raises(VoteError, match="CV6"):
            services.request_issue(actor=outsider, vote=vote, kind="codes", count=1)
    assert vote.codes.count() == 0  # nothing made before the second member confirms
    codes = services.confirm_issue(actor=vw.voters[2], batch=batch)
    assert len(codes) == 4 and vote.codes.count() == 4
    entry = AuditEntry.objects.filter(action="votes.codes.issued").get()
    assert entry.changes["requested_by"] == "v1" and entry.changes["confirmed_by"] == "v3"
    assert entry.changes["present"] == 4
    # The fifth code is beyond the voters present again.
    with pytest.raises(VoteError, match="nhiều hơn số người có mặt"):
        _codes(vw, vote, 1)


def test_records_hold_12_e_ballots_for_4_present_block_the_count_until_the_board_decides(
    vw,
) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw, present=4)
    codes = _codes(vw, vote, 12, reason="Máy in lỗi, in lại cả loạt")
    for code in codes:
        services.submit_electronic_ballot(vote=vote, code=code, lines=LOW)
    services.close_voting(actor=vw.head, vote=vote)
    with pytest.raises(VoteError, match=r"thu về \(12\) nhiều hơn số người có mặt \(4\)"):
        services.close_count(actor=vw.head, vote=vote, on=D)
    vote.refresh_from_db()
    assert vote.status == RoundStatus.COUNTING and not SubjectResult.objects.exists()
    services.close_count(
        actor=vw.head, vote=vote, reason="Ban kiểm phiếu hủy kết quả, tổ chức lại", on=D
    )
    vote.refresh_from_db()
    kinds = [a["kind"] for a in vote.anomalies]
    assert "returned_over_present" in kinds and "issued_over_present" in kinds
    issued_note = next(a for a in vote.anomalies if a["kind"] == "issued_over_present")
    assert "Máy in lỗi" in issued_note["text"]  # the reason given when issuing
    assert vote.reconciliation_reason == "Ban kiểm phiếu hủy kết quả, tổ chức lại"
    # Listed in the minutes (CV10).
    r = client_for(vw.head).get(reverse("votes:minutes_pdf", args=[vote.pk]))
    assert r.status_code == 200
    text = " ".join(
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages).split()
    )
    assert "nhiều hơn số người có mặt (4)" in text
    assert "Ban kiểm phiếu hủy kết quả" in text


def test_cv7_voided_ballots_are_counted_as_such_and_free_a_place_within_the_bound(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw, present=4)
    serials = services.issue_ballots(actor=vw.head, vote=vote, count=4, confirmed_by=vw.voters[1])
    with pytest.raises(VoteError, match="nhiều hơn số người có mặt"):
        services.issue_ballots(actor=vw.head, vote=vote, count=1, confirmed_by=vw.voters[1])
    with pytest.raises(VoteError, match="nhập số phiếu"):
        services.void_ballot(actor=vw.head, vote=vote, reason="spoiled")
    with pytest.raises(VoteError, match="không có trong danh sách"):
        services.void_ballot(actor=vw.head, vote=vote, reason="spoiled", serial="1")
    services.void_ballot(actor=vw.head, vote=vote, reason="spoiled", serial=serials[0])
    (replacement,) = services.issue_ballots(
        actor=vw.head, vote=vote, count=1, confirmed_by=vw.voters[1]
    )
    services.close_voting(actor=vw.head, vote=vote)
    for seq, serial in enumerate([*serials[1:], replacement], start=1):
        services.enter_paper_ballot(actor=vw.head, vote=vote, seq=seq, lines=LOW, serial=serial)
    services.close_count(actor=vw.head, vote=vote, on=D)  # voiding needs no reason
    vote.refresh_from_db()
    assert vote.issued_count == 5 and vote.returned_count == 4
    (note,) = vote.anomalies
    assert note["kind"] == "voided" and "1 phiếu giấy (hỏng)" in note["text"]
    assert AuditEntry.objects.filter(action="votes.ballots.voided").count() == 1


def test_cv7_a_voided_ballot_found_in_the_box_is_not_the_boards(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw, present=4)
    serials = services.issue_ballots(actor=vw.head, vote=vote, count=2, confirmed_by=vw.voters[1])
    services.void_ballot(actor=vw.head, vote=vote, reason="lost", serial=serials[0])
    services.close_voting(actor=vw.head, vote=vote)
    for seq, serial in enumerate(serials, start=1):
        services.enter_paper_ballot(actor=vw.head, vote=vote, seq=seq, lines=LOW, serial=serial)
    with pytest.raises(VoteError, match=serials[0]):
        services.close_count(actor=vw.head, vote=vote, on=D)
    services.close_count(actor=vw.head, vote=vote, reason="Phiếu đã báo mất", on=D)
    result = SubjectResult.objects.filter(subject__round=vote).first()
    assert result and result.valid == 1 and result.invalid == 1


def test_cv5_a_spoiled_code_is_voided_and_opens_no_ballot(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw, present=4)
    codes = _codes(vw, vote, 4)
    services.void_code(actor=vw.head, vote=vote, reason="spoiled", code=codes[0].lower())
    with pytest.raises(VoteError, match="đã bị Ban kiểm phiếu hủy"):
        services.submit_electronic_ballot(vote=vote, code=codes[0], lines=LOW)
    with pytest.raises(VoteError, match="không phải mã chưa dùng"):
        services.void_code(actor=vw.head, vote=vote, reason="spoiled", code=codes[0])
    services.void_code(actor=vw.head, vote=vote, reason="lost")  # slip lost: code unknown
    (fresh,) = _codes(vw, vote, 1)  # 4 issued − 2 voided + 1 ≤ 4 present
    for code in (fresh, codes[1], codes[2]):
        services.submit_electronic_ballot(vote=vote, code=code, lines=LOW)
    # The lost slip turns up and is used: more ballots than codes in hand — blocked.
    services.submit_electronic_ballot(vote=vote, code=codes[3], lines=LOW)
    services.close_voting(actor=vw.head, vote=vote)
    with pytest.raises(VoteError, match="trừ 2 phiếu/mã đã hủy"):
        services.close_count(actor=vw.head, vote=vote, on=D)
    assert VotingCode.objects.filter(round=vote, voided=True).count() == 1


# Board page ----------------------------------------------------------------------------------


def test_cv6_board_page_issues_with_two_members_and_refuses_bad_input(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw, present=4)
    head, second = client_for(vw.head), client_for(vw.voters[1])
    url = reverse("votes:issue_ballots", args=[vote.pk])
    board = reverse("votes:board", args=[vote.pk])
    r = head.post(url, {"count": 12}, follow=True)
    assert "nhiều hơn số người có mặt đã điểm danh (4)" in r.content.decode()
    assert not vote.issue_batches.exists()
    r = head.post(url, {"count": 3}, follow=True)
    assert r.status_code == 200 and vote.serials.count() == 0
    batch = IssueBatch.objects.get(round=vote, status="pending")
    field = f'name="batch" value="{batch.pk}"'
    assert head.get(board).content.decode().count(field) == 1  # withdraw only, no confirm
    assert second.get(board).content.decode().count(field) == 2  # confirm and withdraw
    own = head.post(url, {"batch": str(batch.pk)}, follow=True)
    assert "không tự xác nhận" in own.content.decode() and vote.serials.count() == 0
    pdf = second.post(url, {"batch": str(batch.pk)})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert vote.serials.count() == 3
    again = second.post(url, {"batch": str(batch.pk)}, follow=True)
    assert "đã được xác nhận" in again.content.decode() and vote.serials.count() == 3
    # Bad input: a message in Vietnamese, never a 500.
    for body in (
        {"batch": "not-a-uuid"},
        {"batch": "00000000-0000-4000-8000-000000000000"},
        {"count": "abc"},
        {"count": "-1"},
    ):
        bad = head.post(url, body, follow=True)
        assert bad.status_code == 200 and 'class="msg-error' in bad.content.decode(), body
    action = reverse("votes:action", args=[vote.pk, "void"])
    for body in (
        {"kind": "x", "reason": "lost"},
        {"kind": "ballots", "reason": "x"},
        {"kind": "ballots", "reason": "spoiled", "identifier": "CV999-1-zzzz"},
        {"kind": "codes", "reason": "spoiled", "identifier": "AAAAA-BBBBB"},
    ):
        bad = head.post(action, body, follow=True)
        assert bad.status_code == 200 and 'class="msg-error' in bad.content.decode(), body
    withdraw = reverse("votes:action", args=[vote.pk, "withdraw_issue"])
    assert head.post(withdraw, {"batch": "zz"}, follow=True).status_code == 200
    ok = head.post(action, {"kind": "ballots", "reason": "lost", "note": "rơi"}, follow=True)
    assert "Voided" in ok.content.decode() or "Đã hủy" in ok.content.decode()
    assert vote.voids.count() == 1
    # Outsiders are refused (CV6).
    assert client_for(vw.chair).post(url, {"count": 1}).status_code == 403


# Anonymity at the storage level ---------------------------------------------------------------

CELL_LINES = re.compile(r"^[123X]{0,3}(\|[123X]{0,3})+$")


def _dump_database() -> list[str]:
    """Every text cell of every table, as someone with a copy of the database would read them."""
    cells: list[str] = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cur.fetchall():
                cells += [
                    v.decode("utf-8", "replace") if isinstance(v, bytes | memoryview) else str(v)
                    for v in (bytes(x) if isinstance(x, memoryview) else x for x in row)
                    if v is not None
                ]
    return cells


def test_records_hold_mid_vote_database_copy_shows_nothing_countable(
    vw, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw, present=6)
    codes = _codes(vw, vote, 6)
    trail_before = AuditEntry.objects.count()
    sent = [["1", "3", "2"], ["3", "3", "3"], ["2", "", "13"], ["3", "X", "1"], ["1", "1", "1"]]
    for i, (code, lines) in enumerate(zip(codes, sent, strict=False)):
        signature = "Phạm Văn Ghi Ký Tên" if i == 1 else ""
        services.submit_electronic_ballot(vote=vote, code=code, lines=lines, signature=signature)
    # No audit entry per ballot.
    assert AuditEntry.objects.count() == trail_before
    # The copy: no cell line, no signature, no private key; sealed cells all alike in length.
    cells = _dump_database()
    assert not [c for c in cells if CELL_LINES.match(c)]
    assert not [c for c in cells if "Ký Tên" in c]
    private = keys.key_path(sealing.key_name(vote.pk)).read_bytes()
    for form in (base64.b64encode(private).decode(), private.hex()):
        assert not [c for c in cells if form in c]
    rows = list(ElectronicBallot.objects.filter(round=vote).values_list("lines", "sealed"))
    assert {lines for lines, _ in rows} == {""}
    assert len({len(sealed) for _, sealed in rows}) == 1
    vote.refresh_from_db()
    assert vote.ballot_key and vote.ballot_key.encode() not in private
    # Close: opened with the key file, which is then gone; the count is right.
    with django_capture_on_commit_callbacks(execute=True):
        services.close_voting(actor=vw.head, vote=vote)
    assert not sealing.has_key(vote.pk)  # deleted once the opened box is committed
    stored = sorted(ElectronicBallot.objects.filter(round=vote).values_list("lines", flat=True))
    assert stored == sorted("|".join(lines) for lines in sent)
    assert not ElectronicBallot.objects.filter(round=vote).exclude(sealed="").exists()
    assert ElectronicBallot.objects.filter(signature="Phạm Văn Ghi Ký Tên").count() == 1
    services.close_count(actor=vw.head, vote=vote, on=D)
    low = dict(
        SubjectResult.objects.filter(subject__round=vote).values_list("subject__order", "low")
    )
    assert low == {1: 2, 2: 2, 3: 1}
    closed = AuditEntry.objects.filter(action="votes.count.closed").get()
    assert closed.changes["returned"] == 5  # one audited count at close


def test_cv5_box_does_not_open_without_its_key_file(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw, present=4)
    (code,) = _codes(vw, vote, 1)
    services.submit_electronic_ballot(vote=vote, code=code, lines=LOW)
    sealing.delete_key(vote.pk)
    with pytest.raises(VoteError, match="tệp khóa"):
        services.close_voting(actor=vw.head, vote=vote)
    vote.refresh_from_db()
    assert vote.status == RoundStatus.VOTING and ElectronicBallot.objects.filter(round=vote).count()
    # Through the page: a message, not a 500.
    r = client_for(vw.head).post(
        reverse("votes:action", args=[vote.pk, "close_voting"]), follow=True
    )
    assert r.status_code == 200 and "tệp khóa" in r.content.decode()


def test_cv5_sealed_ballot_does_not_open_with_another_rounds_key() -> None:
    public = sealing.create_key(900001)
    token = sealing.seal(public, 900001, "1|2", "")
    assert sealing.unseal(sealing.opener(900001), 900001, token) == ("1|2", "")
    sealing.create_key(900002)
    with pytest.raises(sealing.SealError):
        sealing.unseal(sealing.opener(900002), 900002, token)
    with pytest.raises(sealing.SealError):
        sealing.unseal(sealing.opener(900001), 900001, "not base64!")
    long = sealing.seal(public, 900001, "|".join(["123"] * 100), "x" * 200)
    assert len(long) == len(token)  # one length whatever the contents
    sealing.delete_key(900001)
    sealing.delete_key(900002)


def test_cv5_code_rows_carry_random_keys_not_the_printing_order(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw, present=6)
    _codes(vw, vote, 6)
    ids = list(VotingCode.objects.filter(round=vote).values_list("id", flat=True))
    assert all(i.version == 4 for i in ids)


# The standalone count ------------------------------------------------------------------------


def _files(tmp_path: Path, n: int) -> list[str]:
    s = tmp_path / "s.csv"
    s.write_text("stt,ho_ten,chuc_vu\n1,Nguyễn Văn An,Phó Chủ tịch\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("so_phieu,1\n" + "".join(",3\n" for _ in range(n)), encoding="utf-8")
    return ["--subjects", str(s), "--ballots", str(b)]


def test_records_hold_count_command_12_returned_for_4_present_stops_with_exit_3(tmp_path) -> None:  # type: ignore[no-untyped-def]
    args = [*_files(tmp_path, 12), "--issued", "12", "--present", "4"]
    out = StringIO()
    minutes = tmp_path / "bb.pdf"
    with pytest.raises(CommandError, match="--board-decision") as stopped:
        call_command("vote", "count", *args, "--json", "--minutes", str(minutes), stdout=out)
    assert stopped.value.returncode == 3 and not minutes.exists()
    data = json.loads(out.getvalue())
    kinds = [a["kind"] for a in data["anomalies"]]
    assert kinds[:2] == ["returned_over_present", "issued_over_present"]
    assert data["denominator"] == "returned" and data["present"] == 4
    out = StringIO()
    call_command(
        "vote",
        "count",
        *args,
        "--json",
        "--minutes",
        str(minutes),
        "--board-decision",
        "Hủy kết quả, lấy phiếu lại",
        stdout=out,
    )
    done = json.loads(out.getvalue())
    assert done["board_decision"] == "Hủy kết quả, lấy phiếu lại"
    text = " ".join(p.extract_text() for p in PdfReader(minutes).pages)
    assert "nhiều hơn số người có mặt (4)" in " ".join(text.split())
    assert "Hủy kết quả, lấy phiếu lại" in " ".join(text.split())


def test_records_hold_count_command_exit_code_3_from_the_shell(tmp_path) -> None:  # type: ignore[no-untyped-def]
    args = [*_files(tmp_path, 12), "--issued", "12", "--present", "4", "--denominator", "convened"]
    done = subprocess.run(
        [sys.executable, "-m", "danchu", "vote", "count", *args, "--convened", "6"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 3, done.stderr
    assert "nhiều hơn số người có mặt (4)" in done.stderr
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "danchu",
            "vote",
            "count",
            *_files(tmp_path, 12),
            "--issued",
            "12",
            "--present",
            "12",
            "--convened",
            "13",
            "--denominator",
            "convened",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["denominator"] == "convened"
