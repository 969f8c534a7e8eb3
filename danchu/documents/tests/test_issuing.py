"""Records that hold (issue 10, point 1): an issued document is stored as issued and served byte
for byte ever after; numbers are taken at issue, in issue order; a correction is a new document
naming the old one; a secret document is unreadable from a copy of the database alone."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import connection

from danchu.audit.models import AuditEntry
from danchu.documents import issuing
from danchu.documents.models import IssuedDocument, IssuedFile
from danchu.documents.render import OfficialDocument, Paragraph, render_pdf

pytestmark = pytest.mark.django_db


class Live:
    """Figures that keep changing after the document is issued (forms still being typed)."""

    def __init__(self) -> None:
        self.forms = 115

    def render(self, issue: issuing.Issue) -> issuing.Rendered:
        doc = OfficialDocument(
            issuer="ỦY BAN NHÂN DÂN XÃ AN HÒA",
            kind="BÁO CÁO",
            summary="Kết quả lấy ý kiến",
            number=issue.number,
            place="An Hòa",
            date=issue.on,
            body=(Paragraph(f"Số phiếu: {self.forms}"),),
        )
        text = f"{issue.number}|{self.forms}|{issue.audit_seq}|{issue.audit_hash}".encode()
        return issuing.Rendered(
            files={"pdf": render_pdf(doc), "xlsx": text}, figures={"forms": self.forms}
        )


def _issue(world, live, **kwargs):  # type: ignore[no-untyped-def]
    args = {
        "kind": "test.report",
        "target": world.commune_a,
        "title": "Báo cáo thử",
        "render": live.render,
        "agency": world.ubnd_a,
        "symbol": "BC",
        "actor": world.bob,
    }
    args.update(kwargs)
    return issuing.issue(**args)


def test_records_hold_a_sent_report_is_served_byte_for_byte_after_live_data_changed(world):
    live = Live()
    doc = _issue(world, live)
    first = issuing.stored(doc, "pdf")
    live.forms = 120  # another commune finished typing
    again = issuing.stored(IssuedDocument.objects.get(pk=doc.pk), "pdf")
    assert again == first
    assert doc.figures == {"forms": 115}
    response = issuing.response(doc, "pdf", "bao-cao.pdf")
    assert response.content == first
    assert response["ETag"] == f'"{hashlib.sha256(first).hexdigest()}"'


def test_records_hold_numbers_are_taken_at_issue_in_issue_order(world):
    a = _issue(world, Live(), target=world.commune_a, on=dt.date(2026, 11, 18))
    b = _issue(world, Live(), target=world.commune_b, on=dt.date(2026, 11, 20))
    assert (a.number, b.number) == ("01/BC-UBND", "02/BC-UBND")
    assert issuing.stored(a, "xlsx").startswith(b"01/BC-UBND|115|")


def test_records_hold_the_audit_trail_keeps_each_files_sha256(world):
    doc = _issue(world, Live())
    entry = AuditEntry.objects.get(action="documents.issued", target_id=str(doc.pk))
    pdf = issuing.stored(doc, "pdf")
    assert entry.changes["sha256"]["pdf"] == hashlib.sha256(pdf).hexdigest()
    assert entry.changes["number"] == "01/BC-UBND"


def test_records_hold_a_second_issue_is_refused_and_a_correction_names_the_old_one(world):
    live = Live()
    old = _issue(world, live)
    with pytest.raises(issuing.AlreadyIssued):
        _issue(world, live)
    live.forms = 120
    with pytest.raises(ValueError, match="lý do"):
        _issue(world, live, replaces=old)
    new = _issue(world, live, replaces=old, reason="Bổ sung 5 phiếu nhập sau")
    assert new.number == "02/BC-UBND"
    assert new.replaces == old
    assert issuing.current(world.commune_a, "test.report") == new
    assert issuing.stored(old, "xlsx").startswith(b"01/BC-UBND|115|")  # still readable
    assert [d.pk for d in issuing.history(world.commune_a, "test.report")] == [old.pk, new.pk]
    assert AuditEntry.objects.filter(action="documents.corrected").count() == 1
    with pytest.raises(ValueError, match="đang có hiệu lực"):
        _issue(world, live, replaces=old, reason="lần nữa")


def test_records_hold_nothing_is_issued_on_a_day_still_to_come(world):
    with pytest.raises(ValueError, match="chưa đến"):
        _issue(world, Live(), on=dt.date(2026, 11, 23))
    assert not IssuedDocument.objects.exists()


def test_records_hold_a_secret_document_is_unreadable_from_the_database_alone(world):
    doc = _issue(world, Live(), secret=True, symbol="BB")
    plain = issuing.stored(doc, "xlsx")
    assert plain.startswith(b"01/BB-UBND|115|")
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM documents_issuedfile")
        raw = [bytes(row[0]) for row in cursor.fetchall()]
    # "|" and "%" are outside the ciphertext's base64 alphabet: neither text can show by chance.
    assert raw and all(b"|115|" not in blob and b"%PDF" not in blob for blob in raw)
    assert IssuedFile.objects.filter(document=doc, encrypted=True).count() == 2


def test_records_hold_a_file_altered_in_the_database_is_refused(world):
    doc = _issue(world, Live())
    IssuedFile.objects.filter(document=doc, fmt="xlsx").update(content=b"tampered")
    with pytest.raises(ValueError, match="SHA-256"):
        issuing.stored(doc, "xlsx")


@pytest.mark.clock("2026-12-31 23:50")
def test_records_hold_a_number_issued_on_new_years_eve_belongs_to_that_year(world, clock):
    a = _issue(world, Live(), target=world.commune_a)
    clock.move_to(dt.datetime(2027, 1, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    b = _issue(world, Live(), target=world.commune_b)
    assert (a.issued_on.year, a.number) == (2026, "01/BC-UBND")
    assert (b.issued_on.year, b.number) == (2027, "01/BC-UBND")


def test_records_hold_the_number_header_keeps_every_letter(world):
    doc = _issue(world, Live(), symbol="QĐ")
    response = issuing.response(doc, "pdf", "quyet-dinh.pdf")
    assert doc.number == "01/QĐ-UBND"
    assert response["X-Danchu-Document-Number"] == "01/Q%C4%90-UBND"
