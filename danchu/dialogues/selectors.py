"""Reads of dialogues and conferences shared by pages, the API and the home page: records scoped
to what the user may see, and each record's deadlines with their state on the legal calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.dialogues import rules
from danchu.dialogues.models import (
    Commitment,
    Dialogue,
    MeetingKind,
    StaffMeeting,
    VillageConference,
)
from danchu.dialogues.rules import Kind, StepState


@dataclass(frozen=True)
class Step:
    """A deadline of a record with its state (met / in progress / late / missed)."""

    title: str
    rule: str
    why: str
    due: dt.date
    done_on: dt.date | None
    state: str

    @property
    def late(self) -> bool:
        return self.state in (StepState.LATE, StepState.MISSED)


def dialogues(user: Any) -> QuerySet[Dialogue]:
    """The dialogues of the communes the user may view (VIEW_UNIT on the commune or above)."""
    qs = Dialogue.objects.select_related("commune")
    return access.scope(user, qs, unit_field="commune", cap=Cap.VIEW_UNIT)


def conferences(user: Any) -> QuerySet[VillageConference]:
    """Conferences of the communes the user may view, and of the villages the user heads."""
    qs = VillageConference.objects.select_related("village", "commune")
    ids = access.scope(user, qs, unit_field="village", cap=Cap.VIEW_UNIT).values("pk")
    return qs.filter(pk__in=ids)


def staff_meetings(user: Any) -> QuerySet[StaffMeeting]:
    qs = StaffMeeting.objects.select_related("agency", "unit")
    return access.scope(user, qs, unit_field="unit", cap=Cap.VIEW_UNIT)


def dialogue_steps(d: Dialogue, today: dt.date) -> list[Step]:
    """LD9 (once a year), GR7 (in December; the report by February)."""
    year = rules.year_due(d.year, Kind.COMMUNE_DIALOGUE)
    held = rules.year_state(d.year, [d.held_on], today)
    month = rules.dialogue_month_due(d.year)
    report = rules.dialogue_report_due(d.year)
    return [
        Step(
            "Đối thoại với Nhân dân trong năm",
            year.rule,
            year.why,
            year.due,
            d.held_on,
            StepState.MET
            if held is rules.YearState.MET
            else (StepState.MISSED if held is rules.YearState.MISSED else StepState.IN_PROGRESS),
        ),
        Step(
            "Tổ chức trong tháng 12",
            month.rule,
            month.why,
            month.due,
            d.held_on,
            rules.dialogue_month_state(d.year, d.held_on, today),
        ),
        Step(
            "Báo cáo kết quả đối thoại",
            report.rule,
            report.why,
            report.due,
            d.reported_on,
            rules.report_state(d.year, d.reported_on, today),
        ),
    ]


def commitment_state(c: Commitment, today: dt.date) -> StepState:
    return rules.commitment_state(rules.Commitment(due=c.due_on, done_on=c.done_on), today)


def conference_steps(c: VillageConference, today: dt.date) -> list[Step]:
    """LD9: the notice ≥ 5 days before, held in its year, the written report to the commune."""
    notice = rules.conference_notice_due(c.planned_on)
    year = rules.year_due(c.year, Kind.VILLAGE_CONFERENCE)
    held = rules.year_state(c.year, [c.held_on], today)
    steps = [
        Step(
            "Thông báo đến các hộ",
            notice.rule,
            notice.why,
            notice.due,
            c.notice_on,
            rules.step_state(notice.due, c.notice_on, today),
        ),
        Step(
            "Hội nghị trong năm",
            year.rule,
            year.why,
            year.due,
            c.held_on,
            StepState.MET
            if held is rules.YearState.MET
            else (StepState.MISSED if held is rules.YearState.MISSED else StepState.IN_PROGRESS),
        ),
    ]
    if c.held_on is not None:
        report = rules.conference_report_due(c.held_on)
        steps.append(
            Step(
                "Báo cáo bằng văn bản gửi UBND xã và UBMTTQ xã",
                report.rule,
                report.why,
                report.due,
                c.reported_on,
                rules.step_state(report.due, c.reported_on, today),
            )
        )
    return steps


def staff_steps(m: StaffMeeting, today: dt.date) -> list[Step]:
    kind = Kind.STAFF_CONFERENCE if m.kind == MeetingKind.STAFF_CONFERENCE else Kind.STAFF_DIALOGUE
    due = rules.year_due(m.year, kind)
    held = rules.year_state(m.year, [m.held_on], today)
    return [
        Step(
            "Tổ chức trong năm",
            due.rule,
            due.why,
            due.due,
            m.held_on,
            StepState.MET
            if held is rules.YearState.MET
            else (StepState.MISSED if held is rules.YearState.MISSED else StepState.IN_PROGRESS),
        )
    ]


def board_member_name(village_id: int, on: dt.date) -> str:
    """LD9: the village's People's Inspection Board member on ``on``, from the ``oversight``
    app's record (LD11: one member elected per village); empty when none is recorded."""
    from danchu.oversight.models import BoardMember

    m = (
        BoardMember.objects.filter(
            village_id=village_id,
            elected_on__lte=on,
            board__term_starts_on__lte=on,
            board__term_ends_on__gte=on,
        )
        .exclude(left_on__lte=on)
        .select_related("person")
        .order_by("-elected_on")
        .first()
    )
    return m.person.full_name if m is not None else ""
