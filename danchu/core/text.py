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


# Characters that only appear when TCVN3 (ABC) or VNI text is read as if it were Unicode/Latin-1.
# TCVN3 puts Vietnamese letters on Latin-1 code points such as "¸ µ ¶ · ¹ ¨ ©"; VNI writes a
# base letter followed by combining-looking Latin-1 marks such as "Ø Ù Ú Û Õ Ï".
_TCVN3_MARKERS = set("¸µ¶·¹¨©®ª«¬½¾ÆÇÎÏÓÔÕÜÝÞßãåæçèéêëìíîïðñòóôõö÷øùúû")
_VNI_PATTERN = re.compile(r"[aAeEoOuUyYiI][ØÙÚÛÕÏøùúûõï]|[aAeEoO][ÂâÊêÔô][ØÙÚÛÕÏøùúûõï]|ñ")
_VIETNAMESE_LETTERS = set(
    "ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)


def looks_like_legacy_encoding(value: str) -> str | None:
    """Name the legacy Vietnamese encoding ``value`` seems to be in, or None if it looks fine.

    Text pasted from old Word files in TCVN3 or VNI fonts arrives as Latin-1 look-alikes
    ("NguyÔn V¨n A", "Nguyeãn Vaên A"). Real Vietnamese in Unicode has none of those marks.
    """
    text = nfc(value)
    if not text or any(ch in _VIETNAMESE_LETTERS for ch in text.lower()):
        return None
    if _VNI_PATTERN.search(text):
        return "VNI"
    markers = sum(1 for ch in text if ch in _TCVN3_MARKERS)
    if markers and any(ch in "¸µ¶·¹¨©®ª«¬½¾" for ch in text):
        return "TCVN3"
    if markers >= 2:
        return "TCVN3"
    return None
