"""DOC1 / DOC2: yearly number series per issuer, kept in the database."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection

from danchu.audit.models import AuditEntry
from danchu.documents.models import DocumentSeries, IssuedNumber
from danchu.documents.services import issue_number
from danchu.testing import factories as f
from danchu.units.models import AgencyKind

pytestmark = pytest.mark.django_db


def test_doc1_series_starts_at_01_with_the_agency_abbreviation(world):
    assert issue_number(agency=world.ubnd_a, symbol="KH", year=2022) == "01/KH-UBND"
    assert issue_number(agency=world.ubnd_a, symbol="BB", year=2022) == "02/BB-UBND"


def test_doc1_one_series_per_issuer_whatever_the_kind(world):
    texts = [issue_number(agency=world.ubnd_a, symbol=k, year=2022) for k in ("KH", "TB", "QĐ")]
    assert texts == ["01/KH-UBND", "02/TB-UBND", "03/QĐ-UBND"]
    assert issue_number(agency=world.ubnd_b, symbol="KH", year=2022) == "01/KH-UBND"


def test_doc1_series_restarts_each_first_of_january(world):
    for _ in range(11):
        issue_number(agency=world.ubnd_a, symbol="KH", year=2022)
    assert issue_number(agency=world.ubnd_a, symbol="KH", year=2022) == "12/KH-UBND"
    assert issue_number(agency=world.ubnd_a, symbol="KH", year=2023) == "01/KH-UBND"


def test_doc1_secret_documents_have_their_own_series(world):
    issue_number(agency=world.ubnd_a, symbol="KH", year=2022)
    issue_number(agency=world.ubnd_a, symbol="KH", year=2022)
    assert issue_number(agency=world.ubnd_a, symbol="BC", year=2022, secret=True) == "01/BC-UBND"
    assert issue_number(agency=world.ubnd_a, symbol="KH", year=2022) == "03/KH-UBND"
    assert DocumentSeries.objects.filter(agency=world.ubnd_a, year=2022).count() == 2


def test_doc2_party_body_numbers_read_number_hyphen_kind_slash_issuer(world):
    committee = f.AgencyFactory(
        unit=world.commune_a, kind=AgencyKind.DANG_UY, name="Đảng ủy xã An Hòa", short_name="ĐU"
    )
    assert issue_number(agency=committee, symbol="QĐ", year=2023) == "01-QĐ/ĐU"
    central = f.AgencyFactory(
        unit=world.province,
        kind=AgencyKind.DANG_UY,
        name="Ban Chấp hành Trung ương",
        short_name="TW",
    )
    series = DocumentSeries.objects.create(agency=central, year=2023, last_number=126)
    assert issue_number(agency=central, symbol="QĐ", year=2023) == "127-QĐ/TW"
    series.refresh_from_db()
    assert series.last_number == 127


def test_doc1_each_number_is_registered_and_audited(world):
    text = issue_number(agency=world.ubnd_a, symbol="KH", year=2022, actor=world.bob)
    issued = IssuedNumber.objects.get()
    assert (issued.text, issued.number, issued.issued_by) == (text, 1, world.bob)
    entry = AuditEntry.objects.get(action="documents.number.issued")
    assert entry.changes["number"] == "01/KH-UBND"
    assert entry.actor_username == "bob"
    assert entry.unit == world.commune_a


def test_doc1_agency_without_abbreviation_is_refused_in_vietnamese(world):
    agency = f.AgencyFactory(unit=world.commune_a, short_name="")
    with pytest.raises(ValueError, match="tên viết tắt"):
        issue_number(agency=agency, symbol="KH", year=2022)
    assert not DocumentSeries.objects.filter(agency=agency).exists()


def test_doc1_empty_symbol_is_refused_in_vietnamese(world):
    with pytest.raises(ValueError, match="Ký hiệu"):
        issue_number(agency=world.ubnd_a, symbol="  ", year=2022)


@pytest.mark.django_db(transaction=True)
def test_doc1_concurrent_clerks_never_share_a_number():
    world = f.build_world()
    results: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def take() -> str:
        # SQLite's shared in-memory test database answers a concurrent writer "table is locked"
        # at once instead of waiting (a file database waits: BEGIN IMMEDIATE, timeout 20 s);
        # the clerk tries again. PostgreSQL waits on the row lock and never gets here.
        while True:
            try:
                return issue_number(agency=world.ubnd_a, symbol="KH", year=2024)
            except OperationalError as exc:
                if connection.vendor != "sqlite" or "locked" not in str(exc):
                    raise

    def clerk() -> None:
        try:
            start.wait()
            for _ in range(5):
                results.append(take())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()  # leave no session behind on the test database

    threads = [threading.Thread(target=clerk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [f"{n:02d}/KH-UBND" for n in range(1, 21)]
    assert DocumentSeries.objects.get(agency=world.ubnd_a, year=2024).last_number == 20
