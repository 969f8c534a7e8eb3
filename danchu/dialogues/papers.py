"""Documents of dialogues and conferences (Decree 30 format): the dialogue's plan (KH), its
invitation, its record of questions and answers (BB) and its report (BC, GR7); the village
conference's notice and its written report to the commune (LD9); the minutes of a staff
conference or dialogue (QD6, QD2). Printed text is Vietnamese whatever the interface language."""

from __future__ import annotations

import dataclasses

from danchu.dialogues import rules
from danchu.dialogues.models import Dialogue, MeetingKind, StaffMeeting, VillageConference
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

CHAIRMAN = Signature(
    position="Chủ tịch", name="", authority=Authority.TM, on_behalf="Ủy ban nhân dân"
)


def _lines(text: str) -> list[Paragraph]:
    return [Paragraph(line) for line in text.splitlines() if line.strip()]


def _files(doc: OfficialDocument, issue: Issue, figures: dict[str, object]) -> Rendered:
    doc = dataclasses.replace(
        doc,
        number=issue.number or doc.number,
        date=issue.on,
        audit_ref=audit_line(issue.audit_seq, issue.audit_hash),
    )
    return Rendered(files={"pdf": render_pdf(doc), "docx": render_docx(doc)}, figures=figures)


def _commune_doc(
    d: Dialogue, kind: str, code: str, summary: str, body: list[Block]
) -> OfficialDocument:
    return OfficialDocument(
        issuer=f"Ủy ban nhân dân\n{d.commune.name}",
        place=place_name(d.commune.name),
        date=None,
        kind=kind,
        kind_code=code,
        summary=summary,
        body=tuple(body),
        signatures=(CHAIRMAN,),
        recipients=("Thường trực Đảng ủy, HĐND xã", "Ủy ban MTTQ Việt Nam xã", "Các thôn"),
    )


def plan_files(d: Dialogue, issue: Issue) -> Rendered:
    """LD9, QD2, GR7: the plan of the year's dialogue."""
    due = rules.dialogue_report_due(d.year).due
    body: list[Block] = [
        Heading("I. MỤC ĐÍCH, YÊU CẦU"),
        Paragraph(
            "Thực hiện Điều 32 Luật Thực hiện dân chủ ở cơ sở năm 2022, Ủy ban nhân dân xã tổ "
            f"chức hội nghị đối thoại với Nhân dân năm {d.year}, lắng nghe ý kiến, kiến nghị "
            "của Nhân dân và trả lời, giải trình các vấn đề Nhân dân quan tâm."
        ),
        Heading("II. THỜI GIAN, ĐỊA ĐIỂM"),
        Paragraph(f"Thời gian: {long_date(d.planned_on)}. Địa điểm: {d.place or '…'}."),
        Heading("III. NỘI DUNG"),
        *_lines(d.topics),
        Heading("IV. TỔ CHỨC THỰC HIỆN"),
        Paragraph(
            "Các thôn tổng hợp câu hỏi, kiến nghị của Nhân dân gửi trước hội nghị; Nhân dân cũng "
            "gửi câu hỏi trên trang công khai của xã, ghi tên hoặc không ghi tên."
        ),
        Paragraph(f"Báo cáo kết quả hội nghị chậm nhất ngày {due:%d/%m/%Y} (GR7)."),
    ]
    return _files(
        _commune_doc(
            d, "Kế hoạch", "KH", f"Tổ chức hội nghị đối thoại với Nhân dân năm {d.year}", body
        ),
        issue,
        {"year": d.year, "planned_on": d.planned_on.isoformat()},
    )


def invitation_files(d: Dialogue, issue: Issue) -> Rendered:
    body: list[Block] = [
        Paragraph(
            f"Ủy ban nhân dân xã trân trọng kính mời đại diện các hộ gia đình, cán bộ thôn và "
            f"Nhân dân dự hội nghị đối thoại giữa Ủy ban nhân dân xã với Nhân dân năm {d.year}."
        ),
        Paragraph(f"Thời gian: {long_date(d.planned_on)}."),
        Paragraph(f"Địa điểm: {d.place or '…'}."),
        *_lines(d.topics),
    ]
    return _files(
        _commune_doc(d, "Giấy mời", "GM", f"Dự hội nghị đối thoại với Nhân dân năm {d.year}", body),
        issue,
        {"year": d.year},
    )


def _questions_table(d: Dialogue) -> Table:
    rows = tuple(
        (
            str(i),
            q.text,
            q.asker or "Không ghi tên",
            q.answer or "Chưa trả lời",
        )
        for i, q in enumerate(d.questions.order_by("pk"), start=1)
    )
    return Table(headers=("TT", "Câu hỏi, kiến nghị", "Người hỏi", "Trả lời"), rows=rows)


def _commitments_table(d: Dialogue) -> Table:
    rows = tuple(
        (
            str(i),
            c.text,
            c.responsible,
            f"{c.due_on:%d/%m/%Y}",
            f"{c.done_on:%d/%m/%Y}" if c.done_on else "Đang thực hiện",
        )
        for i, c in enumerate(d.commitments.order_by("due_on", "pk"), start=1)
    )
    return Table(
        headers=("TT", "Nội dung cam kết", "Người chịu trách nhiệm", "Hạn", "Hoàn thành"),
        rows=rows,
    )


def record_files(d: Dialogue, issue: Issue) -> Rendered:
    """LD9: the record of the dialogue — its questions and answers and the commitments."""
    held = long_date(d.held_on) if d.held_on else ""
    body: list[Block] = [
        Paragraph(f"Hội nghị đối thoại giữa Ủy ban nhân dân xã với Nhân dân, {held}."),
        Paragraph(f"Địa điểm: {d.place or '…'}. Chủ trì: {d.chair or '…'}."),
        Paragraph(f"Số người dự: {d.attendees if d.attendees is not None else '…'}."),
        Heading("I. CÂU HỎI, KIẾN NGHỊ VÀ TRẢ LỜI"),
        _questions_table(d),
        Heading("II. CAM KẾT SAU ĐỐI THOẠI"),
        _commitments_table(d),
        Heading("III. KẾT LUẬN"),
        *_lines(d.summary),
    ]
    doc = _commune_doc(d, "Biên bản", "BB", f"Hội nghị đối thoại với Nhân dân năm {d.year}", body)
    return _files(
        doc, issue, {"questions": d.questions.count(), "commitments": d.commitments.count()}
    )


def report_files(d: Dialogue, issue: Issue) -> Rendered:
    """GR7: the report on the year's dialogue, by February of the next year."""
    questions = d.questions.count()
    answered = d.questions.exclude(answer="").count()
    body: list[Block] = [
        Heading("I. KẾT QUẢ TỔ CHỨC"),
        Paragraph(
            f"Ủy ban nhân dân xã tổ chức hội nghị đối thoại với Nhân dân ngày "
            f"{d.held_on:%d/%m/%Y} tại {d.place or '…'}, có "
            f"{d.attendees if d.attendees is not None else '…'} người dự."
            if d.held_on
            else "Hội nghị đối thoại chưa được tổ chức."
        ),
        Paragraph(
            f"Tổng số câu hỏi, kiến nghị: {questions}; đã trả lời: {answered}; "
            f"cam kết sau đối thoại: {d.commitments.count()}."
        ),
        Heading("II. CÂU HỎI, KIẾN NGHỊ VÀ TRẢ LỜI"),
        _questions_table(d),
        Heading("III. CAM KẾT VÀ TIẾN ĐỘ THỰC HIỆN"),
        _commitments_table(d),
        Heading("IV. ĐÁNH GIÁ CHUNG"),
        *_lines(d.summary),
    ]
    doc = _commune_doc(
        d, "Báo cáo", "BC", f"Kết quả hội nghị đối thoại với Nhân dân năm {d.year}", body
    )
    doc = dataclasses.replace(
        doc, recipients=("UBND cấp trên (Sở Nội vụ)", "Thường trực Đảng ủy, HĐND xã")
    )
    return _files(doc, issue, {"questions": questions, "answered": answered})


def _village_doc(
    c: VillageConference, kind: str, code: str, summary: str, body: list[Block]
) -> OfficialDocument:
    return OfficialDocument(
        issuer=f"{c.village.name}\n{c.commune.name}",
        place=place_name(c.commune.name),
        date=None,
        kind=kind,
        kind_code=code,
        summary=summary,
        body=tuple(body),
        signatures=(Signature(position="Trưởng thôn", name=""),),
        recipients=("Ủy ban nhân dân xã", "Ủy ban MTTQ Việt Nam xã"),
        archive=("thôn",),
    )


def notice_files(c: VillageConference, issue: Issue) -> Rendered:
    """LD9: the notice of the conference, ≥ 5 days before."""
    body: list[Block] = [
        Paragraph(
            f"Thôn tổ chức hội nghị cộng đồng dân cư định kỳ năm {c.year} vào "
            f"{long_date(c.planned_on)} tại {c.place or '…'}."
        ),
        Paragraph(
            "Nội dung: báo cáo của trưởng thôn, của Ban công tác Mặt trận và của thành viên "
            "Ban Thanh tra nhân dân ở thôn; Nhân dân thảo luận, kiến nghị."
        ),
        Paragraph("Đề nghị đại diện các hộ gia đình tham dự đầy đủ, đúng giờ."),
    ]
    return _files(
        _village_doc(c, "Thông báo", "TB", f"Hội nghị cộng đồng dân cư năm {c.year}", body),
        issue,
        {"planned_on": c.planned_on.isoformat()},
    )


def conference_report_files(c: VillageConference, issue: Issue) -> Rendered:
    """LD9: the village head's written report to the commune People's Committee and Front."""
    body: list[Block] = [
        Paragraph(
            f"Thôn đã tổ chức hội nghị cộng đồng dân cư định kỳ năm {c.year} ngày "
            f"{c.held_on:%d/%m/%Y} tại {c.place or '…'}"
            + (f", có {c.households_present} hộ dự." if c.households_present is not None else ".")
            if c.held_on
            else "Hội nghị chưa được tổ chức."
        ),
        Heading("1. Báo cáo của trưởng thôn"),
        *_lines(c.head_report),
        Heading("2. Báo cáo của Ban công tác Mặt trận"),
        *_lines(c.front_report),
        Heading(
            "3. Báo cáo của thành viên Ban Thanh tra nhân dân"
            + (f" ({c.inspection_member})" if c.inspection_member else "")
        ),
        *_lines(c.inspection_report),
        Heading("4. Kết luận, kiến nghị"),
        *_lines(c.conclusions),
    ]
    return _files(
        _village_doc(c, "Báo cáo", "BC", f"Kết quả hội nghị cộng đồng dân cư năm {c.year}", body),
        issue,
        {"households_present": c.households_present},
    )


def staff_minutes_files(m: StaffMeeting, issue: Issue) -> Rendered:
    """QD6, QD2: the minutes of the staff conference or the head's dialogue with staff."""
    conference = m.kind == MeetingKind.STAFF_CONFERENCE
    what = "Hội nghị cán bộ, công chức" if conference else "Đối thoại với cán bộ, công chức"
    body: list[Block] = [
        Paragraph(
            f"{what} năm {m.year} của {m.agency.name}, "
            f"{long_date(m.held_on) if m.held_on else ''}, tại {m.place or '…'}."
        ),
        Paragraph(
            f"Chủ trì: {m.chair or '…'}. Số người dự: "
            f"{m.participants if m.participants is not None else '…'}."
        ),
        Heading("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ" if conference else "I. Ý KIẾN CỦA CÁN BỘ"),
        *_lines(m.results if conference else m.exchanges),
        Heading("II. CHỈ TIÊU, NHIỆM VỤ NĂM TỚI" if conference else "II. KẾT LUẬN"),
        *_lines(m.targets),
    ]
    doc = OfficialDocument(
        issuer=m.agency.name,
        place=place_name(m.unit.name),
        date=None,
        kind="Biên bản",
        kind_code="BB",
        summary=f"{what} năm {m.year}",
        body=tuple(body),
        signatures=(
            Signature(position="Thư ký", name=""),
            Signature(position="Chủ trì", name=""),
        ),
        recipients=("Cán bộ, công chức",),
    )
    return _files(doc, issue, {"kind": m.kind, "year": m.year})
