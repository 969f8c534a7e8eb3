"""Writes of the documents app: issuing document numbers (DOC1, DOC2)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from danchu.audit.services import log
from danchu.core.text import nfc
from danchu.documents.models import DocumentSeries, IssuedNumber
from danchu.documents.numbering import full_symbol, number_and_symbol
from danchu.units.models import Agency

FIRST_YEAR = 1945


def issue_number(
    *, agency: Agency, symbol: str, year: int, secret: bool = False, actor: Any = None
) -> str:
    """Take the next number of ``agency``'s series for ``year`` and return it with its symbol.

    DOC1: "05/KH-UBND" (``symbol="KH"``, agency abbreviation "UBND"); DOC2 for a Party body:
    "127-QĐ/TW". Each issuer has one series a year, restarting at 01 each 1 January, whatever
    the kind of document; ``secret`` documents have their own series. The series row is locked
    (``select_for_update``) so two clerks never get the same number. The renderer adds "Số:".
    """
    symbol = nfc(symbol)
    if not symbol:
        raise ValueError("Ký hiệu văn bản: bắt buộc (ví dụ KH, BB, QĐ).")
    if not FIRST_YEAR <= year <= 9999:
        raise ValueError(f"Năm: {year} không hợp lệ.")
    party = agency.is_party_body
    joiner = "/" if party else "-"
    if joiner not in symbol and not nfc(agency.short_name):
        raise ValueError(f"Cơ quan {agency.name}: chưa có tên viết tắt để ghi ký hiệu văn bản.")
    with transaction.atomic():
        series, _ = DocumentSeries.objects.get_or_create(agency=agency, year=year, secret=secret)
        series = DocumentSeries.objects.select_for_update().get(pk=series.pk)
        series.last_number += 1
        series.save(update_fields=["last_number"])
        text = number_and_symbol(
            series.last_number, full_symbol(symbol, agency.short_name, party=party), party=party
        )
        IssuedNumber.objects.create(
            series=series,
            number=series.last_number,
            text=text,
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log(
            actor=actor,
            action="documents.number.issued",
            target=series,
            changes={"number": text, "year": year, "confidential_series": secret},
            unit=agency.unit,
        )
    return text
