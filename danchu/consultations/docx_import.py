"""Reading a draft from a real DOCX file (issue 18): the body in order — paragraphs and tables —
with Word's automatic numbering resolved ("Điều 1.", "1.", "a)" that exist only as numbering),
tables kept where they stand (inside their article), and the parts that are not the draft left
out: the header table, the national title and motto, the number and date lines before the text,
and the signature block with the recipients after it. What was left out is reported, for the
drafting team's preview before saving.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from danchu.consultations import structure
from danchu.core.text import fold, nfc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

NATIONAL = re.compile(r"^cong hoa xa hoi chu nghia viet nam$")
MOTTO = re.compile(r"^doc lap\s*[-–]\s*tu do\s*[-–]\s*hanh phuc$")
NUMBER_LINE = re.compile(r"^so\s*:")
DATE_LINE = re.compile(r"ngay\s+\S*\s*thang\s+\S*\s*nam\s+\d*")
SIGNATURE = re.compile(r"^(tm|kt|q|tl|tuq)\.\s|^noi nhan\b|^(pho )?chu tich\b|^giam doc\b")
"""Folded (no tones, lower case) starts of the signature block and the recipients."""


@dataclass
class Imported:
    lines: list[str]
    left_out: list[str] = field(default_factory=list)  # short descriptions, in Vietnamese
    tables: int = 0  # tables kept in the text
    numbered: int = 0  # paragraphs whose number came from Word's automatic numbering

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += letters
            n -= value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(fmt: str, n: int) -> str:
    return {
        "decimal": str(n),
        "lowerLetter": _letter(n),
        "upperLetter": _letter(n).upper(),
        "lowerRoman": _roman(n).lower(),
        "upperRoman": _roman(n),
        "bullet": "-",
        "none": "",
    }.get(fmt, str(n))


class _Numbering:
    """Word's list numbering (numbering.xml): the text each numbered paragraph shows."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            # python-docx raises these for a document with no numbering part: such a draft has
            # no automatic numbers to resolve, and its typed numbers are read as written.
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in an.iter(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[ilvl] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    int(start.get(f"{W}val", "1")) if start is not None else 1,
                )
            abstract[an.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{W}numId", "")] = abstract.get(ref.get(f"{W}val", ""), {})

    def label(self, paragraph: Any) -> str:
        num_id, ilvl = self._num_pr(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return "-"

        def level_text(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            kfmt, _text, kstart = levels.get(k, ("decimal", "", 1))
            return _format(kfmt, counters.get(k, kstart))

        return re.sub(r"%(\d)", level_text, text).strip()

    @staticmethod
    def _num_pr(paragraph: Any) -> tuple[str | None, int]:
        for holder in (paragraph._p.pPr, _style_ppr(paragraph)):
            if holder is None:
                continue
            num_pr = holder.find(f"{W}numPr")
            if num_pr is not None:
                num_id = num_pr.find(f"{W}numId")
                ilvl = num_pr.find(f"{W}ilvl")
                return (
                    num_id.get(f"{W}val") if num_id is not None else None,
                    int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0,
                )
        return None, 0


def _style_ppr(paragraph: Any) -> Any:
    style = paragraph.style
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None and ppr.find(f"{W}numPr") is not None:
            return ppr
        style = style.base_style
    return None


def _table_rows(table: Any) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = nfc(" ".join(p.text for p in cell.paragraphs))
            if not cells or cells[-1] != text or len(row.cells) == 1:  # merged cells repeat
                cells.append(text)
        rows.append(cells)
    return rows


def _is_header(rows: list[list[str]]) -> bool:
    folded = [fold(c) for r in rows for c in r]
    return any(
        NATIONAL.search(x) or MOTTO.search(x) or "cong hoa xa hoi" in x or NUMBER_LINE.match(x)
        for x in folded
    )


def _is_signature(text: str) -> bool:
    return bool(SIGNATURE.search(fold(text)))


def read(file: Any) -> Imported:
    """The draft's lines from a DOCX (path or file object), and what was left out."""
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(file)
    numbering = _Numbering(document)
    out = Imported([])
    seen_article = False
    ended = False
    for child in document.element.body.iterchildren():
        if ended:
            break
        if child.tag == f"{W}tbl":
            rows = _table_rows(Table(child, document))
            if not seen_article and _is_header(rows):
                out.left_out.append("Bảng tiêu đề (cơ quan, Quốc hiệu, số, ngày)")
                continue
            if seen_article and any(_is_signature(c) for r in rows for c in r):
                out.left_out.append("Khối chữ ký và nơi nhận")
                ended = True
                continue
            out.tables += 1
            out.lines += ["| " + " | ".join(r) + " |" for r in rows if any(r)]
            continue
        if child.tag != f"{W}p":
            continue
        paragraph = Paragraph(child, document)
        text = nfc(paragraph.text)
        label = numbering.label(paragraph)
        if not text:
            continue
        folded = fold(text)
        if not seen_article and (
            NATIONAL.search(folded)
            or MOTTO.search(folded)
            or NUMBER_LINE.match(folded)
            or DATE_LINE.search(folded)
        ):
            out.left_out.append(f"Phần đầu văn bản: «{text[:60]}»")
            continue
        if seen_article and _is_signature(text):
            out.left_out.append("Khối chữ ký và nơi nhận")
            ended = True
            continue
        if label:
            out.numbered += 1
            text = f"{label} {text}"
        if structure.ARTICLE.match(text):
            seen_article = True
        out.lines.append(text)
    return out
