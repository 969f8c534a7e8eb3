"""Every write of the satisfaction channel (LD10): one transaction each, an audit entry for what
the office does. Ratings and comments are anonymous acts: no audit entry, no time, no link to
the person, the matter or the code (the month's figures are the record)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from danchu.audit.services import log
from danchu.core import clock, facts
from danchu.core.text import TextRefused, clean_text
from danchu.dataio import imports
from danchu.legalcal.calendar import add_days
from danchu.people.models import Person
from danchu.satisfaction import rules, selectors
from danchu.satisfaction.models import Comment, Matter, Office, Rating, RatingCode, Source
from danchu.units.models import AdminUnit

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 10
MAX_COMMENT_CHARS = 2000
MAX_PROCEDURE_CHARS = 300


class SatisfactionError(Exception):
    """A refusal in Vietnamese (one message or several)."""

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


def _hash(code: str) -> str:
    return hashlib.sha256(rules.normalise_code(code).encode()).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def _text(value: str, label: str, *, max_length: int, multiline: bool = False) -> str:
    try:
        return clean_text(value or "", max_length=max_length, multiline=multiline)
    except TextRefused as refused:
        raise SatisfactionError(f"{label}: {refused}") from None


# ------------------------------------------------------------------------------ offices


def create_office(*, actor: Any, commune: AdminUnit, name: str) -> Office:
    name = _text(name, "Tên nơi tiếp nhận", max_length=200)
    if not name:
        raise SatisfactionError("Tên nơi tiếp nhận không được để trống.")
    if Office.objects.filter(commune=commune, name=name).exists():
        raise SatisfactionError(f"Xã đã có nơi tiếp nhận «{name}».")
    with transaction.atomic():
        office = Office.objects.create(
            commune=commune, name=name, created_at=clock.now(), created_by=actor
        )
        log(
            actor=actor,
            action="satisfaction.office.created",
            target=office,
            changes={"name": name},
            unit=commune,
        )
    return office


def set_office_active(*, actor: Any, office: Office, active: bool) -> Office:
    """Stop (or resume) taking ratings at an office: its poster's QR code then says so; its
    figures and answers stay."""
    with transaction.atomic():
        locked = Office.objects.select_for_update().get(pk=office.pk)
        if locked.active == active:
            return locked
        locked.active = active
        locked.save(update_fields=["active"])
        log(
            actor=actor,
            action="satisfaction.office.resumed" if active else "satisfaction.office.stopped",
            target=locked,
            changes={"active": [not active, active]},
            unit=locked.commune,
        )
    return locked


# ----------------------------------------------------------------------------- matters


def _issue_code(office: Office, official: Person, handled_on: dt.date) -> str:
    """A receipt's code: only its hash is stored, with the official and the month — not the
    matter. The plain code is returned once, for the receipt."""
    while True:
        code = new_code()
        if not RatingCode.objects.filter(code_hash=_hash(code)).exists():
            break
    RatingCode.objects.create(
        office=office,
        official=official,
        month=rules.month_of(handled_on),
        valid_until=rules.code_valid_until(handled_on),
        code_hash=_hash(code),
    )
    return code


def _next_numbers(office: Office, year: int, count: int) -> list[str]:
    prefix = f"{year}-"
    last = 0
    for number in Matter.objects.filter(office=office, number__startswith=prefix).values_list(
        "number", flat=True
    ):
        tail = number[len(prefix) :]
        if tail.isdigit():
            last = max(last, int(tail))
    return [f"{prefix}{last + i:05d}" for i in range(1, count + 1)]


def matter_problems(
    *,
    office: Office,
    procedure: str,
    official: Person | None,
    handled_on: dt.date,
    today: dt.date,
    reason: str,
    has_evidence: bool,
    official_ids: set[int] | None = None,
) -> list[str]:
    problems: list[str] = []
    if not office.active:
        problems.append("Nơi tiếp nhận này đã ngừng sử dụng.")
    if not procedure:
        problems.append("Thủ tục/việc đã giải quyết không được để trống.")
    if official is None:
        problems.append("Chưa chọn người giải quyết.")
    else:
        ids = (
            official_ids
            if official_ids is not None
            else {p.pk for p in selectors.officials(office.commune, handled_on)}
        )
        if official.pk not in ids:
            problems.append(
                f"{official.full_name} không giữ chức vụ nào ở {office.commune.name} "
                f"ngày {handled_on:%d/%m/%Y}."
            )
    problems += facts.event_day_problems(
        on=handled_on,
        today=today,
        reason=reason,
        has_evidence=has_evidence,
        label="Ngày giải quyết",
    )
    return problems


def record_matter(
    *,
    actor: Any,
    office: Office,
    procedure: str,
    official: Person | None,
    handled_on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
    today: dt.date | None = None,
) -> tuple[Matter, str]:
    """Record a handled matter and issue its receipt's one-time code (returned once)."""
    today = today or clock.today()
    handled_on = handled_on or today
    procedure = _text(procedure, "Thủ tục", max_length=MAX_PROCEDURE_CHARS)
    reason = _text(reason, "Lý do ghi lùi ngày", max_length=500)
    problems = matter_problems(
        office=office,
        procedure=procedure,
        official=official,
        handled_on=handled_on,
        today=today,
        reason=reason,
        has_evidence=evidence is not None,
    )
    if evidence is not None:
        from danchu.consultations.uploads import EVIDENCE, upload_problems

        problems += upload_problems(evidence, EVIDENCE, "Tệp minh chứng")
    if problems:
        raise SatisfactionError(problems)
    assert official is not None
    with transaction.atomic():
        Office.objects.select_for_update().get(pk=office.pk)
        matter = Matter(
            office=office,
            number=_next_numbers(office, handled_on.year, 1)[0],
            procedure=procedure,
            official=official,
            handled_on=handled_on,
            recorded_on=today,
            backdate_reason=reason if handled_on < today else "",
            recorded_by=actor,
        )
        if evidence is not None and handled_on < today:
            matter.evidence = evidence
        matter.save()
        code = _issue_code(office, official, handled_on)
        log(
            actor=actor,
            action="satisfaction.matter.recorded",
            target=matter,
            changes={
                "number": matter.number,
                "procedure": procedure,
                "official": official.full_name,
                "handled_on": handled_on.isoformat(),
                "backdated": handled_on < today,
            },
            unit=office.commune,
        )
    return matter, code


IMPORT_COLUMNS = (
    imports.Column("procedure", "Thủ tục", aliases=("Thu tuc", "Việc", "procedure")),
    imports.Column(
        "official", "Người giải quyết", aliases=("Can bo", "Cán bộ", "Công chức", "official")
    ),
    imports.Column(
        "handled_on", "Ngày giải quyết", aliases=("Ngay", "handled_on"), parse=imports.date
    ),
)
IMPORT_EXAMPLE = (
    ("Chứng thực bản sao từ bản chính", "Nguyễn Thị Lan", dt.date(2026, 11, 3)),
    ("Đăng ký khai sinh", "Trần Văn Hùng", dt.date(2026, 11, 4)),
)


@dataclass
class ImportOutcome:
    result: imports.ImportResult
    receipts: list[tuple[Matter, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result.ok and bool(self.receipts)


def import_matters(
    *, actor: Any, office: Office, source: Any, reason: str, today: dt.date | None = None
) -> ImportOutcome:
    """A month's matters from a CSV/XLSX register: the whole file is checked first (each
    problem with its row and column, in Vietnamese), then everything is written or nothing.
    Matters handled before today are back-dated facts: the reason is the import's, and the
    file itself is the evidence (its SHA-256 goes into the audit entry)."""
    today = today or clock.today()
    result = imports.read_rows(source, IMPORT_COLUMNS)
    outcome = ImportOutcome(result)
    try:
        reason = clean_text(reason or "", max_length=500)
    except TextRefused as refused:
        result.add(0, "", f"Lý do: {refused}")
        return outcome
    if not result.rows:
        return outcome
    people = selectors.official_names(office.commune)
    planned: list[tuple[str, Person, dt.date]] = []
    for line, row in result.numbered():
        # Every row is checked, also after a problem elsewhere: one report for the whole file.
        handled_on = row["handled_on"]
        name = row["official"]
        if name is None:
            continue
        found = people.get(selectors.name_key(name), [])
        if not found:
            result.add(
                line, "Người giải quyết", f"Không có người tên «{name}» ở {office.commune.name}."
            )
            continue
        if len(found) > 1:
            result.add(
                line,
                "Người giải quyết",
                f"Có {len(found)} người tên «{name}» ở {office.commune.name}; hãy nhập từng hồ sơ "
                "trên màn hình.",
            )
            continue
        official = found[0]
        if handled_on is None:
            continue
        for problem in matter_problems(
            office=office,
            procedure=row["procedure"] or "-",
            official=official,
            handled_on=handled_on,
            today=today,
            reason=reason,
            has_evidence=True,
        ):
            column = "Ngày giải quyết" if "Ngày giải quyết" in problem else ""
            result.add(line, column, problem)
        if row["procedure"] is None:
            continue
        if len(row["procedure"]) > MAX_PROCEDURE_CHARS:
            result.add(line, "Thủ tục", f"Dài quá {MAX_PROCEDURE_CHARS} ký tự.")
        planned.append((row["procedure"], official, handled_on))
    if not result.ok:
        return outcome
    digest = hashlib.sha256(imports._read_bytes(source)).hexdigest()
    try:
        with transaction.atomic():
            Office.objects.select_for_update().get(pk=office.pk)
            receipts: list[tuple[Matter, str]] = []
            by_year: dict[int, list[str]] = {}
            for year in sorted({d.year for _p, _o, d in planned}):
                by_year[year] = _next_numbers(
                    office, year, sum(1 for _p, _o, d in planned if d.year == year)
                )
            for procedure, official, handled_on in planned:
                matter = Matter.objects.create(
                    office=office,
                    number=by_year[handled_on.year].pop(0),
                    procedure=procedure,
                    official=official,
                    handled_on=handled_on,
                    recorded_on=today,
                    backdate_reason=reason if handled_on < today else "",
                    recorded_by=actor,
                )
                receipts.append((matter, _issue_code(office, official, handled_on)))
            log(
                actor=actor,
                action="satisfaction.matters.imported",
                target=office,
                changes={
                    "count": len(receipts),
                    "reason": reason,
                    "file": imports._source_name(source),
                    "sha256": digest,
                },
                unit=office.commune,
            )
    except IntegrityError:
        result.add(
            0, "", "Có người vừa ghi hồ sơ cùng lúc; không hồ sơ nào được lưu, hãy tải lại tệp."
        )
        return outcome
    outcome.receipts = receipts
    return outcome


# ------------------------------------------------------------------------------ ratings

GENERIC_REFUSAL = "Mã không đúng. Hãy kiểm tra lại mã in trên phiếu."
USED_REFUSAL = "Đánh giá cho hồ sơ này đã được ghi nhận trước đó; mỗi hồ sơ chỉ đánh giá một lần."
EXPIRED_REFUSAL = (
    "Mã này đã hết hạn (dùng được đến hết tháng sau tháng giải quyết hồ sơ). Bạn vẫn có thể "
    "đánh giá chung Ủy ban qua mã QR tại nơi tiếp nhận."
)


def find_code(code: str, today: dt.date) -> tuple[rules.CodeState, RatingCode | None]:
    found = (
        RatingCode.objects.select_related("office__commune", "official")
        .filter(code_hash=_hash(code))
        .first()
    )
    state = rules.code_state(
        known=found is not None,
        used=bool(found and found.used),
        valid_until=found.valid_until if found else None,
        today=today,
    )
    return state, found


def _refusal(state: rules.CodeState) -> str:
    return {
        rules.CodeState.USED: USED_REFUSAL,
        rules.CodeState.EXPIRED: EXPIRED_REFUSAL,
    }.get(state, GENERIC_REFUSAL)


def _level(level: str) -> rules.Level:
    try:
        return rules.Level(level)
    except ValueError:
        raise SatisfactionError("Hãy chọn một mức đánh giá.") from None


def _add_comment(office: Office, text: str, today: dt.date) -> Comment | None:
    text = _text(text, "Góp ý", max_length=MAX_COMMENT_CHARS, multiline=True)
    if not text:
        return None
    week = rules.week_of(today)
    due = rules.answer_due(week, lambda day, n: add_days(day, n, working=True))
    return Comment.objects.create(office=office, week=week, due=due, text=text)


def rate_with_code(
    *, code: str, level: str, comment: str = "", today: dt.date | None = None
) -> Rating:
    """LD10 — a resident rates the official who handled their matter with the receipt's code:
    the code is spent; a second try is told the rating was already recorded."""
    today = today or clock.today()
    chosen = _level(level)
    with transaction.atomic():
        state, found = find_code(code, today)
        if found is not None:
            found = RatingCode.objects.select_for_update().get(pk=found.pk)
            state = rules.code_state(
                known=True, used=found.used, valid_until=found.valid_until, today=today
            )
        if state is not rules.CodeState.OPEN or found is None:
            raise SatisfactionError(_refusal(state))
        found.used = True
        found.save(update_fields=["used"])
        rating = Rating.objects.create(
            office_id=found.office_id,
            official_id=found.official_id,
            month=rules.month_of(today),
            level=chosen,
            source=Source.RECEIPT,
        )
        _add_comment(Office.objects.get(pk=found.office_id), comment, today)
    return rating


def rate_office(
    *, office: Office, level: str, comment: str = "", today: dt.date | None = None
) -> Rating:
    """LD10 — a general rating of the commune government from the office's standing code."""
    today = today or clock.today()
    chosen = _level(level)
    if not office.active:
        raise SatisfactionError("Nơi tiếp nhận này đã ngừng nhận đánh giá.")
    with transaction.atomic():
        rating = Rating.objects.create(
            office=office, month=rules.month_of(today), level=chosen, source=Source.OFFICE
        )
        _add_comment(office, comment, today)
    return rating


# ----------------------------------------------------------------------------- answers


def answer_comment(
    *,
    actor: Any,
    comment: Comment,
    answer: str,
    published: bool = True,
    today: dt.date | None = None,
) -> Comment:
    """The office answers a comment (the answer is public on the office's page unless the office
    keeps the pair unpublished, e.g. when the comment gives personal details)."""
    today = today or clock.today()
    answer = _text(answer, "Trả lời", max_length=MAX_COMMENT_CHARS, multiline=True)
    if not answer:
        raise SatisfactionError("Nội dung trả lời không được để trống.")
    with transaction.atomic():
        locked = (
            Comment.objects.select_for_update().select_related("office__commune").get(pk=comment.pk)
        )
        before = locked.answer
        locked.answer = answer
        locked.published = published
        if locked.answered_on is None:
            locked.answered_on = today
            locked.answered_by = actor
        locked.save(update_fields=["answer", "published", "answered_on", "answered_by"])
        state = locked.state(today)
        log(
            actor=actor,
            action="satisfaction.comment.answered",
            target=locked,
            changes={
                "answer": [before, answer],
                "published": published,
                "late": state is rules.AnswerState.LATE,
            },
            unit=locked.office.commune,
        )
    return locked
