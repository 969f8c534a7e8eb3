"""Upload limits for evidence and DOCX drafts: a size limit (``DANCHU_MAX_UPLOAD_MB``) and allowed
types judged by extension and content, refused with a Vietnamese reason naming the field."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.consultations import forms, services, uploads
from danchu.consultations.models import Channel, Phase, PublicationRecord
from danchu.consultations.services import ConsultationError
from danchu.core import clock
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0"
MB = 1024 * 1024


def _radio(world, consultation, start_day, evidence):  # type: ignore[no-untyped-def]
    return services.record_publication(
        actor=world.bob,
        consultation=consultation,
        phase=Phase.PLAN,
        channel=Channel.RADIO,
        evidence=evidence,
    )


def _docx_bytes() -> bytes:
    d = docx.Document()
    for line in ("Điều 1. Phạm vi", "Quy chế này quy định việc công khai."):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_upload_limit_is_the_setting_in_whole_megabytes(settings, world, consultation, start_day):  # type: ignore[no-untyped-def]
    settings.DANCHU_MAX_UPLOAD_MB = 1
    assert uploads.max_upload_mb() == 1
    exact = SimpleUploadedFile("anh.jpg", JPEG + b"\0" * (MB - len(JPEG)))
    assert _radio(world, consultation, start_day, exact).evidence
    over = SimpleUploadedFile("anh-lon.jpg", JPEG + b"\0" * (MB - len(JPEG) + 1))
    with pytest.raises(ConsultationError) as exc:
        _radio(world, consultation, start_day, over)
    assert exc.value.messages == [
        "Minh chứng (tệp hoặc ảnh): tệp anh-lon.jpg vượt quá dung lượng cho phép 1 MB."
    ]
    assert PublicationRecord.objects.count() == 1


def test_upload_default_limit_is_ten_megabytes_and_the_environment_can_change_it(monkeypatch):  # type: ignore[no-untyped-def]
    import importlib

    import danchu.settings as project_settings

    try:
        monkeypatch.delenv("DANCHU_MAX_UPLOAD_MB", raising=False)
        assert importlib.reload(project_settings).DANCHU_MAX_UPLOAD_MB == 10
        monkeypatch.setenv("DANCHU_MAX_UPLOAD_MB", "25")
        assert importlib.reload(project_settings).DANCHU_MAX_UPLOAD_MB == 25
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)


def test_upload_type_not_allowed_names_the_field_and_the_allowed_types(
    world, consultation, start_day
):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError) as exc:
        _radio(world, consultation, start_day, SimpleUploadedFile("chay-ngay.exe", b"MZ\x90\x00"))
    assert exc.value.messages == [
        "Minh chứng (tệp hoặc ảnh): tệp chay-ngay.exe không thuộc định dạng được phép; chỉ nhận: "
        "jpg, jpeg, png, webp, heic, pdf, doc, docx, odt, txt."
    ]


def test_upload_content_must_match_its_extension(world, consultation, start_day):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError) as exc:
        _radio(world, consultation, start_day, SimpleUploadedFile("anh.jpg", b"MZ\x90\x00program"))
    assert exc.value.messages == [
        "Minh chứng (tệp hoặc ảnh): nội dung tệp anh.jpg không đúng định dạng .jpg."
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.jpg", JPEG + b"photo"),
        ("anh.PNG", b"\x89PNG\r\n\x1a\n..."),
        ("ban-chup.pdf", b"%PDF-1.7\n..."),
        ("bien-ban.txt", "Biên bản niêm yết tại nhà văn hóa thôn".encode()),
        ("bien-ban.docx", b"PK\x03\x04..."),
    ],
)
def test_upload_allowed_types_are_accepted(world, consultation, start_day, name, content):  # type: ignore[no-untyped-def]
    assert _radio(world, consultation, start_day, SimpleUploadedFile(name, content)).evidence


def test_upload_draft_must_be_a_docx_within_the_limit(settings, world, consultation):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError) as exc:
        services.import_docx(
            actor=world.bob,
            consultation=consultation,
            file=SimpleUploadedFile("du-thao.pdf", b"%PDF-"),
        )
    assert exc.value.messages == [
        "Tệp DOCX: tệp du-thao.pdf không thuộc định dạng được phép; chỉ nhận: docx."
    ]
    settings.DANCHU_MAX_UPLOAD_MB = 0
    with pytest.raises(ConsultationError, match=r"^Tệp DOCX: tệp du-thao\.docx vượt quá"):
        services.import_docx(
            actor=world.bob,
            consultation=consultation,
            file=SimpleUploadedFile("du-thao.docx", _docx_bytes()),
        )
    settings.DANCHU_MAX_UPLOAD_MB = 1
    version = services.import_docx(
        actor=world.bob,
        consultation=consultation,
        file=SimpleUploadedFile("du-thao.docx", _docx_bytes()),
    )
    assert version.number == 2 and version.source_file


def test_upload_form_shows_the_reason_at_the_field(settings, world, consultation, start_day):  # type: ignore[no-untyped-def]
    settings.DANCHU_MAX_UPLOAD_MB = 1
    url = reverse("consultations:publication", args=[consultation.pk])
    r = client_for(world.bob).post(
        url,
        {
            "phase": "plan",
            "channel": "radio",
            "start": clock.today().isoformat(),
            "evidence": SimpleUploadedFile("anh.jpg", JPEG + b"\0" * MB),
        },
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "Minh chứng (tệp hoặc ảnh): tệp anh.jpg vượt quá dung lượng cho phép 1 MB." in html
    assert "Tối đa 1 MB" in html  # the limit is told before uploading
    assert not PublicationRecord.objects.exists()
    assert "accept" in str(forms.VersionForm()["file"]) and ".docx" in str(
        forms.VersionForm()["file"]
    )
