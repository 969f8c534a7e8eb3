"""Logs that cannot time an anonymous act (issue 10, point 5).

An e-ballot (``/votes/e/<id>/``, its API twin) and an online survey form (``/surveys/online/``)
are anonymous: a log line per submission, with its time and the phone's address, would let
whoever reads the log put a time (and a device) on each one. These paths are listed once here,
in :data:`ANONYMOUS_PATH_PREFIXES`; :class:`DropAnonymousPaths` drops their lines from Django's
request loggers (``settings.LOGGING``), and ``deploy/gunicorn.conf.py`` uses the same list for
gunicorn's access log (which also leaves out the client address on every line).
"""

from __future__ import annotations

import logging
from typing import Any

ANONYMOUS_PATH_PREFIXES: tuple[str, ...] = (
    "/votes/e/",  # CV5: the e-ballot in the hall
    "/api/votes/e/",  # the same ballot through the API
    "/surveys/online/",  # SV: the citizen's online survey form
    "/satisfaction/rate/",  # LD10: a resident's satisfaction rating (receipt code or office QR)
)
"""URL path prefixes of anonymous acts: never one log line per request. Add a new anonymous
form here and both Django's and gunicorn's logs leave it out."""


def is_anonymous_path(path: str) -> bool:
    path = path.split("?", 1)[0]
    return any(path.startswith(prefix) for prefix in ANONYMOUS_PATH_PREFIXES)


def _mentions_anonymous_path(text: str) -> bool:
    """A request line (``POST /votes/e/3/ HTTP/1.1``) or a message ending with the path."""
    return any(word.startswith("/") and is_anonymous_path(word) for word in text.split())


class DropAnonymousPaths(logging.Filter):
    """Drops every record about a request to an anonymous path: ``django.request`` (e.g. "Bad
    Request: /votes/e/3/" when a code is refused) and ``django.server`` (runserver's access
    line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request: Any = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if isinstance(path, str) and is_anonymous_path(path):
            return False
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is not ours to judge
            return True
        return not _mentions_anonymous_path(message)
