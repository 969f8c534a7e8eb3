"""The official documents of a survey, built on ``danchu.documents`` (Decree 30, DOC1/DOC3).

- the commune chairman's decision founding the survey committee (SV6);
- the commune's summary report to the district (SV8), with the audit reference line;
- the district's aggregate report;
- the public notice of the chairman's decision on a low-confidence civil servant (SV7).
"""

from __future__ import annotations

import datetime as dt

from danchu.documents.dates import long_date
from danchu.documents.render import (
    Authority,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    audit_line,
)
from danchu.people.models import Assignment
from danchu.surveys import rules
from danchu.surveys.models import Committee, CommuneSurvey, Flag, Handling, Round
from danchu.surveys.selectors import (
    Dashboard,
    item_counts_by_subject,
    subjects_reported_by,
    tallies,
)
from danchu.units.models import AdminUnit, Agency, AgencyKind

_PREFIXES = ("Thành phố ", "Thị trấn ", "Thị xã ", "Phường ", "Huyện ", "Tỉnh ", "Quận ", "Xã ")


def place_name(unit: AdminUnit) -> str:
    """The place in the date line: the unit's name without its kind ("Xã An Hòa" → "An Hòa")."""
    for prefix in _PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def committee_issuer(unit: AdminUnit) -> str:
    """ "ỦY BAN NHÂN DÂN\\nXÃ AN HÒA" (two lines, capitals are applied by the renderer)."""
    return f"Ủy ban nhân dân\n{unit.name}"


def ubnd_of(unit: AdminUnit) -> Agency | None:
    return Agency.objects.filter(unit=unit, kind=AgencyKind.UBND).first()


def chairman_name(unit: AdminUnit, on: dt.date) -> str:
    a = (
        Assignment.objects.active_on(on)
        .filter(agency__unit=unit, position__code__startswith="chu-tich-ubnd")
        .select_related("person")
        .first()
    )
    return a.person.full_name if a else ""


def committee_decision(committee: Committee, on: dt.date | None = None) -> OfficialDocument:
    """SV6: "QUYẾT ĐỊNH Về việc thành lập Tổ lấy ý kiến nhân dân …"."""
    round_ = committee.round
    unit = committee.unit
    on = committee.founded_on or on
    members = list(committee.members.all())
    level_word = "xã" if committee.level == rules.CommitteeLevel.COMMUNE else "huyện"
    duties = (
        "Tổ lấy ý kiến có nhiệm vụ tổ chức lấy ý kiến, phát phiếu, thu phiếu, kiểm tra phiếu hợp "
        "lệ, không hợp lệ và tổng hợp kết quả báo cáo Ủy ban nhân dân xã. Thư ký có nhiệm vụ tổng "
        "hợp, báo cáo lên cấp trên."
        if committee.level == rules.CommitteeLevel.COMMUNE
        else "Tổ lấy ý kiến có nhiệm vụ kiểm tra, giám sát, hướng dẫn cấp xã thực hiện quy trình "
        "lấy ý kiến, tổng hợp, phân tích kết quả từ cấp xã chuyển lên và báo cáo kết quả Ủy ban "
        "nhân dân. Thư ký có nhiệm vụ tổng hợp, báo cáo lên cấp trên."
    )
    rows = tuple(
        (
            str(i),
            m.full_name,
            rules.MEMBER_LABELS[rules.MemberKind(m.kind)],
            "Tổ trưởng" if m.leader else "Thư ký" if m.secretary else "Thành viên",
        )
        for i, m in enumerate(members, start=1)
    )
    plan = f"Kế hoạch số {round_.plan_number}" if round_.plan_number else "Kế hoạch"
    if round_.plan_date:
        plan += f" {long_date(round_.plan_date)}"
    body = (
        Paragraph(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {unit.name.upper()}", bold=True, centered=True),
        Paragraph("Căn cứ Luật Tổ chức chính quyền địa phương;"),
        Paragraph(
            f"Căn cứ {plan} của Ủy ban nhân dân {round_.plan_unit.name} về việc tổ chức lấy ý "
            f"kiến nhân dân đối với các chức danh công chức cấp xã năm {round_.year};"
        ),
        Paragraph("QUYẾT ĐỊNH:", bold=True, centered=True),
        Paragraph(
            f"Điều 1. Thành lập Tổ lấy ý kiến nhân dân đối với các chức danh công chức cấp xã năm "
            f"{round_.year} của {unit.name} ({len(members)} thành viên), gồm:"
        ),
        Table(("TT", "Họ và tên", "Thành phần", "Nhiệm vụ trong Tổ"), rows, widths=(1, 5, 7, 3)),
        Paragraph(f"Điều 2. {duties}"),
        Paragraph(
            "Điều 3. Quyết định có hiệu lực kể từ ngày ký. Các thành viên có tên tại Điều 1 chịu "
            "trách nhiệm thi hành Quyết định này. Tổ tự giải thể sau khi hoàn thành nhiệm vụ."
        ),
    )
    return OfficialDocument(
        issuer=committee_issuer(unit),
        place=place_name(unit),
        date=on,
        kind="QUYẾT ĐỊNH",
        summary=f"Về việc thành lập Tổ lấy ý kiến nhân dân đối với các chức danh công chức cấp "
        f"{level_word} năm {round_.year}",
        number=committee.decision_number,
        kind_code="QĐ-UBND",
        body=body,
        signatures=(
            Signature(
                position="Chủ tịch",
                name=chairman_name(unit, on or dt.date(round_.year, 12, 31)),
                authority=Authority.TM,
                on_behalf="Ủy ban nhân dân",
            ),
        ),
        recipients=("Như Điều 1", f"UBND {round_.plan_unit.name} (phòng Nội vụ)"),
        archive=("VT",),
    )


def result_rows(cs: CommuneSurvey) -> list[tuple[str, ...]]:
    """Per civil servant (SV7): forms collected, valid, invalid, tín nhiệm and rate, by group."""
    subjects = [s for s in subjects_reported_by(cs) if s.surveyed]
    counts = tallies(s.pk for s in subjects)
    rows: list[tuple[str, ...]] = []
    for i, s in enumerate(subjects, start=1):
        t = counts[s.pk]
        note = "Tín nhiệm thấp" if t.low else ""
        if s.commune_survey.unit_id != cs.unit_id:
            note = (note + "; " if note else "") + f"Do {s.commune_survey.unit.name} lấy ý kiến"
        rows.append(
            (
                str(i),
                s.person.full_name,
                s.position.name,
                str(t.collected),
                str(t.valid),
                str(t.invalid),
                str(t.trust),
                rules.percent_2dp(t.trust, t.collected) + "%",
                f"{t.by_group['CB']}/{t.by_group['KCT']}/{t.by_group['ND']}",
                note,
            )
        )
    return rows


def result_sheet(cs: CommuneSurvey) -> tuple[list[str], list[list[str | int]]]:
    """The commune's results as a spreadsheet: :data:`RESULT_HEADERS` then one column per item
    a–d of the form template (forms that marked it), per civil servant."""
    from danchu.surveys.services import form_template_for

    codes = form_template_for(cs).item_codes
    subjects = [s for s in subjects_reported_by(cs) if s.surveyed]
    items = item_counts_by_subject(s.pk for s in subjects)
    rows: list[list[str | int]] = [
        [*row, *(items[s.pk].get(c, 0) for c in codes)]
        for s, row in zip(subjects, result_rows(cs), strict=True)
    ]
    return [*RESULT_HEADERS, *(f"Mục {c}" for c in codes)], rows


RESULT_HEADERS = (
    "TT",
    "Họ và tên",
    "Chức danh",
    "Phiếu thu về",
    "Hợp lệ",
    "Không hợp lệ",
    "Tín nhiệm",
    "Tỷ lệ",
    "CB/KCT/ND",
    "Ghi chú",
)


def commune_report(cs: CommuneSurvey, on: dt.date) -> OfficialDocument:
    """SV8: the commune's report to the district, with results per civil servant."""
    round_ = cs.round
    not_surveyed = [s for s in subjects_reported_by(cs) if not s.surveyed]
    body: list = [
        Paragraph(
            f"Thực hiện Kế hoạch {round_.plan_number or ''} của Ủy ban nhân dân "
            f"{round_.plan_unit.name} về việc tổ chức lấy ý kiến nhân dân đối với các chức danh "
            f"công chức cấp xã năm {round_.year}, Ủy ban nhân dân {cs.unit.name} báo cáo kết quả "
            "như sau:"
        ),
        Heading("I. TỔ CHỨC THỰC HIỆN"),
        Paragraph(
            "Thời gian lấy ý kiến: "
            + (long_date(cs.survey_on) if cs.survey_on else "chưa thông báo")
            + "."
        ),
        Paragraph(f"Quy tắc phiếu hợp lệ: {rules.VALIDITY_RULE}"),
        Paragraph(rules.RATE_READING),
        Heading("II. KẾT QUẢ"),
        Table(RESULT_HEADERS, tuple(result_rows(cs)), widths=(1, 4, 4, 2, 2, 2, 2, 2, 3, 4)),
    ]
    if not_surveyed:
        body.append(Paragraph("Công chức chưa lấy ý kiến (SV2):"))
        body += [
            Paragraph(f"- {s.person.full_name} ({s.position.name}): {s.reason}")
            for s in not_surveyed
        ]
    body.append(
        Paragraph("Kết quả lấy ý kiến là cơ sở để đánh giá, xếp loại công chức hằng năm (SV8).")
    )
    seq_digest = cs.report_audit.split(":", 1) if cs.report_audit else None
    return OfficialDocument(
        issuer=committee_issuer(cs.unit),
        place=place_name(cs.unit),
        date=cs.reported_on or on,
        kind="BÁO CÁO",
        summary=f"Kết quả lấy ý kiến nhân dân đối với các chức danh công chức cấp xã năm "
        f"{round_.year}",
        number=cs.report_number,
        kind_code="BC-UBND",
        body=tuple(body),
        signatures=(
            Signature(
                position="Chủ tịch",
                name=chairman_name(cs.unit, cs.reported_on or on),
                authority=Authority.TM,
                on_behalf="Ủy ban nhân dân",
            ),
        ),
        recipients=(f"UBND {round_.plan_unit.name} (qua phòng Nội vụ)",),
        archive=("VT",),
        audit_ref=audit_line(int(seq_digest[0]), seq_digest[1]) if seq_digest else "",
    )


def aggregate_report(board: Dashboard, on: dt.date, audit_ref: str = "") -> OfficialDocument:
    """The district's (or province's) aggregate: one line per commune, flags listed."""
    round_: Round = board.round
    rows = tuple(
        (
            str(i),
            r.commune_survey.unit.name,
            str(r.subjects),
            str(r.collected),
            str(r.valid),
            str(r.trust),
            r.rate_pct + "%",
            str(r.low),
            r.commune_survey.reported_on.strftime("%d/%m/%Y")
            if r.commune_survey.reported_on
            else "Chưa báo cáo",
        )
        for i, r in enumerate(board.rows, start=1)
    )
    body: list = [
        Paragraph(
            f"Tổng hợp kết quả lấy ý kiến nhân dân đối với các chức danh công chức cấp xã năm "
            f"{round_.year}: {board.reported_count}/{len(board.rows)} xã đã báo cáo; "
            f"{board.late_count} xã báo cáo trễ hoặc quá hạn (hạn: trước ngày "
            f"{round_.report_before:%d/%m/%Y})."
        ),
        Table(
            (
                "TT",
                "Xã",
                "Công chức",
                "Phiếu thu về",
                "Hợp lệ",
                "Tín nhiệm",
                "Tỷ lệ",
                "Dưới 50%",
                "Ngày báo cáo",
            ),
            rows,
            widths=(1, 5, 2, 2, 2, 2, 2, 2, 3),
        ),
    ]
    if board.flags:
        body.append(Heading("Công chức tín nhiệm thấp 02 năm liên tiếp (SV7)"))
        body += [
            Paragraph(f"- {f.person.full_name} ({f.subject.position.name}): {f.why}")
            for f in board.flags
        ]
    return OfficialDocument(
        issuer=committee_issuer(round_.plan_unit),
        place=place_name(round_.plan_unit),
        date=on,
        kind="BÁO CÁO",
        summary=f"Kết quả lấy ý kiến nhân dân đối với các chức danh công chức cấp xã năm "
        f"{round_.year}",
        kind_code="BC-UBND",
        body=tuple(body),
        signatures=(
            Signature(
                position="Chủ tịch",
                name=chairman_name(round_.plan_unit, on),
                authority=Authority.TM,
                on_behalf="Ủy ban nhân dân",
            ),
        ),
        recipients=("Sở Nội vụ",),
        audit_ref=audit_ref,
    )


HANDLING_WORDS = {
    Handling.DISCIPLINE: "xem xét, xử lý theo quy định của Luật Cán bộ, công chức",
    Handling.TRANSFER: "điều chuyển sang chức danh khác cho phù hợp",
    Handling.NO_ACTION: "không áp dụng biện pháp xử lý, tiếp tục theo dõi qua đánh giá, xếp "
    "loại công chức hằng năm",
}


def current_commune(flag: Flag, on: dt.date) -> AdminUnit:
    """Where the civil servant works now (the notice is posted there, SV7)."""
    a = (
        Assignment.objects.active_on(on)
        .filter(person=flag.person, position=flag.subject.position)
        .select_related("agency__unit")
        .first()
    )
    return a.agency.unit if a else flag.subject.reporting_unit


def flag_notice(flag: Flag, on: dt.date) -> OfficialDocument:
    """SV7: public notice at the commune office of the chairman's decision."""
    unit = current_commune(flag, on)
    words = HANDLING_WORDS.get(Handling(flag.handling)) if flag.handling else None
    decision = (
        f"Quyết định số {flag.decision_number} " if flag.decision_number else "Quyết định "
    ) + (long_date(flag.decided_on) if flag.decided_on else "")
    body = (
        Paragraph(
            f"Căn cứ kết quả lấy ý kiến nhân dân đối với các chức danh công chức cấp xã, công chức "
            f"{flag.person.full_name}, chức danh {flag.subject.position.name}, có tỷ lệ tín nhiệm "
            f"dưới 50% so với tổng số phiếu được lấy ý kiến trong 02 năm liên tiếp ({flag.why})"
        ),
        Paragraph(
            f"Căn cứ {decision.strip()} của Chủ tịch Ủy ban nhân dân {flag.round.plan_unit.name}, "
            f"công chức {flag.person.full_name} được {words or 'xem xét theo quy định'}."
        ),
        Paragraph(
            f"Ủy ban nhân dân {unit.name} thông báo công khai tại trụ sở để nhân dân được biết./."
        ),
    )
    return OfficialDocument(
        issuer=committee_issuer(unit),
        place=place_name(unit),
        date=on,
        kind="THÔNG BÁO",
        summary="Về việc xử lý đối với công chức không được nhân dân tín nhiệm",
        kind_code="TB-UBND",
        body=body,
        signatures=(
            Signature(
                position="Chủ tịch",
                name=chairman_name(unit, on),
                authority=Authority.TM,
                on_behalf="Ủy ban nhân dân",
            ),
        ),
        recipients=(f"UBND {flag.round.plan_unit.name}", "Niêm yết tại trụ sở UBND"),
    )
