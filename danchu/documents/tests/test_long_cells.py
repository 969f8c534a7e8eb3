"""Issue 18: a table cell taller than a page (a 4,000-character opinion in a consultation's
summary) is split across pages by the PDF backend instead of failing the document."""

from __future__ import annotations

from danchu.documents.model import Paragraph, Table
from danchu.documents.render import render_docx, render_pdf
from danchu.documents.tests.test_render import docx_text, full_document, pdf_pages

SENTENCE = "Đề nghị bỏ mức đóng góp cố định 500.000 đồng mỗi hộ vì quá cao với hộ nghèo. "
HEADERS = ("STT", "Điều, khoản", "Nội dung ý kiến", "Nguồn ý kiến", "Tiếp thu, giải trình")


def _long(n: int, tag: str) -> str:
    words = [f"{tag}{i:03d}" for i in range(n)]
    return SENTENCE + " ".join(words)


def _doc(*rows: tuple[str, ...]) -> object:
    return full_document(
        body=(
            Paragraph("Bảng tổng hợp ý kiến."),
            Table(headers=HEADERS, rows=rows, widths=(0.7, 1.1, 3.0, 1.8, 3.0)),
            Paragraph("Kết thúc bảng./."),
        )
    )


def test_issue18_pdf_splits_a_cell_taller_than_a_page_and_keeps_every_word():
    opinion = _long(500, "y")  # ~4,000 characters in a third of the page width
    answer = _long(300, "t")
    data = render_pdf(
        _doc(("1", "Điều 3", opinion, "Trang công khai", answer), ("2", "", "Ngắn", "", ""))
    )  # type: ignore[arg-type]
    pages = pdf_pages(data)
    assert len(pages) >= 3
    text = " ".join(pages)
    for tag, n in (("y", 500), ("t", 300)):
        found = [f"{tag}{i:03d}" for i in range(n) if f"{tag}{i:03d}" in text]
        assert len(found) == n, f"{n - len(found)} words of {tag} lost"
    assert "Kết thúc bảng./." in text and "Ngắn" in text
    # The header row is repeated on the page the long cell continues on.
    continued = [p for p in pages[1:] if "y499" in p or "y250" in p]
    assert continued and all("Nội dung ý kiến" in p for p in continued)


def test_issue18_docx_keeps_a_long_cell_whole():
    opinion = _long(500, "y")
    data = render_docx(_doc(("1", "Điều 3", opinion, "Trang công khai", "Tiếp thu")))  # type: ignore[arg-type]
    assert "y000" in docx_text(data) and "y499" in docx_text(data)
