"""One way to send a generated file (PDF, DOCX, XLSX, ICS) to the browser."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def file_response(
    content: bytes, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """``content`` as a download (or shown in the browser when ``inline``), with a filename
    that keeps its Vietnamese letters (RFC 6266 ``filename*``)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or (
        "inline" if inline else "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Generated files may be confidential (minutes are MẬT): never kept by caches.
    response["Cache-Control"] = "private, no-store"
    return response
