"""The classification decision (Decree 30) and the dashboard as XLSX: rendered once when the
decision is issued, then stored and served as issued."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.classification import rules
from danchu.classification.selectors import Dashboard
from danchu.dataio.exports import xlsx_bytes
from danchu.documents.render import (
    Authority,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_pdf,
)

_PREFIXES = ("Thành phố ", "Tỉnh ")


def chairman_name(unit: Any, on: dt.date) -> str:
    """The People's Committee chairman of ``unit`` on ``on`` (people register), for the
    signature block; empty when the register does not say."""
    from danchu.people.models import Assignment

    a = (
        Assignment.objects.active_on(on)
        .filter(agency__unit=unit, position__code__startswith="chu-tich-ubnd")
        .select_related("person")
        .first()
    )
    return a.person.full_name if a else ""


def _place(name: str) -> str:
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def result_rows(board: Dashboard) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for i, r in enumerate(board.results, 1):
        rows.append(
            (
                str(i),
                r.assessment.commune.name,
                rules.points_text(r.total) if r.total is not None else "",
                r.grade_label,
                "Có" if r.tsvm else "",
            )
        )
    return rows


def decision(board: Dashboard, number: str, on: dt.date, audit_ref: str) -> OfficialDocument:
    round_ = board.round
    province = round_.province
    scheme = round_.scheme
    basis = f"Căn cứ {scheme.basis};" if scheme.basis else "Căn cứ bộ tiêu thức đánh giá của tỉnh;"
    counts = board.counts
    summary = ", ".join(f"{rules.GRADE_LABELS[g]} {counts[g.value]}" for g in rules.GRADE_ORDER)
    body = (
        Paragraph(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {province.name.upper()}", bold=True, centered=True),
        Paragraph("Căn cứ Luật Tổ chức chính quyền địa phương;"),
        Paragraph(basis),
        Paragraph(
            f"Căn cứ bộ tiêu thức «{scheme.name}» (phiên bản {scheme.version}) và kết quả thẩm "
            f"định hồ sơ tự đánh giá của các xã;"
        ),
        Paragraph("QUYẾT ĐỊNH:", bold=True, centered=True),
        Paragraph(
            f"Điều 1. Công nhận kết quả đánh giá, xếp loại chính quyền cơ sở năm {round_.year} "
            f"của {len(board.results)} xã ({summary}; {counts[rules.TSVM]} xã đạt danh hiệu "
            f"«{rules.TSVM_LABEL}»), như sau:"
        ),
        Table(
            ("TT", "Xã", "Tổng điểm", "Xếp loại", "TSVM"),
            tuple(result_rows(board)),
            widths=(1, 6, 2, 2.5, 1.5),
        ),
        Paragraph(f"Điều 2. {rules.TSVM_INDEPENDENT_OF_CLASS}"),
        Paragraph(
            "Điều 3. Quyết định có hiệu lực kể từ ngày ký. Sở Nội vụ, Ủy ban nhân dân các xã có "
            "tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
        ),
    )
    return OfficialDocument(
        issuer=f"Ủy ban nhân dân\n{province.name}",
        place=_place(province.name),
        date=on,
        kind="QUYẾT ĐỊNH",
        summary=f"Về việc công nhận kết quả đánh giá, xếp loại chính quyền cơ sở năm {round_.year}",
        number=number,
        kind_code="QĐ-UBND",
        body=body,
        signatures=(
            Signature(
                position="Chủ tịch",
                name=chairman_name(province, on),
                authority=Authority.TM,
                on_behalf="Ủy ban nhân dân",
            ),
        ),
        recipients=("Sở Nội vụ", "UBND các xã"),
        archive=("VT",),
        audit_ref=audit_ref,
        metadata_title=f"Quyết định xếp loại chính quyền cơ sở năm {round_.year}",
    )


SHEET_HEADERS = ["TT", "Mã xã", "Xã", "Tổng điểm", "Xếp loại", "TSVM", "Hệ quả (GR4)"]


def sheet_rows(board: Dashboard) -> list[list[Any]]:
    return [
        [
            i,
            r.assessment.commune.code,
            r.assessment.commune.name,
            rules.points_text(r.total) if r.total is not None else "",
            r.grade_label,
            "Có" if r.tsvm else "",
            "; ".join(r.consequence_labels),
        ]
        for i, r in enumerate(board.results, 1)
    ]


def dashboard_xlsx(board: Dashboard) -> bytes:
    rows: list[list[Any]] = sheet_rows(board)
    rows.append([])
    rows.append(["", "", "Số xã", "Năm nay", f"Năm {board.round.year - 1}", "Chỉ tiêu"])
    for row in board.rows:
        rows.append(
            [
                "",
                "",
                row["label"],
                row["count"],
                "" if row["previous"] is None else row["previous"],
                "; ".join(
                    f"{t.comparison.value} {t.number}: {'Đạt' if met else 'Không đạt'}"
                    for t, met in row["targets"]
                ),
            ]
        )
    return xlsx_bytes(f"Xếp loại {board.round.year}", SHEET_HEADERS, rows)


def decision_files(
    board: Dashboard, number: str, on: dt.date, audit_ref: str
) -> dict[str | tuple[str, int], bytes]:
    doc = decision(board, number, on, audit_ref)
    return {
        "pdf": render_pdf(doc),
        "docx": render_docx(doc),
        "xlsx": xlsx_bytes(f"Xếp loại {board.round.year}", SHEET_HEADERS, sheet_rows(board)),
    }


def decision_figures(board: Dashboard) -> dict[str, Any]:
    return {
        "counts": dict(board.counts),
        "communes": [
            {
                "ma_xa": r.assessment.commune.code,
                "ten_xa": r.assessment.commune.name,
                "tong_diem": rules.points_str(r.total) if r.total is not None else None,
                "xep_loai": r.grade.value if r.grade else None,
                "tsvm": r.tsvm,
            }
            for r in board.results
        ],
        "targets": [
            {
                "chi_tieu": t.subject,
                "so_sanh": t.comparison.value,
                "so_luong": t.number,
                "thuc_te": actual,
                "dat": met,
            }
            for t, actual, met in board.targets
        ],
    }


def apology_draft(case: Any) -> bytes:
    """GR9: the written apology, drafted from a template for the civil servant to complete and
    sign (not an issued document: the signed letter is uploaded to the case)."""
    from danchu.classification.models import FaultKind

    fault = {
        FaultKind.ARROGANCE: "có thái độ hách dịch, cửa quyền",
        FaultKind.HARASSMENT: "có hành vi gây phiền hà, sách nhiễu",
        FaultKind.WRONG: "giải quyết công việc sai",
        FaultKind.LATE: "cố tình giải quyết công việc chậm trễ",
    }.get(case.fault, "có sai sót")
    body = (
        Paragraph(f"Kính gửi: Ông/Bà {case.citizen}", bold=True, indent=False),
        Paragraph(
            f"Tôi là {case.person.full_name}, công tác tại {case.commune.name}. Ngày "
            f"{case.occurred_on:%d/%m/%Y}, trong khi giải quyết công việc của Ông/Bà, tôi đã "
            f"{fault}: {case.facts}"
        ),
        Paragraph(
            "Tôi nhận thức rõ khuyết điểm của mình, thành thật xin lỗi Ông/Bà và xin hứa khắc "
            "phục, không tái phạm."
        ),
    )
    doc = OfficialDocument(
        issuer=f"Ủy ban nhân dân\n{case.commune.name}",
        place=_place(case.commune.name.removeprefix("Xã ")),
        date=None,
        kind="THƯ XIN LỖI",
        summary="(Bản thảo theo mẫu — hoàn thiện, ký và tải lên hồ sơ)",
        body=body,
        signatures=(Signature(position="Người viết thư", name=case.person.full_name),),
        recipients=(case.citizen,),
    )
    return render_docx(doc)


def report(
    facts: dict[str, Any], period: str, number: str, on: dt.date, audit_ref: str
) -> OfficialDocument:
    """GR6: the commune's 6-month or yearly report to the Department of Home Affairs, from its
    file and its GR5 indicators as they stand on the day it is issued."""
    label = rules.REPORT_PERIODS[period]
    body: list[Paragraph | Table] = [
        Paragraph(
            f"Thực hiện kế hoạch xây dựng chính quyền cơ sở trong sạch, vững mạnh năm "
            f"{facts['year']}, Ủy ban nhân dân {facts['commune']} báo cáo kết quả {label} như sau:"
        ),
        Paragraph("I. KẾT QUẢ TỰ ĐÁNH GIÁ, XẾP LOẠI", bold=True, indent=False),
        Paragraph(
            f"Trạng thái hồ sơ: {facts['status']}. Tổng điểm: {facts['total'] or 'chưa đủ'}; "
            f"xếp loại: {facts['grade'] or 'chưa có'}"
            + ("; đạt «Trong sạch, vững mạnh»." if facts["tsvm"] else ".")
        ),
        Table(
            ("Tiêu thức", "Điểm", "Chức danh phụ trách"),
            tuple((c["code"], c["points"] or "", c["position"]) for c in facts["criteria"]),
            widths=(2, 1.5, 5),
        ),
        Paragraph("II. CÁC CHỈ TIÊU (GR5)", bold=True, indent=False),
        Table(
            ("Chỉ tiêu", "Mục tiêu", "Kết quả"),
            tuple((i["label"], i["target"], i["figure"]) for i in facts["indicators"]),
            widths=(6, 1.5, 1.5),
        ),
        Paragraph(
            f"III. XIN LỖI NHÂN DÂN (GR9): {facts['apologies']} vụ việc trong năm.",
            bold=True,
            indent=False,
        ),
    ]
    return OfficialDocument(
        issuer=f"Ủy ban nhân dân\n{facts['commune']}",
        place=_place(str(facts["commune"]).removeprefix("Xã ")),
        date=on,
        kind="BÁO CÁO",
        summary=f"Kết quả xây dựng chính quyền cơ sở trong sạch, vững mạnh {label} {facts['year']}",
        number=number,
        kind_code="BC-UBND",
        body=tuple(body),
        signatures=(
            Signature(
                position="Chủ tịch", name="", authority=Authority.TM, on_behalf="Ủy ban nhân dân"
            ),
        ),
        recipients=("Sở Nội vụ",),
        audit_ref=audit_ref,
    )
