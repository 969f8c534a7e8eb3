"""Page geometry, type sizes and fonts that both backends share (DOC1, DOC2).

Decree 30, Appendix I: A4; margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm;
Times New Roman. The PDF embeds Liberation Serif, metric-compatible with Times New Roman (OFL,
``fonts/``), so a line breaks in the PDF where it breaks in Word.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
WORD_FONT = "Times New Roman"

# Margins (points). The lower bound of each range: the most text per page.
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm

# Type sizes (points), inside the Decree's ranges.
SIZE_SUPERIOR = 12  # superior body, capitals, regular (12–13)
SIZE_ISSUER = 12  # issuing body, capitals, bold (12–13)
SIZE_NATIONAL = 12  # national title, capitals, bold (12–13)
SIZE_MOTTO = 13  # motto, bold (13–14)
SIZE_NUMBER = 13  # "Số: 05/KH-UBND" (13)
SIZE_DATE = 14  # place and date, italic (13–14)
SIZE_KIND = 14  # "KẾ HOẠCH", bold capitals (13–14)
SIZE_SUMMARY = 14  # summary, bold (14)
SIZE_LETTER_SUMMARY = 12.5  # "V/v …" under the number of an official letter (12–13)
SIZE_BODY = 14  # body (13–14)
SIZE_TABLE = 12  # tables in the body
SIZE_SIGNATURE = 14  # signature block (13–14)
SIZE_RECIPIENTS_LABEL = 12  # "Nơi nhận:" bold italic (12)
SIZE_RECIPIENTS = 11  # the list (11)
SIZE_PAGE_NUMBER = 13  # page numbers from page 2, centred in the top margin (13–14)
SIZE_MARK = 13  # MẬT and copy number
SIZE_AUDIT = 9
PARTY_SIZE_TITLE = 15  # "ĐẢNG CỘNG SẢN VIỆT NAM" (DOC2)
PARTY_SIZE_HEADER = 14

FIRST_LINE_INDENT = 10 * mm  # 1–1.27 cm
PARAGRAPH_SPACE = 6  # at least 6 pt between paragraphs
LINE_SPACING = 1.15  # between single and 1.5 lines
SIGNATURE_SPACE = 26 * mm  # room for the signature and the seal
ISSUER_RULE_SHARE = 0.4  # the rule under the issuer: 1/3–1/2 of the line's length
SUMMARY_RULE_SHARE = 0.4  # the rule under the summary: 1/3–1/2 of the line's length

# Header columns: issuer left, national title right (share of the text width).
HEADER_LEFT_SHARE = 0.43
SIGNATURE_LEFT_SHARE = 0.45

REGULAR, BOLD, ITALIC, BOLD_ITALIC = (
    "DanchuSerif",
    "DanchuSerif-Bold",
    "DanchuSerif-Italic",
    "DanchuSerif-BoldItalic",
)
_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}


def register_fonts() -> None:
    """Register the embedded serif family with ReportLab once (no font is fetched from afar)."""
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )


def text_width(text: str, *, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width in points of one line, as Times New Roman sets it (rule lengths for both backends)."""
    register_fonts()
    font = {(False, False): REGULAR, (True, False): BOLD, (False, True): ITALIC}.get(
        (bold, italic), BOLD_ITALIC
    )
    return float(pdfmetrics.stringWidth(text, font, size))


def balanced_lines(text: str, width: float, *, size: float, bold: bool = False) -> list[str]:
    """A header line too wide for its column, broken between words into the fewest lines of
    most even length ("ỦY BAN NHÂN DÂN / TỈNH QUẢNG NGÃI"), never inside a word (issue 11)."""
    words = text.split()
    if not words or text_width(text, size=size, bold=bold) <= width:
        return [text] if text else []
    for count in range(2, min(len(words), 4) + 1):
        best: list[str] | None = None
        best_width = float("inf")
        for cuts in _cut_points(len(words), count):
            pieces = [
                " ".join(words[a:b]) for a, b in zip((0, *cuts), (*cuts, len(words)), strict=True)
            ]
            widest = max(text_width(p, size=size, bold=bold) for p in pieces)
            if widest < best_width:
                best, best_width = pieces, widest
        if best is not None and best_width <= width:
            return best
    lines: list[str] = []  # very long names: greedy, still between words
    for word in words:
        if lines and text_width(f"{lines[-1]} {word}", size=size, bold=bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _cut_points(n: int, parts: int) -> list[tuple[int, ...]]:
    import itertools

    return list(itertools.combinations(range(1, n), parts - 1))


CELL_PADDING = 3 + 3  # left and right padding of a table cell in the PDF, in points
DOCX_CELL_PADDING = 2 * 5.76  # Word's default cell margins (0.08 inch each side)


def column_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    total: float,
    *,
    size: float,
    padding: float = CELL_PADDING,
    weights: Sequence[float] = (),
) -> list[float]:
    """Column widths sized to their content, summing to ``total`` (issue 11).

    Each column gets at least its longest word (headers in bold; in a cell of figures such as
    "2 (16,67%)" the count and the percentage are the words) so that lines only ever wrap
    between words; what is left is shared in proportion
    to how much wider each column would be with its cells on one line (or to ``weights``, the
    table's own relative widths, when it gives them). If even the longest
    words do not fit, the columns are scaled down in proportion (no better choice exists)."""
    n = len(headers)
    least = [0.0] * n
    most = [0.0] * n
    for r, row in enumerate([headers, *rows]):
        bold = r == 0
        for c, cell in enumerate(row):
            for line in str(cell).split("\n"):
                full = text_width(line, size=size, bold=bold)
                word = max((text_width(w, size=size, bold=bold) for w in line.split()), default=0.0)
                least[c] = max(least[c], word + padding)
                most[c] = max(most[c], full + padding)
    floor = sum(least)
    if floor >= total:
        return [total * w / floor for w in least]
    spare = total - floor
    if weights:
        # The author's relative widths share what is left once every word fits.
        return [w + spare * k / sum(weights) for w, k in zip(least, weights, strict=True)]
    extra = [m - w for m, w in zip(most, least, strict=True)]
    wanted = sum(extra)
    if wanted <= spare:
        # Everything fits on one line: the rest goes to the widest text column.
        widths = list(most)
        widths[max(range(n), key=lambda c: most[c])] += spare - wanted
        return widths
    return [w + spare * e / wanted for w, e in zip(least, extra, strict=True)]
