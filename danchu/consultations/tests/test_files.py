"""DC3 evidence files are served only to those who see the consultation's working pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danchu.consultations import services
from danchu.consultations.models import Channel, Phase
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db


def test_dc3_evidence_file_is_not_public(world, consultation, actors, start_day):  # type: ignore[no-untyped-def]
    record = services.record_publication(
        actor=actors.drafter,
        consultation=consultation,
        phase=Phase.PLAN,
        channel=Channel.RADIO,
        evidence=SimpleUploadedFile(
            "anh.jpg", b"\xff\xd8\xff\xe0 photo", content_type="image/jpeg"
        ),
    )
    url = record.evidence.url
    assert url.startswith("/files/consultations/")
    assert client_for(actors.drafter).get(url).status_code == 200
    assert client_for(actors.supervisor).get(url).status_code == 200
    assert client_for(world.carol).get(url).status_code == 404
    assert Client().get(url).status_code == 404
