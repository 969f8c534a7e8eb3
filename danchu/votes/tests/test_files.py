"""CV4 dossiers are uploaded files: they are served only to those who may read the dossiers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from danchu.testing.factories import client_for
from danchu.votes import services
from danchu.votes.models import DocumentKind

pytestmark = pytest.mark.django_db


def test_cv4_dossier_file_is_served_only_behind_access_checks(vw):  # type: ignore[no-untyped-def]
    doc = services.upload_document(
        actor=vw.subject_user,
        subject=vw.subjects[0],
        kind=DocumentKind.ASSETS,
        file=ContentFile(b"%PDF-1.4 tai san", name="kk.pdf"),
        on=dt.date(2026, 10, 30),
    )
    url = doc.file.url
    assert url.startswith("/files/votes/")
    allowed = client_for(vw.subject_user).get(url)
    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == b"%PDF-1.4 tai san"
    assert client_for(vw.voters[3]).get(url).status_code == 200  # a convened voter
    # Another commune's officer, a user without roles, anonymous: the file does not exist.
    assert client_for(vw.w.carol).get(url).status_code == 404
    assert client_for(vw.w.dave).get(url).status_code == 404
    from django.test import Client

    assert Client().get(url).status_code == 404


def test_unregistered_or_traversing_paths_are_not_served(vw):  # type: ignore[no-untyped-def]
    client = client_for(vw.w.root)
    assert client.get("/files/other/secret.txt").status_code == 404
    assert client.get("/files/votes/../../danchu.sqlite3").status_code == 404
