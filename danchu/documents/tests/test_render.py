"""DOC1 / DOC2: one document model, two backends; the text read back out has every part.

The PDF is read with pypdf and the DOCX with python-docx; both are compared in NFC with
whitespace collapsed (a line may wrap anywhere).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from danchu.documents import layout as L
from danchu.documents.model import (
    MOTTO,
    NATIONAL_TITLE,
    PARTY_TITLE,
    Authority,
    Heading,
    OfficialDocument,
    Paragraph,
    Secrecy,
    Signature,
    Table,
    audit_line,
)
from danchu.documents.render import render_copies, render_docx, render_pdf
from danchu.documents.templates import minutes

VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # huyền, hỏi, ngã, sắc, nặng
EVERY_LETTER = [
    unicodedata.normalize("NFC", v + t) for v in VOWELS + VOWELS.upper() for t in TONES
] + ["đ", "Đ"]
A4 = (595.2756, 841.8898)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_pages(data: bytes) -> list[str]:
    return [_norm(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return " ".join(pdf_pages(data))


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = []
    for p in document.element.body.iter(qn("w:p")):
        parts.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return _norm(" ".join(parts))


def full_document(**changes: Any) -> OfficialDocument:
    long_body = tuple(
        Paragraph(
            f"Đoạn {i}: Ủy ban nhân dân xã tổ chức lấy ý kiến cử tri về dự thảo quy chế; "
            "mọi ý kiến được tổng hợp, tiếp thu, giải trình đầy đủ và công khai tại trụ sở."
        )
        for i in range(1, 31)
    )
    values: dict[str, Any] = dict(
        superior="Ủy ban nhân dân huyện Cẩm Mỹ",
        issuer="Ủy ban nhân dân xã Sông Ray",
        number="05/KH-UBND",
        place="Cẩm Mỹ",
        date=dt.date(2022, 1, 5),
        kind="Kế hoạch",
        summary="Tổ chức lấy ý kiến nhân dân năm 2022",
        body=(
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            Paragraph(" ".join(EVERY_LETTER)),
            Table(
                caption="Bảng tổng hợp",
                headers=("TT", "Nội dung", "Số phiếu"),
                rows=(("1", "Đồng ý", "18"), ("2", "Không đồng ý", "05")),
            ),
            *long_body,
            Paragraph("Kết thúc kế hoạch./."),
        ),
        signatures=(
            Signature(
                authority=Authority.TM,
                on_behalf="Ủy ban nhân dân",
                position="Chủ tịch",
                name="Nguyễn Văn Đông",
            ),
        ),
        recipients=("Phòng Nội vụ huyện", "Các ấp"),
        archive=("VT", "VP"),
        audit_ref=audit_line(42, "ab" * 32),
    )
    values.update(changes)
    return OfficialDocument(**values)


STATE_PARTS = [
    NATIONAL_TITLE,
    MOTTO,
    "ỦY BAN NHÂN DÂN HUYỆN CẨM MỸ",
    "ỦY BAN NHÂN DÂN XÃ SÔNG RAY",
    "Số: 05/KH-UBND",
    "Cẩm Mỹ, ngày 05 tháng 01 năm 2022",
    "KẾ HOẠCH",
    "Tổ chức lấy ý kiến nhân dân năm 2022",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Bảng tổng hợp",
    "Không đồng ý",
    "Kết thúc kế hoạch./.",
    "Nơi nhận:",
    "- Phòng Nội vụ huyện;",
    "- Các ấp;",
    "- Lưu: VT, VP.",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Nguyễn Văn Đông",
    "Nhật ký kiểm toán: vị trí 42, mã " + "ab" * 32,
]


@pytest.mark.parametrize("backend", ["pdf", "docx"])
def test_doc1_every_part_is_printed(backend: str):
    doc = full_document()
    text = pdf_text(render_pdf(doc)) if backend == "pdf" else docx_text(render_docx(doc))
    missing = [part for part in STATE_PARTS if _norm(part) not in text]
    assert missing == []


@pytest.mark.parametrize("backend", ["pdf", "docx"])
def test_doc1_every_vietnamese_letter_and_tone_survives(backend: str):
    doc = full_document()
    text = pdf_text(render_pdf(doc)) if backend == "pdf" else docx_text(render_docx(doc))
    words = set(text.split(" "))
    assert len(EVERY_LETTER) == 146
    assert [c for c in EVERY_LETTER if c not in words] == []


def test_doc1_input_in_nfd_is_printed_in_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thủy")
    doc = full_document(signatures=(Signature(position="Chủ tịch", name=nfd),))
    raw = PdfReader(io.BytesIO(render_pdf(doc))).pages[-1].extract_text()
    assert "Nguyễn Thị Thủy" in raw  # already composed, not only after normalising


def test_doc1_pdf_is_a4_with_the_fonts_embedded():
    reader = PdfReader(io.BytesIO(render_pdf(full_document())))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4)
        fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
        used = page.get_contents().get_data()
        for name, font in page["/Resources"]["/Font"].items():
            if f"{name} ".encode() in used:
                assert "/FontFile2" in font.get_object()["/FontDescriptor"], name
        assert any("LiberationSerif" in f["/BaseFont"] for f in fonts)


def _positions(page: Any) -> list[tuple[float, float, str]]:
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def test_doc1_margins_are_inside_the_decree_ranges():
    mm = 72 / 25.4
    assert 20 * mm <= L.MARGIN_TOP <= 25 * mm and 20 * mm <= L.MARGIN_BOTTOM <= 25 * mm
    assert 30 * mm <= L.MARGIN_LEFT <= 35 * mm and 15 * mm <= L.MARGIN_RIGHT <= 20 * mm


def test_doc1_pdf_margins_and_page_numbers_from_page_two():
    reader = PdfReader(io.BytesIO(render_pdf(full_document())))
    assert len(reader.pages) >= 2
    top = A4[1] - L.MARGIN_TOP
    for number, page in enumerate(reader.pages, start=1):
        spots = _positions(page)
        in_top_margin = [t for x, y, t in spots if y > top]
        assert in_top_margin == ([] if number == 1 else [str(number)])
        for x, y, t in spots:
            assert x >= L.MARGIN_LEFT - 0.5, t
            assert y >= L.MARGIN_BOTTOM - 0.5, t


def test_doc1_docx_page_margins_and_numbers_from_page_two():
    document = docx.Document(io.BytesIO(render_docx(full_document())))
    section = document.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    for got, want in (
        (section.top_margin, L.MARGIN_TOP),
        (section.bottom_margin, L.MARGIN_BOTTOM),
        (section.left_margin, L.MARGIN_LEFT),
        (section.right_margin, L.MARGIN_RIGHT),
    ):
        assert got.pt == pytest.approx(want, abs=0.05)
    ranges = ((section.top_margin, 20, 25), (section.bottom_margin, 20, 25))
    ranges += ((section.left_margin, 30, 35), (section.right_margin, 15, 20))
    for got, low, high in ranges:  # Word keeps twips: 15 mm is stored as 14.99 mm
        assert low - 0.05 <= got.mm <= high + 0.05
    assert section.different_first_page_header_footer is True
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and "fldChar" in header_xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_doc1_docx_uses_times_new_roman_and_justified_body():
    document = docx.Document(io.BytesIO(render_docx(full_document())))
    body = next(p for p in document.paragraphs if p.text.startswith("Đoạn 1:"))
    assert body.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.runs[0].font.name == "Times New Roman"
    assert body.paragraph_format.first_line_indent.mm == pytest.approx(10, abs=0.1)


@pytest.mark.parametrize("authority", list(Authority)[1:])
def test_doc1_signature_authority_prefixes(authority: Authority):
    sig = Signature(authority=authority, on_behalf="Chủ tịch", position="", name="Lê Văn An")
    doc = full_document(signatures=(sig,))
    expected = f"{authority.value} CHỦ TỊCH"
    assert expected in pdf_text(render_pdf(doc))
    assert expected in docx_text(render_docx(doc))


def test_doc1_authority_needs_whom_it_acts_for():
    with pytest.raises(ValueError, match="thay mặt"):
        Signature(authority=Authority.TM, position="Chủ tịch", name="Lê Văn An")


@pytest.mark.parametrize("mark", [Secrecy.SECRET, Secrecy.TOP_SECRET, Secrecy.MOST_SECRET])
def test_doc1_secrecy_mark_with_copy_numbers(mark: Secrecy):
    doc = full_document(secrecy=mark, copies=3)
    pdfs = render_copies(doc, render_pdf)
    docxs = render_copies(doc, render_docx)
    assert len(pdfs) == len(docxs) == 3
    for n, (pdf, word) in enumerate(zip(pdfs, docxs, strict=True), start=1):
        for text in (pdf_pages(pdf)[0], docx_text(word)):
            assert mark.value in text
            assert f"Bản số: {n}/3" in text
    assert "Bản số" not in pdf_text(render_pdf(full_document()))


def test_doc1_copy_number_outside_the_copies_is_refused():
    with pytest.raises(ValueError, match="Số bản 4"):
        render_pdf(full_document(secrecy=Secrecy.SECRET, copies=3), copy=4)
    with pytest.raises(ValueError, match="văn bản mật"):
        full_document(copy_number=1, copies=3)


def test_doc1_blank_number_and_date_for_a_draft():
    doc = full_document(number="", kind_code="KH-UBND", date=None)
    text = pdf_text(render_pdf(doc))
    assert re.search(r"Số: /KH-UBND", text)
    assert "Cẩm Mỹ, ngày tháng năm" in text


def test_doc1_official_letter_puts_its_summary_under_the_number():
    doc = full_document(kind="", summary="V/v tổ chức hội nghị cử tri", number="12/UBND-VP")
    pages = pdf_pages(render_pdf(doc))
    head = pages[0]
    assert head.index("Số: 12/UBND-VP") < head.index("V/v tổ chức hội nghị cử tri")
    assert "V/v tổ chức hội nghị cử tri" in docx_text(render_docx(doc))


PARTY_PARTS = [
    PARTY_TITLE,
    "ĐẢNG BỘ HUYỆN CẨM MỸ",
    "ĐẢNG ỦY XÃ SÔNG RAY",
    "Số 127-QĐ/ĐU",
    "Sông Ray, ngày 08 tháng 02 năm 2023",
    "QUYẾT ĐỊNH",
    "T/M BAN THƯỜNG VỤ",
    "BÍ THƯ",
    "Hoàng Văn Ưng",
    "- Lưu Văn phòng Đảng ủy.",
]


@pytest.mark.parametrize("backend", ["pdf", "docx"])
def test_doc2_party_documents_use_the_party_header(backend: str):
    doc = full_document(
        party=True,
        superior="Đảng bộ huyện Cẩm Mỹ",
        issuer="Đảng ủy xã Sông Ray",
        number="127-QĐ/ĐU",
        place="Sông Ray",
        date=dt.date(2023, 2, 8),
        kind="Quyết định",
        signatures=(
            Signature(
                authority=Authority.TM,
                on_behalf="Ban Thường vụ",
                position="Bí thư",
                name="Hoàng Văn Ưng",
            ),
        ),
        archive=("Văn phòng Đảng ủy",),
    )
    text = pdf_text(render_pdf(doc)) if backend == "pdf" else docx_text(render_docx(doc))
    assert [p for p in PARTY_PARTS if p not in text] == []
    assert NATIONAL_TITLE not in text and MOTTO not in text
    assert "Số:" not in text


def count_minutes() -> OfficialDocument:
    return minutes(
        superior="Ủy ban nhân dân xã Sông Ray",
        issuer="Ban kiểm phiếu",
        number="02/BB-BKP",
        place="Sông Ray",
        summary="Kiểm phiếu tín nhiệm năm 2023",
        started=dt.datetime(2023, 10, 9, 14, 0),
        venue="Hội trường Ủy ban nhân dân xã",
        participants=("Ông Trần Văn Hùng, Trưởng ban", "Bà Lê Thị Ngọc Ánh, Ủy viên"),
        chair="Ông Trần Văn Hùng",
        secretary="Bà Lê Thị Ngọc Ánh",
        content=(
            Table(
                headers=("TT", "Họ và tên", "Tín nhiệm cao"), rows=(("1", "Nguyễn Văn Đông", "18"),)
            ),
        ),
        closed=dt.datetime(2023, 10, 9, 16, 30),
        recipients=("Tổ chức lấy phiếu",),
        audit_ref=audit_line(7, "cd" * 32),
    )


MINUTES_PARTS = [
    "Số: 02/BB-BKP",
    "BIÊN BẢN",
    "Thời gian bắt đầu: 14 giờ 00 phút, ngày 09 tháng 10 năm 2023.",
    "Địa điểm: Hội trường Ủy ban nhân dân xã.",
    "Thành phần tham dự:",
    "- Ông Trần Văn Hùng, Trưởng ban;",
    "Chủ trì (chủ tọa): Ông Trần Văn Hùng.",
    "Thư ký (người ghi biên bản): Bà Lê Thị Ngọc Ánh.",
    "Nội dung (theo diễn biến cuộc họp):",
    "Nguyễn Văn Đông",
    "Cuộc họp kết thúc vào 16 giờ 30 phút, ngày 09 tháng 10 năm 2023./.",
    "THƯ KÝ",
    "CHỦ TỌA",
    "- Lưu: VT, hồ sơ.",
    "Nhật ký kiểm toán: vị trí 7",
]


@pytest.mark.parametrize("backend", ["pdf", "docx"])
def test_doc1_minutes_follow_appendix_three(backend: str):
    doc = count_minutes()
    text = pdf_text(render_pdf(doc)) if backend == "pdf" else docx_text(render_docx(doc))
    assert [p for p in MINUTES_PARTS if p not in text] == []
    order = [text.index(p) for p in MINUTES_PARTS]
    assert order == sorted(order)


def test_doc1_minutes_are_signed_by_secretary_left_and_chair_right():
    reader = PdfReader(io.BytesIO(render_pdf(count_minutes())))
    spots = [s for page in reader.pages for s in _positions(page)]
    secretary = next((x, y) for x, y, t in spots if t == "THƯ KÝ")
    chair = next((x, y) for x, y, t in spots if t == "CHỦ TỌA")
    assert secretary[0] < A4[0] / 2 < chair[0]
    assert secretary[1] == pytest.approx(chair[1])  # two columns on one line
    document = docx.Document(io.BytesIO(render_docx(count_minutes())))
    signature_rows = [
        [c.text for c in t.rows[0].cells]
        for t in document.tables
        if "THƯ KÝ" in t.rows[0].cells[0].text
    ]
    assert len(signature_rows) == 1
    assert "Bà Lê Thị Ngọc Ánh" in signature_rows[0][0]
    assert "Ông Trần Văn Hùng" in signature_rows[0][1]


def test_doc1_body_tables_are_real_tables_in_both_backends():
    document = docx.Document(io.BytesIO(render_docx(full_document())))
    tally = [t for t in document.tables if t.rows[0].cells[0].text == "TT"]
    assert len(tally) == 1
    assert [c.text for c in tally[0].rows[2].cells] == ["2", "Không đồng ý", "05"]
    assert "w:tblHeader" in tally[0].rows[0]._tr.xml  # header row repeats on each page
    text = pdf_text(render_pdf(full_document()))
    assert re.search(r"TT Nội dung Số phiếu 1 Đồng ý 18 2 Không đồng ý 05", text)


def test_doc1_table_rows_must_match_the_headers():
    with pytest.raises(ValueError, match="dòng 1"):
        Table(headers=("TT", "Nội dung"), rows=(("1",),))


def test_doc3_generated_dates_in_documents_use_the_decree_wording():
    text = pdf_text(render_pdf(full_document(date=dt.date(2024, 3, 7))))
    assert "ngày 07 tháng 3 năm 2024" in text
    assert "07/03/2024" not in text and "2024-03-07" not in text
