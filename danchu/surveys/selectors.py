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


REPORT_KIND = "surveys.report"
"""The kind of the commune's issued report (``danchu.documents.issuing``)."""

HANDOVER_KIND = "surveys.handover"
"""SV2: the surveying commune's result for a transferred civil servant, sent to the new commune
(an issued document targeting the :class:`Subject`)."""


def handed_over_subjects(commune_survey: CommuneSurvey) -> list[Subject]:
    """SV2: civil servants this commune surveys for another commune (transferred away fewer
    than six months before the survey); their result goes out in a hand-over."""
    return list(
        Subject.objects.filter(commune_survey=commune_survey, surveyed=True)
        .exclude(reporting_unit=commune_survey.unit)
        .select_related("person", "position", "reporting_unit", "commune_survey__unit")
        .order_by("position__name", "person__given_name")
    )


def _handover_ref(doc: Any) -> dict[str, Any] | None:
    if doc is None:
        return None
    return {"document": doc.pk, "number": doc.number, "issued_on": doc.issued_on.isoformat()}


def subject_rows(subjects: Iterable[Subject], codes: list[str]) -> dict[int, dict[str, Any]]:
    """The figures a report states per civil servant, from the forms (two queries)."""
    subjects = list(subjects)
    counts = tallies(s.pk for s in subjects)
    items = item_counts_by_subject(s.pk for s in subjects)
    rows: dict[int, dict[str, Any]] = {}
    for s in subjects:
        t = counts[s.pk]
        rows[s.pk] = {
            "subject": s.pk,
            "person": s.person_id,
            "name": s.person.full_name,
            "position": s.position.name,
            "surveyed_by": s.commune_survey.unit.name,
            "surveyed_here": s.commune_survey.unit_id == s.reporting_unit_id,
            "collected": t.collected,
            "valid": t.valid,
            "invalid": t.invalid,
            "trust": t.trust,
            "rate": rules.fraction_text(t.trust, t.collected),
            "rate_pct": rules.percent_2dp(t.trust, t.collected),
            "low": t.low,
            "by_group": dict(t.by_group),
            "trust_by_group": dict(t.trust_by_group),
            "by_item": {c: items[s.pk].get(c, 0) for c in codes},
            "quota_problems": rules.quota_problems(
                officials=t.officials, citizens=t.citizens, low_contact=s.low_contact
            ),
            "count_reason": s.count_reason,
        }
    return rows


def report_figures(commune_survey: CommuneSurvey) -> dict[str, Any]:
    """What the commune's report states (SV7/SV8), computed once when it is sent and stored
    with the issued document: per civil servant the forms counted, the rate as an exact
    fraction "trust/collected", the SV3/SV4 readings and the committee's reason, by group and
    by item. Every later reading of a sent report (the document, the flags, the aggregate)
    uses these figures, never the forms."""
    from danchu.documents import issuing
    from danchu.surveys.services import form_template_for

    cs = commune_survey
    subjects = list(subjects_reported_by(cs))
    surveyed = [s for s in subjects if s.surveyed]
    own = [s for s in surveyed if s.commune_survey_id == cs.pk]
    codes = form_template_for(cs).item_codes
    live = subject_rows(own, codes)
    rows: list[dict[str, Any]] = []
    awaiting: list[dict[str, Any]] = []
    for s in surveyed:
        if s.commune_survey_id == cs.pk:
            rows.append(live[s.pk])
            continue
        # SV2: surveyed by the previous commune; its result is what its hand-over states.
        handover = issuing.current(s, HANDOVER_KIND)
        if handover is None:
            awaiting.append(
                {
                    "subject": s.pk,
                    "person": s.person_id,
                    "name": s.person.full_name,
                    "position": s.position.name,
                    "surveyed_by": s.commune_survey.unit.name,
                    "reason": s.handover_reason,
                }
            )
            continue
        rows.append(
            {
                **handover.figures["row"],
                "handover": {
                    "document": handover.pk,
                    "number": handover.number,
                    "issued_on": handover.issued_on.isoformat(),
                },
            }
        )
    handed = handed_over_subjects(cs)
    handed_rows = subject_rows(handed, codes)
    collected = sum(r["collected"] for r in rows)
    trust = sum(r["trust"] for r in rows)
    return {
        "commune": cs.unit.name,
        "commune_code": cs.unit.code,
        "year": cs.round.year,
        "survey_on": cs.survey_on.isoformat() if cs.survey_on else None,
        "items": codes,
        "civil_servants": rows,
        "not_surveyed": [
            {
                "subject": s.pk,
                "person": s.person_id,
                "name": s.person.full_name,
                "position": s.position.name,
                "reason": s.reason,
            }
            for s in subjects
            if not s.surveyed
        ],
        "awaiting_handover": awaiting,
        "handed_over": [
            {
                **handed_rows[s.pk],
                "to": s.reporting_unit.name,
                "handover": _handover_ref(issuing.current(s, HANDOVER_KIND)),
            }
            for s in handed
        ],
        "totals": {
            "civil_servants": len(rows),
            "collected": collected,
            "valid": sum(r["valid"] for r in rows),
            "trust": trust,
            "rate": rules.fraction_text(trust, collected),
            "rate_pct": rules.percent_2dp(trust, collected),
            "low": sum(1 for r in rows if r["low"]),
        },
    }


def current_reports(cs_ids: Iterable[int]) -> dict[int, Any]:
    """The report in force (issued, not replaced) of each commune survey that has one."""
    from danchu.documents.models import IssuedDocument

    ids = [str(i) for i in cs_ids]
    if not ids:
        return {}
    docs = IssuedDocument.objects.filter(
        kind=REPORT_KIND,
        target_label="surveys.communesurvey",
        target_id__in=ids,
        replaced_by__isnull=True,
    )
    return {int(d.target_id): d for d in docs}


def reported_results(
    person_ids: Iterable[int], *, years: Iterable[int]
) -> dict[int, list[rules.YearResult]]:
    """SV7: each person's (trust, collected) per year as the communes' sent reports state them
    (the report in force), wherever they were surveyed. Forms still being typed never count."""
    wanted = set(person_ids)
    surveys = dict(
        CommuneSurvey.objects.filter(round__year__in=list(years)).values_list("pk", "round__year")
    )
    result: dict[int, list[rules.YearResult]] = {}
    for cs_id, doc in current_reports(surveys).items():
        for row in doc.figures.get("civil_servants", []):
            if row["person"] in wanted:
                result.setdefault(row["person"], []).append(
                    rules.YearResult(surveys[cs_id], row["trust"], row["collected"])
                )
    return result


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
    typed: int = 0  # forms typed so far (live, progress only; never a result)
    reported_figures: bool = False  # the counts above come from the sent report

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
    def by_state(self) -> dict[rules.Progress, int]:
        """How many communes are in each state (SV8), every state listed, in workflow order."""
        counts = Counter(r.progress for r in self.rows)
        return {p: counts.get(p, 0) for p in rules.Progress}

    @property
    def totals(self) -> CommuneRow:
        """Sums over the communes that have sent their report (what the reports state); a
        commune still typing or not started adds nothing, not even its planned forms."""
        total = CommuneRow(commune_survey=None, progress=rules.Progress.NOTIFIED)  # type: ignore[arg-type]
        total.reported_figures = True
        for r in self.rows:
            if not r.reported_figures:
                continue
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
    """SV8: every commune's progress against the deadline. Results (forms, rates, low, SV4) come
    from the communes' sent reports only (:func:`report_figures` stored with the issued report);
    a commune still typing shows only how many forms it has typed so far (``typed``). A fixed
    number of queries whatever the number of communes."""
    communes = list(round_.communes.select_related("unit", "tally").order_by("unit__name"))
    if units is not None:
        allowed = set(units.values_list("pk", flat=True))
        communes = [c for c in communes if c.unit_id in allowed]
    subjects = list(
        Subject.objects.filter(commune_survey__round=round_).values_list(
            "commune_survey_id", "surveyed", "officials_quota", "citizens_quota"
        )
    )
    typed = dict(
        Form.objects.filter(commune_survey__round=round_)
        .values_list("commune_survey_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    # Issue 16: a sent report's figures come from its tally row (a few integers, written with
    # the report); only a report sent before tallies existed is read whole.
    untallied = [c.pk for c in communes if c.reported and not hasattr(c, "tally")]
    reports = current_reports(untallied)
    flags = list(
        Flag.objects.filter(round=round_).select_related(
            "person", "subject__position", "subject__commune_survey__unit"
        )
    )
    flags_by_cs = Counter(f.subject.commune_survey_id for f in flags if not f.withdrawn)
    rows: dict[int, CommuneRow] = {}
    for cs in communes:
        row = rows[cs.pk] = CommuneRow(
            cs,
            rules.progress(
                report_before=round_.report_before,
                today=today,
                notified_on=cs.notified_on,
                reported_on=cs.reported_on,
            ),
            flags=flags_by_cs.get(cs.pk, 0),
            typed=typed.get(cs.pk, 0),
        )
        if not cs.reported:
            pass
        elif hasattr(cs, "tally"):
            row.reported_figures = True
            for name in rules.REPORT_TALLY_FIELDS:
                setattr(row, name, getattr(cs.tally, name))
        elif cs.pk in reports:
            row.reported_figures = True
            for name, value in rules.report_tally(reports[cs.pk].figures).items():
                setattr(row, name, value)
    for cs_id, surveyed, officials, citizens in subjects:
        found = rows.get(cs_id)
        if found is None:
            continue
        row = found
        if surveyed:
            row.planned += officials + citizens
            if not row.reported_figures:
                row.subjects += 1
        elif not row.reported_figures:
            row.not_surveyed += 1
    visible = set(rows)
    return Dashboard(
        round_,
        today,
        list(rows.values()),
        [f for f in flags if f.subject.commune_survey_id in visible and not f.withdrawn],
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
