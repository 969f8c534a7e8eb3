"""Issue 19 (ASVS V5): the one text cleaner of danchu.core."""

from __future__ import annotations

import pytest

from danchu.core.text import TextRefused, clean_text, printable, refusal


def test_issue19_cleaner_gives_nfc_and_collapses_spaces():
    decomposed = "Le\u0302 Va\u0306n  An "  # "Lê Văn  An" typed with combining marks
    assert clean_text(decomposed) == "Lê Văn An"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("Lê Văn\u0002 An", "U+0002"),
        ("a\x00b", "NUL"),
        ("a\x7fb", "U+007F"),
        ("a\x85b", "U+0085"),
        ("a\ud800b", "U+D800"),
    ],
)
def test_issue19_control_characters_and_nul_are_refused_in_vietnamese(value, words):
    with pytest.raises(TextRefused) as refused:
        clean_text(value)
    assert words in str(refused.value)
    assert "ký tự" in str(refused.value)


def test_issue19_line_breaks_only_in_multiline_text():
    with pytest.raises(TextRefused):
        clean_text("dòng 1\ndòng 2")
    assert clean_text("dòng 1\r\ndòng 2\tcột", multiline=True) == "dòng 1\ndòng 2\tcột"


def test_issue19_length_limit_per_field_in_vietnamese():
    assert clean_text("x" * 200, max_length=200) == "x" * 200
    with pytest.raises(TextRefused) as refused:
        clean_text("x" * 201, max_length=200)
    assert str(refused.value) == "Văn bản dài 201 ký tự, quá giới hạn 200 ký tự."
    assert refusal("x" * 20_001) == "Văn bản dài 20.001 ký tự, quá giới hạn 20.000 ký tự."


def test_issue19_printable_keeps_exports_alive_on_old_data():
    assert printable("Lê Văn\u0002 An") == "Lê Văn\ufffd An"
    assert printable("dòng\nmới") == "dòng\nmới"
