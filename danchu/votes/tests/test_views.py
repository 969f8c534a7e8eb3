"""Pages, API and exports of a confidence vote: the role × page matrix and the CV11 matrix."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from danchu.testing.factories import client_for
from danchu.votes import services
from danchu.votes.models import ElectronicBallot, RoundStatus, VotingCode
from danchu.votes.tests.conftest import VoteWorld, counted_round, open_round

pytestmark = pytest.mark.django_db

PAPERS = [["1", "3", "2"], ["1", "3", "2"], ["2", "3", "1"], ["1", "1", "3"], ["X", "3", "2"]]


def actors(vw: VoteWorld) -> dict[str, object]:
    w = vw.w
    return {
        "board": vw.voters[0],  # board member (and voter)
        "voter": vw.voters[4],  # present voter, not on the board
        "absent": vw.voters[5],  # convened, not checked in
        "subject": vw.subject_user,  # first subject (not a voter)
        "manager": w.alice,  # Home Affairs of the province: manages the subjects directly
        "organizer": vw.chair,  # chairman of commune A: organizes, does not see results
        "bob": w.bob,  # officer of commune A
        "carol": w.carol,  # officer of commune B
        "dave": w.dave,  # no role
        "root": w.root,  # system administrator
    }


def counted(vw: VoteWorld, announce: bool) -> None:
    """Five of the six convened are present (the sixth is no voter under CV11)."""
    counted_round(vw, PAPERS, announce=announce, present=5)
    vw.vote.refresh_from_db()


def result_endpoints(vw: VoteWorld) -> dict[str, str]:
    pk = vw.vote.pk
    return {
        "page": reverse("votes:results", args=[pk]),
        "api": f"/api/votes/rounds/{pk}/results/",
        "minutes_pdf": reverse("votes:minutes_pdf", args=[pk]),
        "minutes_docx": reverse("votes:minutes_docx", args=[pk]),
        "report_xlsx": reverse("votes:report", args=[pk, "xlsx"]),
        "report_pdf": reverse("votes:report", args=[pk, "pdf"]),
        "report_docx": reverse("votes:report", args=[pk, "docx"]),
    }


# CV11: who sees the result, everywhere ------------------------------------------------------

# After announcement: (results page + API) and (minutes + report, which carry every subject).
SEES_RESULTS = {"board", "voter", "subject", "manager"}
SEES_MINUTES = {"board", "manager"}
SEES_REPORT = SEES_MINUTES | {"organizer"}  # issue 11: the office's own report


def test_cv11_disclosure_matrix_after_announcement(vw) -> None:  # type: ignore[no-untyped-def]
    counted(vw, announce=True)
    for name, user in actors(vw).items():
        client = client_for(user)
        for kind, url in result_endpoints(vw).items():
            code = client.get(url).status_code
            allowed = name in (
                SEES_RESULTS
                if kind in {"page", "api"}
                else SEES_REPORT
                if kind.startswith("report")
                else SEES_MINUTES
            )
            assert code == (200 if allowed else 403), (name, kind, code)


def test_cv11_subject_sees_only_own_result(vw) -> None:  # type: ignore[no-untyped-def]
    counted(vw, announce=True)
    data = client_for(vw.subject_user).get(f"/api/votes/rounds/{vw.vote.pk}/results/").json()
    assert [r["full_name"] for r in data] == ["Nguyễn Văn An"]
    everyone = client_for(vw.voters[4]).get(f"/api/votes/rounds/{vw.vote.pk}/results/").json()
    assert len(everyone) == 3
    page = client_for(vw.subject_user).get(reverse("votes:results", args=[vw.vote.pk]))
    assert "Nguyễn Văn An" in page.content.decode() and "Trần Thị Bình" not in page.content.decode()


def test_cv11_before_announcement_only_the_board_sees(vw) -> None:  # type: ignore[no-untyped-def]
    counted(vw, announce=False)
    for name, user in actors(vw).items():
        code = client_for(user).get(reverse("votes:results", args=[vw.vote.pk])).status_code
        assert code == (200 if name == "board" else 403), name


def test_cv11_nobody_sees_anything_while_voting(vw) -> None:  # type: ignore[no-untyped-def]
    open_round(vw)
    for name, user in actors(vw).items():
        client = client_for(user)
        for kind, url in result_endpoints(vw).items():
            assert client.get(url).status_code == 403, (name, kind)


def test_cv11_manager_of_another_unit_is_refused(vw) -> None:  # type: ignore[no-untyped-def]
    counted(vw, announce=True)
    from danchu.accounts.models import Role
    from danchu.testing import factories as f

    other = f.UserFactory(username="chair_b")
    f.give_role(other, Role.CHAIRMAN, vw.w.commune_b)
    assert client_for(other).get(reverse("votes:results", args=[vw.vote.pk])).status_code == 403


def test_cv2_person_page_for_managing_authority(vw) -> None:  # type: ignore[no-untyped-def]
    counted(vw, announce=True)
    person = vw.subjects[0].person
    url = reverse("votes:person", args=[person.pk])
    assert client_for(vw.w.alice).get(url).status_code == 200
    assert client_for(vw.w.dave).get(url).status_code == 403


# Role × page matrix ----------------------------------------------------------------------------


def test_round_pages_matrix(vw) -> None:  # type: ignore[no-untyped-def]
    pk = vw.vote.pk
    pages = {
        "detail": reverse("votes:detail", args=[pk]),
        "candidates": reverse("votes:candidates", args=[pk]),
        "board": reverse("votes:board", args=[pk]),
        "entry": reverse("votes:entry", args=[pk]),
        "api_detail": f"/api/votes/rounds/{pk}/",
    }
    for entry in vw.vote.roster.all():
        services.check_in(actor=vw.chair, entry=entry)
    services.elect_board(actor=vw.chair, vote=vw.vote, users=vw.board, head=vw.head)
    allowed = {
        "detail": {"board", "voter", "absent", "subject", "manager", "organizer"},
        "api_detail": {"board", "voter", "absent", "subject", "manager", "organizer"},
        "candidates": {"organizer", "manager"},  # alice has RUN_VOTES above commune A
        "board": {"board"},
        "entry": {"board"},
    }
    for name, user in actors(vw).items():
        client = client_for(user)
        for page, url in pages.items():
            code = client.get(url).status_code
            assert code == (200 if name in allowed[page] else 403), (name, page, code)


def test_list_shows_only_rounds_one_may_open(vw) -> None:  # type: ignore[no-untyped-def]
    assert vw.vote.title in client_for(vw.chair).get(reverse("votes:list")).content.decode()
    assert vw.vote.title not in client_for(vw.w.carol).get(reverse("votes:list")).content.decode()
    assert vw.vote.title not in client_for(vw.w.root).get(reverse("votes:list")).content.decode()
    api = client_for(vw.voters[2]).get("/api/votes/rounds/").json()
    assert [r["id"] for r in api] == [vw.vote.pk]


def test_cv6_only_board_posts_counting_actions(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    url = reverse("votes:action", args=[vote.pk, "close_voting"])
    for user in [vw.chair, vw.w.root, vw.w.alice, vw.voters[4]]:
        assert client_for(user).post(url).status_code == 403
    assert client_for(vw.head).post(url).status_code == 302
    vote.refresh_from_db()
    assert vote.status == RoundStatus.COUNTING
    api = f"/api/votes/rounds/{vote.pk}/paper-ballots/"
    body = {"seq": 1, "lines": ["1", "2", "3"]}
    assert client_for(vw.w.root).post(api, body, content_type="application/json").status_code == 403
    assert client_for(vw.head).post(api, body, content_type="application/json").status_code == 201


def test_cv3_check_in_page_and_quorum_message(vw) -> None:  # type: ignore[no-untyped-def]
    client = client_for(vw.chair)
    entry = vw.vote.roster.first()
    client.post(
        reverse("votes:action", args=[vw.vote.pk, "check_in"]), {"entry": entry.pk, "present": "1"}
    )
    page = client.get(reverse("votes:detail", args=[vw.vote.pk])).content.decode()
    assert "còn thiếu 3 người" in page  # 1 of 6 present, 4 needed
    r = client.post(reverse("votes:action", args=[vw.vote.pk, "open"]), follow=True)
    assert "CV3" in r.content.decode()
    assert (
        client_for(vw.w.dave)
        .post(reverse("votes:action", args=[vw.vote.pk, "check_in"]), {"entry": entry.pk})
        .status_code
        == 403
    )


# Ballots, e-voting, entry -------------------------------------------------------------------


def _two_members_issue(vw, vote, url_name: str, count: int):  # type: ignore[no-untyped-def]
    """CV6: the head asks on the board page, another member confirms and gets the PDF."""
    url = reverse(url_name, args=[vote.pk])
    asked = client_for(vw.head).post(url, {"count": count})
    assert asked.status_code == 302
    batch = vote.issue_batches.get(status="pending")
    return client_for(vw.voters[1]).post(url, {"batch": str(batch.pk)})


def test_cv5_ballot_pdf_lists_subjects_levels_seal_and_serial_qr(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    r = _two_members_issue(vw, vote, "votes:issue_ballots", 3)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(r.content))
    assert len(reader.pages) == 3
    text = " ".join(reader.pages[0].extract_text().split())
    for needle in [
        "PHIẾU TÍN NHIỆM",
        "Nguyễn Văn An",
        "Phó Chủ tịch UBND xã",
        "Tín nhiệm cao",
        "Tín nhiệm thấp",
        "đóng dấu",
        "không bắt buộc",
        "Số phiếu",
    ]:
        assert needle in text, needle
    serial = re.search(r"Số phiếu: (\d+)", text).group(1)  # type: ignore[union-attr]
    assert vote.serials.filter(serial=serial).exists()
    assert reader.pages[0].images  # the QR code


def test_cv5_evote_page_works_without_login_and_once_per_code(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    r = _two_members_issue(vw, vote, "votes:issue_codes", 2)
    assert r.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    codes = re.findall(r"\b[A-Z2-9]{5}-[A-Z2-9]{5}\b", text)
    assert len(codes) == 2
    from django.test import Client

    anon = Client()
    url = reverse("votes:evote", args=[vote.pk])
    assert "Nguyễn Văn An" in anon.get(url).content.decode()
    body = {"code": codes[0], "s1": "1", "s2": "2", "s3": "3"}
    assert anon.post(url, body).status_code == 200
    other = anon.post(url, {**body, "s1": "3"})  # a used code opens no other ballot
    assert other.status_code == 400 and "đã được dùng" in other.content.decode()
    again = anon.post(url, body)  # issue 16: the same ballot again (a dropped connection)
    assert again.status_code == 200 and 'id="recorded-before"' in again.content.decode()
    assert ElectronicBallot.objects.filter(round=vote).count() == 1
    api = anon.post(
        f"/api/votes/e/{vote.pk}/",
        {"code": codes[1], "lines": ["3", "3", "3"]},
        content_type="application/json",
    )
    assert api.status_code == 201
    assert ElectronicBallot.objects.filter(round=vote).count() == 2
    assert VotingCode.objects.filter(round=vote, used=True).count() == 2


def test_entry_screen_saves_a_ballot_without_javascript(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    services.close_voting(actor=vw.head, vote=vote)
    client = client_for(vw.head)
    url = reverse("votes:entry", args=[vote.pk])
    page = client.get(url).content.decode()
    assert "entry.js" in page and 'name="s1"' in page
    r = client.post(
        url,
        {"seq": 1, "serial": "", "s1": "1", "s2": "13", "s3": "X", "extra_names": 1, "pass_no": 1},
    )
    assert r.status_code == 302
    bad = client.post(url, {"seq": 2, "s1": "7", "s2": "", "s3": "", "pass_no": 1})
    assert "Dòng 1" in bad.content.decode()
    board = client.get(reverse("votes:board", args=[vote.pk])).content.decode()
    assert "Nguyễn Văn An" not in board or "Tín nhiệm cao" not in board  # no partial tally


def test_cv10_minutes_pdf_secret_three_copies_with_audit_hash(vw) -> None:  # type: ignore[no-untyped-def]
    counted(vw, announce=True)
    r = client_for(vw.head).get(reverse("votes:minutes_pdf", args=[vw.vote.pk]))
    assert r.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "MẬT" in text and "BIÊN BẢN" in text
    for n in (1, 2, 3):
        assert f"Bản số: {n}/3" in text
    vw.vote.refresh_from_db()
    assert vw.vote.audit_hash[:16] in text.replace("\n", "")
    assert "Nguyễn Văn An" in text and "03 bản" in text
    docx = client_for(vw.head).get(reverse("votes:minutes_docx", args=[vw.vote.pk]) + "?copy=2")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_cv12_report_xlsx_has_vietnamese_headers(vw) -> None:  # type: ignore[no-untyped-def]
    counted(vw, announce=True)
    from openpyxl import load_workbook

    r = client_for(vw.w.alice).get(reverse("votes:report", args=[vw.vote.pk, "xlsx"]))
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][1] == "Họ và tên" and rows[0][-1] == "Kết luận (CV9)"
    assert rows[1][1] == "Nguyễn Văn An"
    assert len(rows) == 4


def test_full_flow_counted_round_helper(vw) -> None:  # type: ignore[no-untyped-def]
    vote = counted_round(vw, PAPERS)
    assert vote.returned_count == 5 and vote.issued_count == 5


def test_pages_are_in_vietnamese_by_default(vw) -> None:  # type: ignore[no-untyped-def]
    page = client_for(vw.chair).get(reverse("votes:detail", args=[vw.vote.pk])).content.decode()
    assert "Người được lấy phiếu" in page and "Người được triệu tập và điểm danh" in page
