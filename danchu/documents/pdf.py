"""PDF backend (ReportLab): for printing and archiving, fonts embedded, nothing fetched."""

from __future__ import annotations

import io
import re
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle as RLTableStyle

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

PAGE_WIDTH, PAGE_HEIGHT = A4
TEXT_WIDTH = PAGE_WIDTH - L.MARGIN_LEFT - L.MARGIN_RIGHT
NUMERIC = re.compile(r"^[\d.,%/ ()+-]+$")


def _style(
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: int = TA_CENTER,
    indent: float = 0,
    after: float = 0,
    leading: float = 1.15,
) -> ParagraphStyle:
    font = {(False, False): L.REGULAR, (True, False): L.BOLD, (False, True): L.ITALIC}.get(
        (bold, italic), L.BOLD_ITALIC
    )
    return ParagraphStyle(
        name=f"{font}-{size}-{align}-{indent}-{after}",
        fontName=font,
        fontSize=size,
        leading=size * leading,
        alignment=align,
        firstLineIndent=indent,
        spaceAfter=after,
    )


def _p(text: str, style: ParagraphStyle, *, underline: bool = False) -> RLParagraph:
    markup = "<br/>".join(escape(nfc(line)) for line in text.split("\n"))
    if underline:
        markup = f"<u>{markup}</u>"
    return RLParagraph(markup, style)


class Rule(Flowable):
    """A solid horizontal rule of a given length, centred in its column (DOC1)."""

    def __init__(self, length: float, *, before: float = 5, after: float = 2) -> None:
        super().__init__()
        self.length = length
        self.before = before
        self.after = after
        self._avail = length

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._avail = availWidth
        return availWidth, self.before + self.after

    def draw(self) -> None:
        x = (self._avail - self.length) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, self.after, x + self.length, self.after)


def _lines(lines: list[str], style: ParagraphStyle) -> list[Flowable]:
    return [_p(line, style) for line in lines]


def _secrecy(doc: OfficialDocument) -> list[Flowable]:
    if doc.secrecy == Secrecy.NONE:
        return []
    mark = doc.secrecy.value
    width = L.text_width(mark, size=L.SIZE_MARK, bold=True) + 12
    stamp = RLTable([[_p(mark, _style(L.SIZE_MARK, bold=True))]], colWidths=[width])
    stamp.setStyle(
        RLTableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), L.REGULAR),
                ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    out: list[Flowable] = [Spacer(1, 4), stamp]
    if doc.copy_text:
        out.append(_p(doc.copy_text, _style(L.SIZE_MARK, bold=True)))
    return out


def _header(doc: OfficialDocument) -> RLTable:
    left_width = TEXT_WIDTH * L.HEADER_LEFT_SHARE
    right_width = TEXT_WIDTH - left_width
    if doc.party:
        size = L.PARTY_SIZE_HEADER
        left: list[Flowable] = _lines(doc.superior_lines, _style(size))
        left += _lines(doc.issuer_lines, _style(size, bold=True))
        left.append(_p("*", _style(size)))
        title_width = L.text_width(PARTY_TITLE, size=L.PARTY_SIZE_TITLE, bold=True)
        right: list[Flowable] = [
            _p(PARTY_TITLE, _style(L.PARTY_SIZE_TITLE, bold=True)),
            Rule(title_width),
        ]
    else:
        # Issue 11: a name too wide for the column breaks between words, evenly.
        superior = [
            p
            for x in doc.superior_lines
            for p in L.balanced_lines(x, left_width, size=L.SIZE_SUPERIOR)
        ]
        issuer = [
            p
            for x in doc.issuer_lines
            for p in L.balanced_lines(x, left_width, size=L.SIZE_ISSUER, bold=True)
        ]
        left = _lines(superior, _style(L.SIZE_SUPERIOR))
        left += _lines(issuer, _style(L.SIZE_ISSUER, bold=True))
        longest = max(
            (L.text_width(x, size=L.SIZE_ISSUER, bold=True) for x in issuer),
            default=0.0,
        )
        left.append(Rule(longest * L.ISSUER_RULE_SHARE))
        right = [
            _p(NATIONAL_TITLE, _style(L.SIZE_NATIONAL, bold=True)),
            _p(MOTTO, _style(L.SIZE_MOTTO, bold=True)),
            Rule(L.text_width(MOTTO, size=L.SIZE_MOTTO, bold=True)),
        ]
    number_size = L.PARTY_SIZE_HEADER if doc.party else L.SIZE_NUMBER
    number: list[Flowable] = [_p(doc.number_text, _style(number_size))]
    if doc.is_letter and doc.summary:
        number.append(_p(doc.summary, _style(L.SIZE_LETTER_SUMMARY)))
    number += _secrecy(doc)
    date = [_p(doc.date_text, _style(L.SIZE_DATE, italic=True))] if doc.place or doc.date else []
    table = RLTable(
        [[left, right], [number, date]],
        colWidths=[left_width, right_width],
    )
    table.setStyle(
        RLTableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), L.REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _title(doc: OfficialDocument) -> list[Flowable]:
    if doc.is_letter:
        return [Spacer(1, 12)]
    out: list[Flowable] = [Spacer(1, 18), _p(nfc(doc.kind).upper(), _style(L.SIZE_KIND, bold=True))]
    if doc.summary:
        out.append(_p(doc.summary, _style(L.SIZE_SUMMARY, bold=True)))
        widest = max(
            L.text_width(line, size=L.SIZE_SUMMARY, bold=True) for line in doc.summary.split("\n")
        )
        out.append(Rule(min(widest, TEXT_WIDTH) * L.SUMMARY_RULE_SHARE, before=6, after=2))
    out.append(Spacer(1, 10))
    return out


def _table(block: Table) -> list[Flowable]:
    head = _style(L.SIZE_TABLE, bold=True, leading=1.1)
    text = _style(L.SIZE_TABLE, align=TA_LEFT, leading=1.1)
    number = _style(L.SIZE_TABLE, leading=1.1)
    rows: list[list[Any]] = [[_p(h, head) for h in block.headers]]
    for row in block.rows:
        rows.append([_p(c, number if NUMERIC.match(c) else text) for c in row])
    # Issue 11: columns sized to their content (never narrower than their longest word), so
    # lines wrap only between words; ``block.widths`` shares what is left.
    widths = L.column_widths(
        block.headers, block.rows, TEXT_WIDTH, size=L.SIZE_TABLE, weights=block.widths
    )
    # splitInRow: a cell taller than what is left of the page (a 4,000-character opinion in the
    # summary) continues on the next page instead of failing the whole document.
    table = RLTable(
        rows,
        colWidths=widths,
        repeatRows=1,
        splitInRow=1,
    )
    table.setStyle(
        RLTableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), L.REGULAR),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), L.CELL_PADDING / 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), L.CELL_PADDING / 2),
            ]
        )
    )
    out: list[Flowable] = []
    if block.caption:
        out.append(_p(block.caption, _style(L.SIZE_BODY, bold=True, after=4)))
    return [*out, table, Spacer(1, L.PARAGRAPH_SPACE)]


def _body(doc: OfficialDocument) -> list[Flowable]:
    out: list[Flowable] = []
    for block in doc.body:
        if isinstance(block, Heading):
            style = _style(
                L.SIZE_BODY,
                bold=True,
                align=TA_JUSTIFY,
                indent=L.FIRST_LINE_INDENT,
                after=L.PARAGRAPH_SPACE,
                leading=L.LINE_SPACING,
            )
            out.append(_p(block.text, style))
        elif isinstance(block, Paragraph):
            style = _style(
                L.SIZE_BODY,
                bold=block.bold,
                italic=block.italic,
                align=TA_CENTER if block.centered else TA_JUSTIFY,
                indent=L.FIRST_LINE_INDENT if block.indent and not block.centered else 0,
                after=L.PARAGRAPH_SPACE,
                leading=L.LINE_SPACING,
            )
            out.append(_p(block.text, style))
        else:
            out += _table(block)
    return out


def _signature(sig: Signature, *, party: bool) -> list[Flowable]:
    out: list[Flowable] = _lines(sig.title_lines(party=party), _style(L.SIZE_SIGNATURE, bold=True))
    if sig.note:
        out.append(_p(sig.note, _style(12, italic=True)))
    out += [Spacer(1, L.SIGNATURE_SPACE), _p(sig.name, _style(L.SIZE_SIGNATURE, bold=True))]
    return out


def _recipients(doc: OfficialDocument) -> list[Flowable]:
    lines = doc.recipient_lines
    if not lines:
        return []
    label = _style(L.SIZE_RECIPIENTS_LABEL, bold=True, italic=True, align=TA_LEFT)
    item = _style(L.SIZE_RECIPIENTS, align=TA_LEFT, leading=1.1)
    return [_p("Nơi nhận:", label, underline=doc.party), *(_p(x, item) for x in lines)]


def _closing(doc: OfficialDocument) -> list[Flowable]:
    left_width = TEXT_WIDTH * L.SIGNATURE_LEFT_SHARE
    plain = RLTableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), L.REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    out: list[Flowable] = [Spacer(1, 6)]
    recipients = _recipients(doc)
    sigs = [_signature(s, party=doc.party) for s in doc.signatures]
    if len(sigs) == 2:
        table = RLTable([sigs], colWidths=[TEXT_WIDTH / 2, TEXT_WIDTH / 2])
        table.setStyle(plain)
        out.append(KeepTogether([table]))
        if recipients:
            out += [Spacer(1, 12), KeepTogether(recipients)]
    elif sigs:
        table = RLTable([[recipients, sigs[0]]], colWidths=[left_width, TEXT_WIDTH - left_width])
        table.setStyle(plain)
        out.append(KeepTogether([table]))
    elif recipients:
        out.append(KeepTogether(recipients))
    if doc.audit_ref:
        out += [Spacer(1, 14), _p(doc.audit_ref, _style(L.SIZE_AUDIT, italic=True, align=TA_LEFT))]
    return out


def _page_number(canvas: Any, _doc: Any) -> None:
    """DOC1: Arabic numerals centred in the top margin, from page 2 (page 1 shows none)."""
    canvas.saveState()
    canvas.setFont(L.REGULAR, L.SIZE_PAGE_NUMBER)
    canvas.drawCentredString(
        L.MARGIN_LEFT + TEXT_WIDTH / 2,
        PAGE_HEIGHT - L.MARGIN_TOP / 2 - L.SIZE_PAGE_NUMBER / 3,
        str(canvas.getPageNumber()),
    )
    canvas.restoreState()


def render_pdf(doc: OfficialDocument, *, copy: int | None = None) -> bytes:
    """Render ``doc`` (or copy number ``copy`` of a secret document) as an A4 PDF."""
    L.register_fonts()
    doc = doc.for_copy(copy)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=L.MARGIN_LEFT,
        rightMargin=L.MARGIN_RIGHT,
        topMargin=L.MARGIN_TOP,
        bottomMargin=L.MARGIN_BOTTOM,
        title=doc.title,
        author=" ".join(doc.issuer_lines),
        creator="danchu",
        lang="vi",
        invariant=True,
        initialFontName=L.REGULAR,  # no unembedded Helvetica in the resources
        initialFontSize=L.SIZE_BODY,
    )
    story: list[Flowable] = [_header(doc), *_title(doc), *_body(doc), *_closing(doc)]
    template.build(story, onLaterPages=_page_number)
    return buffer.getvalue()
