"""Documents of a community decision: household ballots with serials (LD5), the decision record
(Art. 20.2) and the commune's answer (LD7). Printed text is Vietnamese whatever the interface
language (the legal format fixes the wording)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Sequence

from django.utils import timezone
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from danchu.documents import layout
from danchu.documents.dates import long_date, place_name
from danchu.documents.issuing import Issue, Rendered
from danchu.documents.render import (
    Authority,
    Block,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    audit_line,
    render_docx,
    render_pdf,
)
from danchu.residents import rules
from danchu.residents.models import Decision, Household
from danchu.residents.rules import Scope


def _wrap(canvas: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if canvas.stringWidth(trial, font, size) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def ballots_pdf(decision: Decision, households: Sequence[Household], issue: Issue) -> bytes:
    """LD5: one A5 ballot per household with its serial: the title, the question, the options
    with instructions, a space for another opinion, the return deadline; the commune's seal at
    the top left (commune matters) or the village head's signature at the bottom right."""
    layout.register_fonts()
    regular, bold = layout.REGULAR, layout.BOLD
    ballot = decision.ballot
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A5)
    c.setTitle(f"Phiếu lấy ý kiến hộ gia đình — {decision.title}")
    width, height = A5
    left, right = 15 * mm, width - 12 * mm
    commune_matter = decision.scope_enum is Scope.COMMUNE
    for serial, household in enumerate(households, start=1):
        top = height - 14 * mm
        c.setFont(bold, 9)
        if commune_matter:
            c.drawString(left, top, f"UBND {decision.commune.name}".upper())
            c.setFont(regular, 8)
            c.drawString(left, top - 4 * mm, "(Dấu treo của UBND xã)")
            c.rect(left, top - 24 * mm, 26 * mm, 18 * mm, stroke=1, fill=0)
        else:
            c.drawString(left, top, (decision.village.name if decision.village else "").upper())
        c.setFont(bold, 9)
        c.drawRightString(right, top, f"Số phiếu: {serial:05d}")
        c.setFont(regular, 8)
        c.drawRightString(right, top - 4 * mm, f"Hộ: {household.number} — {household.village}")
        y = top - 32 * mm
        c.setFont(bold, 13)
        c.drawCentredString(width / 2, y, "PHIẾU LẤY Ý KIẾN HỘ GIA ĐÌNH")
        y -= 6 * mm
        c.setFont(bold, 10)
        for line in _wrap(c, decision.title, bold, 10, right - left):
            c.drawCentredString(width / 2, y, line)
            y -= 5 * mm
        y -= 2 * mm
        c.setFont(regular, 10)
        for line in _wrap(c, ballot.question, regular, 10, right - left):
            c.drawString(left, y, line)
            y -= 5 * mm
        y -= 2 * mm
        c.setFont(regular, 9)
        c.drawString(left, y, "Đánh dấu X vào một ô:")
        y -= 7 * mm
        for option in ("Đồng ý", "Không đồng ý", "Ý kiến khác (ghi rõ):"):
            c.rect(left, y - 1 * mm, 4 * mm, 4 * mm, stroke=1, fill=0)
            c.drawString(left + 7 * mm, y, option)
            y -= 7 * mm
        for _ in range(3):
            c.line(left + 7 * mm, y, right, y)
            y -= 6 * mm
        c.setFont(regular, 9)
        c.drawString(left, y, f"Hạn nộp phiếu: {long_date(ballot.deadline)} cho Tổ phát phiếu.")
        if not commune_matter:
            c.setFont(bold, 9)
            c.drawRightString(right, 30 * mm, "TRƯỞNG THÔN")
            c.setFont(regular, 8)
            c.drawRightString(right, 26 * mm, "(Ký, ghi rõ họ tên)")
        c.setFont(regular, 7)
        c.drawString(left, 8 * mm, audit_line(issue.audit_seq, issue.audit_hash))
        c.showPage()
    c.save()
    return buf.getvalue()


def ballot_files(decision: Decision, households: Sequence[Household], issue: Issue) -> Rendered:
    return Rendered(
        files={"pdf": ballots_pdf(decision, households, issue)},
        figures={"papers": len(households), "first": 1, "last": len(households)},
    )


def _issuer(decision: Decision) -> str:
    if decision.village is not None:
        return f"{decision.village.name}\n{decision.commune.name}"
    return f"Ủy ban nhân dân\n{decision.commune.name}"


def _result_table(decision: Decision) -> Table:
    rows = tuple(
        (
            r.village.name,
            str(r.households_total),
            str(r.present),
            str(r.households_total - r.present),
            str(r.agree),
            str(r.disagree),
            str(r.other),
            "Đạt" if r.passed else "Không đạt",
        )
        for r in decision.results.select_related("village").order_by("village__code")
    )
    return Table(
        headers=(
            "Thôn",
            "Tổng số hộ",
            "Có mặt/trả lời",
            "Không đại diện",
            "Đồng ý",
            "Không đồng ý",
            "Ý kiến khác",
            "Kết quả",
        ),
        rows=rows,
    )


def _online_minutes(decision: Decision) -> tuple[Block, ...]:
    """LD6 (Decree 59 Art. 5): an online vote's minutes state its start and end, the numbers of
    participants, agree, disagree and other opinions, and the list of participants — the
    households whose one-time code was used (never what each chose)."""
    if decision.form_enum is not rules.Form.ONLINE:
        return ()
    online = getattr(decision, "online", None)
    if online is None:
        return ()
    participants = list(
        online.codes.filter(voted=True)
        .select_related("household")
        .order_by("household__number", "household__pk")
    )
    opened, closed = (
        timezone.localtime(at).strftime("%H:%M %d/%m/%Y") if at else "—"
        for at in (online.opened_at, online.closed_at)
    )
    return (
        Heading("Kết quả biểu quyết trực tuyến"),
        Paragraph(
            f"Bắt đầu: {opened}; kết thúc: {closed}. Số người tham gia: {len(participants)}; "
            f"đồng ý: {online.agree}; không đồng ý: {online.disagree}; ý kiến khác: "
            f"{online.other}."
        ),
        Heading("Danh sách người tham gia biểu quyết trực tuyến"),
        Table(
            headers=("Số hộ", "Đại diện hộ gia đình", "Địa chỉ"),
            rows=tuple(
                (c.household.number, c.household.representative, c.household.address)
                for c in participants
            ),
        ),
    )


def record_document(decision: Decision) -> OfficialDocument:
    """Art. 20.2: the decision record, with every field the article names."""
    matter = decision.matter_enum
    form = decision.form_enum
    held = long_date(decision.held_on) if decision.held_on else ""
    total = decision.households_total or 0
    present = decision.present or 0
    body: tuple[Block, ...] = (
        Heading("1. Thời gian quyết định"),
        Paragraph(f"Cộng đồng dân cư quyết định {held}."),
        Heading("2. Số hộ"),
        Paragraph(
            f"Tổng số hộ: {total}; số đại diện hộ có mặt (trả lời): {present}; số hộ không có "
            f"đại diện: {total - present}."
        ),
        Heading("3. Nội dung đã thảo luận"),
        *(Paragraph(line) for line in decision.discussed.splitlines() if line.strip()),
        Heading("4. Hình thức"),
        Paragraph(
            f"Việc mục {rules.MATTER_NUMBER[matter]} Điều 15 Luật Thực hiện dân chủ ở cơ sở "
            f"({rules.MATTER_LABEL[matter].lower()}); hình thức: "
            f"{rules.FORM_LABEL[form] if form else ''}."
        ),
        Heading("5. Kết quả"),
        _result_table(decision),
        Paragraph(decision.why),
        Heading("6. Nội dung đã quyết định"),
        *(Paragraph(line) for line in decision.decided.splitlines() if line.strip()),
        *_online_minutes(decision),
    )
    signers = decision.signed_by.splitlines()
    padded = [*signers, "", ""]
    head, front, households = padded[0], padded[1], signers[2:]
    body = (
        *body,
        Heading("7. Đại diện hộ gia đình ký"),
        Table(headers=("Đại diện hộ gia đình", "Chữ ký"), rows=tuple((n, "") for n in households)),
    )
    signatures = (
        Signature(position="Trưởng ban công tác Mặt trận", name=front, note="(Ký, ghi rõ họ tên)"),
        Signature(
            position="Trưởng thôn" if decision.village is not None else "Chủ tọa",
            name=head,
            note="(Ký, ghi rõ họ tên)",
        ),
    )
    return OfficialDocument(
        issuer=_issuer(decision),
        place=place_name(decision.commune.name),
        date=None,
        kind="Văn bản",
        summary=f"Quyết định của cộng đồng dân cư về {decision.title}",
        kind_code="BB",
        body=body,
        signatures=signatures,
        recipients=("UBND xã", "Ủy ban MTTQ Việt Nam xã"),
        archive=("thôn",) if decision.village is not None else ("VT",),
    )


COPIES = (
    "Biên bản được lập thành 03 bản: 01 bản gửi Ủy ban nhân dân xã, 01 bản gửi Ủy ban Mặt trận "
    "Tổ quốc Việt Nam xã, 01 bản lưu tại thôn."
)
"""LD4 (Decree 59 Arts 3–4): count minutes in three copies."""


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _witness_table(witnesses: Sequence[str]) -> Table:
    """The two witnessing households sign beside their names."""
    return Table(
        headers=("Đại diện hộ chứng kiến", "Chữ ký"), rows=tuple((w, "") for w in witnesses)
    )


def count_minutes_document(decision: Decision) -> OfficialDocument | None:
    """LD4–LD5 (Decree 59 Form 02 for a meeting, Form 04 for a household ballot): the count
    minutes of each village — who counted, the two witnessing households, the numbers — in three
    copies. An online vote has none: its minutes are the decision record (LD6)."""
    form = decision.form_enum
    if form not in (rules.Form.MEETING, rules.Form.BALLOT):
        return None
    results = {
        r.village_id: r
        for r in decision.results.select_related("village").order_by("village__code")
    }
    body: list[Block] = [
        Paragraph(
            f"Việc: {decision.title} (mục {rules.MATTER_NUMBER[decision.matter_enum]} Điều 15 "
            f"Luật Thực hiện dân chủ ở cơ sở); hình thức: {rules.FORM_LABEL[form]}."
        )
    ]
    signers: list[Signature] = []
    if form is rules.Form.MEETING:
        for m in decision.meetings.select_related("village").order_by("village__code", "pk"):
            board = _lines(m.counting_board)
            witnesses = _lines(m.witnesses)
            r = results.get(m.village_id)
            body += [
                Heading(f"{m.village.name} — họp ngày {_dmy(m.held_on)} tại {m.place}"),
                Paragraph(
                    "Biểu quyết: "
                    + ("bỏ phiếu kín" if m.secret_ballot else "giơ tay")
                    + (f"; Ban kiểm phiếu: {', '.join(board)}" if board else "")
                    + (f"; thư ký: {m.secretary}" if m.secretary else "")
                    + "."
                ),
                Paragraph(f"Hộ gia đình chứng kiến việc kiểm phiếu: {', '.join(witnesses)}."),
            ]
            if r is not None:
                body.append(
                    Paragraph(
                        f"Tổng số hộ: {r.households_total}; số đại diện hộ có mặt: {r.present}; "
                        f"đồng ý: {r.agree}; không đồng ý: {r.disagree}; ý kiến khác: {r.other}."
                    )
                )
            body.append(_witness_table(witnesses))
            if not signers:
                signers = [
                    Signature(
                        position="Trưởng Ban kiểm phiếu" if board else "Thư ký",
                        name=board[0] if board else m.secretary,
                        note="(Ký, ghi rõ họ tên)",
                    )
                ]
    else:
        ballot = decision.ballot
        witnesses = _lines(ballot.witnesses)
        body += [
            Paragraph(
                f"Tổ phát phiếu: {', '.join(_lines(ballot.team))} (tổ trưởng: "
                f"{ballot.team_chair}); phát phiếu ngày {_dmy(ballot.distributed_on)}, "
                f"hạn nhận lại {_dmy(ballot.deadline)}."
            ),
            Paragraph(f"Hộ gia đình chứng kiến việc kiểm phiếu: {', '.join(witnesses)}."),
            Table(
                headers=(
                    "Thôn",
                    "Số phiếu phát ra",
                    "Số phiếu thu về",
                    "Đồng ý",
                    "Không đồng ý",
                    "Ý kiến khác",
                ),
                rows=tuple(
                    (
                        r.village.name,
                        str(r.households_total),
                        str(r.present),
                        str(r.agree),
                        str(r.disagree),
                        str(r.other),
                    )
                    for r in results.values()
                ),
            ),
        ]
        body.append(_witness_table(witnesses))
        signers = [
            Signature(
                position="Tổ trưởng tổ phát phiếu",
                name=ballot.team_chair,
                note="(Ký, ghi rõ họ tên)",
            )
        ]
    body.append(Paragraph(COPIES))
    return OfficialDocument(
        issuer=_issuer(decision),
        place=place_name(decision.commune.name),
        date=None,
        kind="Biên bản",
        summary=f"Kiểm phiếu về {decision.title}",
        kind_code="BB",
        body=tuple(body),
        signatures=tuple(signers),
        recipients=("UBND xã", "Ủy ban MTTQ Việt Nam xã"),
        archive=("thôn",),
    )


def count_minutes_files(decision: Decision, issue: Issue) -> Rendered:
    doc = count_minutes_document(decision)
    assert doc is not None  # issued only for a meeting or a household ballot
    doc = _as_issued(doc, issue)
    return Rendered(files={"pdf": render_pdf(doc), "docx": render_docx(doc)}, figures={})


def _as_issued(doc: OfficialDocument, issue: Issue) -> OfficialDocument:
    return dataclasses.replace(
        doc,
        number=issue.number or doc.number,
        date=issue.on,
        audit_ref=audit_line(issue.audit_seq, issue.audit_hash),
    )


def record_files(decision: Decision, issue: Issue) -> Rendered:
    doc = _as_issued(record_document(decision), issue)
    return Rendered(
        files={"pdf": render_pdf(doc), "docx": render_docx(doc)},
        figures={
            "households": decision.households_total,
            "present": decision.present,
            "agree": decision.agree,
            "passed": decision.passed,
            "rule": decision.rule,
        },
    )


def answer_files(decision: Decision, issue: Issue) -> Rendered:
    """LD7: the commune's recognition, or its written refusal with reasons."""
    recognised = decision.status == "recognised"
    # Art. 21: members of the two boards (matter 5) are recognised by the Front committee.
    front = decision.matter == rules.Matter.BOARD_MEMBERS
    who = "Ủy ban Mặt trận Tổ quốc Việt Nam xã" if front else "Ủy ban nhân dân xã"
    body: list[Paragraph] = [
        Paragraph(
            f"Căn cứ văn bản quyết định của cộng đồng dân cư "
            f"{decision.village.name if decision.village else decision.commune.name} về "
            f"{decision.title}, nhận {long_date(decision.sent_on) if decision.sent_on else ''};"
        ),
    ]
    if recognised:
        body.append(Paragraph(f"{who} công nhận quyết định của cộng đồng dân cư."))
        if decision.effective_on:
            body.append(Paragraph(f"Quyết định có hiệu lực từ {long_date(decision.effective_on)}."))
    else:
        body.append(Paragraph(f"{who} không công nhận quyết định của cộng đồng dân cư, vì:"))
        body += [Paragraph(line) for line in decision.answer_reason.splitlines() if line.strip()]
    doc = OfficialDocument(
        issuer=(
            f"Ủy ban MTTQ Việt Nam\n{decision.commune.name}"
            if front
            else f"Ủy ban nhân dân\n{decision.commune.name}"
        ),
        place=place_name(decision.commune.name),
        date=None,
        kind="Quyết định" if recognised else "",
        summary=("Công nhận" if recognised else "V/v không công nhận")
        + f" quyết định của cộng đồng dân cư về {decision.title}",
        kind_code="QĐ" if recognised else "CV",
        body=tuple(body),
        signatures=(
            Signature(
                position="Chủ tịch",
                name="",
                authority=Authority.TM,
                on_behalf="Ban Thường trực" if front else "Ủy ban nhân dân",
            ),
        ),
        recipients=("Như trên", "UBND xã" if front else "Ủy ban MTTQ Việt Nam xã"),
    )
    doc = _as_issued(doc, issue)
    return Rendered(
        files={"pdf": render_pdf(doc), "docx": render_docx(doc)},
        figures={"recognised": recognised, "reasons": decision.answer_reason},
    )
