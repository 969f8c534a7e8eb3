"""Official documents of the register: the quarterly list of what was disclosed, with form and
time (Art. 13.2), and the report on disclosures to the People's Council (Art. 14). PDF through
``danchu.documents.render`` and XLSX through ``danchu.dataio.exports``; printed in Vietnamese
whatever the interface language (DOC1 fixes the wording)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from typing import Any

from danchu.dataio.exports import xlsx_bytes
from danchu.disclosures import rules, selectors
from danchu.disclosures.models import Channel, CouncilSession, Disclosure
from danchu.documents.issuing import Issue, Rendered
from danchu.documents.render import (
    Authority,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    audit_line,
    render_pdf,
)
from danchu.units.models import AdminUnit

UNIT_PREFIXES = ("Xã ", "Phường ", "Thị trấn ", "Đặc khu ")

LIST_HEADERS = (
    "STT",
    "Nội dung công khai",
    "Nhóm (Điều 11)",
    "Quyết định, văn bản",
    "Hình thức công khai",
    "Thời gian công khai",
)

STATE_WORDS = {
    rules.State.MET: "Đã thực hiện đúng",
    rules.State.IN_PROGRESS: "Đang thực hiện",
    rules.State.LATE: "Thực hiện chậm",
    rules.State.MISSED: "Chưa thực hiện đủ",
    rules.State.NOT_APPLICABLE: "Không áp dụng",
}


def place_of(unit: AdminUnit) -> str:
    for prefix in UNIT_PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def _d(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


CHANNEL_WORDS = {
    Channel.OFFICE_BOARD: "Niêm yết tại trụ sở",
    Channel.VILLAGE_POINT: "Niêm yết tại thôn",
    Channel.PUBLIC_PAGE: "Trang công khai của xã",
    Channel.LOUDSPEAKER: "Hệ thống truyền thanh",
    Channel.VILLAGE_HEADS: "Gửi trưởng thôn",
    Channel.SOCIAL_GROUP: "Mạng xã hội",
    Channel.OTHER: "Hình thức khác",
}


def forms_and_times(d: Disclosure) -> tuple[str, str]:
    """The forms used (villages counted) and the time of each, for the list (Art. 13.2)."""
    forms: list[str] = []
    times: list[str] = []
    by_channel: dict[str, list[Any]] = {}
    for f in d.facts.all():
        by_channel.setdefault(f.channel, []).append(f)
    for channel, facts in by_channel.items():
        word = CHANNEL_WORDS.get(Channel(channel), channel)
        villages = {f.village_id for f in facts if f.village_id}
        forms.append(f"{word} ({len(villages)} thôn)" if villages else word)
        start = min(f.start for f in facts)
        ends = [f.end for f in facts]
        end = None if any(e is None for e in ends) else max(e for e in ends if e)
        times.append(f"{word}: {_d(start)}–{_d(end) or 'nay'}")
    return "; ".join(forms), "; ".join(times)


def list_rows(items: list[Disclosure]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for i, d in enumerate(items, start=1):
        forms, times = forms_and_times(d)
        decision = " ".join(x for x in (d.decision_ref, f"ngày {_d(d.decided_on)}") if x)
        rows.append((str(i), d.title, str(d.category), decision, forms, times))
    return rows


def _signature() -> Signature:
    return Signature(
        position="Chủ tịch", name="", authority=Authority.TM, on_behalf="Ủy ban nhân dân"
    )


def _as_issued(doc: OfficialDocument, issue: Issue) -> OfficialDocument:
    return dataclasses.replace(
        doc,
        number=issue.number,
        date=issue.on,
        audit_ref=audit_line(issue.audit_seq, issue.audit_hash),
    )


def quarterly_document(
    commune: AdminUnit, year: int, quarter: int, agency: Any, rows: list[tuple[str, ...]]
) -> OfficialDocument:
    first, last = rules.quarter_bounds(year, quarter)
    superior = agency.superior.name if agency is not None and agency.superior else ""
    return OfficialDocument(
        issuer=agency.name if agency is not None else f"Ủy ban nhân dân {commune.name}",
        superior=superior,
        place=place_of(commune),
        date=None,
        kind="Danh sách",
        summary=f"Thông tin đã công khai quý {quarter} năm {year}",
        body=(
            Paragraph(
                f"Thực hiện Điều 13 Luật Thực hiện dân chủ ở cơ sở, Ủy ban nhân dân {commune.name} "
                f"lập danh sách thông tin đã công khai từ ngày {_d(first)} đến ngày {_d(last)}, "
                "với hình thức và thời gian công khai như sau:"
            ),
            Table(
                headers=LIST_HEADERS,
                rows=tuple(rows)
                or (("", "Không có thông tin công khai trong quý", "", "", "", ""),),
                widths=(0.6, 3.0, 0.9, 1.8, 2.2, 2.4),
            ),
            Paragraph(
                "Danh sách này được niêm yết tại trụ sở Ủy ban nhân dân xã, tại các thôn và đăng "
                "trên trang công khai của xã."
            ),
        ),
        signatures=(_signature(),),
        recipients=(
            "Thường trực HĐND xã",
            "Ủy ban MTTQ Việt Nam xã",
            "Các thôn",
            "Niêm yết công khai",
        ),
        metadata_title=f"Danh sách thông tin đã công khai quý {quarter}/{year} — {commune.name}",
    )


def quarterly_files(
    commune: AdminUnit, year: int, quarter: int, issue: Issue, agency: Any
) -> Rendered:
    """LD1 (Art. 13.2): the list as issued — PDF and XLSX, and the figures it states."""
    items = selectors.quarter_items(commune, year, quarter)
    rows = list_rows(items)
    doc = _as_issued(quarterly_document(commune, year, quarter, agency, rows), issue)
    return Rendered(
        files={
            "pdf": render_pdf(doc),
            "xlsx": xlsx_bytes(f"Công khai quý {quarter}-{year}", LIST_HEADERS, rows),
        },
        figures={
            "number": issue.number,
            "on": issue.on.isoformat(),
            "items": len(items),
            "by_category": {
                str(k): v for k, v in sorted(Counter(d.category for d in items).items())
            },
            "ids": [d.pk for d in items],
        },
    )


REPORT_HEADERS = (
    "STT",
    "Nội dung công khai",
    "Nhóm (Điều 11)",
    "Ngày công khai",
    "Hình thức công khai",
    "Đánh giá",
)


def council_report_files(session: CouncilSession, issue: Issue, agency: Any) -> Rendered:
    """LD1 (Art. 14): the report to the People's Council — items first disclosed since the
    previous regular session up to this one, with their forms and whether each obligation was
    met on the report's day."""
    commune = session.commune
    previous = selectors.previous_regular_session(commune, session.on)
    first = previous.on + dt.timedelta(days=1) if previous else dt.date(session.on.year, 1, 1)
    items = selectors.items_between(commune, first, min(session.on, issue.on))
    judged = selectors.judge_all(items, issue.on)
    states = Counter(j.state for j in judged)
    rows = []
    for i, j in enumerate(judged, start=1):
        forms, _ = forms_and_times(j.disclosure)
        rows.append(
            (
                str(i),
                j.disclosure.title,
                str(j.disclosure.category),
                _d(j.disclosure.disclosed_on),
                forms,
                STATE_WORDS[j.state],
            )
        )
    superior = agency.superior.name if agency is not None and agency.superior else ""
    doc = OfficialDocument(
        issuer=agency.name if agency is not None else f"Ủy ban nhân dân {commune.name}",
        superior=superior,
        place=place_of(commune),
        date=issue.on,
        kind="Báo cáo",
        number=issue.number,
        summary=f"Kết quả thực hiện công khai thông tin\n(trình {session.name})",
        body=(
            Paragraph(
                f"Thực hiện Điều 14 Luật Thực hiện dân chủ ở cơ sở, Ủy ban nhân dân {commune.name} "
                f"báo cáo Hội đồng nhân dân xã tại {session.name} ngày {_d(session.on)} kết quả "
                f"công khai thông tin từ ngày {_d(first)} như sau:"
            ),
            Heading("I. KẾT QUẢ CHUNG"),
            Paragraph(
                f"Tổng số nội dung đã công khai: {len(judged)}; trong đó đã thực hiện đúng "
                f"{states[rules.State.MET]}, đang thực hiện {states[rules.State.IN_PROGRESS]}, "
                f"thực hiện chậm {states[rules.State.LATE]}, chưa thực hiện đủ "
                f"{states[rules.State.MISSED]}."
            ),
            Heading("II. DANH MỤC"),
            Table(
                headers=REPORT_HEADERS,
                rows=tuple(rows) or (("", "Không có nội dung công khai", "", "", "", ""),),
                widths=(0.6, 3.0, 0.9, 1.3, 2.4, 1.6),
            ),
        ),
        signatures=(_signature(),),
        recipients=("Hội đồng nhân dân xã", "Ủy ban MTTQ Việt Nam xã"),
        audit_ref=audit_line(issue.audit_seq, issue.audit_hash),
        metadata_title=f"Báo cáo kết quả công khai — {session.name}",
    )
    return Rendered(
        files={
            "pdf": render_pdf(doc),
            "xlsx": xlsx_bytes("Kết quả công khai", REPORT_HEADERS, rows),
        },
        figures={
            "number": issue.number,
            "on": issue.on.isoformat(),
            "session": session.on.isoformat(),
            "from": first.isoformat(),
            "items": len(judged),
            "states": {k.value: v for k, v in sorted(states.items())},
        },
    )
