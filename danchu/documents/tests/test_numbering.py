"""DOC1 / DOC2: how numbers and symbols are written (pure functions)."""

from __future__ import annotations

import pytest

from danchu.documents.numbering import full_symbol, number_and_symbol, number_line, number_text


@pytest.mark.parametrize(("n", "text"), [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (224, "224")])
def test_doc1_numbers_under_ten_take_a_leading_zero(n: int, text: str):
    assert number_text(n) == text


def test_doc1_there_is_no_number_zero():
    with pytest.raises(ValueError, match="01"):
        number_text(0)


def test_doc1_state_number_line():
    symbol = full_symbol("KH", "UBND", party=False)
    assert number_line(number_and_symbol(5, symbol, party=False), party=False) == "Số: 05/KH-UBND"


def test_doc2_party_number_line_has_no_colon_and_a_hyphen_after_the_number():
    symbol = full_symbol("QĐ", "TW", party=True)
    assert number_line(number_and_symbol(127, symbol, party=True), party=True) == "Số 127-QĐ/TW"


def test_doc1_a_symbol_that_already_names_its_issuer_is_kept():
    assert full_symbol("TTr-UBND", "UBND", party=False) == "TTr-UBND"
    assert full_symbol("QĐ/TW", "ĐU", party=True) == "QĐ/TW"


def test_doc1_number_line_accepts_an_already_prefixed_number():
    assert number_line("Số: 05/KH-UBND", party=False) == "Số: 05/KH-UBND"


def test_doc1_blank_number_leaves_room_for_the_clerk():
    line = number_line("", party=False, kind="BB-UBND")
    assert line.startswith("Số: ") and line.endswith("/BB-UBND") and line[4] == " "
