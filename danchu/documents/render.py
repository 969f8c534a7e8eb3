"""The one rendering service: an :class:`OfficialDocument` rendered as PDF and as DOCX.

Process apps build an :class:`OfficialDocument` (or use :func:`danchu.documents.templates.minutes`)
and call :func:`render_pdf` / :func:`render_docx`; a secret document with copy numbers is
rendered once per copy (:func:`render_copies`).
"""

from __future__ import annotations

from collections.abc import Callable

from danchu.documents.docx import render_docx
from danchu.documents.model import (
    Authority,
    Block,
    Heading,
    OfficialDocument,
    Paragraph,
    Secrecy,
    Signature,
    Table,
    audit_line,
)
from danchu.documents.pdf import render_pdf

Renderer = Callable[..., bytes]


def render_copies(doc: OfficialDocument, renderer: Renderer = render_pdf) -> list[bytes]:
    """DOC1: one file per numbered copy ("Bản số: 1/3", "2/3", …) of a secret document."""
    if doc.copies < 1:
        return [renderer(doc)]
    return [renderer(doc, copy=n) for n in range(1, doc.copies + 1)]


def current_audit_line() -> str:
    """The audit-chain position and hash to print on a document recording a result, now."""
    from danchu.audit.services import anchor

    position, digest = anchor()
    return audit_line(position, digest)


__all__ = [
    "Authority",
    "Block",
    "Heading",
    "OfficialDocument",
    "Paragraph",
    "Secrecy",
    "Signature",
    "Table",
    "audit_line",
    "current_audit_line",
    "render_copies",
    "render_docx",
    "render_pdf",
]
