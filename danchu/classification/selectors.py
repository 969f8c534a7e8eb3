"""Reads: a round's results (GR1 class and TSVM, GR2 caps, GR4 consequences), its counts
against the targets and last year's, and the rounds a user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.classification import permissions, rules
from danchu.classification.models import Assessment, Criterion, Round, Scheme, Score


@dataclass(frozen=True)
class CapLine:
    criterion: Criterion
    points: Decimal | None
    cap: rules.Level | None
    cap_label: str = ""  # in the words of the scheme's decree


@dataclass(frozen=True)
class Result:
    """One commune's standing from the points in force (reviewed where changed)."""

    assessment: Assessment
    total: Decimal | None  # None while a criterion has no points
    grade: rules.Grade | None
    tsvm: bool
    caps: tuple[CapLine, ...]
    consequences: tuple[rules.Consequence, ...]

    @property
    def grade_label(self) -> str:
        return rules.GRADE_LABELS[self.grade] if self.grade else ""

    @property
    def consequence_labels(self) -> list[str]:
        return [rules.CONSEQUENCE_LABELS[c] for c in self.consequences]


def _evaluation(value: str) -> rules.Evaluation | None:
    return rules.Evaluation(value) if value else None


def result_of(assessment: Assessment, scores: list[Score] | None = None) -> Result:
    thresholds = assessment.round.scheme.thresholds()
    if scores is None:
        scores = list(assessment.scores.select_related("criterion"))
    labels = assessment.round.scheme.level_labels()
    lines = tuple(
        CapLine(
            s.criterion,
            s.final_points,
            cap := rules.cap_for(s.final_points) if s.final_points is not None else None,
            labels[cap] if cap else "",
        )
        for s in scores
    )
    if any(line.points is None for line in lines):
        return Result(assessment, None, None, False, lines, ())
    total = sum((line.points for line in lines if line.points is not None), Decimal(0))
    grade = rules.classify(total, thresholds)
    return Result(
        assessment,
        total,
        grade,
        rules.is_tsvm(total, thresholds),
        lines,
        tuple(
            rules.consequences(
                grade, _evaluation(assessment.last_year), _evaluation(assessment.year_before)
            )
        ),
    )


def results(round_: Round) -> list[Result]:
    assessments = list(
        round_.assessments.select_related("commune", "round__scheme").order_by("commune__name")
    )
    by_assessment: dict[int, list[Score]] = {a.pk: [] for a in assessments}
    for s in (
        Score.objects.filter(assessment__round=round_)
        .select_related("criterion")
        .order_by("criterion__order", "criterion__pk")
    ):
        by_assessment[s.assessment_id].append(s)
    return [result_of(a, by_assessment[a.pk]) for a in assessments]


@dataclass
class Dashboard:
    """GR1: counts per class and TSVM against the targets, this year and last."""

    round: Round
    results: list[Result]
    counts: dict[str, int]
    targets: list[tuple[rules.Target, int, bool]]
    previous: Round | None = None
    previous_counts: dict[str, int] | None = None
    unclassified: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)


def dashboard(round_: Round) -> Dashboard:
    found = results(round_)
    classified = [r for r in found if r.grade is not None]
    counts = rules.count_classes((r.grade, r.tsvm) for r in classified if r.grade is not None)
    targets = [
        (t, counts.get(t.subject, 0), rules.target_met(t, counts))
        for t in (t.as_rule() for t in round_.targets.all())
    ]
    previous = (
        Round.objects.filter(province=round_.province, year=round_.year - 1)
        .select_related("scheme", "province")
        .first()
    )
    previous_counts = None
    if previous is not None:
        before = [r for r in results(previous) if r.grade is not None]
        previous_counts = rules.count_classes(
            (r.grade, r.tsvm) for r in before if r.grade is not None
        )
    board = Dashboard(
        round_, found, counts, targets, previous, previous_counts, len(found) - len(classified)
    )
    for subject in rules.TARGET_SUBJECTS:
        label = (
            rules.TSVM_LABEL if subject == rules.TSVM else rules.GRADE_LABELS[rules.Grade(subject)]
        )
        board.rows.append(
            {
                "subject": subject,
                "label": label,
                "count": counts[subject],
                "previous": previous_counts[subject] if previous_counts else None,
                "targets": [(t, met) for t, _actual, met in targets if t.subject == subject],
            }
        )
    return board


def rounds_for(user: Any) -> QuerySet[Round]:
    """Rounds whose dashboard the user sees, and rounds of the communes the user prepares."""
    qs = Round.objects.select_related("province", "scheme")
    seen = access.scope(user, qs, "province", Cap.SUPERVISE)
    managed = [p.pk for p in permissions.managed_provinces(user)]
    communes = permissions.my_communes(user)
    return qs.filter(
        Q(pk__in=seen.values("pk")) | Q(province__in=managed) | Q(assessments__commune__in=communes)
    ).distinct()


def schemes_for(user: Any) -> QuerySet[Scheme]:
    provinces = [p.pk for p in permissions.managed_provinces(user)]
    return Scheme.objects.filter(province__in=provinces).select_related("province")


@dataclass(frozen=True)
class Official:
    """A commune official and what bears on their yearly rating."""

    person: Any
    position: str
    position_code: str
    criteria: list[str]  # codes of the criteria in their charge (by position name)
    caps: list[CapLine]
    cap: rules.Level | None
    gr3: bool
    sv7: list[Any]  # SV7 flags of the civil servant (surveys)
    rating: Any
    apologies: list[Any] = field(default_factory=list)  # GR9 cases of the year
    surveyed: list[str] = field(default_factory=list)  # SV results as the sent reports state

    cap_label: str = ""


def officials(assessment: Assessment) -> list[Official]:
    """GR2/GR3: the commune's officials holding a post on the round's last day, with the GR2
    caps of the criteria whose responsible position is theirs, the GR3 class basis and SV7
    flags."""
    import datetime as dt

    from danchu.core.text import fold
    from danchu.people.models import Assignment

    on = min(dt.date(assessment.round.year, 12, 31), _today())
    result = result_of(assessment)
    by_position: dict[str, list[CapLine]] = {}
    for line in result.caps:
        if line.criterion.position:
            key = rules.position_key(line.criterion.position, fold)
            by_position.setdefault(key, []).append(line)
    labels = assessment.round.scheme.level_labels()
    ratings = {
        r.person_id: r for r in assessment.ratings.select_related("assessment__round__scheme")
    }
    cases: dict[int, list[Any]] = {}
    for case in apologies_of(assessment):
        cases.setdefault(case.person_id, []).append(case)
    flags = _sv7_flags(assessment.round.year)
    from danchu.surveys.selectors import reported_results

    staff_ids = list(
        Assignment.objects.active_on(on)
        .filter(agency__unit=assessment.commune)
        .values_list("person_id", flat=True)
    )
    surveyed = reported_results(staff_ids, years=[assessment.round.year])
    out: list[Official] = []
    seen: set[int] = set()
    for a in (
        Assignment.objects.active_on(on)
        .filter(agency__unit=assessment.commune)
        .select_related("person", "position")
        .order_by("position__name", "person__full_name")
    ):
        if a.person_id in seen:
            continue
        seen.add(a.person_id)
        lines = by_position.get(rules.position_key(a.position.name, fold), []) or by_position.get(
            rules.position_key(a.position.code, fold), []
        )
        caps = [line.cap for line in lines if line.cap is not None]
        out.append(
            Official(
                a.person,
                a.position.name,
                a.position.code,
                [line.criterion.code for line in lines],
                lines,
                rules.tightest_cap(caps),
                rules.gr3_applies(a.position.code),
                flags.get(a.person_id, []),
                ratings.get(a.person_id),
                cases.get(a.person_id, []),
                surveyed=[_survey_text(r) for r in surveyed.get(a.person_id, [])],
                cap_label=labels[cap] if (cap := rules.tightest_cap(caps)) else "",
            )
        )
    return out


def _today() -> Any:
    from danchu.core import clock

    return clock.today()


def _sv7_flags(year: int) -> dict[int, list[Any]]:
    """SV7 flags (low confidence two years running) raised up to this year, per person."""
    from danchu.surveys.models import Flag

    out: dict[int, list[Any]] = {}
    for flag in Flag.objects.filter(year__lte=year, year__gte=year - 1):
        out.setdefault(flag.person_id, []).append(flag)
    return out


def apologies_of(assessment: Assessment) -> list[Any]:
    """GR9 cases of the commune in the round's year: they feed its self-assessment and the
    officials' ratings."""
    from danchu.classification.models import ApologyCase

    return list(
        ApologyCase.objects.filter(
            commune=assessment.commune, occurred_on__year=assessment.round.year
        ).select_related("person")
    )


# --------------------------------------------------------------------------------------------
# GR5 indicators
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    indicator: rules.Indicator
    part: int
    whole: int

    @property
    def percent(self) -> Any:
        return rules.share(self.part, self.whole)

    @property
    def percent_text(self) -> str:
        return rules.percent_text(self.percent)

    @property
    def met(self) -> bool | None:
        return rules.indicator_met(self.indicator, self.percent)

    @property
    def target_text(self) -> str:
        return f"{self.indicator.comparison.value} {self.indicator.percent}%"


@dataclass
class CommuneIndicators:
    assessment: Assessment
    staff: list[Any]  # (person, qualification or None)
    facts: Any
    rows: list[IndicatorRow]


def commune_staff(commune: Any, year: int) -> list[Any]:
    import datetime as dt

    from danchu.people.models import Assignment, Person

    on = min(dt.date(year, 12, 31), _today())
    ids = Assignment.objects.active_on(on).filter(agency__unit=commune).values("person_id")
    return list(Person.objects.filter(pk__in=ids).order_by("full_name"))


def commune_indicators(assessment: Assessment) -> CommuneIndicators:
    from danchu.classification.models import CommuneFacts, StaffQualification

    year = assessment.round.year
    staff = commune_staff(assessment.commune, year)
    quals = {q.person_id: q for q in StaffQualification.objects.filter(person__in=staff)}
    facts = CommuneFacts.objects.filter(commune=assessment.commune, year=year).first()
    rows = []
    for ind in rules.INDICATORS:
        if ind.source == "people":
            wanted = (
                rules.INTERMEDIATE_OR_HIGHER if ind.code == "trinh_do" else rules.POLITICAL_TRAINED
            )
            field_name = "education" if ind.code == "trinh_do" else "political_theory"
            part = sum(
                1 for p in staff if p.pk in quals and getattr(quals[p.pk], field_name) in wanted
            )
            rows.append(IndicatorRow(ind, part, len(staff)))
        elif ind.source == "procedures":
            ok = facts is not None and facts.procedures is not None
            rows.append(
                IndicatorRow(
                    ind,
                    (facts.procedures_on_time or 0) if ok and facts else 0,
                    facts.procedures if ok and facts and facts.procedures else 0,
                )
            )
        else:
            field_name = {
                "tru_so": "solid_office",
                "dien_tich": "office_area",
                "may_tinh": "networked",
                "hom_thu": "mailbox_hotline",
            }[ind.code]
            value = getattr(facts, field_name) if facts is not None else None
            rows.append(IndicatorRow(ind, 1 if value else 0, 0 if value is None else 1))
    return CommuneIndicators(assessment, [(p, quals.get(p.pk)) for p in staff], facts, rows)


def province_indicators(round_: Round) -> tuple[list[IndicatorRow], list[CommuneIndicators]]:
    """GR5: each commune's figures and the province's (sums of parts over sums of wholes)."""
    communes = [
        commune_indicators(a)
        for a in round_.assessments.select_related("commune", "round").order_by("commune__name")
    ]
    totals = [
        IndicatorRow(
            ind,
            sum(c.rows[i].part for c in communes),
            sum(c.rows[i].whole for c in communes),
        )
        for i, ind in enumerate(rules.INDICATORS)
    ]
    return totals, communes


def _survey_text(result: Any) -> str:
    """SV: "2026: 80/100 tín nhiệm (80,0%)" from a sent survey report."""
    share = rules.share(result.trust, result.collected)
    return (
        f"{result.year}: {result.trust}/{result.collected} phiếu tín nhiệm "
        f"({rules.percent_text(share)})"
    )
