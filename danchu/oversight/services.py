"""Residents' oversight (LD11, LD12, QD3): every write is a verb-first function with
keyword-only arguments, the whole input checked first (each problem in Vietnamese), one
transaction and an audit entry. Dates that record events are today unless back-dated with a
reason and evidence (``danchu.core.facts``); a step done after its due day is recorded and shown
late; documents go through ``danchu.documents.issuing``; an inspection's conclusion that is
item 10 of Art. 11 enters the disclosure register through ``danchu.disclosures.services``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from danchu.audit.services import log
from danchu.core import clock, facts
from danchu.core.text import TextRefused, clean_text
from danchu.documents import issuing
from danchu.documents.models import IssuedDocument
from danchu.oversight import papers, permissions, rules
from danchu.oversight.models import (
    BoardInspection,
    BoardMember,
    BoardPaper,
    Finding,
    Inspection,
    InspectionBoard,
    Project,
    Recommendation,
    Supervision,
    SupervisionBoard,
    SupervisionMember,
)
from danchu.oversight.rules import Officer, Origin
from danchu.people.models import Assignment, Person
from danchu.residents.models import Decision
from danchu.residents.models import Status as DecisionStatus
from danchu.residents.rules import Matter
from danchu.units.models import AdminUnit, AgencyKind, Level

PASSED_STATUSES = (
    DecisionStatus.HELD,
    DecisionStatus.ISSUED,
    DecisionStatus.SENT,
    DecisionStatus.RECOGNISED,
)
"""LD7: a community decision whose vote passed (recorded, issued, sent or recognised)."""


class OversightError(Exception):
    """A refused step: every problem in Vietnamese, each naming its rule where there is one."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


def _require(ok: bool) -> None:
    if not ok:
        raise PermissionDenied


def _clean(
    value: str,
    label: str,
    problems: list[str],
    *,
    multiline: bool = False,
    max_length: int = 5000,
    required: bool = True,
) -> str:
    try:
        cleaned = clean_text(value or "", max_length=max_length, multiline=multiline)
    except TextRefused as refused:
        problems.append(f"{label}: {refused}")
        return ""
    if required and not cleaned:
        problems.append(f"{label}: không được để trống.")
    return cleaned


def _lines(
    values: Sequence[str], label: str, problems: list[str], max_length: int = 2000
) -> list[str]:
    out = []
    for i, value in enumerate(values, start=1):
        text = _clean(
            value,
            f"{label} dòng {i}",
            problems,
            multiline=True,
            max_length=max_length,
            required=False,
        )
        if text:
            out.append(text)
    return out


def _file_problems(file: Any, label: str) -> list[str]:
    if file is None:
        return []
    from danchu.disclosures.uploads import file_problems

    return file_problems(file, label)


def _event_day(
    on: dt.date | None,
    reason: str,
    evidence: Any,
    label: str,
    problems: list[str],
    *,
    has_evidence: bool = False,
) -> dt.date:
    today = clock.today()
    problems += facts.event_day_problems(
        on=on,
        today=today,
        reason=reason,
        has_evidence=evidence is not None or has_evidence,
        label=label,
    )
    return on or today


def _actor_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _commune(unit: AdminUnit) -> None:
    if unit.level != Level.COMMUNE:
        raise OversightError("Chọn một đơn vị cấp xã.")


def _ubnd(unit: AdminUnit) -> Any:
    return unit.agencies.filter(kind=AgencyKind.UBND).first()


def villages_of(commune: AdminUnit, on: dt.date) -> list[AdminUnit]:
    from danchu.disclosures.services import villages_of as disclosed_villages

    return disclosed_villages(commune, on)


# --------------------------------------------------------------------------------------------
# LD11 — the board and its members
# --------------------------------------------------------------------------------------------


def create_board(
    *,
    actor: Any,
    commune: AdminUnit,
    term_starts_on: dt.date,
    term_ends_on: dt.date,
    deputies_allowed: int = rules.DEPUTIES_MAX,
) -> InspectionBoard:
    """LD11: the Front committee opens the board for the village heads' term."""
    _commune(commune)
    _require(permissions.directs(actor, commune))
    problems = []
    if term_ends_on <= term_starts_on:
        problems.append("Nhiệm kỳ: ngày kết thúc phải sau ngày bắt đầu.")
    if not 0 <= deputies_allowed <= rules.DEPUTIES_MAX:
        problems.append("Số Phó Trưởng ban: từ 0 đến 02 — LD11")
    if InspectionBoard.objects.filter(
        commune=commune, term_starts_on__lt=term_ends_on, term_ends_on__gt=term_starts_on
    ).exists():
        problems.append("Xã đã có Ban Thanh tra nhân dân trong nhiệm kỳ này.")
    if problems:
        raise OversightError(problems)
    with transaction.atomic():
        board = InspectionBoard.objects.create(
            commune=commune,
            term_starts_on=term_starts_on,
            term_ends_on=term_ends_on,
            deputies_allowed=deputies_allowed,
            created_at=clock.now(),
        )
        log(
            actor=actor,
            action="oversight.board.created",
            target=board,
            unit=commune,
            changes={
                "term": [term_starts_on.isoformat(), term_ends_on.isoformat()],
                "deputies_allowed": deputies_allowed,
            },
        )
    return board


def commune_posts(person: Person, commune: AdminUnit, on: dt.date) -> tuple[str, ...]:
    """LD11: the posts ``person`` holds on ``on`` in the commune or one of its villages (the
    people records): a commune official, civil servant or commune or village staff member."""
    posts = (
        Assignment.objects.active_on(on)
        .filter(person=person, agency__unit__path__startswith=commune.path)
        .select_related("position", "agency")
    )
    return tuple(f"{a.position.name} — {a.agency.name}" for a in posts)


def eligibility(person: Person, commune: AdminUnit, on: dt.date) -> rules.Eligibility:
    """LD11: what the people records say (the record kept by the commune or one of its villages
    is read as permanent residence there)."""
    home = person.home_unit
    return rules.Eligibility(
        permanent_resident=home.path.startswith(commune.path),
        commune_posts=commune_posts(person, commune, on),
    )


def _sitting(board: InspectionBoard) -> list[BoardMember]:
    return list(board.members.filter(left_on__isnull=True).select_related("person", "village"))


def elect_member(
    *,
    actor: Any,
    board: InspectionBoard,
    person: Person,
    village: AdminUnit,
    officer: Officer = Officer.MEMBER,
    elected_on: dt.date | None = None,
    decision: Decision | None = None,
    minutes_ref: str = "",
    minutes: Any = None,
    reason: str = "",
) -> BoardMember:
    """LD11: a member elected at ``village``'s community meeting. The election is the village's
    community decision of matter 5 (``thanh_vien_ban``) where one exists, recognised; otherwise
    the meeting's minutes (number, file) are the evidence. The person must be eligible from the
    people records; the board keeps at most about one member per village (5 where fewer than 5
    villages), one head and the deputies the Front set."""
    _require(permissions.can_direct_board(actor, board))
    problems: list[str] = []
    today = clock.today()
    if village.level != Level.VILLAGE or village.parent_id != board.commune_id:
        problems.append("Thôn: chọn một thôn, tổ dân phố của xã.")
    day = _event_day(
        elected_on, reason, minutes, "Ngày bầu", problems, has_evidence=decision is not None
    )
    reason = _clean(reason, "Lý do ghi lùi ngày", problems, multiline=True, required=False)
    minutes_ref = _clean(minutes_ref, "Biên bản hội nghị", problems, max_length=200, required=False)
    problems += _file_problems(minutes, "Biên bản")
    if not board.term_starts_on <= day <= board.term_ends_on and day <= today:
        problems.append(
            f"Ngày bầu {day:%d/%m/%Y} ngoài nhiệm kỳ {board.term_starts_on:%d/%m/%Y}–"
            f"{board.term_ends_on:%d/%m/%Y}."
        )
    if decision is not None:
        if decision.matter != Matter.BOARD_MEMBERS.value:
            problems.append(
                "Quyết định của cộng đồng phải là việc bầu thành viên Ban (mục 5) — LD2"
            )
        if decision.village_id != village.pk:
            problems.append("Quyết định của cộng đồng phải là của thôn này.")
        if decision.passed is not True or decision.status not in PASSED_STATUSES:
            problems.append("Quyết định của cộng đồng chưa được thông qua — LD7")
    elif not minutes_ref and minutes is None:
        problems.append(
            "Ghi quyết định của cộng đồng (bầu thành viên Ban) hoặc biên bản hội nghị thôn làm "
            "minh chứng — LD11"
        )
    problems += [
        str(p)
        for p in rules.eligibility_problems(
            person.full_name, eligibility(person, board.commune, day)
        )
    ]
    sitting = _sitting(board)
    if any(m.person_id == person.pk for m in sitting):
        problems.append(f"{person.full_name} đã là thành viên Ban.")
    villages = len(villages_of(board.commune, day))
    _, high = rules.board_size_range(villages)
    if len(sitting) + 1 > high:
        problems += [str(p) for p in rules.board_size_problems(len(sitting) + 1, villages)]
    problems += [
        str(p)
        for p in rules.officer_problems(
            [m.officer_enum for m in sitting] + [officer], board.deputies_allowed
        )
    ]
    if problems:
        raise OversightError(problems)
    vacated = board.members.filter(village=village, left_on__isnull=False).exists()
    with transaction.atomic():
        member = BoardMember(
            board=board,
            person=person,
            village=village,
            officer=officer.value,
            elected_on=day,
            decision=decision,
            minutes_ref=minutes_ref,
            by_election=vacated,
            recorded_on=today,
            reason=reason if day != today else "",
        )
        if minutes is not None:
            member.minutes = minutes
        member.save()
        log(
            actor=actor,
            action="oversight.member.elected",
            target=board,
            unit=board.commune,
            changes={
                "person": person.pk,
                "village": village.pk,
                "officer": officer.value,
                "on": day.isoformat(),
                "decision": decision.pk if decision else None,
                **({"reason": reason} if day != today else {}),
            },
        )
    return member


def vacate_seat(*, actor: Any, member: BoardMember, reason: str) -> bool:
    """LD11: a seat falls vacant today; returns whether a by-election is due (≥ 6 months of the
    term remain)."""
    _require(permissions.can_direct_board(actor, member.board))
    problems: list[str] = []
    reason = _clean(reason, "Lý do", problems, multiline=True)
    if member.left_on is not None:
        problems.append("Thành viên này đã thôi.")
    if problems:
        raise OversightError(problems)
    today = clock.today()
    needed = rules.by_election_needed(today, member.board.term_ends_on)
    with transaction.atomic():
        member.left_on = today
        member.left_reason = reason
        member.save(update_fields=["left_on", "left_reason"])
        log(
            actor=actor,
            action="oversight.member.left",
            target=member.board,
            unit=member.board.commune,
            changes={"member": member.pk, "reason": reason, "by_election": needed},
        )
    return needed


# --------------------------------------------------------------------------------------------
# LD11 — the board's plans and reports to the Front committee
# --------------------------------------------------------------------------------------------

PERIOD_WORDS = {
    rules.Period.QUARTER: "quý",
    rules.Period.HALF: "6 tháng",
    rules.Period.YEAR: "năm",
    rules.Period.TERM: "nhiệm kỳ",
    rules.Period.AD_HOC: "đột xuất",
}


def issue_board_paper(
    *,
    actor: Any,
    board: InspectionBoard,
    is_plan: bool,
    period: rules.Period,
    year: int,
    part: int = 1,
    content: str,
) -> BoardPaper:
    """LD11: the board's plan, or its report to the Front committee, for a period; issued as a
    document (KH or BC) today."""
    _require(permissions.can_work_board(actor, board))
    problems: list[str] = [str(p) for p in rules.period_problems(period, part, is_plan)]
    content = _clean(content, "Nội dung", problems, multiline=True, max_length=20000)
    if not 2000 <= year <= 2100:
        problems.append("Năm không hợp lệ.")
    if problems:
        raise OversightError(problems)
    words = PERIOD_WORDS[period]
    when = (
        f"{words} {part}/{year}"
        if period in (rules.Period.QUARTER, rules.Period.HALF)
        else f"{words} {year}"
    )
    what = "Kế hoạch" if is_plan else "Báo cáo"
    with transaction.atomic():
        paper_row = BoardPaper.objects.create(
            board=board,
            is_plan=is_plan,
            period=period.value,
            year=year,
            part=part,
            content=content,
            created_at=clock.now(),
        )
        paper = papers.Paper(
            issuer=f"Ủy ban MTTQ Việt Nam {board.commune.name}\nBan Thanh tra nhân dân",
            commune_name=board.commune.name,
            kind=what,
            kind_code="KH" if is_plan else "BC",
            summary=f"{what} hoạt động của Ban Thanh tra nhân dân {when}",
            sections=[("", content.splitlines())],
            signer="Trưởng ban",
            recipients=("Ban Thường trực UBMTTQ xã",),
        )
        doc = issuing.issue(
            kind="oversight.board_paper",
            target=paper_row,
            title=f"{what} {when} — {board}",
            render=lambda issue: papers.render(paper, issue),
            actor=actor,
            unit=board.commune,
        )
        paper_row.document = doc
        paper_row.save(update_fields=["document"])
        log(
            actor=actor,
            action="oversight.board.paper",
            target=board,
            unit=board.commune,
            changes={"plan": is_plan, "period": period.value, "year": year, "part": part},
        )
    return paper_row


# --------------------------------------------------------------------------------------------
# LD11 — inspections by the board
# --------------------------------------------------------------------------------------------


def plan_board_inspection(
    *,
    actor: Any,
    board: InspectionBoard,
    subject: str,
    target: str,
    inspection_on: dt.date,
    reason: str = "",
) -> BoardInspection:
    """LD11: the board plans an inspection; the plan is sent later (≥ 5 working days before).
    An inspection already held when the platform is told needs a reason (its plan is then
    recorded back-dated with evidence)."""
    _require(permissions.can_work_board(actor, board))
    problems: list[str] = []
    subject = _clean(subject, "Nội dung kiểm tra", problems, max_length=300)
    target = _clean(target, "Đối tượng được kiểm tra", problems, max_length=300)
    reason = _clean(reason, "Lý do", problems, multiline=True, required=False)
    if inspection_on < clock.today() and not reason:
        problems.append(
            "Ngày kiểm tra đã qua: kế hoạch phải lập trước (ghi lại việc đã làm thì nêu lý do)."
        )
    if problems:
        raise OversightError(problems)
    with transaction.atomic():
        bi = BoardInspection.objects.create(
            board=board,
            subject=subject,
            target=target,
            inspection_on=inspection_on,
            created_at=clock.now(),
        )
        log(
            actor=actor,
            action="oversight.inspection.planned",
            target=bi,
            unit=board.commune,
            changes={
                "subject": subject,
                "on": inspection_on.isoformat(),
                **({"reason": reason} if reason else {}),
            },
        )
    return bi


def _plan_paper(bi: BoardInspection) -> papers.Paper:
    return papers.Paper(
        issuer=f"Ủy ban MTTQ Việt Nam {bi.board.commune.name}\nBan Thanh tra nhân dân",
        commune_name=bi.board.commune.name,
        kind="Kế hoạch",
        kind_code="KH",
        summary=f"Kiểm tra {bi.subject}",
        sections=[
            ("1. Nội dung", [bi.subject]),
            ("2. Đối tượng được kiểm tra", [bi.target]),
            ("3. Thời gian", [f"Ngày {bi.inspection_on:%d/%m/%Y}."]),
        ],
        signer="Trưởng ban",
        recipients=("Ban Thường trực UBMTTQ xã", "Chủ tịch UBND xã", bi.target),
    )


def send_plan(
    *,
    actor: Any,
    inspection: BoardInspection,
    on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
) -> BoardInspection:
    """LD11: the plan reaches the Front committee, the chairman and the target; issued as a
    document that day. Recorded late when fewer than 5 working days remain."""
    board = inspection.board
    _require(permissions.can_work_board(actor, board))
    problems: list[str] = []
    if inspection.plan_sent_on is not None:
        problems.append("Kế hoạch đã được gửi.")
    day = _event_day(on, reason, evidence, "Ngày gửi kế hoạch", problems)
    reason = _clean(reason, "Lý do ghi lùi ngày", problems, multiline=True, required=False)
    problems += _file_problems(evidence, "Minh chứng")
    if day > inspection.inspection_on:
        problems.append("Kế hoạch phải gửi trước ngày kiểm tra.")
    if problems:
        raise OversightError(problems)
    due = rules.plan_notice_due(inspection.inspection_on)
    with transaction.atomic():
        inspection.plan_sent_on = day
        inspection.plan_sent_reason = reason if day != clock.today() else ""
        if evidence is not None:
            inspection.plan_evidence = evidence
        inspection.save()
        issuing.issue(
            kind="oversight.board_plan",
            target=inspection,
            title=f"Kế hoạch kiểm tra: {inspection.subject}",
            render=lambda issue: papers.render(_plan_paper(inspection), issue),
            actor=actor,
            unit=board.commune,
            on=day,
        )
        log(
            actor=actor,
            action="oversight.inspection.plan_sent",
            target=inspection,
            unit=board.commune,
            changes={
                "on": day.isoformat(),
                "due": due.due.isoformat(),
                "late": day > due.due,
                **({"reason": reason} if reason else {}),
            },
        )
    return inspection


def _recommendations(
    items: Sequence[tuple[str, bool]], label: str, problems: list[str]
) -> list[tuple[str, bool]]:
    out = []
    for i, (text, suspension) in enumerate(items, start=1):
        cleaned = _clean(text, f"{label} {i}", problems, multiline=True, required=False)
        if cleaned:
            out.append((cleaned, suspension))
    return out


def report_board_findings(
    *, actor: Any, inspection: BoardInspection, findings: str, recommendations: Sequence[str]
) -> BoardInspection:
    """LD11: after the inspection, its findings and recommendations; the report goes to the
    Front committee and the recommendations to the commune People's Committee, which answers
    each within 15 days from today."""
    board = inspection.board
    _require(permissions.can_work_board(actor, board))
    problems: list[str] = []
    today = clock.today()
    if inspection.reported_on is not None:
        problems.append("Đã báo cáo kết quả kiểm tra này.")
    if today < inspection.inspection_on:
        problems.append(f"Chưa đến ngày kiểm tra ({inspection.inspection_on:%d/%m/%Y}).")
    findings = _clean(findings, "Kết quả kiểm tra", problems, multiline=True)
    recs = _recommendations([(t, False) for t in recommendations], "Kiến nghị", problems)
    if problems:
        raise OversightError(problems)
    due = rules.answer_due(today, "LD11").due
    with transaction.atomic():
        inspection.findings = findings
        inspection.reported_on = today
        inspection.save(update_fields=["findings", "reported_on"])
        Recommendation.objects.bulk_create(
            [
                Recommendation(
                    rule="LD11",
                    board_inspection=inspection,
                    commune=board.commune,
                    text=text,
                    received_on=today,
                    due_on=due,
                )
                for text, _ in recs
            ]
        )
        paper = papers.Paper(
            issuer=f"Ủy ban MTTQ Việt Nam {board.commune.name}\nBan Thanh tra nhân dân",
            commune_name=board.commune.name,
            kind="Báo cáo",
            kind_code="BC",
            summary=f"Kết quả kiểm tra {inspection.subject}",
            sections=[
                ("1. Kết quả kiểm tra", findings.splitlines()),
                ("2. Kiến nghị", [f"{i}. {t}" for i, (t, _) in enumerate(recs, start=1)]),
            ],
            signer="Trưởng ban",
            recipients=("Ban Thường trực UBMTTQ xã", "UBND xã"),
        )
        issuing.issue(
            kind="oversight.board_report",
            target=inspection,
            title=f"Báo cáo kết quả kiểm tra: {inspection.subject}",
            render=lambda issue: papers.render(paper, issue, {"recommendations": len(recs)}),
            actor=actor,
            unit=board.commune,
        )
        log(
            actor=actor,
            action="oversight.inspection.reported",
            target=inspection,
            unit=board.commune,
            changes={"recommendations": len(recs), "answer_due": due.isoformat()},
        )
    return inspection


# --------------------------------------------------------------------------------------------
# LD11, LD12, QD3 — the commune's answer and follow-up
# --------------------------------------------------------------------------------------------


def answer_recommendation(
    *,
    actor: Any,
    recommendation: Recommendation,
    answer: str,
    on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
) -> Recommendation:
    """LD11, LD12: the commune People's Committee answers (issued as its letter); QD3: the
    commune reports the recommendation carried out. Recorded late after the due day."""
    _require(permissions.can_answer(actor, recommendation.commune))
    problems: list[str] = []
    if recommendation.answered_on is not None:
        problems.append("Kiến nghị này đã được trả lời.")
    day = _event_day(on, reason, evidence, "Ngày trả lời", problems)
    if day < recommendation.received_on:
        problems.append("Ngày trả lời không thể trước ngày nhận kiến nghị.")
    answer = _clean(answer, "Nội dung trả lời", problems, multiline=True)
    reason = _clean(reason, "Lý do ghi lùi ngày", problems, multiline=True, required=False)
    problems += _file_problems(evidence, "Minh chứng")
    if problems:
        raise OversightError(problems)
    commune = recommendation.commune
    agency = _ubnd(commune)
    with transaction.atomic():
        recommendation.answered_on = day
        recommendation.answer = answer
        recommendation.answer_reason = reason if day != clock.today() else ""
        if evidence is not None:
            recommendation.answer_evidence = evidence
        paper = papers.Paper(
            issuer=f"Ủy ban nhân dân\n{commune.name}",
            commune_name=commune.name,
            kind="",
            kind_code="CV",
            summary="V/v trả lời kiến nghị"
            if recommendation.rule != "QD3"
            else "V/v thực hiện kiến nghị sau kiểm tra",
            sections=[
                (
                    "",
                    [
                        f"Kiến nghị nhận ngày {recommendation.received_on:%d/%m/%Y}:",
                        recommendation.text,
                    ],
                ),
                ("", answer.splitlines()),
            ],
            signer="Chủ tịch",
            on_behalf="Ủy ban nhân dân",
            recipients=("Như trên", "Ủy ban MTTQ Việt Nam xã"),
        )
        doc = issuing.issue(
            kind="oversight.answer",
            target=recommendation,
            title=f"Trả lời kiến nghị: {recommendation.text[:120]}",
            render=lambda issue: papers.render(paper, issue),
            actor=actor,
            agency=agency,
            symbol="CV" if agency is not None else "",
            unit=commune,
            on=day,
        )
        recommendation.answer_document = doc
        recommendation.save()
        log(
            actor=actor,
            action="oversight.recommendation.answered",
            target=recommendation,
            unit=commune,
            changes={
                "on": day.isoformat(),
                "due": recommendation.due_on.isoformat(),
                "late": day > recommendation.due_on,
                **({"reason": reason} if reason else {}),
            },
        )
    return recommendation


# --------------------------------------------------------------------------------------------
# LD12 — projects and supervision boards
# --------------------------------------------------------------------------------------------


def create_project(
    *,
    actor: Any,
    commune: AdminUnit,
    name: str,
    kind: rules.ProjectKind,
    investor: str,
    funding: str,
    villages: Sequence[AdminUnit],
    starts_on: dt.date,
    ends_on: dt.date,
    amount: int | None = None,
    consultants: Sequence[str] = (),
    contractors: Sequence[str] = (),
) -> Project:
    """LD12: the project record the Front committee sets a board up for."""
    _commune(commune)
    _require(permissions.directs(actor, commune))
    problems: list[str] = []
    name = _clean(name, "Tên dự án", problems, max_length=300)
    investor = _clean(investor, "Chủ đầu tư", problems, max_length=300)
    funding = _clean(funding, "Nguồn vốn", problems, max_length=300)
    consultant_lines = _lines(consultants, "Đơn vị tư vấn", problems, 300)
    contractor_lines = _lines(contractors, "Nhà thầu", problems, 300)
    if not villages:
        problems.append("Chọn ít nhất một thôn chịu tác động của dự án — LD12")
    for v in villages:
        if v.parent_id != commune.pk:
            problems.append(f"{v.name} không thuộc {commune.name}.")
    if ends_on < starts_on:
        problems.append("Ngày kết thúc dự kiến phải sau ngày khởi công.")
    if amount is not None and amount < 0:
        problems.append("Tổng mức đầu tư không được âm.")
    if problems:
        raise OversightError(problems)
    with transaction.atomic():
        project = Project.objects.create(
            commune=commune,
            name=name,
            kind=kind.value,
            investor=investor,
            funding=funding,
            amount=amount,
            consultants="\n".join(consultant_lines),
            contractors="\n".join(contractor_lines),
            starts_on=starts_on,
            ends_on=ends_on,
            created_at=clock.now(),
        )
        project.villages.set(villages)
        log(
            actor=actor,
            action="oversight.project.created",
            target=project,
            unit=commune,
            changes={"name": name, "kind": kind.value, "villages": [v.pk for v in villages]},
        )
    return project


@dataclass(frozen=True)
class MemberInput:
    """LD12: one member as the Front committee records them, with their declaration."""

    name: str
    origin: Origin
    officer: Officer = Officer.MEMBER
    no_relatives: bool = False
    not_commune_official: bool = False
    village: AdminUnit | None = None
    person: Person | None = None


def set_up_supervision_board(
    *, actor: Any, project: Project, members: Sequence[MemberInput]
) -> SupervisionBoard:
    """LD12: the Front committee sets up the project's board today: at least 5 members (Front,
    Inspection Board, residents of the affected villages — at most 5), one head and at most 2
    deputies, each with a declaration of no relatives among the investor, consultants and
    contractors and of not being a commune official (checked against the people records where
    the member has one)."""
    _require(permissions.can_direct_project(actor, project))
    problems: list[str] = []
    today = clock.today()
    if SupervisionBoard.objects.filter(project=project).exists():
        problems.append("Dự án đã có Ban Giám sát đầu tư của cộng đồng — LD12")
    if project.ended_on is not None:
        problems.append("Dự án đã kết thúc.")
    affected = set(project.villages.values_list("pk", flat=True))
    cleaned: list[MemberInput] = []
    for i, m in enumerate(members, start=1):
        name = _clean(m.name, f"Thành viên {i}: họ tên", problems, max_length=200)
        if m.origin is Origin.RESIDENT and (m.village is None or m.village.pk not in affected):
            problems.append(f"Thành viên {i}: đại diện Nhân dân phải thuộc thôn chịu tác động.")
        not_official = m.not_commune_official
        if m.person is not None and commune_posts(m.person, project.commune, today):
            problems.append(
                f"Thành viên {i} ({name}): hồ sơ nhân sự ghi đang giữ chức vụ ở xã — LD12"
            )
        cleaned.append(
            MemberInput(
                name, m.origin, m.officer, m.no_relatives, not_official, m.village, m.person
            )
        )
    problems += [
        str(p)
        for p in rules.supervision_board_problems(
            [(m.origin, m.officer) for m in cleaned],
            [rules.Declaration(m.name, m.no_relatives, m.not_commune_official) for m in cleaned],
        )
    ]
    if problems:
        raise OversightError(problems)
    with transaction.atomic():
        board = SupervisionBoard.objects.create(project=project, established_on=today)
        SupervisionMember.objects.bulk_create(
            [
                SupervisionMember(
                    board=board,
                    name=m.name,
                    person=m.person,
                    origin=m.origin.value,
                    village=m.village,
                    officer=m.officer.value,
                    no_relatives=m.no_relatives,
                    not_commune_official=m.not_commune_official,
                    declared_on=today,
                )
                for m in cleaned
            ]
        )
        log(
            actor=actor,
            action="oversight.supervision_board.created",
            target=project,
            unit=project.commune,
            changes={"members": len(cleaned)},
        )
    return board


def plan_supervision(
    *, actor: Any, project: Project, supervision_on: dt.date, content: str
) -> Supervision:
    """LD12: a supervision on ``supervision_on``; the investor must be told ≥ 45 days before."""
    _require(permissions.can_work_supervision(actor, project))
    problems: list[str] = []
    board = SupervisionBoard.objects.filter(project=project).first()
    if board is None:
        problems.append("Dự án chưa có Ban Giám sát đầu tư của cộng đồng.")
    elif not rules.board_active(board.established_on, project.ended_on, supervision_on):
        problems.append("Ban đã giải thể khi dự án kết thúc (hoặc chưa thành lập vào ngày đó).")
    content = _clean(content, "Nội dung giám sát", problems, max_length=300)
    if supervision_on < clock.today():
        problems.append("Ngày giám sát đã qua: kế hoạch phải lập trước.")
    if problems or board is None:
        raise OversightError(problems)
    with transaction.atomic():
        s = Supervision.objects.create(
            board=board, supervision_on=supervision_on, content=content, created_at=clock.now()
        )
        log(
            actor=actor,
            action="oversight.supervision.planned",
            target=s,
            unit=project.commune,
            changes={"on": supervision_on.isoformat(), "content": content},
        )
    return s


def notify_investor(
    *,
    actor: Any,
    supervision: Supervision,
    on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
) -> Supervision:
    """LD12: the Front committee tells the investor of the plan and the members (issued as its
    notice); recorded late when fewer than 45 days remain."""
    project = supervision.board.project
    _require(permissions.can_direct_project(actor, project))
    problems: list[str] = []
    if supervision.investor_notified_on is not None:
        problems.append("Đã thông báo cho chủ đầu tư.")
    day = _event_day(on, reason, evidence, "Ngày thông báo", problems)
    reason = _clean(reason, "Lý do ghi lùi ngày", problems, multiline=True, required=False)
    problems += _file_problems(evidence, "Minh chứng")
    if day > supervision.supervision_on:
        problems.append("Thông báo phải trước ngày giám sát.")
    if problems:
        raise OversightError(problems)
    due = rules.investor_notice_due(supervision.supervision_on)
    members = [f"{m.name} — {m.get_officer_display()}" for m in supervision.board.members.all()]
    paper = papers.Paper(
        issuer=f"Ủy ban MTTQ Việt Nam\n{project.commune.name}",
        commune_name=project.commune.name,
        kind="Thông báo",
        kind_code="TB",
        summary=f"Kế hoạch giám sát dự án {project.name}",
        sections=[
            ("1. Nội dung giám sát", [supervision.content]),
            ("2. Thời gian", [f"Ngày {supervision.supervision_on:%d/%m/%Y}."]),
            ("3. Thành viên Ban Giám sát đầu tư của cộng đồng", members),
        ],
        signer="Chủ tịch",
        on_behalf="Ban Thường trực",
        recipients=(project.investor, "Ban Giám sát đầu tư của cộng đồng"),
    )
    with transaction.atomic():
        supervision.investor_notified_on = day
        supervision.notified_reason = reason if day != clock.today() else ""
        if evidence is not None:
            supervision.notified_evidence = evidence
        supervision.save()
        issuing.issue(
            kind="oversight.investor_notice",
            target=supervision,
            title=f"Thông báo giám sát: {project.name}",
            render=lambda issue: papers.render(paper, issue),
            actor=actor,
            unit=project.commune,
            on=day,
        )
        log(
            actor=actor,
            action="oversight.supervision.investor_told",
            target=supervision,
            unit=project.commune,
            changes={
                "on": day.isoformat(),
                "due": due.due.isoformat(),
                "late": day > due.due,
                **({"reason": reason} if reason else {}),
            },
        )
    return supervision


def report_supervision(
    *,
    actor: Any,
    supervision: Supervision,
    findings: str,
    recommendations: Sequence[tuple[str, bool]],
) -> Supervision:
    """LD12: the board's findings and recommendations (``(text, suspension)``, a suspension
    recommended where the project breaks the rules); the commune answers within 15 days."""
    project = supervision.board.project
    _require(permissions.can_work_supervision(actor, project))
    problems: list[str] = []
    today = clock.today()
    if supervision.reported_on is not None:
        problems.append("Đã báo cáo kết quả giám sát này.")
    if today < supervision.supervision_on:
        problems.append(f"Chưa đến ngày giám sát ({supervision.supervision_on:%d/%m/%Y}).")
    findings = _clean(findings, "Kết quả giám sát", problems, multiline=True)
    recs = _recommendations(recommendations, "Kiến nghị", problems)
    if problems:
        raise OversightError(problems)
    due = rules.answer_due(today, "LD12").due
    with transaction.atomic():
        supervision.findings = findings
        supervision.reported_on = today
        supervision.save(update_fields=["findings", "reported_on"])
        Recommendation.objects.bulk_create(
            [
                Recommendation(
                    rule="LD12",
                    supervision=supervision,
                    commune=project.commune,
                    text=text,
                    suspension=susp,
                    received_on=today,
                    due_on=due,
                )
                for text, susp in recs
            ]
        )
        paper = papers.Paper(
            issuer=f"Ủy ban MTTQ Việt Nam {project.commune.name}\n"
            "Ban Giám sát đầu tư của cộng đồng",
            commune_name=project.commune.name,
            kind="Báo cáo",
            kind_code="BC",
            summary=f"Kết quả giám sát dự án {project.name}",
            sections=[
                ("1. Kết quả giám sát", findings.splitlines()),
                (
                    "2. Kiến nghị",
                    [
                        f"{i}. {t}" + (" (đề nghị tạm dừng dự án)" if s else "")
                        for i, (t, s) in enumerate(recs, start=1)
                    ],
                ),
            ],
            signer="Trưởng ban",
            recipients=("Ban Thường trực UBMTTQ xã", "UBND xã", project.investor),
        )
        issuing.issue(
            kind="oversight.supervision_report",
            target=supervision,
            title=f"Báo cáo giám sát: {project.name}",
            render=lambda issue: papers.render(paper, issue, {"recommendations": len(recs)}),
            actor=actor,
            unit=project.commune,
        )
        log(
            actor=actor,
            action="oversight.supervision.reported",
            target=supervision,
            unit=project.commune,
            changes={
                "recommendations": len(recs),
                "suspension": any(s for _, s in recs),
                "answer_due": due.isoformat(),
            },
        )
    return supervision


def end_project(
    *,
    actor: Any,
    project: Project,
    on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
) -> Project:
    """LD12: the project ends; its board dissolves itself the same day."""
    _require(permissions.can_direct_project(actor, project))
    problems: list[str] = []
    if project.ended_on is not None:
        problems.append("Dự án đã kết thúc.")
    day = _event_day(on, reason, evidence, "Ngày kết thúc", problems)
    if day < project.starts_on:
        problems.append("Ngày kết thúc trước ngày khởi công.")
    if problems:
        raise OversightError(problems)
    with transaction.atomic():
        project.ended_on = day
        project.save(update_fields=["ended_on"])
        SupervisionBoard.objects.filter(project=project).update(dissolved_on=day)
        log(
            actor=actor,
            action="oversight.project.ended",
            target=project,
            unit=project.commune,
            changes={"on": day.isoformat(), **({"reason": reason} if reason else {})},
        )
    return project


# --------------------------------------------------------------------------------------------
# QD3 — inspections
# --------------------------------------------------------------------------------------------


def plan_inspection(
    *,
    actor: Any,
    inspecting_unit: AdminUnit,
    target_unit: AdminUnit,
    target_kind: rules.TargetKind,
    target_name: str,
    kind: rules.InspectionKind,
    title: str,
    planned_on: dt.date,
    team: Sequence[str],
) -> Inspection:
    """QD3: the plan and the team of a periodic, unannounced or self-inspection of a body in
    ``target_unit`` (the inspecting unit or a unit under it)."""
    _require(permissions.can_run_inspection(actor, inspecting_unit))
    problems: list[str] = []
    if not target_unit.path.startswith(inspecting_unit.path):
        problems.append("Đơn vị được kiểm tra phải là đơn vị kiểm tra hoặc đơn vị trực thuộc.")
    problems += [
        str(p)
        for p in rules.self_inspection_problems(
            kind, same_unit=target_unit.pk == inspecting_unit.pk
        )
    ]
    target_name = _clean(target_name, "Cơ quan được kiểm tra", problems, max_length=300)
    title = _clean(title, "Tên cuộc kiểm tra", problems, max_length=300)
    members = _lines(team, "Đoàn kiểm tra", problems, 200)
    if not members:
        problems.append("Ghi thành viên đoàn kiểm tra (mỗi dòng một người) — QD3")
    if problems:
        raise OversightError(problems)
    with transaction.atomic():
        inspection = Inspection.objects.create(
            inspecting_unit=inspecting_unit,
            target_unit=target_unit,
            target_kind=target_kind.value,
            target_name=target_name,
            kind=kind.value,
            title=title,
            planned_on=planned_on,
            team="\n".join(members),
            created_by=_actor_user(actor),
            created_at=clock.now(),
        )
        log(
            actor=actor,
            action="oversight.qd3.planned",
            target=inspection,
            unit=inspecting_unit,
            changes={"kind": kind.value, "target": target_unit.pk, "on": planned_on.isoformat()},
        )
    return inspection


@dataclass(frozen=True)
class FindingInput:
    rule: str
    met: bool
    text: str


def conclude_inspection(
    *,
    actor: Any,
    inspection: Inspection,
    findings: Sequence[FindingInput],
    recommendations: Sequence[tuple[str, dt.date]],
    request: Any = None,
) -> IssuedDocument:
    """QD3: the conclusion, issued (frozen) today with its findings per rule of the law and its
    recommendations with deadlines; a conclusion on a commune's People's Committee enters that
    commune's disclosure register as item 10 of Art. 11 (LD1)."""
    from danchu.legalcal.deadlines import RULE_ID

    _require(permissions.can_run_inspection(actor, inspection.inspecting_unit))
    problems: list[str] = []
    today = clock.today()
    if inspection.concluded_on is not None:
        problems.append("Cuộc kiểm tra đã có kết luận; muốn sửa thì ban hành văn bản đính chính.")
    if today < inspection.planned_on:
        problems.append(f"Chưa đến ngày kiểm tra ({inspection.planned_on:%d/%m/%Y}).")
    if not findings:
        problems.append("Ghi ít nhất một nội dung kiểm tra theo quy định — QD3")
    cleaned: list[FindingInput] = []
    for i, f in enumerate(findings, start=1):
        rule = (f.rule or "").strip().upper()
        if not RULE_ID.fullmatch(rule):
            problems.append(f"Nội dung {i}: «{f.rule}» không phải mã quy định (ví dụ LD1).")
        text = _clean(f.text, f"Nội dung {i}", problems, multiline=True)
        cleaned.append(FindingInput(rule, f.met, text))
    recs: list[tuple[str, dt.date]] = []
    for i, (text, due) in enumerate(recommendations, start=1):
        t = _clean(text, f"Kiến nghị {i}", problems, multiline=True)
        problems += [
            f"Kiến nghị {i}: {p.message} — {p.rule}" for p in rules.follow_up_problems(today, due)
        ]
        recs.append((t, due))
    if problems:
        raise OversightError(problems)
    target = inspection.target_unit
    agency = _ubnd(inspection.inspecting_unit)
    commune = target if target.level == Level.COMMUNE else None
    paper = papers.Paper(
        issuer=agency.name if agency is not None else inspection.inspecting_unit.name,
        commune_name=inspection.inspecting_unit.name,
        kind="Kết luận",
        kind_code="KL",
        summary=f"Kiểm tra việc thực hiện dân chủ ở cơ sở tại {inspection.target_name}",
        sections=[
            (
                "1. Hình thức",
                [
                    rules.INSPECTION_KIND_LABEL[rules.InspectionKind(inspection.kind)]
                    + f"; đoàn kiểm tra: {', '.join(inspection.team.splitlines())}."
                ],
            ),
            (
                "2. Kết quả kiểm tra theo từng quy định",
                [f"{f.rule} — {'đạt' if f.met else 'chưa đạt'}: {f.text}" for f in cleaned],
            ),
            (
                "3. Kiến nghị và thời hạn thực hiện",
                [f"{i}. {t} (hạn {d:%d/%m/%Y})" for i, (t, d) in enumerate(recs, start=1)],
            ),
        ],
        signer="Chủ tịch",
        on_behalf="Ủy ban nhân dân",
        recipients=(inspection.target_name,),
    )
    with transaction.atomic():
        Finding.objects.bulk_create(
            [Finding(inspection=inspection, rule=f.rule, met=f.met, text=f.text) for f in cleaned]
        )
        Recommendation.objects.bulk_create(
            [
                Recommendation(
                    rule="QD3",
                    inspection=inspection,
                    commune=commune or inspection.inspecting_unit,
                    text=t,
                    received_on=today,
                    due_on=d,
                )
                for t, d in recs
            ]
        )
        doc = issuing.issue(
            kind="oversight.conclusion",
            target=inspection,
            title=f"Kết luận kiểm tra: {inspection.title}",
            render=lambda issue: papers.render(
                paper, issue, {"findings": len(cleaned), "not_met": sum(not f.met for f in cleaned)}
            ),
            actor=actor,
            agency=agency,
            symbol="KL" if agency is not None else "",
            unit=inspection.inspecting_unit,
            request=request,
        )
        inspection.concluded_on = today
        inspection.conclusion = doc
        inspection.save(update_fields=["concluded_on", "conclusion"])
        disclosed = None
        if commune is not None and rules.discloses_in_register(
            rules.TargetKind(inspection.target_kind), target_is_commune=True
        ):
            disclosed = _disclose(inspection, commune, doc)
        log(
            actor=actor,
            action="oversight.qd3.concluded",
            target=inspection,
            unit=inspection.inspecting_unit,
            request=request,
            changes={
                "document": doc.pk,
                "findings": len(cleaned),
                "recommendations": len(recs),
                "disclosure": disclosed,
            },
        )
    return doc


def _disclose(inspection: Inspection, commune: AdminUnit, doc: IssuedDocument) -> int:
    """LD1 item 10: the conclusion enters the commune's register, once, with its document."""
    from danchu.disclosures.models import Source
    from danchu.disclosures.services import ensure_from_source

    d = ensure_from_source(
        source=Source.INSPECTION,
        source_ref=f"oversight.inspection#{inspection.pk}:conclusion",
        commune=commune,
        category=rules.INSPECTION_RESULTS_CATEGORY,
        title=f"Kết luận kiểm tra thực hiện dân chủ ở cơ sở: {inspection.title}"[:300],
        decided_on=doc.issued_on,
        decision_ref=f"Kết luận số {doc.number}" if doc.number else "",
        link=reverse("oversight:inspection", args=[inspection.pk]),
        document=doc,
    )
    return d.pk
