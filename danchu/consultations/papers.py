"""Official documents of a consultation: the summary table (DC4) and the report to the People's
Council (DC6), as :class:`OfficialDocument` for PDF and DOCX, and the summary as XLSX.

Printed text is Vietnamese whatever the interface language (DOC1 fixes the wording).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from django.utils import translation

from danchu.consultations import rules, selectors
from danchu.consultations.models import AnswerKind, Consultation, FactKind, Opinion, Status
from danchu.core import clock
from danchu.dataio.exports import xlsx_bytes
from danchu.documents.dates import long_date
from danchu.documents.issuing import Issue, Rendered
from danchu.documents.numbering import full_symbol
from danchu.documents.render import (
    Authority,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    audit_line,
    current_audit_line,
    render_docx,
    render_pdf,
)
from danchu.units.models import AgencyKind

UNIT_PREFIXES = ("Xã ", "Phường ", "Thị trấn ", "Đặc khu ")


def place_of(consultation: Consultation) -> str:
    name = consultation.unit.name
    for prefix in UNIT_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _signature(c: Consultation) -> Signature:
    authority = Authority(c.signer_authority) if c.signer_authority else Authority.TM
    return Signature(
        position=c.signer_position or "Chủ tịch",
        name=c.signer_name,
        authority=authority,
        on_behalf=(
            ("Ủy ban nhân dân" if c.issuer.kind == AgencyKind.UBND else c.issuer.name)
            if authority == Authority.TM
            else "Chủ tịch"
        ),
    )


def _superior(c: Consultation) -> str:
    superior = c.issuer.superior
    return superior.name if superior is not None else ""


def _kind_code(c: Consultation, symbol: str) -> str:
    """For a number not yet taken: "Số:      /BTH-UBND" (DOC1, DOC2)."""
    return full_symbol(symbol, c.issuer.short_name, party=c.issuer.is_party_body)


def _answers_sentence(opinions: list[Opinion]) -> str:
    """How the received opinions were answered (DC4), for the summary and the report."""
    kinds = Counter(o.answer_kind for o in opinions)
    text = (
        f"đã tiếp thu {kinds[AnswerKind.ACCEPT]} ý kiến, "
        f"giải trình {kinds[AnswerKind.EXPLAIN]} ý kiến"
    )
    if kinds[AnswerKind.NOT_OPINION]:
        text += f"; {kinds[AnswerKind.NOT_OPINION]} nội dung không phải ý kiến góp ý"
    return text


def summary_document(
    c: Consultation, on: dt.date | None = None, public: bool = False
) -> OfficialDocument:
    """DC4: bảng tổng hợp, tiếp thu, giải trình ý kiến — number, article, opinion and source,
    answer."""
    with translation.override("vi"):
        return _summary_document(c, on, public)


def _summary_document(c: Consultation, on: dt.date | None, public: bool) -> OfficialDocument:
    rows = selectors.summary_rows(c, public)
    opinions = list(c.opinions.all())
    intro = (
        f"Thực hiện Kế hoạch {c.plan_number or ''} về tổ chức lấy ý kiến đối với {c.title}, "
        f"{c.issuer.name} đã nhận được {len(opinions)} ý kiến; {_answers_sentence(opinions)}, "
        "cụ thể như sau:"
    ).replace("Kế hoạch  về", "Kế hoạch về")
    return OfficialDocument(
        issuer=c.issuer.name,
        superior=_superior(c),
        place=place_of(c),
        date=on or c.summary_published_on or clock.today(),
        kind="Bảng tổng hợp",
        number=c.summary_number,
        kind_code=_kind_code(c, rules.SUMMARY_SYMBOL),
        summary=f"Tiếp thu, giải trình ý kiến góp ý đối với\n{c.title}",
        body=(
            Paragraph(intro),
            Table(
                headers=selectors.SUMMARY_HEADERS,
                rows=tuple(rows) or (("", "", "Không có ý kiến", "", ""),),
                widths=(0.7, 1.1, 3.0, 1.8, 3.0),
            ),
        ),
        signatures=(_signature(c),),
        recipients=("Thường trực HĐND xã", "Ủy ban MTTQ Việt Nam xã", "Đăng tải công khai"),
        audit_ref=current_audit_line(),
        metadata_title=f"Bảng tổng hợp ý kiến — {c.title}",
    )


def summary_xlsx(c: Consultation, public: bool = False) -> bytes:
    with translation.override("vi"):
        rows = selectors.summary_rows(c, public)
    return xlsx_bytes("Tổng hợp ý kiến", selectors.SUMMARY_HEADERS, rows)


def _d(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "chưa có"


BACKDATED_MARK = "ghi lùi ngày"
"""How a back-dated event day is marked wherever it is printed (issue 10, point 3)."""


def _fact_d(c: Consultation, kind: str, value: dt.date | None) -> str:
    """The date, marked "(ghi lùi ngày, ghi nhận dd/mm/yyyy: lý do)" when it was back-dated."""
    fact = c.backdated_facts().get(kind)
    if value is None or fact is None or fact.on != value:
        return _d(value)
    return f"{_d(value)} ({BACKDATED_MARK}, ghi nhận {_d(fact.recorded_on)}: {fact.reason})"


def _as_issued(doc: OfficialDocument, issue: Issue) -> OfficialDocument:
    """The document with the number, date and audit anchor fixed at issue."""
    return dataclasses.replace(
        doc,
        number=issue.number or doc.number,
        date=issue.on,
        audit_ref=audit_line(issue.audit_seq, issue.audit_hash),
    )


def summary_files(c: Consultation, issue: Issue) -> Rendered:
    """DC4: the published summary as issued — PDF, DOCX and XLSX of the public version, and the
    figures it states (rows and counts), which the public page and the API then show."""
    doc = _as_issued(summary_document(c, on=issue.on, public=True), issue)
    with translation.override("vi"):
        rows = selectors.summary_rows(c, public=True)
    opinions = list(c.opinions.all())
    kinds = Counter(o.answer_kind for o in opinions)
    sources = Counter(o.source for o in opinions)
    return Rendered(
        files={"pdf": render_pdf(doc), "docx": render_docx(doc), "xlsx": summary_xlsx(c, True)},
        figures={
            "number": issue.number,
            "on": issue.on.isoformat(),
            "opinions": len(opinions),
            "by_source": dict(sorted(sources.items())),
            "answers": dict(sorted((k, v) for k, v in kinds.items() if k)),
            "rows": [list(r) for r in rows],
        },
    )


def report_files(c: Consultation, issue: Issue) -> Rendered:
    """DC6: the report as issued (numbered and dated), its steps judged on its date."""
    doc = _as_issued(report_document(c, today=issue.on), issue)
    steps = selectors.steps(c, issue.on)
    return Rendered(
        files={"pdf": render_pdf(doc), "docx": render_docx(doc)},
        figures={
            "number": issue.number,
            "on": issue.on.isoformat(),
            "opinions": c.opinions.count(),
            "steps": {f"{s.rule} {s.title}": s.state for s in steps},
        },
    )


def regulation_document(c: Consultation) -> OfficialDocument:
    """DC5: the issued regulation — its number, date, signer and the text of the issued
    version, as it was issued."""
    with translation.override("vi"):
        version = c.issued_version
        lines = version.text.splitlines() if version else []
        body = tuple(Paragraph(line) for line in lines[1:] if line.strip()) or (
            Paragraph("(Không có nội dung)"),
        )
        return OfficialDocument(
            issuer=c.issuer.name,
            superior=_superior(c),
            place=place_of(c),
            date=c.issued_on or clock.today(),
            kind="Quy chế",
            number=c.regulation_number,
            kind_code="",
            summary=lines[0] if lines else c.title,
            body=body,
            signatures=(_signature(c),),
            recipients=("Như trên", "Đăng tải công khai"),
            audit_ref=current_audit_line(),
            metadata_title=c.title,
        )


def draft_document(c: Consultation) -> OfficialDocument:
    """Issue 18: the draft put to consultation, to download or print from the public page
    (marked "DỰ THẢO", no number, no signature — it is not an issued document)."""
    with translation.override("vi"):
        version = c.consulted_version or c.latest_version()
        lines = [line for line in (version.text.splitlines() if version else []) if line.strip()]
        body: list[Paragraph | Heading] = []
        for line in lines[1:]:
            if line.startswith(("Chương ", "Điều ")):
                body.append(Heading(line))
            else:
                body.append(Paragraph(line))
        return OfficialDocument(
            issuer=c.issuer.name,
            superior=_superior(c),
            place=place_of(c),
            date=None,
            kind="Dự thảo quy chế",
            number="",
            kind_code="",
            summary=lines[0] if lines else c.title,
            body=tuple(body) or (Paragraph("(Không có nội dung)"),),
            recipients=(),
            archive=(),
            metadata_title=f"Dự thảo — {c.title}",
        )


def regulation_files(c: Consultation, issue: Issue) -> Rendered:
    doc = _as_issued(regulation_document(c), issue)
    return Rendered(
        files={"pdf": render_pdf(doc), "docx": render_docx(doc)},
        figures={
            "number": c.regulation_number,
            "on": issue.on.isoformat(),
            "version": c.issued_version.number if c.issued_version else None,
        },
    )


def report_document(c: Consultation, today: dt.date | None = None) -> OfficialDocument:
    """DC6: the report on the consultation to the People's Council's next regular session,
    also sent to the Fatherland Front for supervision."""
    with translation.override("vi"):
        return _report_document(c, today)


def _report_document(c: Consultation, today: dt.date | None) -> OfficialDocument:
    today = today or clock.today()
    opinions = list(c.opinions.all())
    by_source = Counter(str(o.get_source_display()) for o in opinions)
    steps = selectors.steps(c, today)
    state_words = {
        selectors.State.MET: "Đã thực hiện đúng",
        selectors.State.PENDING: "Đang thực hiện",
        selectors.State.LATE: "Thực hiện chậm",
        selectors.State.MISSED: "Chưa thực hiện",
        selectors.State.FLAGGED: "Chưa đầy đủ",
    }
    body: list = [
        Paragraph(
            f"{c.issuer.name} báo cáo Hội đồng nhân dân xã kết quả tổ chức lấy ý kiến đối "
            f"với {c.title} như sau:"
        ),
        Heading("I. TỔ CHỨC LẤY Ý KIẾN"),
    ]
    if c.content_published_on:
        body.append(
            Paragraph(f"Nội dung lấy ý kiến được công khai từ ngày {_d(c.content_published_on)}.")
        )
    for a in c.audiences.all():
        body.append(
            Paragraph(
                f"- {a.get_audience_display()}: lấy ý kiến từ ngày {_d(a.window_start)} đến "
                f"ngày {_d(a.window_end)}."
            )
        )
    body += [
        Heading("II. KẾT QUẢ"),
        Paragraph(
            f"Tổng số ý kiến nhận được: {len(opinions)}"
            + (
                " (" + "; ".join(f"{k}: {v}" for k, v in sorted(by_source.items())) + ")"
                if by_source
                else ""
            )
            + f". Trong đó {_answers_sentence(opinions)}."
        ),
    ]
    if c.summary_published_on:
        body.append(
            Paragraph(
                f"Bảng tổng hợp, tiếp thu, giải trình ý kiến được công khai ngày "
                f"{_fact_d(c, FactKind.SUMMARY_PUBLISHED, c.summary_published_on)}."
            )
        )
    if c.status == Status.ISSUED:
        body.append(Heading("III. QUYẾT ĐỊNH"))
        if c.outcome == "adopted":
            body.append(
                Paragraph(
                    f"Quy chế được ban hành theo văn bản số {c.regulation_number} "
                    f"{long_date(c.issued_on) if c.issued_on else ''}"
                    + (
                        f" ({BACKDATED_MARK}: {bd.reason})"
                        if (bd := c.backdated_facts().get(FactKind.REGULATION_ISSUED))
                        else ""
                    )
                    + "."
                )
            )
        else:
            body.append(Paragraph("Dự thảo không được ban hành."))
        if c.outcome_reason:
            body.append(
                Paragraph(f"Lý do quyết định khác với ý kiến của đa số: {c.outcome_reason}")
            )
    body += [
        Heading("IV. CÁC BƯỚC THEO QUY ĐỊNH"),
        Table(
            headers=("Quy định", "Nội dung", "Thời hạn", "Kết quả"),
            rows=tuple(
                (s.rule, s.title, _d(s.due) if s.due else "", state_words[s.state]) for s in steps
            ),
            widths=(0.8, 3.6, 1.3, 1.8),
        ),
    ]
    return OfficialDocument(
        issuer=c.issuer.name,
        superior=_superior(c),
        place=place_of(c),
        date=c.report_dated_on or today,
        kind="Báo cáo",
        summary=f"Kết quả tổ chức lấy ý kiến đối với\n{c.title}",
        number=c.report_number,
        kind_code=_kind_code(c, rules.REPORT_SYMBOL),
        body=tuple(body),
        signatures=(_signature(c),),
        recipients=(
            "Thường trực HĐND xã (kỳ họp thường lệ"
            + (f" ngày {_d(c.council_session_on)}" if c.council_session_on else "")
            + ")",
            "Ủy ban MTTQ Việt Nam xã (để giám sát)",
        ),
        audit_ref=current_audit_line(),
        metadata_title=f"Báo cáo kết quả lấy ý kiến — {c.title}",
    )
