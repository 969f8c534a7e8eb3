"""Vietnamese collation through ICU (ID2), in Python and in the database.

Python: :func:`sort_key` gives ICU's Vietnamese sort key; :func:`name_sort_key` orders people by
given name, then middle name, then family name.
Database: the collation named :data:`DB_COLLATION` is created by a migration on PostgreSQL
(``provider = icu``) and registered on every SQLite connection with the same ICU collator, so
``Collate(F("given_name"), DB_COLLATION)`` orders the same way on both.
"""

from __future__ import annotations

import functools

import icu

from danchu.core.text import canonical_tones, nfc

DB_COLLATION = "vi_icu"


@functools.cache
def _collator() -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale("vi_VN"))


def sort_key(value: str) -> bytes:
    return bytes(_collator().getSortKey(canonical_tones(nfc(value or ""))))


def compare(a: str, b: str) -> int:
    return int(_collator().compare(canonical_tones(nfc(a or "")), canonical_tones(nfc(b or ""))))


def name_sort_key(given: str, middle: str, family: str) -> tuple[bytes, bytes, bytes]:
    """ID2: by given name, then middle name, then family name."""
    return (sort_key(given), sort_key(middle), sort_key(family))


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """Split "Nguyễn Thị Thu Hà" into (family, middle, given) = ("Nguyễn", "Thị Thu", "Hà")."""
    parts = nfc(full_name).split(" ")
    if len(parts) == 1:
        return ("", "", parts[0])
    return (parts[0], " ".join(parts[1:-1]), parts[-1])
