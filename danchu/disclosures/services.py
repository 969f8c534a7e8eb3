"""Every write to the disclosure register: one transaction, one audit entry each (LD1).

Input is validated whole before anything is written; each problem is reported in Vietnamese,
naming its field, and nothing is stored when one is found. Event days (posted from, taken down
on) are the platform's day unless back-dated with a reason and evidence (``danchu.core.facts``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from danchu.audit.services import log
from danchu.core import clock, facts
from danchu.core.text import TextRefused, clean_text, fold
from danchu.disclosures import rules
from danchu.disclosures.models import (
    ChannelFact,
    CouncilSession,
    Disclosure,
    DisclosureFile,
    QuarterlyList,
    Source,
)
from danchu.units.models import AdminUnit, Level

LIMITS = {
    "title": 300,
    "decision_ref": 200,
    "text": 20_000,
    "note": 2_000,
    "reason": 2_000,
    "place": 200,
    "name": 120,
}
"""Design choice: the information itself fits 20,000 characters (a long list is attached as a
file); titles and references the width of their column."""

FIELD_LABELS = {
    "title": "Tiêu đề",
    "decision_ref": "Quyết định, văn bản",
    "text": "Nội dung công khai",
    "note": "Ghi chú nội bộ",
    "reason": "Lý do",
    "place": "Nơi niêm yết",
    "name": "Tên kỳ họp",
    "basis": "Căn cứ luật chuyên ngành",
    "evidence_note": "Ghi chú minh chứng",
}


class DisclosureError(Exception):
    """Refused input: ``problems`` are Vietnamese sentences, each naming its field."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def _text(
    value: str, field: str, problems: list[str], *, multiline: bool = False, limit: str = ""
) -> str:
    try:
        return clean_text(
            value or "", max_length=LIMITS.get(limit or field, 2_000), multiline=multiline
        )
    except TextRefused as exc:
        problems.append(f"{FIELD_LABELS.get(field, field)}: {exc}")
        return ""


def _audit(actor: Any, action: str, target: Any, unit: Any, changes: dict[str, Any]) -> None:
    log(actor=actor, action=f"disclosures.{action}", target=target, unit=unit, changes=changes)


def _check_file(file: Any, field: str) -> list[str]:
    from danchu.disclosures.uploads import file_problems

    return file_problems(file, field) if file is not None else []


def _is_commune(unit: AdminUnit | None) -> bool:
    return unit is not None and unit.level == Level.COMMUNE


def _search_text(d: Disclosure) -> str:
    return fold(" ".join([d.title, d.decision_ref, d.text, rules.category(d.category).name_vi]))


EARLIEST_DECISION = dt.date(2000, 1, 1)
"""Design choice: a register entry follows a decision made since 2000 (the law took effect in
2023; older decisions still posted permanently, such as procedures, fit); earlier dates are
typing mistakes, and dates the legal calendar cannot count are never stored."""


def _decided_on_problems(decided_on: dt.date | None, today: dt.date) -> list[str]:
    if decided_on is None:
        return ["Ngày quyết định: không được để trống."]
    if decided_on > today:
        return [f"Ngày quyết định {decided_on:%d/%m/%Y} chưa đến."]
    if decided_on < EARLIEST_DECISION:
        return [
            f"Ngày quyết định {decided_on:%d/%m/%Y}: trước {EARLIEST_DECISION:%d/%m/%Y}, "
            "hãy kiểm tra lại."
        ]
    return []


def _check_override(
    basis: str,
    within_days: int | None,
    within_working: bool,
    posting_days: int | None,
    problems: list[str],
) -> None:
    if basis or within_days is not None or posting_days is not None:
        problems.extend(
            rules.override_problems(
                rules.Override(
                    basis=basis,
                    within_days=within_days,
                    within_working=within_working,
                    posting_days=posting_days,
                )
            )
        )


@transaction.atomic
def create_disclosure(
    *,
    actor: Any,
    commune: AdminUnit,
    category: int,
    title: str,
    decided_on: dt.date | None,
    text: str = "",
    decision_ref: str = "",
    note: str = "",
    override_basis: str = "",
    override_within_days: int | None = None,
    override_within_working: bool = True,
    override_posting_days: int | None = None,
    files: Sequence[Any] = (),
    today: dt.date | None = None,
) -> Disclosure:
    """LD1: enter an item to disclose. The decision's date is not in the future; a sector law
    that sets other limits names its basis."""
    today = today or clock.today()
    problems: list[str] = []
    if not _is_commune(commune):
        problems.append("Xã: sổ công khai được lập cho đơn vị cấp xã.")
    if category not in rules.CATEGORIES:
        problems.append("Nhóm công khai: chọn một trong 14 nhóm của Điều 11.")
    title = _text(title, "title", problems)
    if not title:
        problems.append("Tiêu đề: không được để trống.")
    text = _text(text, "text", problems, multiline=True)
    decision_ref = _text(decision_ref, "decision_ref", problems)
    note = _text(note, "note", problems, multiline=True)
    override_basis = _text(override_basis, "basis", problems, multiline=True, limit="reason")
    problems += _decided_on_problems(decided_on, today)
    _check_override(
        override_basis,
        override_within_days,
        override_within_working,
        override_posting_days,
        problems,
    )
    for i, file in enumerate(files, start=1):
        problems += _check_file(file, f"Tệp {i}")
    if problems:
        raise DisclosureError(problems)
    assert decided_on is not None
    d = Disclosure(
        commune=commune,
        category=category,
        title=title,
        text=text,
        decision_ref=decision_ref,
        decided_on=decided_on,
        note=note,
        override_basis=override_basis,
        override_within_days=override_within_days,
        override_within_working=override_within_working,
        override_posting_days=override_posting_days,
        created_at=clock.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    d.search_text = _search_text(d)
    d.save()
    names = [_store_file(d, file).name for file in files]
    _audit(
        actor,
        "created",
        d,
        commune,
        {
            "category": category,
            "title": title,
            "decided_on": decided_on,
            "files": names,
            **({"override": override_basis} if override_basis else {}),
        },
    )
    return d


def _store_file(d: Disclosure, file: Any) -> DisclosureFile:
    name = str(getattr(file, "name", "tep")).rsplit("/", 1)[-1][:200]
    return DisclosureFile.objects.create(
        disclosure=d, file=file, name=name, size=file.size or 0, uploaded_at=clock.now()
    )


@transaction.atomic
def update_disclosure(
    *,
    actor: Any,
    disclosure: Disclosure,
    category: int,
    title: str,
    decided_on: dt.date | None,
    text: str = "",
    decision_ref: str = "",
    note: str = "",
    override_basis: str = "",
    override_within_days: int | None = None,
    override_within_working: bool = True,
    override_posting_days: int | None = None,
    today: dt.date | None = None,
) -> Disclosure:
    """Correct an entry. Entries that came from another process keep their source's category
    and date (they are corrected there)."""
    today = today or clock.today()
    problems: list[str] = []
    if category not in rules.CATEGORIES:
        problems.append("Nhóm công khai: chọn một trong 14 nhóm của Điều 11.")
    title = _text(title, "title", problems)
    if not title:
        problems.append("Tiêu đề: không được để trống.")
    text = _text(text, "text", problems, multiline=True)
    decision_ref = _text(decision_ref, "decision_ref", problems)
    note = _text(note, "note", problems, multiline=True)
    override_basis = _text(override_basis, "basis", problems, multiline=True, limit="reason")
    problems += _decided_on_problems(decided_on, today)
    if disclosure.source != Source.MANUAL and (
        category != disclosure.category or decided_on != disclosure.decided_on
    ):
        problems.append(
            "Mục này được ghi tự động từ quy trình khác: nhóm và ngày quyết định "
            "sửa ở quy trình đó."
        )
    _check_override(
        override_basis,
        override_within_days,
        override_within_working,
        override_posting_days,
        problems,
    )
    if problems:
        raise DisclosureError(problems)
    fields = {
        "category": category,
        "title": title,
        "text": text,
        "decision_ref": decision_ref,
        "decided_on": decided_on,
        "note": note,
        "override_basis": override_basis,
        "override_within_days": override_within_days,
        "override_within_working": override_within_working,
        "override_posting_days": override_posting_days,
    }
    changes = {
        k: [getattr(disclosure, k), v] for k, v in fields.items() if getattr(disclosure, k) != v
    }
    for k, v in fields.items():
        setattr(disclosure, k, v)
    disclosure.search_text = _search_text(disclosure)
    disclosure.save()
    _audit(actor, "updated", disclosure, disclosure.commune, changes)
    return disclosure


@transaction.atomic
def add_file(*, actor: Any, disclosure: Disclosure, file: Any) -> DisclosureFile:
    problems = _check_file(file, "Tệp") if file is not None else ["Tệp: chưa chọn tệp."]
    if problems:
        raise DisclosureError(problems)
    stored = _store_file(disclosure, file)
    _audit(actor, "file.added", disclosure, disclosure.commune, {"file": stored.name})
    return stored


def villages_of(commune: AdminUnit, on: dt.date) -> list[AdminUnit]:
    """The villages of ``commune`` in force on ``on`` (per-village channels reach each)."""
    return list(
        AdminUnit.objects.filter(parent=commune, level=Level.VILLAGE).in_force(on).order_by("code")
    )


def _refresh_disclosed_on(d: Disclosure) -> None:
    starts = [
        f.start
        for f in d.facts.all()
        if rules.Channel(f.channel) in rules.POSTING_CHANNELS and f.start <= clock.today()
    ]
    first = min(starts) if starts else None
    if first != d.disclosed_on:
        d.disclosed_on = first
        d.save(update_fields=["disclosed_on"])


@transaction.atomic
def record_fact(
    *,
    actor: Any,
    disclosure: Disclosure,
    channel: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    village: AdminUnit | None = None,
    place: str = "",
    evidence: Any = None,
    evidence_note: str = "",
    backdate_reason: str = "",
    today: dt.date | None = None,
) -> ChannelFact:
    """LD1: record that the item went out on ``channel`` from ``start`` (today unless
    back-dated with a reason and a file) to ``end`` (a day already passed, or empty while it
    is still there), with its evidence — a photo or minutes file, or a note."""
    today = today or clock.today()
    start = start or today
    problems: list[str] = []
    try:
        ch = rules.Channel(channel)
    except ValueError:
        problems.append("Hình thức công khai: không hợp lệ.")
        ch = None
    place = _text(place, "place", problems)
    evidence_note = _text(evidence_note, "evidence_note", problems, multiline=True, limit="reason")
    backdate_reason = _text(backdate_reason, "reason", problems, multiline=True)
    if disclosure.taken_down_on is not None:
        problems.append("Mục này đã gỡ xuống: không ghi thêm hình thức công khai.")
    if ch in rules.PER_VILLAGE:
        if village is None:
            problems.append("Thôn: hình thức này ghi theo từng thôn, hãy chọn thôn.")
        elif village.parent_id != disclosure.commune_id or village.level != Level.VILLAGE:
            problems.append("Thôn: không thuộc xã của mục công khai.")
    elif village is not None:
        problems.append("Thôn: chỉ ghi thôn cho niêm yết ở thôn và gửi trưởng thôn.")
    if start < disclosure.decided_on:
        problems.append(
            f"Từ ngày {start:%d/%m/%Y}: trước ngày quyết định ({disclosure.decided_on:%d/%m/%Y})."
        )
    problems += facts.event_day_problems(
        on=start,
        today=today,
        reason=backdate_reason,
        has_evidence=evidence is not None,
        label="Từ ngày",
    )
    if end is not None:
        if end < start:
            problems.append(f"Đến ngày {end:%d/%m/%Y}: trước ngày bắt đầu {start:%d/%m/%Y}.")
        if end > today:
            problems.append(
                f"Đến ngày {end:%d/%m/%Y} chưa đến: ghi ngày gỡ xuống khi đã gỡ (không ghi trước)."
            )
    if evidence is None and not evidence_note:
        problems.append("Minh chứng: đính kèm ảnh, biên bản hoặc ghi chú cách kiểm chứng.")
    problems += _check_file(evidence, "Minh chứng")
    if problems:
        raise DisclosureError(problems)
    assert ch is not None
    fact = ChannelFact(
        disclosure=disclosure,
        channel=ch.value,
        village=village,
        place=place,
        start=start,
        end=end,
        recorded_on=today,
        backdate_reason=backdate_reason if start < today else "",
        evidence_note=evidence_note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if evidence is not None:
        fact.evidence = evidence
    if end is not None:
        fact.end_recorded_on = today
    fact.save()
    _refresh_disclosed_on(disclosure)
    _audit(
        actor,
        "fact.recorded",
        disclosure,
        disclosure.commune,
        {
            "channel": ch.value,
            "village": village.pk if village else None,
            "start": start,
            "end": end,
            "evidence": bool(evidence),
            **({"backdated": backdate_reason} if start < today else {}),
        },
    )
    return fact


@transaction.atomic
def end_fact(
    *,
    actor: Any,
    fact: ChannelFact,
    on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
    today: dt.date | None = None,
) -> ChannelFact:
    """Record the day the item was taken off the channel (its last day on it)."""
    today = today or clock.today()
    on = on or today
    problems: list[str] = []
    reason = _text(reason, "reason", problems, multiline=True)
    if fact.end is not None:
        problems.append("Hình thức này đã ghi ngày kết thúc.")
    if on < fact.start:
        problems.append(f"Đến ngày {on:%d/%m/%Y}: trước ngày bắt đầu {fact.start:%d/%m/%Y}.")
    problems += facts.event_day_problems(
        on=on, today=today, reason=reason, has_evidence=evidence is not None, label="Đến ngày"
    )
    problems += _check_file(evidence, "Minh chứng")
    if problems:
        raise DisclosureError(problems)
    fact.end = on
    fact.end_recorded_on = today
    fact.end_reason = reason if on < today else ""
    if evidence is not None and not fact.evidence:
        fact.evidence = evidence
    fact.save()
    _audit(
        actor,
        "fact.ended",
        fact.disclosure,
        fact.disclosure.commune,
        {
            "fact": fact.pk,
            "channel": fact.channel,
            "end": on,
            **({"backdated": reason} if on < today else {}),
        },
    )
    return fact


@transaction.atomic
def take_down(
    *,
    actor: Any,
    disclosure: Disclosure,
    reason: str,
    on: dt.date | None = None,
    evidence: Any = None,
    today: dt.date | None = None,
) -> Disclosure:
    """Take the item down everywhere (its period is over, or it was replaced): every channel
    still running ends that day. Items of 4 and 13 are permanent: taking one down needs the
    reason (replaced by a newer version)."""
    today = today or clock.today()
    on = on or today
    problems: list[str] = []
    reason = _text(reason, "reason", problems, multiline=True)
    if not reason:
        problems.append("Lý do: nêu lý do gỡ xuống.")
    if disclosure.taken_down_on is not None:
        problems.append("Mục này đã gỡ xuống.")
    problems += facts.event_day_problems(
        on=on, today=today, reason=reason, has_evidence=evidence is not None, label="Ngày gỡ"
    )
    running = [f for f in disclosure.facts.all() if f.end is None]
    for f in running:
        if on < f.start:
            problems.append(f"Ngày gỡ {on:%d/%m/%Y}: trước ngày bắt đầu {f.start:%d/%m/%Y}.")
    problems += _check_file(evidence, "Minh chứng")
    if problems:
        raise DisclosureError(problems)
    for f in running:
        f.end = on
        f.end_recorded_on = today
        f.end_reason = reason
        f.save(update_fields=["end", "end_recorded_on", "end_reason"])
    disclosure.taken_down_on = on
    disclosure.taken_down_reason = reason
    disclosure.save(update_fields=["taken_down_on", "taken_down_reason"])
    _audit(
        actor,
        "taken_down",
        disclosure,
        disclosure.commune,
        {"on": on, "reason": reason, "channels_ended": len(running)},
    )
    return disclosure


# ---------------------------------------------------------------------------------------------
# Disclosures made elsewhere (consultations, confidence votes) enter the register by themselves
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def ensure_from_source(
    *,
    source: Source,
    source_ref: str,
    commune: AdminUnit,
    category: int,
    title: str,
    decided_on: dt.date,
    decision_ref: str = "",
    text: str = "",
    link: str = "",
    document: Any = None,
    public_from: dt.date | None = None,
) -> Disclosure:
    """Record (once) an item another process disclosed. Called by the receivers in
    :mod:`danchu.disclosures.signals`; a second call for the same ``source_ref`` updates the
    document (a correction issued there) and adds nothing else. ``public_from``: the platform
    itself published it that day on its public page, recorded as an automatic channel fact."""
    existing = Disclosure.objects.select_for_update().filter(source_ref=source_ref).first()
    if existing is not None:
        if document is not None and existing.document_id != document.pk:
            before = existing.document_id
            existing.document = document
            existing.save(update_fields=["document"])
            _audit(
                None,
                "source.updated",
                existing,
                commune,
                {"source": source_ref, "document": [before, document.pk]},
            )
        return existing
    d = Disclosure(
        commune=commune,
        category=category,
        title=clean_text(title, max_length=LIMITS["title"]) if title else source_ref,
        text=text,
        decision_ref=decision_ref[: LIMITS["decision_ref"]],
        decided_on=decided_on,
        source=source,
        source_ref=source_ref,
        link=link,
        document=document,
        created_at=clock.now(),
    )
    d.search_text = _search_text(d)
    d.save()
    if public_from is not None:
        ChannelFact.objects.create(
            disclosure=d,
            channel=rules.Channel.PUBLIC_PAGE.value,
            start=public_from,
            recorded_on=clock.today(),
            evidence_note="Nền tảng tự ghi: đăng trên trang công khai của xã.",
            automatic=True,
        )
        _refresh_disclosed_on(d)
    _audit(
        None,
        "source.recorded",
        d,
        commune,
        {
            "source": source_ref,
            "category": category,
            "decided_on": decided_on,
            "document": document.pk if document is not None else None,
            "public_from": public_from,
        },
    )
    return d


# ---------------------------------------------------------------------------------------------
# People's Council sessions (data per commune) and the report at the next regular session
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def add_session(
    *, actor: Any, commune: AdminUnit, on: dt.date | None, name: str, regular: bool = True
) -> CouncilSession:
    problems: list[str] = []
    if not _is_commune(commune):
        problems.append("Xã: kỳ họp Hội đồng nhân dân được ghi cho đơn vị cấp xã.")
    name = _text(name, "name", problems)
    if not name:
        problems.append("Tên kỳ họp: không được để trống (ví dụ: Kỳ họp thứ 12).")
    if on is None:
        problems.append("Ngày họp: không được để trống.")
    elif CouncilSession.objects.filter(commune=commune, on=on).exists():
        problems.append(f"Ngày họp {on:%d/%m/%Y}: xã đã có kỳ họp ngày này.")
    if problems:
        raise DisclosureError(problems)
    assert on is not None
    session = CouncilSession.objects.create(commune=commune, on=on, name=name, regular=regular)
    _audit(actor, "session.added", session, commune, {"on": on, "name": name, "regular": regular})
    return session


@transaction.atomic
def remove_session(*, actor: Any, session: CouncilSession) -> None:
    from danchu.documents import issuing

    if issuing.current(session, COUNCIL_REPORT_KIND) is not None:
        raise DisclosureError(["Kỳ họp đã có báo cáo ban hành: không xóa được."])
    _audit(
        actor,
        "session.removed",
        session,
        session.commune,
        {"on": session.on, "name": session.name},
    )
    session.delete()


QUARTERLY_LIST_KIND = "disclosures.quarterly_list"
COUNCIL_REPORT_KIND = "disclosures.council_report"
LIST_SYMBOL = "DS"
"""Design choice: the quarterly list (danh sách) takes "DS" and a number of the People's
Committee's yearly series; the report to the People's Council takes "BC" (DOC1)."""
REPORT_SYMBOL = "BC"


def _ubnd(commune: AdminUnit) -> Any:
    from danchu.units.models import AgencyKind

    return commune.agencies.filter(kind=AgencyKind.UBND).first()


@transaction.atomic
def issue_quarterly_list(
    *, actor: Any, commune: AdminUnit, year: int, quarter: int, today: dt.date | None = None
) -> QuarterlyList:
    """LD1 (Art. 13.2): issue the list of what was disclosed in the quarter, with form and
    time (PDF and XLSX stored as issued), and post it: it enters the register as a disclosure
    and goes on the public page the same day."""
    from danchu.disclosures import papers
    from danchu.documents import issuing

    today = today or clock.today()
    problems: list[str] = []
    if not _is_commune(commune):
        problems.append("Xã: danh sách công khai được lập cho đơn vị cấp xã.")
    if quarter not in (1, 2, 3, 4):
        problems.append("Quý: từ 1 đến 4.")
    elif not 2000 <= year <= today.year:
        problems.append(f"Năm {year}: ngoài khoảng 2000–{today.year}.")
    elif not rules.quarter_closed(year, quarter, today):
        problems.append(f"Quý {quarter}/{year} chưa kết thúc: lập danh sách sau ngày cuối quý.")
    agency = _ubnd(commune) if not problems else None
    if not problems and agency is None:
        problems.append("Xã chưa có Ủy ban nhân dân trong danh mục cơ quan.")
    existing = QuarterlyList.objects.filter(commune=commune, year=year, quarter=quarter).first()
    if existing is not None and existing.disclosure_id is not None:
        problems.append(f"Danh sách quý {quarter}/{year} đã được ban hành.")
    if problems:
        raise DisclosureError(problems)
    ql = existing or QuarterlyList.objects.create(commune=commune, year=year, quarter=quarter)
    try:
        doc = issuing.issue(
            kind=QUARTERLY_LIST_KIND,
            target=ql,
            title=f"Danh sách thông tin đã công khai quý {quarter}/{year} — {commune.name}",
            render=lambda issue: papers.quarterly_files(commune, year, quarter, issue, agency),
            actor=actor,
            agency=agency,
            unit=commune,
            symbol=LIST_SYMBOL,
            on=today,
        )
    except (ValueError, issuing.AlreadyIssued) as exc:
        raise DisclosureError([str(exc)]) from exc
    d = Disclosure(
        commune=commune,
        category=rules.QUARTERLY_LIST_CATEGORY,
        title=f"Danh sách thông tin đã công khai quý {quarter}/{year}",
        decision_ref=doc.number,
        decided_on=today,
        source=Source.QUARTERLY_LIST,
        source_ref=f"disclosures.quarterlylist#{ql.pk}",
        document=doc,
        created_at=clock.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    d.search_text = _search_text(d)
    d.save()
    ChannelFact.objects.create(
        disclosure=d,
        channel=rules.Channel.PUBLIC_PAGE.value,
        start=today,
        recorded_on=today,
        evidence_note="Nền tảng tự ghi: đăng trên trang công khai của xã khi ban hành.",
        automatic=True,
    )
    _refresh_disclosed_on(d)
    ql.disclosure = d
    ql.save(update_fields=["disclosure"])
    _audit(
        actor,
        "quarterly_list.issued",
        ql,
        commune,
        {"year": year, "quarter": quarter, "number": doc.number, "document": doc.pk},
    )
    return ql


@transaction.atomic
def issue_council_report(
    *, actor: Any, session: CouncilSession, today: dt.date | None = None
) -> Any:
    """LD1 (Art. 14): the report on disclosures to the People's Council at its regular
    session — what was disclosed since the previous regular session, each item's state —
    issued (PDF and XLSX stored as issued); also sent to the Fatherland Front committee."""
    from danchu.disclosures import papers
    from danchu.documents import issuing

    today = today or clock.today()
    problems: list[str] = []
    if not session.regular:
        problems.append("Báo cáo công khai trình tại kỳ họp thường lệ.")
    agency = _ubnd(session.commune)
    if agency is None:
        problems.append("Xã chưa có Ủy ban nhân dân trong danh mục cơ quan.")
    if issuing.current(session, COUNCIL_REPORT_KIND) is not None:
        problems.append("Kỳ họp này đã có báo cáo.")
    if problems:
        raise DisclosureError(problems)
    try:
        doc = issuing.issue(
            kind=COUNCIL_REPORT_KIND,
            target=session,
            title=f"Báo cáo kết quả công khai thông tin — {session.name}",
            render=lambda issue: papers.council_report_files(session, issue, agency),
            actor=actor,
            agency=agency,
            unit=session.commune,
            symbol=REPORT_SYMBOL,
            on=today,
        )
    except (ValueError, issuing.AlreadyIssued) as exc:
        raise DisclosureError([str(exc)]) from exc
    _audit(
        actor,
        "council_report.issued",
        session,
        session.commune,
        {"session": session.on, "number": doc.number, "document": doc.pk},
    )
    return doc
