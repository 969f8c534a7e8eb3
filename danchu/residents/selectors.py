"""Reads shared by pages, the API and the home page: decisions a user may see, and each
decision's steps on the legal calendar (LD2–LD7), judged from recorded facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import RoleAssignment
from danchu.residents import permissions, rules
from danchu.residents.models import Decision, Status
from danchu.residents.rules import Form, StepState


@dataclass(frozen=True)
class Step:
    rule: str
    title: str
    due: dt.date
    done_on: dt.date | None
    state: StepState
    why: str


def visible(user: Any) -> QuerySet[Decision]:
    """Decisions of communes the user may view, and of villages the user heads."""
    if not getattr(user, "is_authenticated", False):
        return Decision.objects.none()
    scoped = access.scope(user, Decision.objects.all(), unit_field="commune", cap=Cap.VIEW_UNIT)
    headed = list(
        RoleAssignment.objects.current()
        .filter(user=user, role="village_head", unit__isnull=False)
        .values_list("unit_id", flat=True)
    )
    condition = Q(pk__in=scoped.values("pk"))
    if headed:
        condition |= Q(village_id__in=headed)
    return Decision.objects.filter(condition).select_related("commune", "village")


def _step(rule: str, title: str, deadline: Any, done_on: dt.date | None, today: dt.date) -> Step:
    return Step(
        rule=rule,
        title=title,
        due=deadline.due,
        done_on=done_on,
        state=rules.step_state(deadline.due, done_on, today),
        why=deadline.why,
    )


def steps(decision: Decision, today: dt.date) -> list[Step]:
    """LD2–LD7: every step of the decision with its due day and state."""
    out: list[Step] = []
    matter = decision.matter_enum
    if decision.initiative_started_on is not None:
        expires = rules.initiative_expires_on(decision.initiative_started_on)
        put = decision.status not in (Status.COLLECTING, Status.LAPSED)
        out.append(
            Step(
                rule="LD2",
                title="Sáng kiến được ≥ 10% số hộ ủng hộ (giá trị 03 tháng)",
                due=expires,
                done_on=None,
                state=StepState.MET
                if put
                else (StepState.MISSED if today > expires else StepState.IN_PROGRESS),
                why="Sự ủng hộ có giá trị 03 tháng — LD2",
            )
        )
    for meeting in decision.meetings.all():
        out.append(
            _step(
                "LD4",
                f"Thông báo họp ({meeting.village.name})",
                rules.notice_due(meeting.held_on),
                meeting.notice_on,
                today,
            )
        )
        if matter in rules.DOCUMENT_MATTERS:
            out.append(
                _step(
                    "LD4",
                    f"Gửi tài liệu đến từng hộ ({meeting.village.name})",
                    rules.documents_due(meeting.held_on),
                    meeting.documents_on,
                    today,
                )
            )
    ballot = getattr(decision, "ballot", None) if decision.form == Form.BALLOT else None
    if ballot is not None:
        out.append(
            _step(
                "LD5",
                "Gửi kế hoạch phát phiếu đến Chủ tịch UBND xã và Chủ tịch UBMTTQ xã",
                rules.ballot_plan_send_due(ballot.plan_issued_on),
                ballot.plan_sent_on,
                today,
            )
        )
        out.append(
            _step(
                "LD5",
                "Thông báo công khai trước khi phát phiếu",
                rules.notice_due(ballot.distributed_on),
                ballot.notice_on,
                today,
            )
        )
    if decision.passed and decision.held_on is not None:
        out.append(
            _step(
                "LD4",
                "Gửi văn bản quyết định đến UBND xã và UBMTTQ xã",
                rules.decision_send_due(decision.held_on),
                decision.sent_on,
                today,
            )
        )
    if decision.sent_on is not None:
        out.append(
            _step(
                "LD7",
                # Art. 21: the Front committee recognises members of the two boards (matter 5)
                "UBMTTQ xã công nhận hoặc từ chối bằng văn bản"
                if decision.matter == rules.Matter.BOARD_MEMBERS
                else "UBND xã công nhận hoặc từ chối bằng văn bản",
                rules.recognition_due(decision.sent_on),
                decision.answered_on,
                today,
            )
        )
    return sorted(out, key=lambda s: s.due)


def household_view(user: Any, village: Any) -> str:
    """ "list" for those running decisions, "counts" for others who may see the unit, "" else."""
    if permissions.can_see_household_list(user, village):
        return "list"
    if permissions.can_see_counts(user, village):
        return "counts"
    return ""
