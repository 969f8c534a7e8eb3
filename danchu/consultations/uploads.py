"""Limits on uploaded files (evidence of publication and sends, DOCX drafts): size and type.

The size limit is the setting ``DANCHU_MAX_UPLOAD_MB`` (``danchu/settings.py``, default 10),
read only by :func:`max_upload_mb`. The type is judged by the file's extension *and* by its first
bytes, so a program renamed ``.jpg`` is refused. Every message names the field (Vietnamese through
the app's catalogue). Forms use :class:`UploadValidator`; services call :func:`upload_problems`
again, since they are the one write path.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

MB = 1024 * 1024
HEAD_BYTES = 4096


def max_upload_mb() -> int:
    """The one place that reads ``DANCHU_MAX_UPLOAD_MB`` (whole megabytes of 1,048,576 bytes)."""
    return int(settings.DANCHU_MAX_UPLOAD_MB)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _heic(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"mif1", b"msf1", b"hevc"}


SIGNATURES: dict[str, Callable[[bytes], bool]] = {
    "jpg": lambda h: h.startswith(b"\xff\xd8\xff"),
    "jpeg": lambda h: h.startswith(b"\xff\xd8\xff"),
    "png": lambda h: h.startswith(b"\x89PNG\r\n\x1a\n"),
    "webp": lambda h: h.startswith(b"RIFF") and h[8:12] == b"WEBP",
    "heic": _heic,
    "pdf": lambda h: h.startswith(b"%PDF-"),
    "doc": lambda h: h.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    "docx": lambda h: h.startswith(b"PK\x03\x04"),
    "odt": lambda h: h.startswith(b"PK\x03\x04"),
    "txt": _is_text,
}
"""What the first bytes of each allowed type look like (DOCX and ODT are ZIP packages)."""


@dataclass(frozen=True)
class UploadKind:
    extensions: tuple[str, ...]

    @property
    def accept(self) -> str:
        """For the ``accept`` attribute of the file input."""
        return ",".join(f".{e}" for e in self.extensions)


EVIDENCE = UploadKind(("jpg", "jpeg", "png", "webp", "heic", "pdf", "doc", "docx", "odt", "txt"))
"""Evidence is a photo or a scanned or typed document."""

DRAFT_DOCX = UploadKind(("docx",))
"""A draft imported from Word."""


def _head(file: IO[bytes] | Any) -> bytes:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return bytes(head)


def upload_problems(file: Any, kind: UploadKind, field: str) -> list[str]:
    """Why ``file`` may not be stored in ``field`` (empty when it may)."""
    name = str(getattr(file, "name", "") or "")
    params = {"field": field, "name": name.rsplit("/", 1)[-1]}
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in kind.extensions:
        return [
            _("%(field)s: %(name)s is not an allowed type; allowed: %(types)s.")
            % {**params, "types": ", ".join(kind.extensions)}
        ]
    limit = max_upload_mb()
    if (file.size or 0) > limit * MB:
        return [
            _("%(field)s: %(name)s is larger than the %(max)s MB allowed.")
            % {**params, "max": limit}
        ]
    if not SIGNATURES[ext](_head(file)):
        return [
            _("%(field)s: the content of %(name)s is not a .%(ext)s file.") % {**params, "ext": ext}
        ]
    return []


@deconstructible
class UploadValidator:
    """A form-field validator: the same checks as :func:`upload_problems`."""

    def __init__(self, kind: UploadKind, field: Any) -> None:
        self.kind = kind
        self.field = field

    def __call__(self, file: Any) -> None:
        problems = upload_problems(file, self.kind, str(self.field))
        if problems:
            raise ValidationError(problems)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadValidator)
            and self.kind == other.kind
            and self.field == other.field
        )
