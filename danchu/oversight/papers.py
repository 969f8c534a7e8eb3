"""The documents of residents' oversight (DOC1 layout), rendered once when issued through
:mod:`danchu.documents.issuing`: the Inspection Board's plan and report (LD11), the notice to
the investor and the Supervision Board's report (LD12), the commune's answer to a
recommendation (LD11, LD12) and an inspection's conclusion (QD3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from danchu.documents.dates import place_name
from danchu.documents.issuing import Issue, Rendered
from danchu.documents.render import (
    Authority,
    Block,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    audit_line,
    render_docx,
    render_pdf,
)


@dataclass(frozen=True)
class Paper:
    """What one oversight document says; ``sections`` are (heading, lines)."""

    issuer: str
    commune_name: str
    kind: str
    kind_code: str
    summary: str
    sections: Sequence[tuple[str, Sequence[str]]]
    signer: str
    on_behalf: str = ""
    recipients: tuple[str, ...] = ()


def render(paper: Paper, issue: Issue, figures: Mapping[str, Any] | None = None) -> Rendered:
    body: list[Block] = []
    for heading, lines in paper.sections:
        if heading:
            body.append(Heading(heading))
        body += [Paragraph(line) for line in lines if line.strip()]
    signature = (
        Signature(position=paper.signer, name="", authority=Authority.TM, on_behalf=paper.on_behalf)
        if paper.on_behalf
        else Signature(position=paper.signer, name="")
    )
    doc = OfficialDocument(
        issuer=paper.issuer,
        place=place_name(paper.commune_name),
        date=issue.on,
        kind=paper.kind,
        summary=paper.summary,
        number=issue.number,
        kind_code=paper.kind_code,
        body=tuple(body),
        signatures=(signature,),
        recipients=paper.recipients,
        audit_ref=audit_line(issue.audit_seq, issue.audit_hash),
    )
    return Rendered(
        files={"pdf": render_pdf(doc), "docx": render_docx(doc)}, figures=dict(figures or {})
    )
