"""DOCX backend (python-docx): the same document, for officials who edit it in Word.

Word draws the rules under the issuer, the motto and the summary as paragraph borders whose
indents shrink them to the Decree's lengths, measured with the same font metrics as the PDF.
"""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from danchu.core.text import nfc
from danchu.documents import layout as L
from danchu.documents.model import (
    MOTTO,
    NATIONAL_TITLE,
    PARTY_TITLE,
    Heading,
    OfficialDocument,
    Paragraph,
    Secrecy,
    Signature,
    Table,
)

PT_PER_MM = 72 / 25.4
TEXT_WIDTH = 210 * PT_PER_MM - L.MARGIN_LEFT - L.MARGIN_RIGHT  # points
NUMERIC = re.compile(r"^[\d.,%/ ()+-]+$")
CENTER, JUSTIFY, LEFT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
)


def _font(run: Any, size: float, *, bold: bool, italic: bool, underline: bool) -> None:
    run.font.name = L.WORD_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), L.WORD_FONT)


def _para(
    container: Any,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: Any = CENTER,
    indent: float = 0,
    after: float = 0,
    before: float = 0,
    spacing: float = 1.0,
    first: bool = False,
) -> Any:
    """Add a paragraph (or fill the empty first paragraph of a table cell when ``first``)."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    fmt.line_spacing = spacing
    if indent:
        fmt.first_line_indent = Pt(indent)
    if text:
        run = paragraph.add_run(nfc(text))
        _font(run, size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _rule(container: Any, length: float, column: float, *, after: float = 2) -> None:
    """A solid rule ``length`` points long, centred in a column ``column`` points wide."""
    paragraph = _para(container, "", 2, after=after)
    fmt = paragraph.paragraph_format
    side = max((column - length) / 2, 0)
    fmt.left_indent = Pt(side)
    fmt.right_indent = Pt(side)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _boxed(paragraph: Any) -> None:
    """Draw a box round the runs of ``paragraph`` (the MẬT stamp)."""
    for run in paragraph.runs:
        border = OxmlElement("w:bdr")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "12"),
            ("w:space", "2"),
            ("w:color", "000"),
        ):
            border.set(qn(key), value)
        run._element.get_or_add_rPr().append(border)


def _grid(document: Any, rows: int, widths: list[float], *, ruled: bool = False) -> Any:
    table = document.add_table(rows=rows, cols=len(widths))
    if ruled:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Pt(width)
    return table


def _header(document: Any, doc: OfficialDocument) -> None:
    left_w = TEXT_WIDTH * L.HEADER_LEFT_SHARE
    right_w = TEXT_WIDTH - left_w
    table = _grid(document, 2, [left_w, right_w])
    left, right = table.rows[0].cells
    first = True
    size_sup = L.PARTY_SIZE_HEADER if doc.party else L.SIZE_SUPERIOR
    size_iss = L.PARTY_SIZE_HEADER if doc.party else L.SIZE_ISSUER
    # Issue 11: a name too wide for the column breaks between words, evenly.
    issuer_lines = [
        p for x in doc.issuer_lines for p in L.balanced_lines(x, left_w, size=size_iss, bold=True)
    ]
    for line in doc.superior_lines:
        for piece in L.balanced_lines(line, left_w, size=size_sup):
            _para(left, piece, size_sup, first=first)
            first = False
    for line in issuer_lines:
        _para(left, line, size_iss, bold=True, first=first)
        first = False
    if doc.party:
        _para(left, "*", size_iss)
        _para(right, PARTY_TITLE, L.PARTY_SIZE_TITLE, bold=True, first=True)
        _rule(right, L.text_width(PARTY_TITLE, size=L.PARTY_SIZE_TITLE, bold=True), right_w)
    else:
        longest = max(
            (L.text_width(x, size=L.SIZE_ISSUER, bold=True) for x in issuer_lines),
            default=0.0,
        )
        _rule(left, longest * L.ISSUER_RULE_SHARE, left_w)
        _para(right, NATIONAL_TITLE, L.SIZE_NATIONAL, bold=True, first=True)
        _para(right, MOTTO, L.SIZE_MOTTO, bold=True)
        _rule(right, L.text_width(MOTTO, size=L.SIZE_MOTTO, bold=True), right_w)
    number, date = table.rows[1].cells
    _para(number, doc.number_text, size_iss if doc.party else L.SIZE_NUMBER, first=True, before=2)
    if doc.is_letter and doc.summary:
        _para(number, doc.summary, L.SIZE_LETTER_SUMMARY)
    if doc.secrecy != Secrecy.NONE:
        _boxed(_para(number, doc.secrecy.value, L.SIZE_MARK, bold=True, before=4))
        if doc.copy_text:
            _para(number, doc.copy_text, L.SIZE_MARK, bold=True)
    if doc.place or doc.date:
        _para(date, doc.date_text, L.SIZE_DATE, italic=True, first=True, before=2)


def _title(document: Any, doc: OfficialDocument) -> None:
    if doc.is_letter:
        _para(document, "", L.SIZE_BODY)
        return
    _para(document, nfc(doc.kind).upper(), L.SIZE_KIND, bold=True, before=14)
    if doc.summary:
        _para(document, doc.summary, L.SIZE_SUMMARY, bold=True)
        widest = max(
            L.text_width(line, size=L.SIZE_SUMMARY, bold=True) for line in doc.summary.split("\n")
        )
        _rule(document, min(widest, TEXT_WIDTH) * L.SUMMARY_RULE_SHARE, TEXT_WIDTH, after=10)


def _table(document: Any, block: Table) -> None:
    if block.caption:
        _para(document, block.caption, L.SIZE_BODY, bold=True, after=4)
    widths = L.column_widths(
        block.headers,
        block.rows,
        TEXT_WIDTH,
        size=L.SIZE_TABLE,
        padding=L.DOCX_CELL_PADDING,
        weights=block.widths,
    )
    table = _grid(document, 1 + len(block.rows), widths, ruled=True)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on each page
    for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
        _para(cell, text, L.SIZE_TABLE, bold=True, first=True)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            _para(
                cell, text, L.SIZE_TABLE, align=CENTER if NUMERIC.match(text) else LEFT, first=True
            )
    _para(document, "", 6)


def _body(document: Any, doc: OfficialDocument) -> None:
    for block in doc.body:
        if isinstance(block, Heading):
            _para(
                document,
                block.text,
                L.SIZE_BODY,
                bold=True,
                align=JUSTIFY,
                indent=L.FIRST_LINE_INDENT,
                after=L.PARAGRAPH_SPACE,
                spacing=L.LINE_SPACING,
            )
        elif isinstance(block, Paragraph):
            _para(
                document,
                block.text,
                L.SIZE_BODY,
                bold=block.bold,
                italic=block.italic,
                align=CENTER if block.centered else JUSTIFY,
                indent=L.FIRST_LINE_INDENT if block.indent and not block.centered else 0,
                after=L.PARAGRAPH_SPACE,
                spacing=L.LINE_SPACING,
            )
        else:
            _table(document, block)


def _signature(cell: Any, sig: Signature, *, party: bool) -> None:
    first = True
    for line in sig.title_lines(party=party):
        _para(cell, line, L.SIZE_SIGNATURE, bold=True, first=first)
        first = False
    if sig.note:
        _para(cell, sig.note, 12, italic=True, first=first)
        first = False
    _para(cell, sig.name, L.SIZE_SIGNATURE, bold=True, before=L.SIGNATURE_SPACE, first=first)


def _recipients(container: Any, doc: OfficialDocument, *, first: bool) -> None:
    lines = doc.recipient_lines
    if not lines:
        return
    _para(
        container,
        "Nơi nhận:",
        L.SIZE_RECIPIENTS_LABEL,
        bold=True,
        italic=True,
        underline=doc.party,
        align=LEFT,
        first=first,
    )
    for line in lines:
        _para(container, line, L.SIZE_RECIPIENTS, align=LEFT)


def _closing(document: Any, doc: OfficialDocument) -> None:
    if len(doc.signatures) == 2:
        table = _grid(document, 1, [TEXT_WIDTH / 2, TEXT_WIDTH / 2])
        for cell, sig in zip(table.rows[0].cells, doc.signatures, strict=True):
            _signature(cell, sig, party=doc.party)
        _para(document, "", 6)
        _recipients(document, doc, first=False)
    elif doc.signatures:
        left_w = TEXT_WIDTH * L.SIGNATURE_LEFT_SHARE
        table = _grid(document, 1, [left_w, TEXT_WIDTH - left_w])
        left, right = table.rows[0].cells
        _recipients(left, doc, first=True)
        _signature(right, doc.signatures[0], party=doc.party)
    else:
        _recipients(document, doc, first=False)
    if doc.audit_ref:
        _para(document, doc.audit_ref, L.SIZE_AUDIT, italic=True, align=LEFT, before=14)


def _page_numbers(section: Any) -> None:
    """DOC1: numbers centred in the top margin from page 2; the first page has its own header."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.paragraph_format.alignment = CENTER
    run = paragraph.add_run()
    _font(run, L.SIZE_PAGE_NUMBER, bold=False, italic=False, underline=False)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)


def render_docx(doc: OfficialDocument, *, copy: int | None = None) -> bytes:
    """Render ``doc`` (or copy number ``copy`` of a secret document) as a Word document."""
    doc = doc.for_copy(copy)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Pt(L.MARGIN_TOP)
    section.bottom_margin = Pt(L.MARGIN_BOTTOM)
    section.left_margin = Pt(L.MARGIN_LEFT)
    section.right_margin = Pt(L.MARGIN_RIGHT)
    section.header_distance = Mm(8)
    normal = document.styles["Normal"]
    normal.font.name = L.WORD_FONT
    normal.font.size = Pt(L.SIZE_BODY)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), L.WORD_FONT)
    _page_numbers(section)
    _header(document, doc)
    _title(document, doc)
    _body(document, doc)
    _closing(document, doc)
    props = document.core_properties
    props.title = doc.title
    props.author = " ".join(doc.issuer_lines)
    props.language = "vi-VN"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
