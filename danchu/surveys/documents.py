"""The official documents of a survey, built on ``danchu.documents`` (Decree 30, DOC1/DOC3).

- the commune chairman's decision founding the survey committee (SV6);
- the commune's summary report to the district (SV8), with the audit reference line;
- the district's aggregate report;
- the public notice of the chairman's decision on a low-confidence civil servant (SV7).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from danchu.dataio.exports import Number, xlsx_bytes
from danchu.documents.dates import long_date
from danchu.documents.render import (
    Authority,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_pdf,
)
from danchu.formats.numbers import percent, rates_in_text
from danchu.people.models import Assignment
from danchu.surveys import rules
from danchu.surveys.models import Committee, CommuneSurvey, Flag, Handling, Round
from danchu.surveys.selectors import Dashboard
from danchu.units.models import AdminUnit, Agency, AgencyKind, Level

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


_RULE_REF = re.compile(r"\s*\((?:SV|DC|CV|GR)\d+(?:\s*[,/–-]\s*(?:SV|DC|CV|GR)?\d+)*\)")
_RULE_LEAD = re.compile(r"\b(?:SV|DC|CV|GR)\d+:\s*")

OFFICIAL_RATE_TEXT = (
    "Tỷ lệ tín nhiệm được tính bằng số phiếu “Tín nhiệm” trên tổng số phiếu thu về (kể cả phiếu "
    "không hợp lệ); tín nhiệm thấp khi tỷ lệ dưới 50%."
)


def official(text: str) -> str:
    """Official text carries no internal rule IDs ("(SV7)", "SV6: …") nor formulas."""
    text = text.replace(rules.RATE_READING, OFFICIAL_RATE_TEXT)
    text = _RULE_REF.sub("", text)
    text = _RULE_LEAD.sub("", text)
    return re.sub(r"\s+([.,;:)])", r"\1", text)


def _clean(block: Any) -> Any:
    if isinstance(block, Paragraph | Heading):
        return dataclasses.replace(block, text=official(block.text))
    if isinstance(block, Table):
        return dataclasses.replace(
            block,
            headers=tuple(official(h) for h in block.headers),
            rows=tuple(tuple(official(c) for c in row) for row in block.rows),
        )
    return block


def _official_document(**fields: Any) -> OfficialDocument:
    """An OfficialDocument whose body, summary and recipients read as official text."""
    fields["body"] = tuple(_clean(b) for b in fields.get("body", ()))
    fields["summary"] = official(fields.get("summary", ""))
    fields["recipients"] = tuple(official(r) for r in fields.get("recipients", ()))
    return OfficialDocument(**fields)


def home_affairs_body(unit: AdminUnit) -> str:
    """The Home Affairs body of the plan unit, by its level on the map in force: the
    province's Department (Sở Nội vụ), a district's Office (Phòng Nội vụ)."""
    return "Sở Nội vụ" if unit.level == Level.PROVINCE else "Phòng Nội vụ"


def party_committee(unit: AdminUnit) -> str:
    return {Level.PROVINCE: "Tỉnh ủy", Level.DISTRICT: "Huyện ủy"}.get(
        Level(unit.level), f"Đảng ủy {unit.name}"
    )


def capacity(kind: str, unit: AdminUnit) -> str:
    """SV6: a member's capacity as a decision writes it, for the committee's unit (never the
    rule's alternatives, "Chủ nhiệm hoặc Phó Chủ nhiệm…")."""
    k = rules.MemberKind(kind)
    words = {
        rules.MemberKind.VICE_CHAIRMAN: f"Phó Chủ tịch Ủy ban nhân dân {unit.name}",
        rules.MemberKind.YOUTH_SECRETARY: f"Bí thư Đoàn Thanh niên {unit.name}",
        rules.MemberKind.OFFICE_CIVIL_SERVANT: "Công chức Văn phòng - Thống kê",
        rules.MemberKind.FRONT: f"Đại diện lãnh đạo Ủy ban Mặt trận Tổ quốc Việt Nam {unit.name}",
        rules.MemberKind.PARTY_INSPECTION: "Đại diện lãnh đạo Ủy ban Kiểm tra "
        + party_committee(unit),
        rules.MemberKind.HOME_AFFAIRS_LEAD: f"Lãnh đạo {home_affairs_body(unit)}",
        rules.MemberKind.INSPECTORATE: f"Đại diện lãnh đạo Thanh tra {unit.name}",
        rules.MemberKind.PARTY_ORGANISATION: "Đại diện lãnh đạo Ban Tổ chức "
        + party_committee(unit),
        rules.MemberKind.HOME_AFFAIRS_OFFICER: (
            "Công chức Sở Nội vụ" if unit.level == Level.PROVINCE else "Chuyên viên Phòng Nội vụ"
        ),
    }
    return words[k]


def plan_reference(round_: Round) -> str:
    """ "Kế hoạch số 224/KH-UBND ngày 28 tháng 10 năm 2022 của Ủy ban nhân dân …"."""
    plan = f"Kế hoạch số {round_.plan_number}" if round_.plan_number else "Kế hoạch"
    if round_.plan_date:
        plan += f" {long_date(round_.plan_date)}"
    return f"{plan} của Ủy ban nhân dân {round_.plan_unit.name}"


def cites_later_plan(round_: Round, on: dt.date | None) -> str:
    """A document cannot cite a document dated after it: the problem, in Vietnamese, when a
    document dated ``on`` would cite the round's plan dated later."""
    if on is not None and round_.plan_date is not None and on < round_.plan_date:
        return (
            f"Văn bản ngày {on:%d/%m/%Y} không thể căn cứ Kế hoạch ngày "
            f"{round_.plan_date:%d/%m/%Y} (ban hành sau văn bản)."
        )
    return ""


def committee_decision(
    committee: Committee, on: dt.date | None = None, number: str | None = None
) -> OfficialDocument:
    """SV6: "QUYẾT ĐỊNH Về việc thành lập Tổ lấy ý kiến nhân dân …" (``number``: the number
    taken when it is issued; else the one typed on the committee)."""
    round_ = committee.round
    unit = committee.unit
    on = committee.founded_on or on
    members = list(committee.members.all())
    duties = (
        "Tổ lấy ý kiến có nhiệm vụ tổ chức lấy ý kiến, phát phiếu, thu phiếu, kiểm tra phiếu hợp "
        "lệ, không hợp lệ và tổng hợp kết quả báo cáo Ủy ban nhân dân xã. Thư ký có nhiệm vụ tổng "
        "hợp, báo cáo lên cấp trên."
        if committee.level == rules.CommitteeLevel.COMMUNE
        else "Tổ lấy ý kiến có nhiệm vụ kiểm tra, giám sát, hướng dẫn cấp xã thực hiện quy trình "
        "lấy ý kiến, tổng hợp, phân tích kết quả từ cấp xã chuyển lên và báo cáo kết quả Ủy ban "
        f"nhân dân {unit.name}. Thư ký có nhiệm vụ tổng hợp, báo cáo lên cấp trên."
    )
    rows = tuple(
        (
            str(i),
            m.full_name,
            capacity(m.kind, unit),
            "Tổ trưởng" if m.leader else "Thư ký" if m.secretary else "Thành viên",
        )
        for i, m in enumerate(members, start=1)
    )
    body = (
        Paragraph(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {unit.name.upper()}", bold=True, centered=True),
        Paragraph("Căn cứ Luật Tổ chức chính quyền địa phương;"),
        Paragraph(
            f"Căn cứ {plan_reference(round_)} về việc tổ chức lấy ý kiến nhân dân đối với các "
            f"chức danh công chức cấp xã năm {round_.year};"
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
    superior = round_.plan_unit.parent if unit.pk == round_.plan_unit_id else round_.plan_unit
    to = (
        f"UBND {superior.name} (qua {home_affairs_body(superior)})"
        if superior is not None and unit.level != Level.COMMUNE
        else f"UBND {round_.plan_unit.name} (qua {home_affairs_body(round_.plan_unit)})"
    )
    return _official_document(
        issuer=committee_issuer(unit),
        place=place_name(unit),
        date=on,
        kind="QUYẾT ĐỊNH",
        summary=f"Về việc thành lập Tổ lấy ý kiến nhân dân đối với các chức danh công chức cấp "
        f"xã năm {round_.year}",
        number=committee.decision_number if number is None else number,
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
        recipients=("Như Điều 1", to),
        archive=("VT",),
    )


def _group_text(row: dict[str, Any]) -> str:
    g = row.get("by_group", {})
    return f"{g.get('CB', 0)}/{g.get('KCT', 0)}/{g.get('ND', 0)}"


def result_rows(figures: dict[str, Any], unit_name: str = "") -> list[tuple[str, ...]]:
    """Per civil servant (SV7), as the report states them: forms collected, valid, invalid,
    tín nhiệm and rate (the exact fraction and its percentage), by group, and the notes (low,
    surveyed by another commune, outside SV4 with the committee's reason)."""
    rows: list[tuple[str, ...]] = []
    for i, r in enumerate(figures.get("civil_servants", []), start=1):
        notes = []
        if r["low"]:
            notes.append("Tín nhiệm thấp")
        if not r.get("surveyed_here", True):
            notes.append(f"Do {r['surveyed_by']} lấy ý kiến")
        if rules.count_problems(r["collected"]):
            notes.append(
                f"Số phiếu ngoài khoảng 100–150 ({r['collected']} phiếu); lý do: "
                f"{r.get('count_reason') or '—'}"
            )
        rows.append(
            (
                str(i),
                r["name"],
                r["position"],
                str(r["collected"]),
                str(r["valid"]),
                str(r["invalid"]),
                str(r["trust"]),
                f"{percent(r['rate_pct'])} ({r['rate']})",
                _group_text(r),
                "; ".join(notes),
            )
        )
    return rows


SHEET_HEADERS = (
    "TT",
    "Họ và tên",
    "Chức danh",
    "Phiếu thu về",
    "Hợp lệ",
    "Không hợp lệ",
    "Tín nhiệm",
    "Tỷ lệ tín nhiệm",
    "Phiếu CB",
    "Phiếu KCT",
    "Phiếu ND",
    "Ghi chú",
)
"""The results spreadsheet: counts and rates as numbers, one column per respondent group."""


def rate_number(rate_pct: str) -> Number:
    """ "49.17" (the report's rounded percentage) → 0.4917 shown as a percentage."""
    return Number(Decimal(rate_pct) / 100, "0.00%")


def result_sheet(figures: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The commune's results as a spreadsheet: :data:`SHEET_HEADERS` then one column per item
    a–d of the form template (forms that marked it), per civil servant — from the figures.
    Counts and rates are numbers (Excel formats them in the reader's locale), each group its
    own column."""
    codes = list(figures.get("items", []))
    people = figures.get("civil_servants", [])
    rows: list[list[Any]] = []
    for i, (r, printed) in enumerate(zip(people, result_rows(figures), strict=True), start=1):
        g = r.get("by_group", {})
        rows.append(
            [
                i,
                r["name"],
                r["position"],
                Number(r["collected"]),
                Number(r["valid"]),
                Number(r["invalid"]),
                Number(r["trust"]),
                rate_number(r["rate_pct"]),
                Number(g.get("CB", 0)),
                Number(g.get("KCT", 0)),
                Number(g.get("ND", 0)),
                printed[-1],
                *(Number(r.get("by_item", {}).get(c, 0)) for c in codes),
            ]
        )
    return [*SHEET_HEADERS, *(f"Mục {c}" for c in codes)], rows


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


@dataclass(frozen=True)
class ReportFacts:
    """What the report says about itself: its number and day, whether that day is back-dated
    (and why), the audit anchor, and the report it corrects."""

    number: str = ""
    on: dt.date | None = None
    backdated_reason: str = ""
    audit_ref: str = ""
    replaces: str = ""  # "Báo cáo số 02/BC-UBND ngày 20/11/2026"
    reason: str = ""


def commune_report(
    cs: CommuneSurvey, figures: dict[str, Any], facts: ReportFacts
) -> OfficialDocument:
    """SV8: the commune's report to the district, with results per civil servant as stated in
    ``figures`` (:func:`danchu.surveys.selectors.report_figures`)."""
    round_ = cs.round
    on = facts.on or cs.reported_on
    survey_on = figures.get("survey_on")
    body: list = []
    if facts.replaces:
        body.append(
            Paragraph(f"Báo cáo này thay thế {facts.replaces}. Lý do: {facts.reason}", bold=True)
        )
    body += [
        Paragraph(
            f"Thực hiện {plan_reference(round_)} về việc tổ chức lấy ý kiến nhân dân đối với các "
            f"chức danh công chức cấp xã năm {round_.year}, Ủy ban nhân dân {cs.unit.name} báo cáo "
            "kết quả như sau:"
        ),
        Heading("I. TỔ CHỨC THỰC HIỆN"),
        Paragraph(
            "Thời gian lấy ý kiến: "
            + (long_date(dt.date.fromisoformat(survey_on)) if survey_on else "chưa thông báo")
            + "."
        ),
        Paragraph(f"Quy tắc phiếu hợp lệ: {rules.VALIDITY_RULE}"),
        Paragraph(OFFICIAL_RATE_TEXT),
        Heading("II. KẾT QUẢ"),
        Table(RESULT_HEADERS, tuple(result_rows(figures)), widths=(1, 4, 4, 2, 2, 2, 2, 3, 3, 4)),
    ]
    handed = figures.get("handed_over", [])
    if handed:
        body.append(
            Paragraph(
                "Công chức đã điều động sang đơn vị khác chưa đủ 6 tháng, do xã lấy ý kiến và "
                "chuyển kết quả về đơn vị mới để báo cáo:"
            )
        )
        for r in handed:
            ref = r.get("handover") or {}
            sent = (
                f"Văn bản số {ref.get('number') or '(không số)'} ngày "
                f"{dt.date.fromisoformat(ref['issued_on']):%d/%m/%Y}"
                if ref.get("issued_on")
                else "chưa gửi"
            )
            body.append(
                Paragraph(
                    f"- {r['name']} ({r['position']}), chuyển về {r['to']}: "
                    f"{r['collected']} phiếu, {r['trust']} phiếu tín nhiệm "
                    f"({percent(r['rate_pct'])}); "
                    f"{sent}."
                )
            )
    received = [r for r in figures.get("civil_servants", []) if r.get("handover")]
    for r in received:
        ref = r["handover"]
        body.append(
            Paragraph(
                f"Kết quả của {r['name']} ({r['position']}) do Ủy ban nhân dân {r['surveyed_by']} "
                f"lấy ý kiến và chuyển đến theo văn bản số {ref.get('number') or '(không số)'} "
                f"ngày {dt.date.fromisoformat(ref['issued_on']):%d/%m/%Y}."
            )
        )
    for r in figures.get("awaiting_handover", []):
        body.append(
            Paragraph(
                f"Chưa nhận kết quả của {r['name']} ({r['position']}) do {r['surveyed_by']} lấy "
                f"ý kiến; lý do báo cáo khi chưa nhận: {r.get('reason') or '—'}."
            )
        )
    not_surveyed = figures.get("not_surveyed", [])
    if not_surveyed:
        body.append(Paragraph("Công chức chưa lấy ý kiến:"))
        body += [Paragraph(f"- {s['name']} ({s['position']}): {s['reason']}") for s in not_surveyed]
    outside = [r for r in figures.get("civil_servants", []) if rules.count_problems(r["collected"])]
    if outside:
        body.append(Paragraph("Số phiếu ngoài khoảng 100–150, lý do Tổ lấy ý kiến ghi:"))
        body += [
            Paragraph(f"- {r['name']}: {r['collected']} phiếu — {r.get('count_reason') or '—'}")
            for r in outside
        ]
    if facts.backdated_reason:
        body.append(
            Paragraph(
                f"Ngày báo cáo được ghi lùi (ghi nhận trên hệ thống sau ngày này); lý do: "
                f"{facts.backdated_reason}"
            )
        )
    body.append(Paragraph("Kết quả lấy ý kiến là cơ sở để đánh giá, xếp loại công chức hằng năm."))
    return _official_document(
        issuer=committee_issuer(cs.unit),
        place=place_name(cs.unit),
        date=on,
        kind="BÁO CÁO",
        summary=f"Kết quả lấy ý kiến nhân dân đối với các chức danh công chức cấp xã năm "
        f"{round_.year}",
        number=facts.number,
        kind_code="BC-UBND",
        body=tuple(body),
        signatures=(
            Signature(
                position="Chủ tịch",
                name=chairman_name(cs.unit, on or dt.date(round_.year, 12, 31)),
                authority=Authority.TM,
                on_behalf="Ủy ban nhân dân",
            ),
        ),
        recipients=(f"UBND {round_.plan_unit.name} (qua {home_affairs_body(round_.plan_unit)})",),
        archive=("VT",),
        audit_ref=facts.audit_ref,
    )


def handover_letter(
    subject: Any,
    row: dict[str, Any],
    *,
    number: str = "",
    on: dt.date | None = None,
    audit_ref: str = "",
    replaces: Any = None,
    reason: str = "",
) -> OfficialDocument:
    """SV2: the surveying commune's official letter (công văn) sending a transferred civil
    servant's result to the commune where the civil servant now works, which reports it with
    its own."""
    cs = subject.commune_survey
    round_ = cs.round
    to = subject.reporting_unit
    body: list = []
    if replaces is not None:
        body.append(
            Paragraph(
                f"Văn bản này thay thế văn bản số {replaces.number or '(không số)'} ngày "
                f"{replaces.issued_on:%d/%m/%Y}. Lý do: {reason}",
                bold=True,
            )
        )
    body += [
        Paragraph(
            f"Thực hiện {plan_reference(round_)} về việc tổ chức lấy ý kiến nhân dân đối với các "
            f"chức danh công chức cấp xã năm {round_.year}, Ủy ban nhân dân {cs.unit.name} đã lấy "
            "ý kiến "
            f"đối với {subject.person.full_name}, {subject.position.name}, nay công tác tại "
            f"{to.name} (điều động về đơn vị mới chưa đủ 6 tháng)."
        ),
        Paragraph(
            f"Ủy ban nhân dân {cs.unit.name} chuyển kết quả để Ủy ban nhân dân {to.name} tổng hợp "
            "vào báo cáo kết quả lấy ý kiến của đơn vị, như sau:"
        ),
        Table(
            RESULT_HEADERS,
            tuple(result_rows({"civil_servants": [row]})),
            widths=(1, 4, 4, 2, 2, 2, 2, 3, 3, 4),
        ),
    ]
    return _official_document(
        issuer=committee_issuer(cs.unit),
        place=place_name(cs.unit),
        date=on,
        kind="",
        summary=f"V/v chuyển kết quả lấy ý kiến nhân dân đối với công chức năm {round_.year}",
        number=number,
        kind_code="UBND-VP",
        body=tuple(body),
        signatures=(
            Signature(
                position="Chủ tịch",
                name=chairman_name(cs.unit, on or dt.date(round_.year, 12, 31)),
                authority=Authority.TM,
                on_behalf="Ủy ban nhân dân",
            ),
        ),
        recipients=(f"UBND {to.name}", f"UBND {round_.plan_unit.name}"),
        archive=("VT",),
        audit_ref=audit_ref,
    )


def report_files(
    cs: CommuneSurvey, figures: dict[str, Any], facts: ReportFacts
) -> dict[str | tuple[str, int], bytes]:
    """The report's PDF, DOCX and XLSX, rendered once when it is sent (then stored)."""
    doc = commune_report(cs, figures, facts)
    headers, rows = result_sheet(figures)
    return {
        "pdf": render_pdf(doc),
        "docx": render_docx(doc),
        "xlsx": xlsx_bytes(f"Kết quả {cs.unit.name}", headers, rows),
    }


def report_day_text(cs: CommuneSurvey) -> str:
    """The report's day as every list shows it, marked when it was back-dated."""
    if cs.reported_on is None:
        return "Chưa báo cáo"
    return f"{cs.reported_on:%d/%m/%Y}" + (" (ghi lùi)" if cs.report_backdated else "")


def aggregate_report(board: Dashboard, on: dt.date, audit_ref: str = "") -> OfficialDocument:
    """The district's (or province's) aggregate: one line per commune, flags listed."""
    round_: Round = board.round
    rows = tuple(
        (
            str(i),
            r.commune_survey.unit.name,
            *(
                (str(r.subjects), str(r.collected), str(r.valid), str(r.trust))
                if r.reported_figures
                else ("—", "—", "—", "—")
            ),
            percent(r.rate_pct) if r.reported_figures else "—",
            str(r.low) if r.reported_figures else "—",
            report_day_text(r.commune_survey),
        )
        for i, r in enumerate(board.rows, start=1)
    )
    body: list = [
        Paragraph(
            f"Tổng hợp kết quả lấy ý kiến nhân dân đối với các chức danh công chức cấp xã năm "
            f"{round_.year}, theo báo cáo các xã đã gửi: {board.reported_count}/{len(board.rows)} "
            "xã đã báo cáo; "
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
        body.append(Heading("Công chức tín nhiệm thấp 02 năm liên tiếp"))
        body += [
            Paragraph(f"- {f.person.full_name} ({f.subject.position.name}): {why_text(f)}")
            for f in board.flags
        ]
    plan_unit = round_.plan_unit
    superior = plan_unit.parent
    return _official_document(
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
        recipients=(
            (f"UBND {superior.name} (qua {home_affairs_body(superior)})",)
            if superior is not None and plan_unit.level != Level.PROVINCE
            else ("Bộ Nội vụ",)
        ),
        audit_ref=audit_ref,
    )


HANDLING_WORDS = {
    Handling.DISCIPLINE: "xem xét, xử lý theo quy định của Luật Cán bộ, công chức",
    Handling.TRANSFER: "điều chuyển sang chức danh khác cho phù hợp",
    Handling.NO_ACTION: "không áp dụng biện pháp xử lý, tiếp tục theo dõi qua đánh giá, xếp "
    "loại công chức hằng năm",
}

HANDLING_SENTENCES = {
    Handling.DISCIPLINE: "quyết định xem xét, xử lý công chức {name} theo quy định của Luật Cán "
    "bộ, công chức",
    Handling.TRANSFER: "quyết định điều chuyển công chức {name} sang chức danh khác cho phù hợp",
    Handling.NO_ACTION: "quyết định không áp dụng biện pháp xử lý đối với công chức {name}; "
    "tiếp tục theo dõi qua đánh giá, xếp loại công chức hằng năm",
}
"""The chairman's decision as the notice states it (a sentence with the chairman as subject)."""


def why_text(flag: Flag) -> str:
    """The two years' results as official text (without the platform's reading of the rate)."""
    why = rates_in_text(flag.why)  # flags raised before issue 19 stored "58.33%"
    return official(why.replace(rules.RATE_READING, "")).strip().rstrip(".")


def current_commune(flag: Flag, on: dt.date) -> AdminUnit:
    """Where the civil servant works now (the notice is posted there, SV7)."""
    a = (
        Assignment.objects.active_on(on)
        .filter(person=flag.person, position=flag.subject.position)
        .select_related("agency__unit")
        .first()
    )
    return a.agency.unit if a else flag.subject.reporting_unit


def flag_notice(
    flag: Flag,
    on: dt.date,
    *,
    number: str = "",
    replaces: str = "",
    reason: str = "",
) -> OfficialDocument:
    """SV7: public notice at the commune office of the chairman's decision, or of the flag's
    withdrawal (a correction naming the notice it replaces)."""
    unit = current_commune(flag, on)
    body: list = []
    if replaces:
        body.append(Paragraph(f"Thông báo này thay thế {replaces}. Lý do: {reason}", bold=True))
    if flag.withdrawn:
        body += [
            Paragraph(
                f"Cảnh báo tín nhiệm thấp 02 năm liên tiếp năm {flag.year} đối với công chức "
                f"{flag.person.full_name}, chức danh {flag.subject.position.name}, được rút lại "
                f"ngày {flag.withdrawn_on:%d/%m/%Y}. Lý do: {flag.withdrawal_reason}"
            ),
            Paragraph(
                f"Ủy ban nhân dân {unit.name} thông báo công khai tại trụ sở để nhân dân được "
                "biết./."
            ),
        ]
    else:
        name = flag.person.full_name
        sentence = (
            HANDLING_SENTENCES[Handling(flag.handling)].format(name=name)
            if flag.handling
            else f"xem xét đối với công chức {name} theo quy định"
        )
        decision = (
            f"Quyết định số {flag.decision_number}" if flag.decision_number else "quyết định"
        ) + (f" {long_date(flag.decided_on)}" if flag.decided_on else "")
        body += [
            Paragraph(
                f"Căn cứ kết quả lấy ý kiến nhân dân đối với các chức danh công chức cấp xã theo "
                f"báo cáo các xã đã gửi, công chức {name}, chức danh "
                f"{flag.subject.position.name}, có tỷ lệ tín nhiệm dưới 50% so với tổng số phiếu "
                f"được lấy ý kiến trong 02 năm liên tiếp. Kết quả từng năm: {why_text(flag)}."
            ),
            Paragraph(
                f"Theo {decision}, Chủ tịch Ủy ban nhân dân {flag.round.plan_unit.name} {sentence}."
            ),
            Paragraph(
                f"Ủy ban nhân dân {unit.name} thông báo công khai tại trụ sở để nhân dân được "
                "biết./."
            ),
        ]
    return _official_document(
        issuer=committee_issuer(unit),
        place=place_name(unit),
        date=on,
        kind="THÔNG BÁO",
        summary="Về việc rút lại cảnh báo tín nhiệm thấp đối với công chức"
        if flag.withdrawn
        else "Về việc xử lý đối với công chức không được nhân dân tín nhiệm",
        number=number,
        kind_code="TB-UBND",
        body=tuple(body),
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
