"""Numbers as a Vietnamese reader reads them (issue 11): 1.234 and 16,67% — on pages, in PDF and
DOCX documents and in XLSX display formats. The one place this formatting lives; machine
formats (JSON, CSV for software) keep plain digits and a decimal point."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

DECIMAL = ","
THOUSANDS = "."

XLSX_INTEGER = "#,##0"
"""XLSX display format of a count: Excel shows the grouping with the reader's separators."""
XLSX_DECIMAL = "#,##0.00"
"""XLSX display format of a number with two decimals (points: 16,99)."""
XLSX_PERCENT = "0.00%"
"""XLSX display format of a share stored as a fraction of 1 (0.1667 shows as 16,67%)."""


def _group(digits: str) -> str:
    out: list[str] = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return THOUSANDS.join(out)


def number(value: int | str | Decimal | float, places: int | None = None) -> str:
    """``1234`` → "1.234"; ``"16.67"`` → "16,67"; ``Decimal("1234.5"), places=2`` → "1.234,50".

    A string is taken as written with a decimal point (what ``votes.rules.percent`` and the
    JSON give); ``places`` rounds half up first."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    text = str(value).strip()
    if places is not None:
        q = Decimal(1).scaleb(-places)
        text = str(Decimal(text).quantize(q, rounding="ROUND_HALF_UP"))
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    grouped = _group(whole) if whole.isdigit() else whole
    return f"{sign}{grouped}{DECIMAL + frac if frac else ''}"


def percent(value: str | Fraction | Decimal, places: int = 2) -> str:
    """A percentage: ``"16.67"`` → "16,67%"; ``Fraction(1, 6)`` → "16,67%" (half up)."""
    if isinstance(value, Fraction):
        scaled = value * 100 * 10**places
        rounded = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
        text = str(rounded).rjust(places + 1, "0")
        value = f"{text[:-places]}.{text[-places:]}" if places else text
    return f"{number(value)}%"


def count_with_percent(count: int, pct: str) -> str:
    """A tally cell: ``(2, "16.67")`` → "2 (16,67%)"."""
    return f"{number(count)} ({percent(pct)})"


_RATE_WITH_A_POINT = re.compile(r"(?<![\d.,])(\d+)\.(\d+)%")


def rates_in_text(text: str) -> str:
    """A sentence stored with rates written the English way ("(58.33%)", e.g. the SV7 flags
    raised before issue 19) as a Vietnamese reader reads it: "(58,33%)". Only a number with a
    decimal point directly followed by ``%`` changes; the stored text itself is left as it is."""
    return _RATE_WITH_A_POINT.sub(lambda m: percent(f"{m[1]}.{m[2]}"), text)
