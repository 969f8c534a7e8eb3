"""Issue 11, results, minutes and report: tables sized to their content (words never broken),
the issuer's name broken between words, the place line with the place name alone, start and
closing times, Vietnamese numbers, chair and secretary by name; the CV12 report a real numbered
MẬT report of the office, readable by the office; CV11 one check for results and documents; the
e-voting page shows nobody outside the vote."""

from __future__ import annotations

import io
from fractions import Fraction

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from danchu.documents import layout as L
from danchu.documents.dates import place_name
from danchu.formats import numbers
from danchu.testing.factories import client_for
from danchu.votes import minutes, services
from danchu.votes.tests.conftest import D, VoteWorld, counted_round

pytestmark = pytest.mark.django_db

PAPERS = [
    ["1", "1", "3"],
    ["1", "2", "3"],
    ["2", "2", "3"],
    ["3", "2", "1"],
    ["1", "13", "X"],
    ["2", "1", "3"],
]


def _text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def _counted(vw: VoteWorld, announce: bool = True) -> None:
    counted_round(vw, PAPERS, announce=announce)
    vw.vote.refresh_from_db()


def test_vietnamese_numbers_in_one_place() -> None:
    assert numbers.number(1234) == "1.234"
    assert numbers.number(1234567) == "1.234.567"
    assert numbers.number("16.67") == "16,67"
    assert numbers.percent(Fraction(1, 6)) == "16,67%"
    assert numbers.percent("100.00") == "100,00%"
    assert numbers.count_with_percent(2, "16.67") == "2 (16,67%)"


def test_doc1_table_columns_sized_to_content_never_inside_a_word() -> None:
    headers = minutes.TALLY_HEADERS
    row = (
        "1",
        "Nguyễn Thị Phương Thảo",
        "Phó Chủ tịch UBND xã",
        "12",
        "12",
        "12",
        "0",
        "2 (16,67%)",
        "9 (75,00%)",
        "1 (8,33%)",
    )
    widths = L.column_widths(headers, [row], 467.0, size=L.SIZE_TABLE)
    assert abs(sum(widths) - 467.0) < 0.01
    for c, (h, cell) in enumerate(zip(headers, row, strict=True)):
        longest_word = max(L.text_width(w, size=L.SIZE_TABLE, bold=True) for w in h.split())
        assert widths[c] >= longest_word + L.CELL_PADDING - 0.01, h
        for word in cell.split():  # "2 (16,67%)": "(16,67%)" is never cut
            assert widths[c] >= L.text_width(word, size=L.SIZE_TABLE) + L.CELL_PADDING - 0.01


def test_doc1_issuer_name_breaks_between_words() -> None:
    assert L.balanced_lines("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", 190, size=12, bold=True) == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH QUẢNG NGÃI",
    ]
    assert L.balanced_lines("ỦY BAN NHÂN DÂN", 190, size=12, bold=True) == ["ỦY BAN NHÂN DÂN"]


def test_doc1_minutes_place_times_numbers_chair_and_secretary(vw) -> None:  # type: ignore[no-untyped-def]
    _counted(vw)
    text = _text(client_for(vw.head).get(reverse("votes:minutes_pdf", args=[vw.vote.pk])).content)
    assert "An Hòa, ngày" in text and "Xã An Hòa, ngày" not in text
    assert place_name("Xã Đăk Rve") == "Đăk Rve"
    assert "giờ" in text and "kết thúc lúc" in text
    assert "16,67%" in text or "66,67%" in text
    assert not any(f"{a}.{b}%" in text for a in range(101) for b in ("00", "33", "67", "50"))
    assert "Phát ra" in text and "Hợp lệ" in text and "Phá t" not in text and "S T T" not in text
    # Chair and secretary by their names, the secretary elected by the conference.
    assert "Phạm Văn Ghi 1" in text  # head of the board
    assert "Thư ký hội nghị: Phạm Văn Ghi 4" in text
    assert "v1" not in text.split()
    assert "Quyết định của cơ quan tổ chức" in text  # the opening decision (CV4)


def test_cv12_report_is_a_numbered_secret_report_the_office_reads(vw) -> None:  # type: ignore[no-untyped-def]
    _counted(vw)
    url = reverse("votes:report", args=[vw.vote.pk, "pdf"])
    chair = client_for(vw.chair)  # the organizing authority (no office)
    draft = chair.get(url)
    assert draft.status_code == 200 and "MẬT" in _text(draft.content)
    doc = services.send_report(actor=vw.chair, vote=vw.vote)
    assert "/BC-" in doc.number and doc.number[:2].isdigit()  # the secret series
    text = _text(chair.get(url).content)
    assert f"Số: {doc.number}" in text
    assert "MẬT" in text and "ngày ngày" not in text
    assert "Ủy ban nhân dân Tỉnh Thử (b/c)" in text or "ỦY BAN NHÂN DÂN TỈNH THỬ" in text
    assert "Cấp có thẩm quyền quản lý cán bộ" not in text
    assert doc.secret


def test_cv11_documents_follow_the_results_check(vw) -> None:  # type: ignore[no-untyped-def]
    _counted(vw, announce=False)
    manager = client_for(vw.w.alice)
    urls = [
        reverse("votes:results", args=[vw.vote.pk]),
        reverse("votes:minutes_pdf", args=[vw.vote.pk]),
        reverse("votes:report", args=[vw.vote.pk, "pdf"]),
    ]
    assert [manager.get(u).status_code for u in urls] == [403, 403, 403]
    services.announce(actor=vw.head, vote=vw.vote, on=D)
    assert [manager.get(u).status_code for u in urls] == [200, 200, 200]


def test_cv11_evote_page_shows_no_subject_outside_the_vote(vw) -> None:  # type: ignore[no-untyped-def]
    url = reverse("votes:evote", args=[vw.vote.pk])
    r = Client().get(url)
    assert r.status_code == 404 and "Nguyễn Văn An" not in r.content.decode()
    _counted(vw)
    r = Client().get(url)
    assert r.status_code == 404 and "Nguyễn Văn An" not in r.content.decode()


def test_cv12_report_xlsx_display_formats_vietnamese(vw) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    _counted(vw)
    ws = load_workbook(io.BytesIO(minutes.report_xlsx(vw.vote))).active
    row = [c for c in ws[2]]
    assert row[9].number_format == numbers.XLSX_PERCENT and isinstance(row[9].value, float)
    assert 0 <= row[9].value <= 1
    assert row[4].number_format == numbers.XLSX_INTEGER and row[4].value == 6
