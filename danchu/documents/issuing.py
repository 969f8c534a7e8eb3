"""Issuing a document and serving it as issued, for every process app.

A process app calls :func:`issue` at the moment a document leaves the platform's hands — the
number is taken, the report is sent, the notice published, the result announced. ``issue``
takes the number (in issue order), fixes the audit anchor, calls the app's ``render`` once with
both, stores every file's bytes, and writes the SHA-256 of each to the audit trail, all in one
transaction. Every later download goes through :func:`stored` / :func:`response`, which serve
those bytes and never render again. A correction is :func:`issue` with ``replaces=`` and a
reason: a new numbered document naming the old one, which stays readable.

Secret (MẬT) documents are encrypted at rest with the installation's ``documents.key``, a file
outside the database (:mod:`danchu.core.keys`): a copy of the database alone does not read
them. Who may download is the app's check, made before calling :func:`response`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from cryptography.fernet import Fernet
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import Http404, HttpResponse

from danchu.audit.services import anchor, log
from danchu.core import clock, keys
from danchu.core.text import nfc
from danchu.documents.models import IssuedDocument, IssuedFile
from danchu.web.responses import DOCX, PDF, XLSX, file_response

CONTENT_TYPES = {"pdf": PDF, "docx": DOCX, "xlsx": XLSX}


@dataclass(frozen=True)
class Issue:
    """What ``render`` is given: the number taken (or ""), the day of issue and the audit
    anchor to print (position, hash)."""

    number: str
    on: dt.date
    audit_seq: int
    audit_hash: str


@dataclass
class Rendered:
    """What ``render`` returns: bytes per format, or per (format, copy) for numbered copies
    of a secret document, and the figures the document states."""

    files: Mapping[str | tuple[str, int], bytes]
    figures: Mapping[str, Any] = field(default_factory=dict)


class AlreadyIssued(Exception):
    """The target already has a document of this kind in force; correct it instead."""


def _fernet() -> Fernet:
    raw = keys.read_or_create("documents.key")
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(raw).digest()))


def _label(target: models.Model) -> tuple[str, str]:
    ct = ContentType.objects.get_for_model(target)
    return f"{ct.app_label}.{ct.model}", str(target.pk)


def current(target: models.Model, kind: str) -> IssuedDocument | None:
    """The document of ``kind`` in force for ``target``: the newest one not yet replaced."""
    label, pk = _label(target)
    return (
        IssuedDocument.objects.filter(
            target_label=label, target_id=pk, kind=kind, replaced_by__isnull=True
        )
        .order_by("-issued_at", "-pk")
        .first()
    )


def history(target: models.Model, kind: str | None = None) -> list[IssuedDocument]:
    """Every document issued for ``target`` (of ``kind``), oldest first, corrections included."""
    label, pk = _label(target)
    qs = IssuedDocument.objects.filter(target_label=label, target_id=pk)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.select_related("replaces").order_by("issued_at", "pk"))


def issue(
    *,
    kind: str,
    target: models.Model,
    title: str,
    render: Callable[[Issue], Rendered],
    actor: Any = None,
    agency: Any = None,
    unit: Any = None,
    symbol: str = "",
    secret: bool = False,
    on: dt.date | None = None,
    replaces: IssuedDocument | None = None,
    reason: str = "",
    number: str = "",
    request: Any = None,
) -> IssuedDocument:
    """Issue a document of ``kind`` for ``target`` and store its files as issued.

    ``symbol`` ("BC", "BB", "TB"…) takes the next number of ``agency``'s series for the year of
    ``on`` (default today), in issue order; without it the document carries ``number`` as given
    (or none: a public notice). A second document of the same kind for the same target is
    refused unless it ``replaces`` the one in force, with a ``reason``.
    """
    from danchu.documents.services import issue_number

    on = on or clock.today()
    if on > clock.today():
        raise ValueError(f"Ngày ban hành {on:%d/%m/%Y} chưa đến.")
    reason = nfc(reason)
    with transaction.atomic():
        in_force = current(target, kind)
        if replaces is None and in_force is not None:
            raise AlreadyIssued(
                f"Văn bản này đã được ban hành ({in_force.number or in_force.title}); "
                "muốn sửa thì ban hành văn bản đính chính, nêu lý do."
            )
        if replaces is not None:
            if in_force is None or replaces.pk != in_force.pk:
                raise ValueError("Chỉ đính chính được văn bản đang có hiệu lực.")
            if not reason:
                raise ValueError("Đính chính văn bản: cần nêu lý do.")
        if symbol:
            if agency is None:
                raise ValueError("Văn bản có số cần cơ quan ban hành.")
            number = issue_number(
                agency=agency, symbol=symbol, year=on.year, secret=secret, actor=actor
            )
        seq, digest = anchor()
        rendered = render(Issue(number=nfc(number), on=on, audit_seq=seq, audit_hash=digest))
        label, pk = _label(target)
        doc = IssuedDocument.objects.create(
            kind=kind,
            title=nfc(title)[:255],
            number=nfc(number),
            issued_on=on,
            issued_at=clock.now(),
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
            agency=agency,
            unit=unit if unit is not None else getattr(agency, "unit", None),
            target_label=label,
            target_id=pk,
            secret=secret,
            figures=dict(rendered.figures),
            replaces=replaces,
            correction_reason=reason,
            audit_seq=seq,
            audit_hash=digest,
        )
        digests: dict[str, str] = {}
        fernet = _fernet() if secret else None
        for key, content in rendered.files.items():
            fmt, copy = (key, 0) if isinstance(key, str) else key
            if fmt not in CONTENT_TYPES:
                raise ValueError(f"format {fmt}")
            sha = hashlib.sha256(content).hexdigest()
            digests[f"{fmt}{'#' + str(copy) if copy else ''}"] = sha
            IssuedFile.objects.create(
                document=doc,
                fmt=fmt,
                copy=copy,
                content=fernet.encrypt(content) if fernet else content,
                encrypted=fernet is not None,
                sha256=sha,
                size=len(content),
            )
        log(
            actor=actor,
            action="documents.corrected" if replaces else "documents.issued",
            target=doc,
            unit=doc.unit,
            request=request,
            changes={
                "kind": kind,
                "number": doc.number,
                "issued_on": on.isoformat(),
                "for": f"{label}#{pk}",
                "sha256": digests,
                **({"replaces": replaces.pk, "reason": reason} if replaces else {}),
            },
        )
    return doc


def stored(doc: IssuedDocument, fmt: str, copy: int = 0) -> bytes:
    """The bytes of ``doc`` in ``fmt`` as issued (decrypted for a secret document)."""
    file = doc.files.filter(fmt=fmt, copy=copy).first()
    if file is None and copy == 0:
        file = doc.files.filter(fmt=fmt).order_by("copy").first()
    if file is None:
        raise Http404
    content = bytes(file.content)
    if file.encrypted:
        content = _fernet().decrypt(content)
    if hashlib.sha256(content).hexdigest() != file.sha256:
        raise ValueError(f"Tệp của văn bản {doc.pk} không còn khớp mã SHA-256 lúc ban hành.")
    return content


def formats(doc: IssuedDocument) -> list[str]:
    return sorted({f.fmt for f in doc.files.all()})


def response(
    doc: IssuedDocument, fmt: str, filename: str, *, copy: int = 0, inline: bool = False
) -> HttpResponse:
    """The issued bytes as a download; ``ETag`` is their SHA-256 so anyone can compare."""
    content = stored(doc, fmt, copy)
    resp = file_response(content, filename, CONTENT_TYPES[fmt], inline=inline)
    resp["ETag"] = f'"{hashlib.sha256(content).hexdigest()}"'
    # Headers are ASCII: "01/QĐ-UBND" travels percent-encoded (01/Q%C4%90-UBND), never with
    # its letters dropped, which would name another document.
    resp["X-Danchu-Document-Number"] = quote(doc.number, safe="/-") or "-"
    return resp
