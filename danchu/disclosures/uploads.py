"""Uploaded files of the register (the information disclosed, evidence of posting): checked like
``danchu.consultations.uploads`` — type by extension *and* first bytes, size by
``DANCHU_MAX_UPLOAD_MB`` — with the same Vietnamese messages naming the field."""

from __future__ import annotations

from typing import Any

from danchu.consultations.uploads import UploadKind, upload_problems

FILES = UploadKind(("pdf", "doc", "docx", "odt", "jpg", "jpeg", "png", "webp", "heic", "txt"))
"""A decision, a list or a table (PDF, Word, OpenDocument, text) or a photo of the notice."""


def file_problems(file: Any, field: str) -> list[str]:
    """Why ``file`` may not be stored in ``field`` (empty when it may)."""
    return upload_problems(file, FILES, field)
