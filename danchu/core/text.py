"""Text on the way in: Unicode NFC, legacy-encoding detection, Vietnamese folding.

ID2: names are stored in NFC; matching folds the two tone-placement styles (Hoà/Hòa) and đ→d.
Sorting uses ICU's Vietnamese collation (``danchu.core.collation``), never a hand-made table.
"""

from __future__ import annotations

import re
import unicodedata

import icu

_FOLD = icu.Transliterator.createInstance("NFD; [:Nonspacing Mark:] Remove; NFC; Lower")
_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """Return ``value`` in Unicode NFC with surrounding and repeated spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """Fold for matching: no tones or diacritics, đ→d, lower case ("Hoà" → "hoa")."""
    folded = _FOLD.transliterate(nfc(value))
    return folded.replace("đ", "d").replace("Đ", "d")


# Text typed with the old Vietnamese fonts arrives as Latin-1 look-alikes when pasted or saved
# without conversion.
# - TCVN3 (ABC, ".VnTime") puts each Vietnamese letter on one byte: ă=¨ â=© ê=ª ô=« ơ=¬ ư=(soft
#   hyphen) đ=® à=µ á=¸ ễ=Ô ầ=Ç ị=Þ ò=ß ồ=å ứ=ø… ("NguyÔn V¨n A", "TrÇn ThÞ B", "§øc").
# - VNI ("VNI-Times") writes the base letter followed by a mark byte: ễ="eã" ă="aê" ầ="aà"
#   ơ=ô ư=ö đ=ñ ị=ò ("Nguyeãn Vaên A", "Traàn Thò B", "Ñöùc").
# Unicode Vietnamese never has the symbols ¡…¾ inside a word, a Latin-1 capital after a small
# letter ("yÔn"), or an unaccented vowel followed by a mark byte that no Vietnamese syllable
# spells that way ("eã", "aê", "oø").
_LATIN1_VIETNAMESE = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_VIETNAMESE_BEYOND_LATIN1 = set(
    "ăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    "ĂĐĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
)
_TCVN3_SYMBOLS = "¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾"
_TCVN3_IN_WORD = re.compile(
    rf"(?<=[^\W\d_])[{_TCVN3_SYMBOLS}]|[{_TCVN3_SYMBOLS}](?=[^\W\d_])"
    r"|[a-z][ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ]"
)
# Latin-1 letters that are not Vietnamese at all; TCVN3 uses them for toned letters (Ç=ầ, Þ=ị).
_FOREIGN_LATIN1_IN_WORD = re.compile(
    r"(?<=[^\W\d_])[ÄÅÆÇËÎÏÐÑÖØÛÜÞßäåæçëîïðñöøûüþÿ×÷]"
    r"|[ÄÅÆÇËÎÏÐÑÖØÛÜÞßäåæçëîïðñöøûüþÿ×÷](?=[^\W\d_])"
)
# Vowel + mark byte pairs of VNI; pairs that Unicode Vietnamese also spells ("oà" in "Hoàng",
# "iê", "uâ", "uê", "uô", "uý", after "gi"/"qu" anything) are left out.
_VNI_PAIR = re.compile(
    r"(?<![gGqQ])(?:"
    r"[aA][àáâãäåèéêëüúÀÁÂÃÄÅÈÉÊËÜÚ]"
    r"|[eE][àáâãäåÀÁÂÃÄÅ]"
    r"|[oO][âäåÂÄÅ]"
    r"|[aeiouyAEIOUYôöÔÖ][øùûõïîØÙÛÕÏÎ]"
    r")|[ñÑöÖæÆ]"
)
_GUILLEMETS = re.compile(r"«([^«»]*)»")


def _utf8_misread(text: str) -> bool:
    """UTF-8 bytes shown as Windows-1252 ("Nguyá»…n")."""
    try:
        repaired = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return repaired != text and any(ch in _VIETNAMESE_BEYOND_LATIN1 for ch in repaired)


def looks_like_legacy_encoding(value: str) -> str | None:
    """Name the legacy Vietnamese encoding ``value`` seems to be in, or None if it looks fine.

    Returns "TCVN3", "VNI" or "UTF-8 đọc nhầm thành Windows-1252". Text with any Vietnamese
    letter beyond Latin-1 (ă, đ, ơ, ư, ạ, ễ…) is Unicode and never flagged.
    """
    text = nfc(value)
    if not text or text.isascii():
        return None
    if _utf8_misread(text):
        return "UTF-8 đọc nhầm thành Windows-1252"
    if any(ch in _VIETNAMESE_BEYOND_LATIN1 for ch in text):
        return None
    text = _GUILLEMETS.sub(r"\1", text)
    if _TCVN3_IN_WORD.search(text):
        return "TCVN3"
    if _VNI_PAIR.search(text):
        return "VNI"
    if _FOREIGN_LATIN1_IN_WORD.search(text):
        return "TCVN3"
    return None


# --- The one text cleaner (issue 19, ASVS V5) --------------------------------------------------
# Every form, serializer, import and command passes user text through ``clean_text``; the
# ``danchu.web.middleware.InputHygieneMiddleware`` applies the same refusal to every request's
# path, query string, form fields and JSON body, so no page or endpoint can forget it.

# C0 and C1 control characters, DEL, lone surrogates and the non-characters U+FFFE/U+FFFF. Tab,
# line feed and carriage return are allowed only in multi-line text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\t\n\r]")
#: Longest text accepted in any single field, unless the field says less.
MAX_TEXT_CHARS = 20_000


class TextRefused(ValueError):
    """User text that danchu refuses; ``str(error)`` is the Vietnamese message to show."""


def control_character(value: str, *, multiline: bool = True) -> str | None:
    """The first control character of ``value`` as ``U+0002``, or None if there is none."""
    found = _CONTROL.search(value) or (None if multiline else _LINE_BREAKS.search(value))
    return f"U+{ord(found.group()):04X}" if found else None


def refusal(value: str, *, max_length: int | None = None, multiline: bool = True) -> str | None:
    """The Vietnamese reason ``value`` is refused, or None when it is acceptable text."""
    if "\x00" in value:
        return "Văn bản chứa ký tự rỗng (NUL); hãy gõ lại, không dán từ tệp nhị phân."
    if code := control_character(value, multiline=multiline):
        return f"Văn bản chứa ký tự điều khiển ({code}); hãy gõ lại phần này."
    limit = MAX_TEXT_CHARS if max_length is None else max_length
    if len(value) > limit:
        size, most = f"{len(value):,}".replace(",", "."), f"{limit:,}".replace(",", ".")
        return f"Văn bản dài {size} ký tự, quá giới hạn {most} ký tự."
    return None


def clean_text(
    value: str, *, max_length: int | None = None, multiline: bool = False, collapse: bool = True
) -> str:
    """Return ``value`` in NFC (single-line text also with spaces collapsed and trimmed).

    Raises ``TextRefused`` (a Vietnamese message) for NUL, control characters (tab and line
    breaks only in multi-line text; CRLF becomes LF) or text longer than ``max_length`` — such
    text is never stored. ID2: NFC is how names are stored.
    """
    text = unicodedata.normalize("NFC", value)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if problem := refusal(text, max_length=max_length, multiline=multiline):
        raise TextRefused(problem)
    if multiline or not collapse:
        return text.strip()
    return nfc(text)


def printable(value: str) -> str:
    """``value`` without control characters, for exports of data stored before the cleaner."""
    return _CONTROL.sub("\ufffd", value)


# --- Tone placement (ID2, issue 19) --------------------------------------------------------------
# "Hoà" and "Hòa", "Thuỷ" and "Thủy" are the same name typed in the two tone-placement styles. For
# sorting, both become the newer style (tone on the second vowel of an open "oa", "oe", "uy"), so
# "Lê Thị Hòa" and "Nguyễn Thị Thanh Hoà" sort by their middle names, as people expect.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_OLD_STYLE = re.compile(
    rf"(?<=[oO])([{_TONE_MARKS}])([aAeE])(?![^\W\d_])|(?<=[uU])([{_TONE_MARKS}])([yY])(?![^\W\d_])"
)


def canonical_tones(value: str) -> str:
    """``value`` (NFC) with old-style tone placement moved to the new style: òa→oà, ùy→uỳ."""
    decomposed = unicodedata.normalize("NFD", value)
    moved = _OLD_STYLE.sub(lambda m: (m[2] + m[1]) if m[1] else (m[4] + m[3]), decomposed)
    return unicodedata.normalize("NFC", moved)
