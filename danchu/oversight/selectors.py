"""Reads shared by pages, the API and the home page: records scoped to what the user may see,
and the state of each deadline on the legal calendar (LD11, LD12, QD3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from danchu.accounts import access
from danchu.accounts.models import Role, RoleAssignment
from danchu.core import clock
from danchu.legalcal.calendar import SwapTable
from danchu.oversight import rules
from danchu.oversight.models import (
    BoardInspection,
    Inspection,
    InspectionBoard,
    Project,
    Recommendation,
    Supervision,
)
from danchu.oversight.permissions import COMMUNE_RUNNERS
from danchu.oversight.rules import StepState

ANSWER_WHY = {
    "LD11": rules.answer_due(dt.date(2026, 1, 5), "LD11", SwapTable()).why,
    "LD12": rules.answer_due(dt.date(2026, 1, 5), "LD12", SwapTable()).why,
    "QD3": "Thực hiện kiến nghị trong thời hạn kết luận kiểm tra ấn định — QD3",
}


def _front_communes(user: Any) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        RoleAssignment.objects.current()
        .filter(user=user, role=Role.FRONT_REP, unit__isnull=False)
        .values_list("unit_id", flat=True)
    )


def _person(user: Any) -> int | None:
    return getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None


def boards(user: Any) -> QuerySet[InspectionBoard]:
    """LD11: boards of communes the user sees, directs (Front) or sits on."""
    seen = access.scope(user, InspectionBoard.objects.all(), "commune")
    cond = Q(pk__in=seen.values("pk")) | Q(commune_id__in=_front_communes(user))
    person = _person(user)
    if person is not None:
        cond |= Q(members__person_id=person, members__left_on__isnull=True)
    return InspectionBoard.objects.filter(cond).distinct().select_related("commune")


def projects(user: Any) -> QuerySet[Project]:
    """LD12: projects of communes the user sees, directs, or whose board they sit on."""
    seen = access.scope(user, Project.objects.all(), "commune")
    cond = Q(pk__in=seen.values("pk")) | Q(commune_id__in=_front_communes(user))
    person = _person(user)
    if person is not None:
        cond |= Q(board__members__person_id=person)
    return Project.objects.filter(cond).distinct().select_related("commune", "board")


def inspections(user: Any) -> QuerySet[Inspection]:
    """QD3: inspections made by, or of, units the user sees or inspects from."""
    if not getattr(user, "is_authenticated", False):
        return Inspection.objects.none()
    by = access.scope(user, Inspection.objects.all(), "inspecting_unit")
    of = access.scope(user, Inspection.objects.all(), "target_unit")
    return Inspection.objects.filter(
        Q(pk__in=by.values("pk")) | Q(pk__in=of.values("pk"))
    ).select_related("inspecting_unit", "target_unit", "conclusion")


def to_answer(user: Any) -> QuerySet[Recommendation]:
    """LD11, LD12, QD3: open recommendations of the communes the user answers for."""
    if not getattr(user, "is_authenticated", False):
        return Recommendation.objects.none()
    communes = (
        RoleAssignment.objects.current()
        .filter(user=user, role__in=list(COMMUNE_RUNNERS), unit__isnull=False)
        .values("unit_id")
    )
    return (
        Recommendation.objects.filter(commune_id__in=communes, answered_on__isnull=True)
        .select_related("commune")
        .order_by("due_on", "pk")
    )


def plans_to_send(user: Any) -> QuerySet[BoardInspection]:
    """LD11: planned inspections whose plan is not sent yet, of boards the user works on."""
    person = _person(user)
    cond = Q(board__commune_id__in=_front_communes(user))
    if person is not None:
        cond |= Q(board__members__person_id=person, board__members__left_on__isnull=True)
    return (
        BoardInspection.objects.filter(
            cond, plan_sent_on__isnull=True, inspection_on__gte=clock.today()
        )
        .distinct()
        .order_by("inspection_on")
    )


def investors_to_tell(user: Any) -> QuerySet[Supervision]:
    """LD12: supervisions whose investor is not told yet, for the Front committee."""
    return (
        Supervision.objects.filter(
            board__project__commune_id__in=_front_communes(user),
            investor_notified_on__isnull=True,
            supervision_on__gte=clock.today(),
        )
        .select_related("board__project")
        .order_by("supervision_on")
    )


@dataclass(frozen=True)
class Step:
    """A deadline on the legal calendar and its state from recorded facts."""

    title: str
    rule: str
    why: str
    due: dt.date
    done_on: dt.date | None
    state: StepState


def answer_step(rec: Recommendation, today: dt.date | None = None) -> Step:
    today = today or clock.today()
    return Step(
        title="Trả lời kiến nghị" if rec.rule != "QD3" else "Thực hiện kiến nghị",
        rule=rec.rule,
        why=ANSWER_WHY[rec.rule],
        due=rec.due_on,
        done_on=rec.answered_on,
        state=rules.step_state(rec.due_on, rec.answered_on, today),
    )


def plan_step(bi: BoardInspection, today: dt.date | None = None) -> Step:
    today = today or clock.today()
    d = rules.plan_notice_due(bi.inspection_on)
    return Step(
        "Gửi kế hoạch kiểm tra",
        "LD11",
        d.why,
        d.due,
        bi.plan_sent_on,
        rules.step_state(d.due, bi.plan_sent_on, today),
    )


def investor_step(s: Supervision, today: dt.date | None = None) -> Step:
    today = today or clock.today()
    d = rules.investor_notice_due(s.supervision_on)
    return Step(
        "Thông báo chủ đầu tư",
        "LD12",
        d.why,
        d.due,
        s.investor_notified_on,
        rules.step_state(d.due, s.investor_notified_on, today),
    )


def board_summary(board: InspectionBoard, on: dt.date | None = None) -> list[str]:
    """LD11: what is wrong with the board's membership today (size, officers)."""
    from danchu.oversight.services import villages_of

    on = on or clock.today()
    sitting = [m for m in board.members.all() if m.left_on is None]
    villages = len(villages_of(board.commune, on))
    problems = rules.board_size_problems(len(sitting), villages)
    problems += rules.officer_problems([m.officer_enum for m in sitting], board.deputies_allowed)
    return [str(p) for p in problems]


def public_projects(commune_id: int) -> QuerySet[Project]:
    return Project.objects.filter(commune_id=commune_id).select_related("commune", "board")
