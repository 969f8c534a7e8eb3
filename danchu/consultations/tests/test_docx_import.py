"""Issue 18, "Drafts": a real-looking Vietnamese DOCX draft (python-docx) — header table with
the national title and motto, articles, clauses and points numbered by Word's automatic
numbering, a table inside Điều 4, the signature block and recipients — is imported with its
structure, the table kept in its article, the header and signature left out; the drafting team
sees a preview before saving."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx.oxml import parse_xml

from danchu.consultations import docx_import, structure
from danchu.consultations.models import DraftVersion
from danchu.testing.factories import client_for

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _abstract(aid: int, levels: list[tuple[str, str]]) -> str:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return f'<w:abstractNum {NS} w:abstractNumId="{aid}">{lvls}</w:abstractNum>'


def _numbered(doc, text: str, num_id: int, ilvl: int = 0):  # type: ignore[no-untyped-def]
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return p


def real_draft() -> bytes:
    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    # Abstract 90: articles "Điều %1."; 91: clauses "%1." with points "%2)".
    numbering.insert(0, parse_xml(_abstract(90, [("decimal", "Điều %1.")])))
    numbering.insert(1, parse_xml(_abstract(91, [("decimal", "%1."), ("lowerLetter", "%2)")])))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="900"><w:abstractNumId w:val="90"/></w:num>'))
    for k in range(1, 6):  # one clause list per article, each starting at 1
        numbering.append(
            parse_xml(f'<w:num {NS} w:numId="{910 + k}"><w:abstractNumId w:val="91"/></w:num>')
        )
    header = doc.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ AN HÒA"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số:      /QĐ-UBND"
    header.cell(1, 1).text = "An Hòa, ngày      tháng     năm 2026"
    doc.add_paragraph("QUY CHẾ")
    doc.add_paragraph("Thực hiện dân chủ trong hoạt động của Ủy ban nhân dân xã An Hòa")
    doc.add_paragraph("Chương I")
    doc.add_paragraph("QUY ĐỊNH CHUNG")
    _numbered(doc, "Phạm vi điều chỉnh", 900)
    doc.add_paragraph("Quy chế này quy định việc thực hiện dân chủ ở xã.")
    _numbered(doc, "Đối tượng áp dụng", 900)
    _numbered(doc, "Cán bộ, công chức xã.", 912)
    _numbered(doc, "Nhân dân trên địa bàn xã, gồm:", 912)
    _numbered(doc, "hộ gia đình;", 912, 1)
    _numbered(doc, "tổ chức.", 912, 1)
    doc.add_paragraph("Chương II")
    doc.add_paragraph("ĐÓNG GÓP")
    _numbered(doc, "Nguyên tắc đóng góp", 900)
    _numbered(doc, "Tự nguyện, công khai.", 913)
    _numbered(doc, "Mức đóng góp", 900)
    doc.add_paragraph("Mức đóng góp theo bảng sau:")
    table = doc.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate(
        [("Đối tượng", "Mức"), ("Hộ thường", "200.000 đồng"), ("Hộ nghèo", "Miễn")]
    ):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    _numbered(doc, "Tổ chức thực hiện", 900)
    _numbered(doc, "Ủy ban nhân dân xã tổ chức thực hiện Quy chế này.", 915)
    _numbered(doc, "Trưởng thôn phổ biến đến Nhân dân.", 915)
    sign = doc.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:\n- Như Điều 5;\n- Lưu: VT."
    sign.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_issue18_docx_draft_is_read_with_its_structure():
    imported = docx_import.read(io.BytesIO(real_draft()))
    d = structure.parse(imported.lines)
    assert [(c.number, c.title) for c in d.chapters] == [
        ("I", "QUY ĐỊNH CHUNG"),
        ("II", "ĐÓNG GÓP"),
    ]
    arts = d.articles()
    assert [(a.number, a.title) for a in arts] == [
        ("1", "Phạm vi điều chỉnh"),
        ("2", "Đối tượng áp dụng"),
        ("3", "Nguyên tắc đóng góp"),
        ("4", "Mức đóng góp"),
        ("5", "Tổ chức thực hiện"),
    ]
    # Word's automatic numbering resolved: clauses keep their numbers, points theirs.
    assert [c.number for c in arts[1].clauses] == ["1", "2"]
    assert "a) hộ gia đình;" in arts[1].clauses[1].text and "b) tổ chức." in arts[1].clauses[1].text
    # The table stays inside Điều 4.
    assert "| Hộ thường | 200.000 đồng |" in arts[3].intro
    assert imported.tables == 1
    # Header, motto and signature left out: Điều 5 clause 2 ends with its own text.
    assert [c.number for c in arts[4].clauses] == ["1", "2"]
    assert arts[4].clauses[1].text == "Trưởng thôn phổ biến đến Nhân dân."
    text = imported.text
    for gone in ("CỘNG HÒA", "Độc lập", "Nơi nhận", "CHỦ TỊCH", "Nguyễn Văn An", "Số:"):
        assert gone not in text
    assert any("chữ ký" in x for x in imported.left_out)
    assert any("tiêu đề" in x for x in imported.left_out)
    assert d.preamble.startswith("QUY CHẾ")


@pytest.mark.django_db
def test_issue18_docx_import_shows_a_preview_before_saving(world, consultation):  # type: ignore[no-untyped-def]
    bob = client_for(world.bob)
    url = reverse("consultations:draft", args=[consultation.pk])
    before = DraftVersion.objects.count()
    upload = SimpleUploadedFile(
        "du-thao.docx",
        real_draft(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    r = bob.post(url, {"file": upload, "note": "Dự thảo lần 2"})
    assert r.status_code == 200 and DraftVersion.objects.count() == before  # nothing saved yet
    html = r.content.decode()
    assert 'id="preview"' in html and "Mức đóng góp" in html and "Khối chữ ký" in html
    # The drafting team saves what the preview shows.
    text = docx_import.read(io.BytesIO(real_draft())).text
    r = bob.post(url, {"text": text, "note": "Dự thảo lần 2", "confirm": "1"})
    assert r.status_code == 302 and DraftVersion.objects.count() == before + 1
    latest = consultation.latest_version()
    assert latest.provisions.filter(kind="article").count() == 5
    assert "Nơi nhận" not in latest.text
