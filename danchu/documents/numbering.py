"""Number and symbol of a document (DOC1 for State bodies, DOC2 for Party bodies).

Plain Python: :mod:`danchu.documents.services` keeps the yearly series in the database and uses
these functions to write the result.
"""

from __future__ import annotations

from danchu.core.text import nfc


def number_text(number: int) -> str:
    """DOC1: numbers under 10 take a leading zero ("05"); the series starts at 01."""
    if number < 1:
        raise ValueError("Số văn bản phải từ 01 trở lên.")
    return f"{number:02d}"


def full_symbol(kind: str, issuer: str, *, party: bool) -> str:
    """The symbol after the number: "KH-UBND" (DOC1) or "QĐ/TW" (DOC2).

    ``kind`` is the abbreviation of Appendix III (KH, BC, BB, QĐ, TB, TTr…) and ``issuer`` the
    issuing body's abbreviation. A ``kind`` that already carries its issuer ("KH-UBND",
    "QĐ/TW") is used as given.
    """
    kind = nfc(kind)
    issuer = nfc(issuer)
    if not kind:
        raise ValueError("Thiếu ký hiệu loại văn bản (ví dụ KH, BB, QĐ).")
    joiner = "/" if party else "-"
    if joiner in kind or not issuer:
        return kind
    return f"{kind}{joiner}{issuer}"


def number_and_symbol(number: int, symbol: str, *, party: bool) -> str:
    """DOC1 "05/KH-UBND"; DOC2 "127-QĐ/TW" (the Party puts a hyphen after the number)."""
    return f"{number_text(number)}{'-' if party else '/'}{symbol}"


def number_line(number_and_symbol: str, *, party: bool, kind: str = "") -> str:
    """The printed line: DOC1 "Số: 05/KH-UBND", DOC2 "Số 127-QĐ/TW".

    An empty number leaves room for the clerk to write it by hand when the document is signed:
    "Số:      /KH-UBND".
    """
    text = nfc(number_and_symbol)
    for prefix in ("Số:", "Số"):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    if not text:
        blank = "       "
        text = f"{blank}{'-' if party else '/'}{kind}" if kind else blank
    return f"Số {text}" if party else f"Số: {text}"
