"""Who may see and do what in residents' oversight (the role × page matrix).

- **the commune Front committee** (``front_rep`` on the commune) directs the People's
  Inspection Board (LD11): sets up the board for a term, records the members elected at village
  meetings and vacancies; it sets up each Community Investment Supervision Board (LD12): the
  project record, the members and their declarations, the notice to the investor, the end.
- **a board member** (the user's person record is a sitting member) sees their board and keeps
  its work: plans sent, findings and recommendations (LD11); a Supervision Board member likewise
  for their project (LD12).
- **the commune People's Committee** (chairman, vice-chairman, officer of the commune) answers
  recommendations (LD11, LD12, 15 days) and records the follow-up of an inspection's
  recommendations (QD3).
- **inspections** (QD3) are run by the chairman or vice-chairman of the inspecting unit or by
  Home Affairs on it or above; a self-inspection by the unit's own chairman.
- **see**: anyone with ``VIEW_UNIT`` on the commune or above (People's Council, Home Affairs).
- **residents** (no login): a project's public page — the project, its board, what was found and
  what the commune answered.
"""

from __future__ import annotations

from typing import Any

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import Role, RoleAssignment
from danchu.residents.permissions import COMMUNE_RUNNERS, commune_of, runs_commune
from danchu.units.models import AdminUnit

__all__ = ["COMMUNE_RUNNERS", "commune_of", "runs_commune"]

INSPECTORS = frozenset({Role.CHAIRMAN, Role.VICE_CHAIRMAN, Role.HOME_AFFAIRS})


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def directs(user: Any, commune: AdminUnit) -> bool:
    """The commune Front committee (a Front representative on exactly this commune)."""
    if not _active(user):
        return False
    return (
        RoleAssignment.objects.current()
        .filter(user=user, role=Role.FRONT_REP, unit=commune)
        .exists()
    )


def sees_commune(user: Any, commune: AdminUnit) -> bool:
    return _active(user) and access.has_capability(user, Cap.VIEW_UNIT, commune)


def sits_on_inspection_board(user: Any, board: Any) -> bool:
    person_id = getattr(user, "person_id", None) if _active(user) else None
    return (
        person_id is not None
        and board.members.filter(person_id=person_id, left_on__isnull=True).exists()
    )


def sits_on_supervision_board(user: Any, board: Any) -> bool:
    person_id = getattr(user, "person_id", None) if _active(user) else None
    return person_id is not None and board.members.filter(person_id=person_id).exists()


def can_see_board(user: Any, board: Any) -> bool:
    return (
        sees_commune(user, board.commune)
        or directs(user, board.commune)
        or sits_on_inspection_board(user, board)
    )


def can_direct_board(user: Any, board: Any) -> bool:
    return directs(user, board.commune)


def can_work_board(user: Any, board: Any) -> bool:
    """LD11: plans, findings, recommendations — the board's members (and the Front)."""
    return directs(user, board.commune) or sits_on_inspection_board(user, board)


def can_see_project(user: Any, project: Any) -> bool:
    board = getattr(project, "board", None) if hasattr(project, "board") else None
    return (
        sees_commune(user, project.commune)
        or directs(user, project.commune)
        or (board is not None and sits_on_supervision_board(user, board))
    )


def can_direct_project(user: Any, project: Any) -> bool:
    return directs(user, project.commune)


def can_work_supervision(user: Any, project: Any) -> bool:
    board = getattr(project, "board", None) if hasattr(project, "board") else None
    return directs(user, project.commune) or (
        board is not None and sits_on_supervision_board(user, board)
    )


def can_answer(user: Any, commune: AdminUnit) -> bool:
    """LD11, LD12, QD3: the commune People's Committee answers and follows up."""
    return runs_commune(user, commune)


def can_run_inspection(user: Any, unit: AdminUnit) -> bool:
    """QD3: chairman, vice-chairman or Home Affairs on the inspecting unit or above it."""
    if not _active(user):
        return False
    for ra in RoleAssignment.objects.current().filter(user=user, role__in=list(INSPECTORS)):
        if ra.unit is not None and unit.path.startswith(ra.unit.path):
            return True
    return False


def can_see_inspection(user: Any, inspection: Any) -> bool:
    return (
        can_run_inspection(user, inspection.inspecting_unit)
        or sees_commune(user, inspection.inspecting_unit)
        or sees_commune(user, inspection.target_unit)
    )


def file_checker(user: Any, name: str) -> bool:
    """For danchu.web.files: evidence files are read by those who see the record."""
    from django.db.models import Q

    from danchu.oversight.models import BoardInspection, BoardMember, Recommendation, Supervision

    member = BoardMember.objects.select_related("board__commune").filter(minutes=name).first()
    if member is not None:
        return can_see_board(user, member.board)
    bi = BoardInspection.objects.select_related("board__commune").filter(plan_evidence=name).first()
    if bi is not None:
        return can_see_board(user, bi.board)
    sup = (
        Supervision.objects.select_related("board__project__commune")
        .filter(notified_evidence=name)
        .first()
    )
    if sup is not None:
        return can_see_project(user, sup.board.project)
    rec = Recommendation.objects.select_related("commune").filter(Q(answer_evidence=name)).first()
    if rec is not None:
        return sees_commune(user, rec.commune)
    return False


def has_any_access(user: Any) -> bool:
    """Someone with a part in oversight: a unit role that sees, the Front, an inspector, or a
    person record sitting on a board. Others are refused the lists rather than shown none."""
    if not _active(user):
        return False
    if access.role_units(user, Cap.VIEW_UNIT) or access.is_system_admin(user):
        return True
    roles = {Role.FRONT_REP, *INSPECTORS}
    if RoleAssignment.objects.current().filter(user=user, role__in=list(roles)).exists():
        return True
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return False
    from danchu.oversight.models import BoardMember, SupervisionMember

    return (
        BoardMember.objects.filter(person_id=person_id, left_on__isnull=True).exists()
        or SupervisionMember.objects.filter(person_id=person_id).exists()
    )
