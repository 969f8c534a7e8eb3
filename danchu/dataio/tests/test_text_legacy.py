"""danchu.core.text.looks_like_legacy_encoding: TCVN3/VNI pasted from old Word files is caught,
real Unicode Vietnamese (in both tone placements) is never flagged."""

from __future__ import annotations

import unicodedata

import pytest

from danchu.core.text import looks_like_legacy_encoding


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("NguyÔn V¨n A", "TCVN3"),
        ("TrÇn ThÞ B", "TCVN3"),
        ("Lª ThÞ Hång", "TCVN3"),
        ("§øc", "TCVN3"),
        ("Tr\xadêng", "TCVN3"),
        ("Hµ Néi", "TCVN3"),
        ("Ph¹m V¨n §ång", "TCVN3"),
        ("Nguyeãn Vaên A", "VNI"),
        ("Traàn Thò B", "VNI"),
        ("Ñöùc", "VNI"),
        ("Tröôøng", "VNI"),
        ("Phaïm Vaên Ñoàng", "VNI"),
    ],
)
def test_legacy_text_is_named(text, encoding):  # type: ignore[no-untyped-def]
    assert looks_like_legacy_encoding(text) == encoding


def test_utf8_read_as_windows_1252_is_named():  # type: ignore[no-untyped-def]
    garbled = "Nguyễn Văn A".encode().decode("cp1252", errors="replace")
    assert looks_like_legacy_encoding("Nguyá»…n") is not None
    assert "UTF-8" in (looks_like_legacy_encoding(garbled) or "")


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Văn A",
        "Hoàng Thị Thuý",
        "Hòa",
        "Hoà",
        "Quý",
        "Giúp",
        "Khuê",
        "Tuân",
        "Xuân",
        "Luôn",
        "Gió",
        "Thoả",
        "Lý",
        "Hà Nội",
        "Nguyen Van A",
        "«Nam»",
        "37°C",
        "§3",
        "Café",
        "",
    ],
)
def test_unicode_vietnamese_is_not_flagged(text):  # type: ignore[no-untyped-def]
    assert looks_like_legacy_encoding(text) is None
    assert looks_like_legacy_encoding(unicodedata.normalize("NFD", text)) is None
