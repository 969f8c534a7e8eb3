"""Uploaded files are served only through an access check, never as public media.

``MEDIA_URL`` points at :func:`serve`; each app registers, for the ``upload_to`` prefix of its
file fields, a checker ``f(user, name) -> bool`` that finds the record owning the file and asks the
app's permissions. A file under no registered prefix, or refused by its checker, is a 404 (the
existence of a file is not revealed).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.utils.http import content_disposition_header

Checker = Callable[[Any, str], bool]
_checkers: dict[str, Checker] = {}


def register(prefix: str, checker: Checker) -> None:
    _checkers[prefix] = checker


def checker_for(name: str) -> Checker | None:
    for prefix, checker in _checkers.items():
        if name.startswith(prefix):
            return checker
    return None


def serve(request: HttpRequest, name: str) -> FileResponse:
    if ".." in name.split("/") or name.startswith("/"):
        raise Http404
    checker = checker_for(name)
    if checker is None or not checker(request.user, name) or not default_storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = (
        content_disposition_header(False, name.rsplit("/", 1)[-1]) or "inline"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
