"""Documents of a confidence vote: the minutes of the count (CV10) and the report (CV12).

Both are :class:`danchu.documents.render.OfficialDocument` objects rendered by the shared
documents service. The minutes are secret (MẬT), in 3 numbered copies with their recipients,
and carry the audit-trail position and hash taken when the count closed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from danchu.documents.dates import long_date, place_name, time_of_day
from danchu.documents.render import (
    Heading,
    OfficialDocument,
    Paragraph,
    Secrecy,
    Signature,
    Table,
    audit_line,
    render_copies,
    render_docx,
    render_pdf,
)
from danchu.formats import numbers
from danchu.votes import rules
from danchu.votes.models import SubjectResult, VoteRound

OUTCOME_TEXT = {
    rules.Outcome.NONE: "—",
    rules.Outcome.OVER_HALF_LOW: "Trên 1/2 đến dưới 2/3 tín nhiệm thấp",
    rules.Outcome.TWO_THIRDS_LOW: "Từ 2/3 tín nhiệm thấp trở lên",
}
TALLY_HEADERS = (
    "STT",
    "Họ và tên",
    "Chức vụ",
    "Phát ra",
    "Thu về",
    "Hợp lệ",
    "Không hợp lệ",
    "Tín nhiệm cao (%)",
    "Tín nhiệm (%)",
    "Tín nhiệm thấp (%)",
)


def _pct(count: int, returned: int) -> str:
    from fractions import Fraction

    share = Fraction(count, returned) if returned else Fraction(0)
    return f"{numbers.number(count)} ({numbers.percent(share)})"


def tally_row(order: int, name: str, position: str, r: Any) -> tuple[str, ...]:
    n = numbers.number
    return (
        str(order),
        name,
        position,
        n(r.issued),
        n(r.returned),
        n(r.valid),
        n(r.invalid),
        _pct(r.high, r.returned),
        _pct(r.confidence, r.returned),
        _pct(r.low, r.returned),
    )


def _results(vote: VoteRound) -> list[SubjectResult]:
    return list(
        SubjectResult.objects.filter(subject__round=vote)
        .select_related("subject")
        .order_by("subject__order")
    )


def _person_name(user: Any) -> str:
    """A signer is named by their full name, never by a login (issue 11)."""
    person = getattr(user, "person", None)
    return person.full_name if person is not None else user.display_name()


def _board(vote: VoteRound) -> tuple[str, str, list[str]]:
    """The head of the board (who chairs the count), the conference's secretary (elected by the
    conference, DOC1 — not "the second member") and the members' lines."""
    members = list(vote.board.select_related("user__person").order_by("-is_head", "pk"))
    names = [_person_name(m.user) for m in members]
    head = names[0] if names else ""
    secretary = vote.secretary.full_name if vote.secretary_id and vote.secretary else ""
    lines = [
        f"{n} — {'Trưởng ban' if m.is_head else 'Thành viên'}"
        for m, n in zip(members, names, strict=True)
    ]
    return head, secretary, lines


def _tally_table(results: Sequence[SubjectResult]) -> Table:
    """CV8: the tally of every subject, as the minutes and the report both print it."""
    return Table(
        headers=TALLY_HEADERS,
        rows=tuple(
            tally_row(r.subject.order, r.subject.full_name, r.subject.position_name, r)
            for r in results
        ),
    )


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    from django.utils import timezone

    return timezone.localtime(moment) if moment is not None else None


@dataclass(frozen=True)
class Correction:
    """The document a correction replaces (issue 10): its number, day and the reason."""

    number: str
    on: dt.date
    reason: str

    def paragraph(self, what: str) -> Paragraph:
        return Paragraph(
            f"{what} này thay thế {what.lower()} số {self.number or '(không số)'} ngày "
            f"{self.on:%d/%m/%Y}. Lý do: {self.reason}"
        )


def minutes_document(
    vote: VoteRound,
    number: str | None = None,
    correction: Correction | None = None,
    on: dt.date | None = None,
) -> OfficialDocument:
    """CV10: BIÊN BẢN KIỂM PHIẾU of the round, in the official format, MẬT, 3 copies.
    ``number`` is the number taken when the minutes are issued (default: the round's)."""
    results = _results(vote)
    head, secretary, board_lines = _board(vote)
    day = vote.counted_on or vote.vote_day
    q = rules.quorum(vote.convened_count, vote.present_count) if vote.convened_count else None
    body: list[Any] = [*([correction.paragraph("Biên bản")] if correction else [])]
    opened = _local(vote.opened_at)
    start = (
        f"Hôm nay, {time_of_day(opened.time())}, {long_date(opened.date())}"
        if opened
        else f"Hôm nay, {long_date(day) if day else '…'}"
    )
    body += [
        Paragraph(
            f"{start}, tại {vote.place or '…'}, hội nghị lấy phiếu tín nhiệm «{vote.title}» "
            "bắt đầu bỏ phiếu; Ban kiểm phiếu do hội nghị bầu ra đã tiến hành kiểm phiếu."
        ),
        Paragraph(f"Chủ trì kiểm phiếu: {head or '…'}, Trưởng Ban kiểm phiếu."),
        Paragraph(f"Thư ký hội nghị: {secretary or '…'}."),
        Paragraph("Thành phần Ban kiểm phiếu:"),
        *(Paragraph(f"- {line};") for line in board_lines),
    ]
    if q is not None:
        body.append(Paragraph(f"Điều kiện tiến hành (CV3): {q.why}"))
    if vote.opening_decision:
        body.append(
            Paragraph(
                "Mở bỏ phiếu khi chưa đúng trình tự (CV4): "
                + " ".join(vote.opening_exceptions or [])
                + f" Quyết định của cơ quan tổ chức: {vote.opening_decision}"
            )
        )
    body += [
        Heading("I. KẾT QUẢ KIỂM PHIẾU"),
        Paragraph(
            f"Tổng số phiếu phát ra: {numbers.number(vote.issued_count)}. Tổng số phiếu thu về: "
            f"{numbers.number(vote.returned_count)}. Tỉ lệ phần trăm tính trên tổng số phiếu "
            "thu về."
        ),
        _tally_table(results),
        Heading("II. ĐỐI CHIẾU VỚI QUY ĐỊNH (CV9)"),
        Paragraph(
            "Tỉ lệ phiếu tín nhiệm thấp tính trên "
            f"{rules.DENOMINATOR_LABELS[rules.Denominator(vote.denominator)]}."
        ),
        *(Paragraph(f"- {r.subject.full_name}: {r.why}") for r in results),
        Heading("III. PHIẾU BẤT THƯỜNG"),
    ]
    if vote.anomalies:
        body += [Paragraph(f"- {a['text']}") for a in vote.anomalies]
    else:
        body.append(Paragraph("Không có phiếu bất thường."))
    if vote.reconciliation_reason:
        body.append(Paragraph(f"Lý do Ban kiểm phiếu ghi nhận: {vote.reconciliation_reason}"))
    closed = _local(vote.count_closed_at)
    if closed:
        body.append(
            Paragraph(
                f"Việc kiểm phiếu kết thúc lúc {time_of_day(closed.time())}, "
                f"{long_date(closed.date())}."
            )
        )
    body.append(
        Paragraph(
            "Biên bản được lập thành 03 bản (02 bản gửi cấp trên trực tiếp, 01 bản lưu tại cơ "
            "quan, đơn vị) và quản lý theo chế độ mật./."
        )
    )
    superior = vote.authority.superior
    return OfficialDocument(
        issuer=vote.authority.name,
        superior=superior.name if superior else "",
        party=vote.authority.is_party_body,
        number=vote.minutes_number if number is None else number,
        kind_code="BB",
        place=place_name(vote.unit.name),
        date=on or day,
        kind="BIÊN BẢN",
        summary="Kiểm phiếu lấy phiếu tín nhiệm",
        body=tuple(body),
        signatures=(
            Signature(position="THƯ KÝ", name=secretary),
            Signature(position="TRƯỞNG BAN KIỂM PHIẾU", name=head),
        ),
        recipients=(f"{superior.name if superior else 'Cấp trên trực tiếp'} (02 bản)",),
        archive=("VT", "hồ sơ lấy phiếu (01 bản)"),
        secrecy=Secrecy.SECRET,
        copies=len(rules.MINUTES_COPIES),
        audit_ref=audit_line(vote.audit_seq or 0, vote.audit_hash) if vote.audit_hash else "",
    )


def merge_pdfs(parts: Sequence[bytes]) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def minutes_pdf(vote: VoteRound) -> bytes:
    """All 3 numbered copies ("Bản số: 1/3" …) in one PDF, ready to print."""
    return merge_pdfs(render_copies(minutes_document(vote)))


def minutes_docx(vote: VoteRound, copy: int = 1) -> bytes:
    return render_docx(minutes_document(vote), copy=copy)


def minutes_files(
    vote: VoteRound, number: str, on: dt.date, correction: Correction | None = None
) -> dict[str | tuple[str, int], bytes]:
    """What is stored when the minutes are issued: each numbered copy as PDF and DOCX
    (``("pdf", n)``, ``("docx", n)``) and the three copies in one PDF ready to print
    (``"pdf"``)."""
    doc = minutes_document(vote, number=number, correction=correction, on=on)
    pdfs = render_copies(doc)
    files: dict[str | tuple[str, int], bytes] = {"pdf": merge_pdfs(pdfs)}
    for n, (pdf, docx) in enumerate(zip(pdfs, render_copies(doc, render_docx), strict=True), 1):
        files[("pdf", n)] = pdf
        files[("docx", n)] = docx
    return files


def minutes_figures(vote: VoteRound) -> dict[str, Any]:
    """What the minutes state that may sit in the clear beside them: totals only. Each
    subject's figures stay in the MẬT files (encrypted at rest) and in the results (CV11)."""
    return {
        "convened": vote.convened_count,
        "present": vote.present_count,
        "issued": vote.issued_count,
        "returned": vote.returned_count,
        "denominator": vote.denominator,
        "anomalies": len(vote.anomalies or []),
        "counted_on": vote.counted_on.isoformat() if vote.counted_on else None,
        "audit": [vote.audit_seq, vote.audit_hash],
    }


# ---------------------------------------------------------------------------------------------
# CV12: the organizing office's report to the competent authority
# ---------------------------------------------------------------------------------------------


def _share(count: int, returned: int) -> float:
    """A share as a number of the sheet (shown 16,67% by its display format); the decision
    itself is taken on exact fractions (CV9), this is for reading only."""
    return round(count / returned, 6) if returned else 0.0


PERCENT_COLUMNS = (10, 12, 14)  # 1-based columns of REPORT_HEADERS holding shares
COUNT_COLUMNS = (5, 6, 7, 8, 9, 11, 13)


def report_rows(vote: VoteRound) -> list[tuple[Any, ...]]:
    return [
        (
            r.subject.order,
            r.subject.full_name,
            r.subject.position_name,
            r.subject.unit_name,
            r.issued,
            r.returned,
            r.valid,
            r.invalid,
            r.high,
            _share(r.high, r.returned),
            r.confidence,
            _share(r.confidence, r.returned),
            r.low,
            _share(r.low, r.returned),
            OUTCOME_TEXT[rules.Outcome(r.outcome)],
        )
        for r in _results(vote)
    ]


REPORT_HEADERS = (
    "STT",
    "Họ và tên",
    "Chức vụ",
    "Đơn vị",
    "Phiếu phát ra",
    "Phiếu thu về",
    "Hợp lệ",
    "Không hợp lệ",
    "Tín nhiệm cao",
    "Tỉ lệ tín nhiệm cao (%)",
    "Tín nhiệm",
    "Tỉ lệ tín nhiệm (%)",
    "Tín nhiệm thấp",
    "Tỉ lệ tín nhiệm thấp (%)",
    "Kết luận (CV9)",
)


DRAFT_NOTE = (
    "DỰ THẢO — báo cáo chưa gửi: số, ngày và số liệu của báo cáo được chốt khi cơ quan tham "
    "mưu gửi báo cáo."
)


def _late_fact(item: Any) -> dict[str, Any]:
    if isinstance(item, dict):
        return item
    return {
        "what": item.step.what,
        "who": item.who,
        "due": item.due.isoformat(),
        "done_on": item.done_on.isoformat() if item.done_on else None,
    }


def late_facts(vote: VoteRound, today: dt.date | None = None) -> list[dict[str, Any]]:
    """CV4 steps late as of ``today``, as the report states them (and stores them when sent:
    a report re-downloaded later does not recompute them)."""
    from danchu.votes import selectors

    return [_late_fact(i) for i in selectors.late_items(vote, today)]


def _late_line(item: dict[str, Any]) -> str:
    due = dt.date.fromisoformat(item["due"])
    done = dt.date.fromisoformat(item["done_on"]) if item.get("done_on") else None
    return (
        f"- {item['what']} — {item['who']}: hạn {due:%d/%m/%Y}, "
        f"{'nộp ' + done.strftime('%d/%m/%Y') if done else 'chưa nộp'}."
    )


def report_document(
    vote: VoteRound,
    late: Sequence[Any] | None = None,
    *,
    number: str = "",
    on: dt.date | None = None,
    draft: bool = False,
    correction: Correction | None = None,
    signer: tuple[str, str] = ("", ""),
) -> OfficialDocument:
    """CV12: BÁO CÁO kết quả lấy phiếu tín nhiệm, from the organizing office. ``late``: the CV4
    late steps to state (default: as of today); ``draft``: a preview before it is sent."""
    results = _results(vote)
    issuer = vote.office or vote.authority
    body: list[Any] = []
    if draft:
        body.append(Paragraph(DRAFT_NOTE))
    if correction:
        body.append(correction.paragraph("Báo cáo"))
    if vote.legal_basis:
        body.append(Paragraph(f"Căn cứ: {vote.legal_basis}"))
    if vote.term is not None and vote.vote_day:
        _, note = rules.mid_term_note(vote.term.start, vote.vote_day)
        body.append(Paragraph(f"Nhiệm kỳ {vote.term.name}: {note} (CV12)"))
    body += [
        Heading("I. TỔ CHỨC LẤY PHIẾU"),
        Paragraph(
            f"Hội nghị {long_date(vote.vote_day) if vote.vote_day else 'ngày …'} tại "
            f"{vote.place or '…'}: triệu tập {numbers.number(vote.convened_count)} người, có mặt "
            f"{numbers.number(vote.present_count)} người. Phát ra "
            f"{numbers.number(vote.issued_count)} phiếu, thu về "
            f"{numbers.number(vote.returned_count)} phiếu."
        ),
    ]
    if vote.opening_decision:
        body.append(
            Paragraph(
                "Mở bỏ phiếu khi chưa đúng trình tự (CV4): "
                + " ".join(vote.opening_exceptions or [])
                + f" Quyết định của cơ quan tổ chức: {vote.opening_decision}"
            )
        )
    facts = late_facts(vote) if late is None else [_late_fact(i) for i in late]
    if facts:
        body.append(Paragraph("Các bước chuẩn bị chậm hạn (CV4):"))
        body += [Paragraph(_late_line(i)) for i in facts]
    body += [
        Heading("II. KẾT QUẢ"),
        _tally_table(results),
        *(Paragraph(f"- {r.subject.full_name}: {r.why}") for r in results),
    ]
    if vote.anomalies:
        body.append(Heading("III. BẤT THƯỜNG"))
        body += [Paragraph(f"- {a['text']}") for a in vote.anomalies]
    return OfficialDocument(
        issuer=issuer.name,
        superior=(issuer.superior.name if issuer.superior else ""),
        number=number,
        kind_code="BC",
        place=place_name(vote.unit.name),
        date=on or vote.announced_on or vote.counted_on,
        kind="BÁO CÁO",
        summary=f"Kết quả lấy phiếu tín nhiệm — {vote.title}",
        body=tuple(body),
        # Issue 11: signed by whoever sends it for the office, with their post; addressed to the
        # authorities that directly manage the subjects; MẬT, as the results it carries (CV10).
        signatures=(Signature(position=signer[1] or "THỦ TRƯỞNG CƠ QUAN", name=signer[0]),),
        recipients=tuple(f"{name} (b/c)" for name in report_recipients(vote)),
        secrecy=Secrecy.SECRET,
        audit_ref=audit_line(vote.audit_seq or 0, vote.audit_hash) if vote.audit_hash else "",
    )


def report_recipients(vote: VoteRound) -> list[str]:
    """The competent authorities (CV12): those directly managing the subjects, in ballot
    order, each once."""
    names: list[str] = []
    for s in vote.subjects.select_related("managed_by").order_by("order"):
        if s.managed_by.name not in names:
            names.append(s.managed_by.name)
    return names


def report_signer(vote: VoteRound, user: Any, on: dt.date) -> tuple[str, str]:
    """Who signs the report the office sends: the sender's full name and post in the office
    (or the organizing authority), as held on the day."""
    from danchu.people.models import Assignment

    person = getattr(user, "person", None)
    if person is None:
        return (getattr(user, "display_name", lambda: "")() or user.get_username(), "")
    issuer = vote.office or vote.authority
    post = (
        Assignment.objects.active_on(on)
        .filter(person=person, agency=issuer)
        .select_related("position")
        .first()
    )
    return person.full_name, post.position.name if post else ""


def report_pdf(vote: VoteRound) -> bytes:
    return render_pdf(report_document(vote))


def report_docx(vote: VoteRound) -> bytes:
    return render_docx(report_document(vote))


def report_figures(vote: VoteRound, late: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """What the sent report states, kept beside its files (issue 10): the totals, each
    subject's figures and outcome, the anomalies and the CV4 late steps as they were."""
    return {
        "convened": vote.convened_count,
        "present": vote.present_count,
        "issued": vote.issued_count,
        "returned": vote.returned_count,
        "denominator": vote.denominator,
        "anomalies": [a.get("text", "") for a in vote.anomalies or []],
        "subjects": [
            {
                "order": r.subject.order,
                "full_name": r.subject.full_name,
                "position": r.subject.position_name,
                "returned": r.returned,
                "valid": r.valid,
                "invalid": r.invalid,
                "high": r.high,
                "confidence": r.confidence,
                "low": r.low,
                "outcome": r.outcome,
            }
            for r in _results(vote)
        ],
        "late": list(late),
    }


def report_xlsx(vote: VoteRound, title: str | None = None) -> bytes:
    from openpyxl import load_workbook

    from danchu.dataio.exports import xlsx_bytes

    data = xlsx_bytes(title or vote.title, REPORT_HEADERS, report_rows(vote))
    # Issue 11: the sheet shows counts as 1.234 and shares as 16,67% (Excel applies the
    # reader's separators to these display formats, danchu.formats.numbers).
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.column in PERCENT_COLUMNS:
                cell.number_format = numbers.XLSX_PERCENT
            elif cell.column in COUNT_COLUMNS:
                cell.number_format = numbers.XLSX_INTEGER
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def report_files(
    vote: VoteRound,
    *,
    number: str,
    on: dt.date,
    late: Sequence[dict[str, Any]],
    correction: Correction | None = None,
    signer: tuple[str, str] = ("", ""),
) -> dict[str | tuple[str, int], bytes]:
    """What is stored when the report is sent: PDF, DOCX and the XLSX table."""
    doc = report_document(vote, late, number=number, on=on, correction=correction, signer=signer)
    return {"pdf": render_pdf(doc), "docx": render_docx(doc), "xlsx": report_xlsx(vote)}


# ---------------------------------------------------------------------------------------------
# The standalone count's minutes (danchu vote count --minutes)
# ---------------------------------------------------------------------------------------------


def standalone_minutes_pdf(
    result: Any, convened: int | None, present: int | None, ballots_sha256: str = ""
) -> bytes:
    """Minutes of a count made with ``danchu vote count``: MẬT, 3 copies. With no database, the
    reference line carries the SHA-256 of the ballots file instead of the audit hash."""
    body: list[Any] = []
    if convened is not None and present is not None:
        body.append(Paragraph(f"Điều kiện tiến hành (CV3): {rules.quorum(convened, present).why}"))
    body += [
        Paragraph(
            f"Tổng số phiếu phát ra: {result.issued}. Tổng số phiếu thu về: {result.returned}."
        ),
        Table(
            headers=TALLY_HEADERS,
            rows=tuple(
                tally_row(
                    int(s.stt),
                    s.full_name,
                    s.position,
                    _Figures(t),
                )
                for s, t in zip(result.subjects, result.tallies, strict=True)
            ),
        ),
        Paragraph(
            f"Tỉ lệ tín nhiệm thấp tính trên {rules.DENOMINATOR_LABELS[result.denominator]}."
        ),
        *(
            Paragraph(f"- {s.full_name}: {d.why}")
            for s, d in zip(result.subjects, result.decisions, strict=True)
        ),
        Heading("PHIẾU BẤT THƯỜNG"),
        *(
            [Paragraph(f"- {a.text}") for a in result.anomalies]
            or [Paragraph("Không có phiếu bất thường.")]
        ),
    ]
    doc = OfficialDocument(
        issuer="BAN KIỂM PHIẾU",
        place="",
        date=None,
        kind="BIÊN BẢN",
        kind_code="BB",
        summary="Kiểm phiếu lấy phiếu tín nhiệm",
        body=tuple(body),
        signatures=(
            Signature(position="THƯ KÝ BAN KIỂM PHIẾU", name=""),
            Signature(position="TRƯỞNG BAN KIỂM PHIẾU", name=""),
        ),
        recipients=("Cấp trên trực tiếp (02 bản)",),
        archive=("VT", "hồ sơ lấy phiếu (01 bản)"),
        secrecy=Secrecy.SECRET,
        copies=len(rules.MINUTES_COPIES),
        audit_ref=f"Mã kiểm tra tệp phiếu (SHA-256): {ballots_sha256}" if ballots_sha256 else "",
    )
    return merge_pdfs(render_copies(doc))


class _Figures:
    def __init__(self, t: rules.SubjectTally):
        self.issued, self.returned, self.valid, self.invalid = (
            t.issued,
            t.returned,
            t.valid,
            t.invalid,
        )
        self.high = t.counts[rules.Level.HIGH]
        self.confidence = t.counts[rules.Level.CONFIDENCE]
        self.low = t.counts[rules.Level.LOW]


def file_sha256(path: Any) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()
