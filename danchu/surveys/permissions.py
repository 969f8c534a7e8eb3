"""Who may do what in the surveys app, on top of ``danchu.accounts.access``.

- District/province (Home Affairs, chairman: RUN_SURVEYS on the plan unit): plans rounds, sees
  every commune's progress and results, sets the district committee.
- Supervisors (SUPERVISE on the unit): read-only progress and results.
- Commune (RUN_SURVEYS held on the commune itself: chairman, vice-chairman) and the commune's
  survey committee (record roles on its CommuneSurvey): notice, list, quotas, committee, forms,
  report. Nobody above the commune types forms.
- Chairman of the plan unit (or above): the SV7 decision.
- Home Affairs of a province: that province's form template (SV5).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import Role, RoleAssignment
from danchu.surveys.models import CommuneSurvey, Flag, Round
from danchu.units.models import AdminUnit, Level

COMMITTEE_ROLES = (Role.SURVEY_COMMITTEE, Role.SURVEY_SECRETARY)


def _holds_role(user: Any, role: str, unit: AdminUnit) -> bool:
    """``user`` holds ``role`` (a unit role) on ``unit`` or a unit above it, today."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    paths = RoleAssignment.objects.current().filter(user=user, role=role, unit__isnull=False)
    return any(unit.path.startswith(p) for p in paths.values_list("unit__path", flat=True))


def _commune_runner(user: Any, unit: AdminUnit) -> bool:
    return any(u.pk == unit.pk for u in access.role_units(user, Cap.RUN_SURVEYS))


def can_plan(user: Any, unit: AdminUnit) -> bool:
    """Create a round for a district or province."""
    return unit.level in (Level.PROVINCE, Level.DISTRICT) and access.has_capability(
        user, Cap.RUN_SURVEYS, unit
    )


def can_view_round(user: Any, round_: Round) -> bool:
    """The round's dashboard (every commune of the plan unit)."""
    return access.has_capability(user, Cap.RUN_SURVEYS, round_.plan_unit) or (
        access.has_capability(user, Cap.SUPERVISE, round_.plan_unit)
    )


def can_manage_round(user: Any, round_: Round) -> bool:
    return can_plan(user, round_.plan_unit)


def can_view_commune(user: Any, cs: CommuneSurvey) -> bool:
    return (
        can_view_round(user, cs.round)
        or access.has_capability(user, Cap.RUN_SURVEYS, cs.unit)
        or access.has_capability(user, Cap.SUPERVISE, cs.unit)
        or access.has_record_role(user, COMMITTEE_ROLES, cs)
    )


def can_run_commune(user: Any, cs: CommuneSurvey) -> bool:
    """Notice, list of civil servants, quotas, codes, report: the commune and its committee."""
    return _commune_runner(user, cs.unit) or access.has_record_role(user, COMMITTEE_ROLES, cs)


def can_set_committee(user: Any, round_: Round, unit: AdminUnit) -> bool:
    """SV6: the commune chairman's decision (commune committee) or the plan unit's (district)."""
    if unit.level == Level.COMMUNE:
        return _commune_runner(user, unit)
    return can_manage_round(user, round_) and unit.pk == round_.plan_unit_id


def can_change_commune(user: Any, cs: CommuneSurvey) -> bool:
    """Before the report: notice, list, quotas, codes, forms (typed or uploaded)."""
    return not cs.reported and can_run_commune(user, cs)


def can_enter_forms(user: Any, cs: CommuneSurvey) -> bool:
    return can_change_commune(user, cs)


def can_report(user: Any, cs: CommuneSurvey) -> bool:
    return not cs.reported and (
        _commune_runner(user, cs.unit) or access.has_record_role(user, [Role.SURVEY_SECRETARY], cs)
    )


def can_set_double_entry(user: Any, cs: CommuneSurvey) -> bool:
    """Double entry on or off: the committee's leader only, before the first form."""
    from danchu.surveys.services import is_committee_leader

    return (
        not cs.reported
        and is_committee_leader(user, cs)
        and not cs.forms.exists()
        and not cs.entries.exists()
    )


def can_decide_flag(user: Any, flag: Flag) -> bool:
    """SV7: the chairman of the district (or province) that set the plan."""
    return _holds_role(user, Role.CHAIRMAN, flag.round.plan_unit)


def can_view_flag(user: Any, flag: Flag) -> bool:
    return can_view_round(user, flag.round) or can_decide_flag(user, flag)


def can_view_notice(user: Any, flag: Flag, notice_unit: AdminUnit | None) -> bool:
    """The SV7 public notice: whoever sees the flag, and the commune that posts it (where the
    civil servant works now: its chairman, vice-chairman and survey committee) — the notice
    carries that commune's number and its chairman's name."""
    if can_view_flag(user, flag):
        return True
    units = {u.pk for u in (notice_unit, flag.subject.reporting_unit) if u is not None}
    if any(u.pk in units for u in access.role_units(user, Cap.RUN_SURVEYS)):
        return True
    surveys = CommuneSurvey.objects.filter(round__year=flag.year, unit_id__in=units)
    return any(access.has_record_role(user, COMMITTEE_ROLES, cs) for cs in surveys)


def can_edit_template(user: Any, province: AdminUnit) -> bool:
    """SV5: the province's Department of Home Affairs."""
    return province.level == Level.PROVINCE and _holds_role(user, Role.HOME_AFFAIRS, province)


def can_reopen(user: Any, cs: CommuneSurvey) -> bool:
    """Reopen a sent report: the plan unit that received it (its Home Affairs or chairman,
    RUN_SURVEYS on the plan unit), never the commune alone — what was sent stays as sent until
    the receiver agrees to a correction."""
    return cs.reported and can_manage_round(user, cs.round)


def can_withdraw_flag(user: Any, flag: Flag) -> bool:
    """SV7: withdraw a flag raised in error: the plan unit's chairman or its Home Affairs."""
    return not flag.withdrawn and (
        can_decide_flag(user, flag) or can_manage_round(user, flag.round)
    )


def file_checker(user: Any, name: str) -> bool:
    """For danchu.web.files: evidence of a back-dated notice or report is seen by those who
    see the commune's survey."""
    cs = (
        CommuneSurvey.objects.select_related("round__plan_unit", "unit")
        .filter(Q(report_evidence=name) | Q(notice_evidence=name))
        .first()
    )
    return cs is not None and can_view_commune(user, cs)
