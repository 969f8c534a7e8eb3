"""GR8 writes: each in one transaction with an audit entry. Input is checked whole first and
every problem is reported in Vietnamese (:class:`ComplaintsError`); facts are dated by the
platform (a receipt entered later than it arrived needs a reason and evidence)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max

from danchu.audit.services import log
from danchu.complaints import permissions, rules
from danchu.complaints.models import (
    Case,
    Complexity,
    Extension,
    Kind,
    Reception,
    ReceptionSlot,
    Status,
)
from danchu.consultations.services import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    _clean_reference,
    new_reference,
    reference_hash,
)
from danchu.core import clock
from danchu.core.facts import event_day_problems
from danchu.core.text import TextRefused, clean_text
from danchu.units.models import AdminUnit, Level

SHORT, LONG = 300, 10_000


class ComplaintsError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _text(
    value: str, label: str, problems: list[str], *, multiline: bool = False, required: bool = True
) -> str:
    try:
        text = clean_text(value or "", max_length=LONG if multiline else SHORT, multiline=multiline)
    except TextRefused as e:
        problems.append(f"{label}: {e}")
        return ""
    if required and not text:
        problems.append(f"{label}: không được để trống.")
    return text


def _commune(commune: AdminUnit, problems: list[str]) -> None:
    if commune.level != Level.COMMUNE:
        problems.append("Xã: việc tiếp công dân và xử lý đơn được ghi cho đơn vị cấp xã.")


def _office(actor: Any, commune: AdminUnit) -> None:
    if not permissions.is_office(actor, commune):
        raise PermissionError


# ------------------------------------------------------------------------------------ schedule


def add_slot(
    *,
    actor: Any,
    commune: AdminUnit,
    leader: str,
    title: str,
    on: dt.date | None,
    starts: dt.time | None,
    ends: dt.time | None,
    place: str,
) -> ReceptionSlot:
    """GR8: an entry of the leaders' reception schedule (published on the public page)."""
    _office(actor, commune)
    problems: list[str] = []
    _commune(commune, problems)
    leader = _text(leader, "Người tiếp", problems)
    title = _text(title, "Chức vụ", problems)
    place = _text(place, "Địa điểm", problems)
    if on is None:
        problems.append("Ngày tiếp: không được để trống.")
    elif on < clock.today():
        problems.append(f"Ngày tiếp {on:%d/%m/%Y} đã qua: lịch tiếp công dân ghi cho ngày tới.")
    if starts is None or ends is None:
        problems.append("Giờ tiếp: ghi giờ bắt đầu và giờ kết thúc.")
    elif ends <= starts:
        problems.append("Giờ tiếp: giờ kết thúc phải sau giờ bắt đầu.")
    if problems:
        raise ComplaintsError(problems)
    assert on is not None and starts is not None and ends is not None
    with transaction.atomic():
        slot = ReceptionSlot.objects.create(
            commune=commune,
            leader=leader,
            title=title,
            on=on,
            starts=starts,
            ends=ends,
            place=place,
            created_at=clock.now(),
        )
        log(
            actor=actor,
            action="complaints.slot.added",
            target=slot,
            unit=commune,
            changes={"on": on, "leader": leader, "place": place},
        )
    return slot


def cancel_slot(*, actor: Any, slot: ReceptionSlot) -> ReceptionSlot:
    _office(actor, slot.commune)
    with transaction.atomic():
        slot.cancelled = True
        slot.save(update_fields=["cancelled"])
        log(
            actor=actor,
            action="complaints.slot.cancelled",
            target=slot,
            unit=slot.commune,
            changes={"cancelled": [False, True]},
        )
    return slot


# ------------------------------------------------------------------------------------ receptions


def record_reception(
    *,
    actor: Any,
    commune: AdminUnit,
    received_by: str,
    citizen_name: str,
    content: str,
    outcome: str,
    citizen_address: str = "",
    citizen_phone: str = "",
    citizen_id_number: str = "",
    slot: ReceptionSlot | None = None,
    case: Case | None = None,
) -> Reception:
    """GR8: a reception held today — who received, the citizen, the content, what was done."""
    _office(actor, commune)
    problems: list[str] = []
    _commune(commune, problems)
    received_by = _text(received_by, "Người tiếp", problems)
    citizen_name = _text(citizen_name, "Họ tên công dân", problems)
    citizen_address = _text(citizen_address, "Địa chỉ", problems, required=False)
    citizen_phone = _text(citizen_phone, "Điện thoại", problems, required=False)
    citizen_id_number = _text(citizen_id_number, "Số định danh", problems, required=False)
    content = _text(content, "Nội dung", problems, multiline=True)
    outcome = _text(outcome, "Kết quả xử lý", problems, multiline=True)
    if citizen_id_number and not citizen_id_number.isascii():
        problems.append("Số định danh: chỉ gồm chữ số.")
    if slot is not None and slot.commune_id != commune.pk:
        problems.append("Lịch tiếp: không thuộc xã này.")
    if case is not None and case.commune_id != commune.pk:
        problems.append("Đơn: không thuộc xã này.")
    if problems:
        raise ComplaintsError(problems)
    with transaction.atomic():
        r = Reception.objects.create(
            commune=commune,
            slot=slot,
            held_on=clock.today(),
            received_by=received_by,
            citizen_name=citizen_name,
            citizen_address=citizen_address,
            citizen_phone=citizen_phone,
            citizen_id_number=citizen_id_number,
            content=content,
            outcome=outcome,
            case=case,
            created_at=clock.now(),
        )
        # personal data is not copied to the audit trail
        log(actor=actor, action="complaints.reception.recorded", target=r, unit=commune)
    return r


# ------------------------------------------------------------------------------------ cases


def register_case(
    *,
    actor: Any,
    commune: AdminUnit,
    kind: str,
    subject: str,
    content: str,
    citizen_name: str,
    citizen_address: str = "",
    citizen_phone: str = "",
    citizen_id_number: str = "",
    remote: bool = False,
    received_on: dt.date | None = None,
    received_reason: str = "",
    received_evidence: Any = None,
) -> tuple[Case, str]:
    """GR8: register a case; returns it and its reference code (shown once, only its hash
    is kept)."""
    _office(actor, commune)
    today = clock.today()
    problems: list[str] = []
    _commune(commune, problems)
    if kind not in Kind.values:
        problems.append("Loại đơn: chọn khiếu nại, tố cáo hoặc kiến nghị, phản ánh.")
    subject = _text(subject, "Tóm tắt", problems)
    content = _text(content, "Nội dung", problems, multiline=True)
    citizen_name = _text(citizen_name, "Họ tên người gửi", problems)
    citizen_address = _text(citizen_address, "Địa chỉ", problems, required=False)
    citizen_phone = _text(citizen_phone, "Điện thoại", problems, required=False)
    citizen_id_number = _text(citizen_id_number, "Số định danh", problems, required=False)
    received_reason = _text(received_reason, "Lý do ghi lùi ngày", problems, required=False)
    problems += event_day_problems(
        on=received_on,
        today=today,
        reason=received_reason,
        has_evidence=bool(received_evidence),
        label="Ngày nhận đơn",
    )
    if problems:
        raise ComplaintsError(problems)
    code = new_reference()
    with transaction.atomic():
        year = (received_on or today).year
        last = (
            Case.objects.select_for_update()
            .filter(commune=commune, year=year)
            .aggregate(m=Max("number"))["m"]
        )
        case = Case(
            commune=commune,
            kind=kind,
            number=(last or 0) + 1,
            year=year,
            subject=subject,
            content=content,
            citizen_name=citizen_name,
            citizen_address=citizen_address,
            citizen_phone=citizen_phone,
            citizen_id_number=citizen_id_number,
            reference_hash=reference_hash(code),
            received_on=received_on or today,
            received_reason=received_reason if received_on and received_on < today else "",
            remote=remote,
            created_at=clock.now(),
        )
        if received_on and received_on < today and received_evidence:
            case.received_evidence = received_evidence
        case.save()
        log(
            actor=actor,
            action="complaints.case.registered",
            target=case,
            unit=commune,
            changes={
                "kind": kind,
                "code": case.code,
                "received_on": case.received_on,
                "remote": remote,
                "backdated": case.received_on < today,
            },
        )
    return case, code


def find_by_reference(code: str) -> Case | None:
    cleaned = _clean_reference(code or "")
    if len(cleaned) != REFERENCE_LENGTH or any(ch not in REFERENCE_ALPHABET for ch in cleaned):
        return None
    return (
        Case.objects.select_related("commune")
        .filter(reference_hash=reference_hash(cleaned))
        .first()
    )


def assign(*, actor: Any, case: Case, handler: Any) -> Case:
    """GR8: the case is assigned to a handler of the commune's office."""
    _office(actor, case.commune)
    if handler is None or not permissions.is_office(handler, case.commune):
        raise ComplaintsError(["Người xử lý: phải là cán bộ, lãnh đạo của UBND xã này."])
    if case.status in (Status.SETTLED, Status.REFUSED, Status.TRANSFERRED):
        raise ComplaintsError(["Đơn đã kết thúc xử lý: không giao lại."])
    with transaction.atomic():
        before = case.handler_id
        case.handler = handler
        case.save(update_fields=["handler"])
        log(
            actor=actor,
            action="complaints.case.assigned",
            target=case,
            unit=case.commune,
            changes={"handler": [before, handler.pk]},
        )
    return case


def _acting(actor: Any, case: Case, allowed: tuple[str, ...]) -> None:
    if not permissions.can_act(actor, case):
        raise PermissionError
    if case.status not in allowed:
        raise ComplaintsError([f"Đơn đang ở trạng thái «{case.get_status_display()}»."])


def _step_day(
    on: dt.date | None, reason: str, label: str, after: dt.date | None, problems: list[str]
) -> tuple[dt.date, str]:
    """A step's day: today, or an earlier day with its reason (the step's written document
    — decision to accept, settlement decision, transfer letter — is the evidence, as in
    ``danchu.residents``); never before the step it follows."""
    today = clock.today()
    reason = _text(reason, "Lý do ghi lùi ngày", problems, multiline=True, required=False)
    problems += event_day_problems(
        on=on, today=today, reason=reason, has_evidence=bool(reason), label=label
    )
    day = on or today
    if after is not None and day < after:
        problems.append(f"{label} {day:%d/%m/%Y} trước ngày {after:%d/%m/%Y} của bước trước.")
    return day, reason if day < today else ""


def accept(
    *,
    actor: Any,
    case: Case,
    complexity: str = Complexity.ORDINARY,
    on: dt.date | None = None,
    reason: str = "",
) -> Case:
    """GR8: acceptance (thụ lý), recorded today or back-dated with a reason."""
    _acting(actor, case, (Status.RECEIVED,))
    problems: list[str] = []
    if complexity not in Complexity.values:
        problems.append("Mức độ vụ việc: chọn trong danh sách.")
    day, reason = _step_day(on, reason, "Ngày thụ lý", case.received_on, problems)
    if problems:
        raise ComplaintsError(problems)
    with transaction.atomic():
        case.status = Status.ACCEPTED
        case.accepted_on = day
        case.accepted_reason = reason
        case.complexity = complexity
        case.save(update_fields=["status", "accepted_on", "accepted_reason", "complexity"])
        log(
            actor=actor,
            action="complaints.case.accepted",
            target=case,
            unit=case.commune,
            changes={
                "status": [Status.RECEIVED, Status.ACCEPTED],
                "complexity": complexity,
                "on": day,
                **({"reason": reason} if reason else {}),
            },
        )
    return case


def refuse(
    *, actor: Any, case: Case, answer: str, on: dt.date | None = None, reason: str = ""
) -> Case:
    """GR8: not accepted, answered in writing with the reason."""
    _acting(actor, case, (Status.RECEIVED,))
    problems: list[str] = []
    text = _text(answer, "Trả lời công khai", problems, multiline=True)
    day, reason = _step_day(on, reason, "Ngày trả lời", case.received_on, problems)
    if problems:
        raise ComplaintsError(problems)
    with transaction.atomic():
        case.status = Status.REFUSED
        case.refused_on = day
        case.closed_reason = reason
        case.public_answer = text
        case.save(update_fields=["status", "refused_on", "closed_reason", "public_answer"])
        log(
            actor=actor,
            action="complaints.case.refused",
            target=case,
            unit=case.commune,
            changes={"status": [Status.RECEIVED, Status.REFUSED], "on": day},
        )
    return case


def extend(
    *,
    actor: Any,
    case: Case,
    days: int,
    reason: str,
    on: dt.date | None = None,
    backdate_reason: str = "",
) -> Extension:
    """GR8 (Luật Tố cáo 2018, Art. 30): one or two extensions by the case's complexity."""
    _acting(actor, case, (Status.ACCEPTED,))
    problems = [
        str(p)
        for p in rules.extension_problems(case.kind, case.complexity, case.extensions.count(), days)
    ]
    reason = _text(reason, "Lý do gia hạn", problems, multiline=True)
    day, backdate_reason = _step_day(
        on, backdate_reason, "Ngày gia hạn", case.accepted_on, problems
    )
    if problems:
        raise ComplaintsError(problems)
    with transaction.atomic():
        ext = Extension.objects.create(
            case=case, days=days, reason=reason, on=day, backdate_reason=backdate_reason
        )
        log(
            actor=actor,
            action="complaints.case.extended",
            target=case,
            unit=case.commune,
            changes={"days": days, "on": day},
        )
    return ext


def settle(
    *, actor: Any, case: Case, answer: str, on: dt.date | None = None, reason: str = ""
) -> Case:
    """GR8: settled, with the answer shown to the citizen on the follow page."""
    _acting(actor, case, (Status.ACCEPTED,))
    problems: list[str] = []
    text = _text(answer, "Trả lời công khai", problems, multiline=True)
    day, reason = _step_day(on, reason, "Ngày giải quyết", case.accepted_on, problems)
    if problems:
        raise ComplaintsError(problems)
    with transaction.atomic():
        case.status = Status.SETTLED
        case.settled_on = day
        case.closed_reason = reason
        case.public_answer = text
        case.save(update_fields=["status", "settled_on", "closed_reason", "public_answer"])
        log(
            actor=actor,
            action="complaints.case.settled",
            target=case,
            unit=case.commune,
            changes={"status": [Status.ACCEPTED, Status.SETTLED], "on": day},
        )
    return case


def transfer(
    *,
    actor: Any,
    case: Case,
    ground: str,
    to: str,
    note: str,
    on: dt.date | None = None,
    reason: str = "",
) -> Case:
    """GR8: never "pushed up": a transfer needs a legal ground from the list and a note."""
    _acting(actor, case, (Status.RECEIVED, Status.ACCEPTED))
    problems = [str(p) for p in rules.transfer_problems(case.kind, ground, note)]
    to = _text(to, "Chuyển đến", problems)
    note = _text(note, "Ghi chú", problems, multiline=True, required=False)
    after = case.accepted_on or case.received_on
    day, reason = _step_day(on, reason, "Ngày chuyển", after, problems)
    if problems:
        raise ComplaintsError(problems)
    with transaction.atomic():
        before = case.status
        case.status = Status.TRANSFERRED
        case.transferred_on = day
        case.closed_reason = reason
        case.transfer_ground = ground
        case.transfer_to = to
        case.transfer_note = note
        basis = rules.TRANSFER_GROUNDS[rules.TransferGround(ground)]
        case.public_answer = f"Đơn đã được chuyển đến {to}. Căn cứ: {basis}"
        case.save(
            update_fields=[
                "status",
                "transferred_on",
                "transfer_ground",
                "transfer_to",
                "transfer_note",
                "closed_reason",
                "public_answer",
            ]
        )
        log(
            actor=actor,
            action="complaints.case.transferred",
            target=case,
            unit=case.commune,
            changes={"status": [before, Status.TRANSFERRED], "ground": ground, "to": to},
        )
    return case


def identity_seen(*, actor: Any, case: Case, request: Any = None) -> None:
    """Luật Tố cáo 2018: each look at a denouncer's identity is recorded (who, when)."""
    log(
        actor=actor,
        action="complaints.case.identity_viewed",
        target=case,
        unit=case.commune,
        changes={"code": case.code},
        request=request,
    )
