"""``danchu document_sample``: writes sample documents; bad arguments answered in Vietnamese."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader


def test_doc1_command_writes_one_file_per_copy_of_a_secret_document(tmp_path: Path):
    call_command("document_sample", "party", "--all-copies", "-o", str(tmp_path / "qd.pdf"))
    for n in (1, 2, 3):
        data = (tmp_path / f"qd-ban-{n}.pdf").read_bytes()
        assert f"Bản số: {n}/3" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_doc1_command_writes_docx(tmp_path: Path):
    out = tmp_path / "bb.docx"
    call_command("document_sample", "minutes", "--format", "docx", "-o", str(out))
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("args", "message"),
    [(["foo"], "Tên mẫu 'foo'"), (["plan", "--format", "odt"], "Tham số --format")],
)
def test_command_refuses_bad_arguments_in_vietnamese(args: list[str], message: str):
    with pytest.raises(CommandError, match=message):
        call_command("document_sample", *args)
