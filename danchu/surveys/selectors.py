"""Reads shared by pages, exports, the API and the SV7 flags."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from danchu.accounts import access
from danchu.accounts.models import Role
from danchu.surveys import rules
from danchu.surveys.models import CommuneSurvey, Flag, Form, Round, Subject


def _tally(forms: QuerySet[Form], result: dict[int, rules.Tally]) -> dict[int, rules.Tally]:
    """Add ``forms`` to ``result`` per subject, in one query (group by subject, respondent
    group, answer)."""
    rows = forms.values_list("subject_id", "group", "overall").annotate(n=Count("id")).order_by()
    for subject_id, group, overall, n in rows:
        result.setdefault(subject_id, rules.Tally()).add(group, rules.Overall(overall), n)
    return result


def tallies(subject_ids: Iterable[int]) -> dict[int, rules.Tally]:
    """SV7 counts per subject (every subject asked for, with or without forms)."""
    ids = list(subject_ids)
    result = {i: rules.Tally() for i in ids}
    return _tally(Form.objects.filter(subject_id__in=ids), result) if ids else result


def round_tallies(round_: Round) -> dict[int, rules.Tally]:
    """Every subject's counts in a round, in one query (the dashboard's)."""
    return _tally(Form.objects.filter(commune_survey__round=round_), {})


def item_counts(subject: Subject) -> Counter[str]:
    """How many forms marked each item a–d ("chưa tốt" / "có biểu hiện")."""
    counts: Counter[str] = Counter()
    for items in Form.objects.filter(subject=subject).values_list("flagged_items", flat=True):
        counts.update(items)
    return counts


def item_counts_by_subject(subject_ids: Iterable[int]) -> dict[int, Counter[str]]:
    """Per subject, how many forms marked each item a–d (one query)."""
    ids = list(subject_ids)
    result: dict[int, Counter[str]] = {i: Counter() for i in ids}
    rows = Form.objects.filter(subject_id__in=ids).exclude(flagged_items=[])
    for subject_id, items in rows.values_list("subject_id", "flagged_items"):
        result[subject_id].update(items)
    return result


def subjects_reported_by(commune_survey: CommuneSurvey) -> QuerySet[Subject]:
    """SV2: what this commune reports — its own civil servants, including those surveyed by
    their previous commune after a recent transfer (same year)."""
    return (
        Subject.objects.filter(
            commune_survey__round__year=commune_survey.round.year,
            reporting_unit=commune_survey.unit,
        )
        .select_related("person", "position", "commune_survey__unit")
        .order_by("position__name", "person__given_name", "person__family_name")
    )


def person_year_results(
    person_ids: Iterable[int], *, years: Iterable[int]
) -> dict[int, list[rules.YearResult]]:
    """SV7: each person's (trust, collected) per year, wherever they were surveyed."""
    wanted_years = list(years)
    rows = (
        Form.objects.filter(
            subject__person_id__in=list(person_ids),
            commune_survey__round__year__in=wanted_years,
        )
        .values_list("subject__person_id", "commune_survey__round__year")
        .annotate(collected=Count("id"), trust=Count("id", filter=Q(overall=rules.Overall.TRUST)))
        .order_by()
    )
    result: dict[int, list[rules.YearResult]] = {}
    for person_id, year, collected, trust in rows:
        result.setdefault(person_id, []).append(rules.YearResult(year, trust, collected))
    return result


@dataclass
class CommuneRow:
    commune_survey: CommuneSurvey
    progress: rules.Progress
    subjects: int = 0
    not_surveyed: int = 0
    planned: int = 0
    collected: int = 0
    valid: int = 0
    trust: int = 0
    low: int = 0
    quota_problems: int = 0
    flags: int = 0

    @property
    def late(self) -> bool:
        return self.progress in (rules.Progress.OVERDUE, rules.Progress.REPORTED_LATE)

    @property
    def rate_pct(self) -> str:
        return rules.percent_2dp(self.trust, self.collected)


@dataclass
class Dashboard:
    round: Round
    today: dt.date
    rows: list[CommuneRow] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def late_count(self) -> int:
        return sum(1 for r in self.rows if r.late)

    @property
    def reported_count(self) -> int:
        return sum(1 for r in self.rows if r.commune_survey.reported)

    @property
    def totals(self) -> CommuneRow:
        total = CommuneRow(commune_survey=None, progress=rules.Progress.NOTIFIED)  # type: ignore[arg-type]
        for r in self.rows:
            for name in (
                "subjects",
                "not_surveyed",
                "planned",
                "collected",
                "valid",
                "trust",
                "low",
                "quota_problems",
                "flags",
            ):
                setattr(total, name, getattr(total, name) + getattr(r, name))
        return total


def dashboard(round_: Round, today: dt.date, units: QuerySet[Any] | None = None) -> Dashboard:
    """SV8: every commune's progress against the deadline, with counts — a fixed number of
    queries whatever the number of communes."""
    communes = list(round_.communes.select_related("unit").order_by("unit__name"))
    if units is not None:
        allowed = set(units.values_list("pk", flat=True))
        communes = [c for c in communes if c.unit_id in allowed]
    subjects = list(
        Subject.objects.filter(commune_survey__round=round_).values_list(
            "pk",
            "commune_survey_id",
            "surveyed",
            "officials_quota",
            "citizens_quota",
            "low_contact",
            "person_id",
        )
    )
    counts = round_tallies(round_)
    flags = list(
        Flag.objects.filter(round=round_).select_related(
            "person", "subject__position", "subject__commune_survey__unit"
        )
    )
    flags_by_cs = Counter(f.subject.commune_survey_id for f in flags)
    rows: dict[int, CommuneRow] = {}
    for cs in communes:
        rows[cs.pk] = CommuneRow(
            cs,
            rules.progress(
                report_before=round_.report_before,
                today=today,
                notified_on=cs.notified_on,
                reported_on=cs.reported_on,
            ),
            flags=flags_by_cs.get(cs.pk, 0),
        )
    for pk, cs_id, surveyed, officials, citizens, _low_contact, _person in subjects:
        row = rows.get(cs_id)
        if row is None:
            continue
        if not surveyed:
            row.not_surveyed += 1
            continue
        row.subjects += 1
        row.planned += officials + citizens
        t = counts.get(pk)
        if t is None:
            continue
        row.collected += t.collected
        row.valid += t.valid
        row.trust += t.trust
        row.low += int(t.low)
        if row.commune_survey.reported and rules.quota_problems(
            officials=t.officials, citizens=t.citizens, low_contact=_low_contact
        ):
            row.quota_problems += 1
    visible = set(rows)
    return Dashboard(
        round_,
        today,
        list(rows.values()),
        [f for f in flags if f.subject.commune_survey_id in visible],
    )


def rounds_for(user: Any) -> QuerySet[Round]:
    """Rounds a user may open: those of units where they run or supervise surveys, and those
    that contain a commune where they do, or hold a committee role."""
    units = access.visible_units(user, access.Cap.RUN_SURVEYS) | access.visible_units(
        user, access.Cap.SUPERVISE
    )
    record_ids = access.user_records(
        user, Role.SURVEY_COMMITTEE, CommuneSurvey
    ) + access.user_records(user, Role.SURVEY_SECRETARY, CommuneSurvey)
    return (
        Round.objects.filter(
            Q(plan_unit__in=units) | Q(communes__unit__in=units) | Q(communes__pk__in=record_ids)
        )
        .distinct()
        .select_related("plan_unit")
        .order_by("-year", "plan_unit__name")
    )


def flags_for_person(person_id: int) -> QuerySet[Flag]:
    return Flag.objects.filter(person_id=person_id).order_by("-year")
