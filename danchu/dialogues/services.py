"""Every write of dialogues and conferences: verb-first, keyword-only, one transaction, an audit
entry in the same transaction. Input is validated whole first; each problem is reported in
Vietnamese and nothing is written unless everything is right. Documents are issued through
:mod:`danchu.documents.issuing` (stored as issued, served byte for byte)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction

from danchu.audit.services import log
from danchu.core import clock, facts
from danchu.core.text import TextRefused, clean_text
from danchu.dialogues import papers, permissions, rules, selectors
from danchu.dialogues.models import (
    Commitment,
    ConferenceStatus,
    Dialogue,
    DialogueStatus,
    MeetingKind,
    Question,
    QuestionSource,
    StaffMeeting,
    VillageConference,
)
from danchu.documents import issuing
from danchu.documents.models import IssuedDocument
from danchu.residents.permissions import commune_of
from danchu.units.models import AdminUnit, Agency, Level

MAX_LINE = 200
MAX_TEXT = 20_000
MAX_QUESTION = 2_000
"""A resident's question on the public page: at most 2,000 characters."""

KIND_PLAN = "dialogues.plan"
KIND_INVITATION = "dialogues.invitation"
KIND_RECORD = "dialogues.record"
KIND_REPORT = "dialogues.report"
KIND_NOTICE = "dialogues.notice"
KIND_CONFERENCE_REPORT = "dialogues.conference_report"
KIND_STAFF_MINUTES = "dialogues.staff_minutes"


class DialogueError(Exception):
    """A refused step: every problem in Vietnamese, each naming its rule where there is one."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


def _require(ok: bool) -> None:
    if not ok:
        raise PermissionDenied


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


class _Input:
    """Collects cleaned values and every problem, so the whole input is checked first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def text(
        self, value: str | None, label: str, *, required: bool = False, multiline: bool = False
    ) -> str:
        limit = MAX_TEXT if multiline else MAX_LINE
        try:
            cleaned = clean_text(value or "", max_length=limit, multiline=multiline)
        except TextRefused as refused:
            self.problems.append(f"{label}: {refused}")
            return ""
        if required and not cleaned:
            self.problems.append(f"{label}: không được để trống.")
        return cleaned

    def day(
        self,
        on: dt.date | None,
        today: dt.date,
        *,
        reason: str,
        evidence: File[Any] | None,
        label: str,
    ) -> dt.date:
        self.problems += facts.event_day_problems(
            on=on, today=today, reason=reason, has_evidence=evidence is not None, label=label
        )
        return on or today

    def check(self) -> None:
        if self.problems:
            raise DialogueError(self.problems)


def _commune(commune: AdminUnit) -> None:
    if commune.level != Level.COMMUNE:
        raise DialogueError("Chọn một xã, phường, thị trấn.")


def _issue(
    *,
    kind: str,
    target: Any,
    title: str,
    render: Any,
    actor: Any,
    unit: AdminUnit,
    agency: Agency | None,
    symbol: str,
) -> IssuedDocument:
    return issuing.issue(
        kind=kind,
        target=target,
        title=title,
        render=render,
        actor=_actor(actor),
        agency=agency,
        symbol=symbol if agency is not None else "",
        unit=unit,
    )


def _ubnd(commune: AdminUnit) -> Agency | None:
    return commune.agencies.filter(kind="ubnd").first()


# --------------------------------------------------------------------------------------------
# LD9, QD2, GR7 — the commune's dialogue with residents
# --------------------------------------------------------------------------------------------


def plan_dialogue(
    *,
    actor: Any,
    commune: AdminUnit,
    year: int,
    planned_on: dt.date,
    place: str = "",
    topics: str = "",
    request: Any = None,
) -> Dialogue:
    """LD9, QD2, GR7: the year's dialogue, and its plan issued (KH)."""
    _commune(commune)
    _require(permissions.can_run_dialogue(actor, commune))
    inp = _Input()
    place = inp.text(place, "Địa điểm")
    topics = inp.text(topics, "Nội dung", multiline=True)
    taken = Dialogue.objects.filter(commune=commune).values_list("year", flat=True)
    inp.problems += rules.yearly_problems(year, planned_on, taken)
    inp.check()
    with transaction.atomic():
        try:
            with transaction.atomic():
                d = Dialogue.objects.create(
                    commune=commune,
                    year=year,
                    planned_on=planned_on,
                    place=place,
                    topics=topics,
                    created_by=_actor(actor),
                    created_at=clock.now(),
                )
        except IntegrityError as clash:
            raise DialogueError(f"Năm {year} đã có kế hoạch đối thoại.") from clash
        _issue(
            kind=KIND_PLAN,
            target=d,
            title=f"Kế hoạch đối thoại với Nhân dân năm {year}",
            render=lambda issue: papers.plan_files(d, issue),
            actor=actor,
            unit=commune,
            agency=_ubnd(commune),
            symbol="KH",
        )
        log(
            actor=actor,
            action="dialogues.dialogue.planned",
            target=d,
            unit=commune,
            request=request,
            changes={"year": year, "planned_on": planned_on.isoformat()},
        )
    return d


def send_invitation(*, actor: Any, dialogue: Dialogue, request: Any = None) -> IssuedDocument:
    """LD9: the invitation to residents, issued once; questions open on the public page."""
    _require(permissions.can_run_dialogue(actor, dialogue.commune))
    if dialogue.status != DialogueStatus.PLANNED:
        raise DialogueError("Giấy mời đã gửi.")
    with transaction.atomic():
        dialogue.status = DialogueStatus.INVITED
        dialogue.questions_open = True
        dialogue.save(update_fields=["status", "questions_open"])
        doc = _issue(
            kind=KIND_INVITATION,
            target=dialogue,
            title=f"Giấy mời dự hội nghị đối thoại năm {dialogue.year}",
            render=lambda issue: papers.invitation_files(dialogue, issue),
            actor=actor,
            unit=dialogue.commune,
            agency=_ubnd(dialogue.commune),
            symbol="GM",
        )
        log(
            actor=actor,
            action="dialogues.dialogue.invited",
            target=dialogue,
            unit=dialogue.commune,
            request=request,
            changes={"status": [DialogueStatus.PLANNED, DialogueStatus.INVITED]},
        )
    return doc


def set_questions_open(
    *, actor: Any, dialogue: Dialogue, open_: bool, request: Any = None
) -> Dialogue:
    _require(permissions.can_run_dialogue(actor, dialogue.commune))
    if open_ and dialogue.status in (DialogueStatus.HELD, DialogueStatus.REPORTED):
        raise DialogueError("Hội nghị đã diễn ra: không nhận thêm câu hỏi trên trang công khai.")
    with transaction.atomic():
        before = dialogue.questions_open
        dialogue.questions_open = open_
        dialogue.save(update_fields=["questions_open"])
        log(
            actor=actor,
            action="dialogues.dialogue.questions_open",
            target=dialogue,
            unit=dialogue.commune,
            request=request,
            changes={"questions_open": [before, open_]},
        )
    return dialogue


def submit_public_question(
    *, dialogue: Dialogue, text: str, asker: str = "", village_name: str = ""
) -> Question:
    """A resident's question from the public page, named or anonymous as the resident chooses.

    Anonymous: nothing ties it to a person or a moment — no name, no address, no account, the
    day only; the audit entry names the dialogue, not the question, and keeps no address.
    """
    if not dialogue.questions_open:
        raise DialogueError("Hội nghị này hiện không nhận câu hỏi.")
    inp = _Input()
    try:
        cleaned = clean_text(text or "", max_length=MAX_QUESTION, multiline=True)
    except TextRefused as refused:
        inp.problems.append(f"Câu hỏi: {refused}")
        cleaned = ""
    else:
        if not cleaned:
            inp.problems.append("Câu hỏi: không được để trống.")
    asker = inp.text(asker, "Họ và tên")
    village_name = inp.text(village_name, "Thôn")
    inp.check()
    with transaction.atomic():
        q = Question.objects.create(
            dialogue=dialogue,
            text=cleaned,
            asker=asker,
            village_name=village_name,
            source=QuestionSource.PUBLIC,
            received_on=clock.today(),
        )
        log(
            action="dialogues.question.received",
            target=dialogue,
            unit=dialogue.commune,
            changes={"source": QuestionSource.PUBLIC},
        )
    return q


def add_question(
    *,
    actor: Any,
    dialogue: Dialogue,
    text: str,
    source: str,
    asker: str = "",
    village_name: str = "",
    request: Any = None,
) -> Question:
    """A question gathered by the commune or a village, or asked at the dialogue."""
    _require(permissions.can_run_dialogue(actor, dialogue.commune))
    inp = _Input()
    text = inp.text(text, "Câu hỏi", required=True, multiline=True)
    asker = inp.text(asker, "Người hỏi")
    village_name = inp.text(village_name, "Thôn")
    if source not in QuestionSource.values or source == QuestionSource.PUBLIC:
        inp.problems.append("Nguồn câu hỏi không hợp lệ.")
    if dialogue.status == DialogueStatus.REPORTED:
        inp.problems.append("Đã ban hành báo cáo: không thêm câu hỏi.")
    inp.check()
    with transaction.atomic():
        q = Question.objects.create(
            dialogue=dialogue,
            text=text,
            asker=asker,
            village_name=village_name,
            source=source,
            received_on=clock.today(),
        )
        log(
            actor=actor,
            action="dialogues.question.added",
            target=q,
            unit=dialogue.commune,
            request=request,
            changes={"source": source},
        )
    return q


def answer_question(
    *,
    actor: Any,
    question: Question,
    answer: str,
    answered_by: str = "",
    published: bool = True,
    request: Any = None,
) -> Question:
    """The commune's answer (the record of questions and answers); shown on the public page
    unless the commune keeps it there unpublished (e.g. personal details)."""
    dialogue = question.dialogue
    _require(permissions.can_run_dialogue(actor, dialogue.commune))
    inp = _Input()
    answer = inp.text(answer, "Trả lời", required=True, multiline=True)
    answered_by = inp.text(answered_by, "Người trả lời")
    if dialogue.status == DialogueStatus.REPORTED:
        inp.problems.append("Đã ban hành báo cáo: không sửa câu trả lời.")
    inp.check()
    with transaction.atomic():
        before = question.answer
        question.answer = answer
        question.answered_by = answered_by
        question.answered_on = clock.today()
        question.published = published
        question.save(update_fields=["answer", "answered_by", "answered_on", "published"])
        log(
            actor=actor,
            action="dialogues.question.answered",
            target=question,
            unit=dialogue.commune,
            request=request,
            changes={"answer": [before, answer], "published": published},
        )
    return question


def record_dialogue_held(
    *,
    actor: Any,
    dialogue: Dialogue,
    held_on: dt.date | None = None,
    reason: str = "",
    evidence: File[Any] | None = None,
    chair: str = "",
    attendees: int | None = None,
    summary: str = "",
    request: Any = None,
) -> Dialogue:
    """LD9, GR7: the dialogue took place (today, or an earlier day with reason and evidence)."""
    _require(permissions.can_run_dialogue(actor, dialogue.commune))
    today = clock.today()
    inp = _Input()
    reason = inp.text(reason, "Lý do ghi lùi ngày", multiline=True)
    day = inp.day(held_on, today, reason=reason, evidence=evidence, label="Ngày tổ chức")
    chair = inp.text(chair, "Chủ trì", required=True)
    summary = inp.text(summary, "Kết luận", multiline=True)
    if dialogue.status in (DialogueStatus.HELD, DialogueStatus.REPORTED):
        inp.problems.append("Đã ghi nhận hội nghị.")
    if day.year != dialogue.year:
        inp.problems.append(
            f"Ngày {day:%d/%m/%Y} không thuộc năm {dialogue.year} (LD9: mỗi năm một lần)."
        )
    if attendees is not None and attendees < 0:
        inp.problems.append("Số người dự không hợp lệ.")
    inp.check()
    with transaction.atomic():
        before = dialogue.status
        dialogue.held_on = day
        dialogue.held_recorded_on = today
        dialogue.held_reason = reason if day < today else ""
        if evidence is not None and day < today:
            dialogue.evidence = evidence
        dialogue.chair = chair
        dialogue.attendees = attendees
        dialogue.summary = summary
        dialogue.status = DialogueStatus.HELD
        dialogue.questions_open = False
        dialogue.save()
        log(
            actor=actor,
            action="dialogues.dialogue.held",
            target=dialogue,
            unit=dialogue.commune,
            request=request,
            changes={
                "status": [before, DialogueStatus.HELD],
                "held_on": day.isoformat(),
                **({"reason": reason} if day < today else {}),
            },
        )
    return dialogue


def add_commitment(
    *,
    actor: Any,
    dialogue: Dialogue,
    text: str,
    responsible: str,
    due_on: dt.date,
    question: Question | None = None,
    request: Any = None,
) -> Commitment:
    """A follow-up commitment with its deadline (tracked met / late / missed)."""
    _require(permissions.can_run_dialogue(actor, dialogue.commune))
    today = clock.today()
    inp = _Input()
    text = inp.text(text, "Nội dung cam kết", required=True, multiline=True)
    responsible = inp.text(responsible, "Người chịu trách nhiệm", required=True)
    inp.problems += rules.commitment_problems(today, due_on)
    if question is not None and question.dialogue_id != dialogue.pk:
        inp.problems.append("Câu hỏi không thuộc hội nghị này.")
    inp.check()
    with transaction.atomic():
        c = Commitment.objects.create(
            dialogue=dialogue,
            question=question,
            text=text,
            responsible=responsible,
            made_on=today,
            due_on=due_on,
        )
        log(
            actor=actor,
            action="dialogues.commitment.made",
            target=c,
            unit=dialogue.commune,
            request=request,
            changes={"due_on": due_on.isoformat()},
        )
    return c


def complete_commitment(
    *,
    actor: Any,
    commitment: Commitment,
    done_on: dt.date | None = None,
    reason: str = "",
    evidence: File[Any] | None = None,
    note: str = "",
    request: Any = None,
) -> Commitment:
    dialogue = commitment.dialogue
    _require(permissions.can_run_dialogue(actor, dialogue.commune))
    today = clock.today()
    inp = _Input()
    reason = inp.text(reason, "Lý do ghi lùi ngày", multiline=True)
    day = inp.day(done_on, today, reason=reason, evidence=evidence, label="Ngày hoàn thành")
    note = inp.text(note, "Kết quả thực hiện", required=True, multiline=True)
    if commitment.done_on is not None:
        inp.problems.append("Cam kết đã được ghi hoàn thành.")
    if day < commitment.made_on:
        inp.problems.append(
            f"Ngày hoàn thành {day:%d/%m/%Y} sớm hơn ngày cam kết {commitment.made_on:%d/%m/%Y}."
        )
    inp.check()
    with transaction.atomic():
        commitment.done_on = day
        commitment.done_recorded_on = today
        commitment.done_reason = reason if day < today else ""
        commitment.done_note = note
        if evidence is not None and day < today:
            commitment.evidence = evidence
        commitment.save()
        log(
            actor=actor,
            action="dialogues.commitment.done",
            target=commitment,
            unit=dialogue.commune,
            request=request,
            changes={"done_on": day.isoformat(), **({"reason": reason} if day < today else {})},
        )
    return commitment


def issue_record(*, actor: Any, dialogue: Dialogue, request: Any = None) -> IssuedDocument:
    """LD9: the record (BB) of the dialogue's questions and answers and its commitments."""
    _require(permissions.can_run_dialogue(actor, dialogue.commune))
    if dialogue.held_on is None:
        raise DialogueError("Chưa ghi nhận hội nghị: chưa lập được biên bản.")
    with transaction.atomic():
        doc = _issue(
            kind=KIND_RECORD,
            target=dialogue,
            title=f"Biên bản hội nghị đối thoại năm {dialogue.year}",
            render=lambda issue: papers.record_files(dialogue, issue),
            actor=actor,
            unit=dialogue.commune,
            agency=_ubnd(dialogue.commune),
            symbol="BB",
        )
        log(
            actor=actor,
            action="dialogues.dialogue.recorded",
            target=dialogue,
            unit=dialogue.commune,
            request=request,
            changes={"document": doc.pk},
        )
    return doc


def issue_report(
    *,
    actor: Any,
    dialogue: Dialogue,
    on: dt.date | None = None,
    reason: str = "",
    evidence: File[Any] | None = None,
    request: Any = None,
) -> IssuedDocument:
    """GR7: the report on the dialogue (BC), due by the last day of February of the next
    year. Issued today, or on an earlier day (a report issued on paper) with a reason and
    evidence; never before the dialogue."""
    _require(permissions.can_run_dialogue(actor, dialogue.commune))
    today = clock.today()
    inp = _Input()
    reason = inp.text(reason, "Lý do ghi lùi ngày", multiline=True)
    day = inp.day(on, today, reason=reason, evidence=evidence, label="Ngày ban hành báo cáo")
    if dialogue.held_on is None:
        inp.problems.append("Chưa ghi nhận hội nghị: chưa báo cáo được (GR7).")
    elif day < dialogue.held_on:
        inp.problems.append("Ngày báo cáo trước ngày hội nghị.")
    if dialogue.status == DialogueStatus.REPORTED:
        inp.problems.append("Đã ban hành báo cáo.")
    inp.check()
    with transaction.atomic():
        dialogue.reported_on = day
        dialogue.reported_reason = reason if day < today else ""
        if evidence is not None and day < today:
            dialogue.report_evidence = evidence
        dialogue.status = DialogueStatus.REPORTED
        dialogue.save()
        doc = issuing.issue(
            kind=KIND_REPORT,
            target=dialogue,
            title=f"Báo cáo kết quả hội nghị đối thoại năm {dialogue.year}",
            render=lambda issue: papers.report_files(dialogue, issue),
            actor=_actor(actor),
            agency=_ubnd(dialogue.commune),
            symbol="BC" if _ubnd(dialogue.commune) is not None else "",
            unit=dialogue.commune,
            on=day,
        )
        state = rules.report_state(dialogue.year, day, today)
        log(
            actor=actor,
            action="dialogues.dialogue.reported",
            target=dialogue,
            unit=dialogue.commune,
            request=request,
            changes={
                "status": [DialogueStatus.HELD, DialogueStatus.REPORTED],
                "reported_on": day.isoformat(),
                "state": state.value,
                **({"reason": reason} if day < today else {}),
            },
        )
    return doc


# --------------------------------------------------------------------------------------------
# LD9 — each village's yearly community conference
# --------------------------------------------------------------------------------------------


def plan_conference(
    *,
    actor: Any,
    village: AdminUnit,
    year: int,
    planned_on: dt.date,
    place: str = "",
    inspection_member: str = "",
    request: Any = None,
) -> VillageConference:
    if village.level != Level.VILLAGE or village.parent is None:
        raise DialogueError("Chọn một thôn, tổ dân phố.")
    _require(permissions.can_run_conference(actor, village))
    inp = _Input()
    place = inp.text(place, "Địa điểm")
    inspection_member = inp.text(
        inspection_member, "Thành viên Ban Thanh tra nhân dân"
    ) or selectors.board_member_name(village.pk, planned_on)
    taken = VillageConference.objects.filter(village=village).values_list("year", flat=True)
    inp.problems += rules.yearly_problems(year, planned_on, taken)
    if planned_on < clock.today():
        inp.problems.append(
            f"Ngày hội nghị {planned_on:%d/%m/%Y} đã qua: lập kế hoạch cho ngày sắp tới, "
            "hoặc ghi nhận hội nghị đã diễn ra sau khi lập."
        )
    inp.check()
    with transaction.atomic():
        try:
            with transaction.atomic():
                c = VillageConference.objects.create(
                    commune=commune_of(village),
                    village=village,
                    year=year,
                    planned_on=planned_on,
                    place=place,
                    inspection_member=inspection_member,
                    created_by=_actor(actor),
                    created_at=clock.now(),
                )
        except IntegrityError as clash:
            raise DialogueError(f"Năm {year} thôn đã có hội nghị.") from clash
        log(
            actor=actor,
            action="dialogues.conference.planned",
            target=c,
            unit=c.commune,
            request=request,
            changes={"year": year, "planned_on": planned_on.isoformat()},
        )
    return c


def give_notice(
    *,
    actor: Any,
    conference: VillageConference,
    notice_on: dt.date | None = None,
    reason: str = "",
    evidence: File[Any] | None = None,
    request: Any = None,
) -> IssuedDocument:
    """LD9: the notice reaches households (today, or an earlier day with reason and evidence).
    A notice fewer than 5 days before is recorded as it happened and shows as late."""
    _require(permissions.can_run_conference(actor, conference.village))
    today = clock.today()
    inp = _Input()
    reason = inp.text(reason, "Lý do ghi lùi ngày", multiline=True)
    day = inp.day(notice_on, today, reason=reason, evidence=evidence, label="Ngày thông báo")
    if conference.notice_on is not None:
        inp.problems.append("Đã ghi nhận thông báo.")
    if day > conference.planned_on:
        inp.problems.append("Ngày thông báo sau ngày hội nghị.")
    inp.check()
    with transaction.atomic():
        conference.notice_on = day
        conference.notice_recorded_on = today
        conference.notice_reason = reason if day < today else ""
        if evidence is not None and day < today:
            conference.notice_evidence = evidence
        if conference.status == ConferenceStatus.PLANNED:
            conference.status = ConferenceStatus.NOTIFIED
        conference.save()
        doc = _issue(
            kind=KIND_NOTICE,
            target=conference,
            title=f"Thông báo hội nghị cộng đồng dân cư năm {conference.year}",
            render=lambda issue: papers.notice_files(conference, issue),
            actor=actor,
            unit=conference.commune,
            agency=None,
            symbol="",
        )
        state = rules.conference_notice_state(conference.planned_on, day, today)
        log(
            actor=actor,
            action="dialogues.conference.notified",
            target=conference,
            unit=conference.commune,
            request=request,
            changes={
                "notice_on": day.isoformat(),
                "state": state.value,
                **({"reason": reason} if day < today else {}),
            },
        )
    return doc


def record_conference(
    *,
    actor: Any,
    conference: VillageConference,
    held_on: dt.date | None = None,
    reason: str = "",
    evidence: File[Any] | None = None,
    households_present: int | None = None,
    head_report: str = "",
    front_report: str = "",
    inspection_member: str = "",
    inspection_report: str = "",
    conclusions: str = "",
    request: Any = None,
) -> VillageConference:
    """LD9: the conference took place and heard the three reports."""
    _require(permissions.can_run_conference(actor, conference.village))
    today = clock.today()
    inp = _Input()
    reason = inp.text(reason, "Lý do ghi lùi ngày", multiline=True)
    day = inp.day(held_on, today, reason=reason, evidence=evidence, label="Ngày hội nghị")
    reports = {
        "village_head": inp.text(head_report, "Báo cáo của trưởng thôn", multiline=True),
        "front": inp.text(front_report, "Báo cáo của Ban công tác Mặt trận", multiline=True),
        "inspection": inp.text(
            inspection_report, "Báo cáo của thành viên Ban Thanh tra nhân dân", multiline=True
        ),
    }
    member = inp.text(
        inspection_member, "Thành viên Ban Thanh tra nhân dân"
    ) or selectors.board_member_name(conference.village_id, day)
    conclusions = inp.text(conclusions, "Kết luận", multiline=True)
    inp.problems += rules.missing_reports(reports)
    if conference.held_on is not None:
        inp.problems.append("Đã ghi nhận hội nghị.")
    if day.year != conference.year:
        inp.problems.append(
            f"Ngày {day:%d/%m/%Y} không thuộc năm {conference.year} (LD9: mỗi năm một lần)."
        )
    if conference.notice_on is not None and day < conference.notice_on:
        inp.problems.append("Ngày hội nghị trước ngày thông báo.")
    if households_present is not None and households_present < 0:
        inp.problems.append("Số hộ dự không hợp lệ.")
    inp.check()
    with transaction.atomic():
        before = conference.status
        conference.held_on = day
        conference.held_recorded_on = today
        conference.held_reason = reason if day < today else ""
        if evidence is not None and day < today:
            conference.evidence = evidence
        conference.households_present = households_present
        conference.head_report = reports["village_head"]
        conference.front_report = reports["front"]
        conference.inspection_report = reports["inspection"]
        if member:
            conference.inspection_member = member
        conference.conclusions = conclusions
        conference.status = ConferenceStatus.HELD
        conference.save()
        log(
            actor=actor,
            action="dialogues.conference.held",
            target=conference,
            unit=conference.commune,
            request=request,
            changes={
                "status": [before, ConferenceStatus.HELD],
                "held_on": day.isoformat(),
                **({"reason": reason} if day < today else {}),
            },
        )
    return conference


def send_conference_report(
    *, actor: Any, conference: VillageConference, request: Any = None
) -> IssuedDocument:
    """LD9: the village head's written report to the commune People's Committee and Front."""
    _require(permissions.can_run_conference(actor, conference.village))
    if conference.held_on is None:
        raise DialogueError("Chưa ghi nhận hội nghị: chưa báo cáo được.")
    if conference.reported_on is not None:
        raise DialogueError("Đã gửi báo cáo.")
    today = clock.today()
    with transaction.atomic():
        conference.reported_on = today
        conference.status = ConferenceStatus.REPORTED
        conference.save(update_fields=["reported_on", "status"])
        doc = _issue(
            kind=KIND_CONFERENCE_REPORT,
            target=conference,
            title=f"Báo cáo hội nghị cộng đồng dân cư năm {conference.year} — "
            f"{conference.village.name}",
            render=lambda issue: papers.conference_report_files(conference, issue),
            actor=actor,
            unit=conference.commune,
            agency=None,
            symbol="",
        )
        due = rules.conference_report_due(conference.held_on)
        log(
            actor=actor,
            action="dialogues.conference.reported",
            target=conference,
            unit=conference.commune,
            request=request,
            changes={
                "reported_on": today.isoformat(),
                "state": rules.step_state(due.due, today, today).value,
            },
        )
    return doc


# --------------------------------------------------------------------------------------------
# QD6, QD2 — the agency's staff conference and its head's dialogue with staff
# --------------------------------------------------------------------------------------------


def plan_staff_meeting(
    *,
    actor: Any,
    agency: Agency,
    kind: str,
    year: int,
    planned_on: dt.date,
    place: str = "",
    request: Any = None,
) -> StaffMeeting:
    _require(permissions.can_run_staff(actor, agency.unit))
    inp = _Input()
    place = inp.text(place, "Địa điểm")
    if kind not in MeetingKind.values:
        inp.problems.append("Loại hội nghị không hợp lệ.")
    taken = StaffMeeting.objects.filter(agency=agency, kind=kind).values_list("year", flat=True)
    inp.problems += rules.yearly_problems(year, planned_on, taken)
    inp.check()
    with transaction.atomic():
        try:
            with transaction.atomic():
                m = StaffMeeting.objects.create(
                    agency=agency,
                    unit=agency.unit,
                    kind=kind,
                    year=year,
                    planned_on=planned_on,
                    place=place,
                    created_by=_actor(actor),
                    created_at=clock.now(),
                )
        except IntegrityError as clash:
            raise DialogueError(f"Năm {year} cơ quan đã có hội nghị này.") from clash
        log(
            actor=actor,
            action="dialogues.staff.planned",
            target=m,
            unit=agency.unit,
            request=request,
            changes={"kind": kind, "year": year, "planned_on": planned_on.isoformat()},
        )
    return m


def record_staff_meeting(
    *,
    actor: Any,
    meeting: StaffMeeting,
    held_on: dt.date | None = None,
    reason: str = "",
    evidence: File[Any] | None = None,
    chair: str = "",
    participants: int | None = None,
    results: str = "",
    targets: str = "",
    exchanges: str = "",
    request: Any = None,
) -> IssuedDocument:
    """QD6: results reviewed and targets set; QD2: the staff's questions and the head's
    answers. The minutes (BB) are issued."""
    _require(permissions.can_run_staff(actor, meeting.unit))
    today = clock.today()
    inp = _Input()
    reason = inp.text(reason, "Lý do ghi lùi ngày", multiline=True)
    day = inp.day(held_on, today, reason=reason, evidence=evidence, label="Ngày tổ chức")
    chair = inp.text(chair, "Chủ trì", required=True)
    conference = meeting.kind == MeetingKind.STAFF_CONFERENCE
    results = inp.text(results, "Kết quả thực hiện nhiệm vụ", required=conference, multiline=True)
    targets = inp.text(targets, "Chỉ tiêu, nhiệm vụ", required=conference, multiline=True)
    exchanges = inp.text(
        exchanges, "Ý kiến của cán bộ và trả lời", required=not conference, multiline=True
    )
    if meeting.held_on is not None:
        inp.problems.append("Đã ghi nhận hội nghị.")
    if day.year != meeting.year:
        inp.problems.append(f"Ngày {day:%d/%m/%Y} không thuộc năm {meeting.year}.")
    if participants is not None and participants < 0:
        inp.problems.append("Số người dự không hợp lệ.")
    inp.check()
    with transaction.atomic():
        meeting.held_on = day
        meeting.held_recorded_on = today
        meeting.held_reason = reason if day < today else ""
        if evidence is not None and day < today:
            meeting.evidence = evidence
        meeting.chair = chair
        meeting.participants = participants
        meeting.results = results
        meeting.targets = targets
        meeting.exchanges = exchanges
        meeting.save()
        doc = _issue(
            kind=KIND_STAFF_MINUTES,
            target=meeting,
            title=(
                "Biên bản hội nghị cán bộ, công chức"
                if conference
                else "Biên bản đối thoại với cán bộ, công chức"
            )
            + f" năm {meeting.year}",
            render=lambda issue: papers.staff_minutes_files(meeting, issue),
            actor=actor,
            unit=meeting.unit,
            agency=meeting.agency,
            symbol="BB",
        )
        log(
            actor=actor,
            action="dialogues.staff.held",
            target=meeting,
            unit=meeting.unit,
            request=request,
            changes={"held_on": day.isoformat(), **({"reason": reason} if day < today else {})},
        )
    return doc
