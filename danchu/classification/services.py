"""Writes of the yearly classification. Each function takes keyword arguments, runs in one
transaction and leaves an audit entry (:func:`danchu.audit.services.log`). Errors are
:class:`ClassificationError` with Vietnamese messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from danchu.audit.services import log
from danchu.classification import rules
from danchu.classification.models import (
    DECISION_KIND,
    Assessment,
    AssessmentStatus,
    Criterion,
    Round,
    RoundStatus,
    Scheme,
    Score,
    Target,
)
from danchu.core import clock
from danchu.core.text import nfc
from danchu.units.models import AdminUnit, Level

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx")


class ClassificationError(Exception):
    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(self.problems))


@dataclass(frozen=True)
class CriterionData:
    code: str
    name: str
    max_points: Decimal
    position: str = ""
    sub_items: str = ""


@dataclass(frozen=True)
class ScoreInput:
    points: Decimal | None
    explanation: str = ""
    link: str = ""
    evidence: Any = None  # an uploaded file, or None to keep the one stored


# --------------------------------------------------------------------------------------------
# Schemes
# --------------------------------------------------------------------------------------------


def scheme_problems(
    thresholds: Mapping[str, Decimal | None], criteria: Sequence[CriterionData]
) -> list[str]:
    problems: list[str] = []
    if not criteria:
        problems.append("Bộ tiêu thức cần ít nhất một tiêu thức.")
    seen: set[str] = set()
    for c in criteria:
        code = nfc(c.code)
        if not code or not nfc(c.name):
            problems.append("Mỗi tiêu thức cần mã và tên.")
        if code.casefold() in seen:
            problems.append(f"Mã tiêu thức «{code}» bị trùng.")
        seen.add(code.casefold())
        if c.max_points <= 0:
            problems.append(f"Tiêu thức «{code}»: điểm tối đa phải lớn hơn 0.")
    grades = {
        g: thresholds[g.value] for g in rules.GRADE_ORDER if thresholds.get(g.value) is not None
    }
    built = rules.Thresholds(
        grades={g: v for g, v in grades.items() if v is not None},
        tsvm=thresholds.get(rules.TSVM),
    )
    problems += built.problems()
    if not grades:
        problems.append("Cần ngưỡng điểm của ít nhất một loại.")
    ceiling = sum((c.max_points for c in criteria), Decimal(0))
    for name, value in [*((g.value, v) for g, v in grades.items()), ("tsvm", built.tsvm)]:
        if value is not None and criteria and value > ceiling:
            problems.append(
                f"Ngưỡng «{name}» ({rules.points_text(value)}) vượt tổng điểm tối đa "
                f"({rules.points_text(ceiling)})."
            )
    return problems


def save_scheme(
    *,
    actor: Any,
    province: AdminUnit,
    year: int,
    name: str,
    thresholds: Mapping[str, Decimal | None],
    criteria: Sequence[CriterionData],
    basis: str = "",
    illustrative: bool = False,
    levels: Mapping[str, str] | None = None,
    request: Any = None,
) -> Scheme:
    """A new version of the province's scheme for ``year`` (a version never changes once saved,
    so a round keeps the version it used)."""
    if province.level != Level.PROVINCE:
        raise ClassificationError("Bộ tiêu thức thuộc về một tỉnh.")
    problems = scheme_problems(thresholds, criteria)
    if problems:
        raise ClassificationError(problems)
    with transaction.atomic():
        last = (
            Scheme.objects.select_for_update()
            .filter(province=province, year=year)
            .order_by("-version")
            .first()
        )
        scheme = Scheme.objects.create(
            province=province,
            year=year,
            version=(last.version + 1) if last else 1,
            name=nfc(name)[:255],
            basis=nfc(basis)[:255],
            illustrative=illustrative,
            tot_from=thresholds.get("tot"),
            kha_from=thresholds.get("kha"),
            trung_binh_from=thresholds.get("trung_binh"),
            yeu_from=thresholds.get("yeu"),
            tsvm_from=thresholds.get("tsvm"),
            **{
                f"level_{lv.value}": nfc((levels or {}).get(lv.value, "")) or rules.LEVEL_LABELS[lv]
                for lv in rules.Level
            },
            created_at=clock.now(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        Criterion.objects.bulk_create(
            Criterion(
                scheme=scheme,
                order=i,
                code=nfc(c.code)[:20],
                name=nfc(c.name)[:500],
                max_points=c.max_points,
                position=nfc(c.position)[:200],
                sub_items="\n".join(nfc(s) for s in c.sub_items.splitlines() if nfc(s)),
            )
            for i, c in enumerate(criteria, 1)
        )
        log(
            actor=actor,
            action="classification.scheme.saved",
            target=scheme,
            unit=province,
            request=request,
            changes={
                "year": year,
                "version": scheme.version,
                "criteria": [[c.code, str(c.max_points)] for c in criteria],
                "thresholds": {k: str(v) for k, v in thresholds.items() if v is not None},
                "illustrative": illustrative,
            },
        )
    return scheme


# --------------------------------------------------------------------------------------------
# The year's round
# --------------------------------------------------------------------------------------------


def communes_of(province: AdminUnit, on: dt.date) -> list[AdminUnit]:
    return list(
        AdminUnit.objects.in_force(on)
        .filter(path__startswith=province.path, level=Level.COMMUNE)
        .order_by("name")
    )


def open_round(
    *,
    actor: Any,
    province: AdminUnit,
    year: int,
    scheme: Scheme,
    targets: Sequence[rules.Target],
    self_assessment_due: dt.date,
    review_due: dt.date,
    decision_due: dt.date,
    request: Any = None,
) -> Round:
    """GR1: Home Affairs opens the year with a scheme version, targets and three deadlines;
    every commune of the province in force today gets its file."""
    today = clock.today()
    problems: list[str] = []
    if scheme.province_id != province.pk:
        problems.append("Bộ tiêu thức không thuộc tỉnh này.")
    if not self_assessment_due < review_due < decision_due:
        problems.append("Các hạn phải theo thứ tự: tự đánh giá, thẩm định, quyết định.")
    if self_assessment_due < today and year >= today.year:
        # a past year may be entered for the record (its results, last year's for GR1/GR4)
        problems.append("Hạn tự đánh giá đã qua.")
    if Round.objects.filter(province=province, year=year).exists():
        problems.append(f"Năm {year} đã được mở.")
    communes = communes_of(province, today)
    if not communes:
        problems.append("Tỉnh chưa có xã nào trong danh mục đơn vị hành chính.")
    if problems:
        raise ClassificationError(problems)
    with transaction.atomic():
        round_ = Round.objects.create(
            province=province,
            year=year,
            scheme=scheme,
            self_assessment_due=self_assessment_due,
            review_due=review_due,
            decision_due=decision_due,
            opened_at=clock.now(),
            opened_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        Target.objects.bulk_create(
            Target(round=round_, subject=t.subject, comparison=t.comparison.value, number=t.number)
            for t in targets
        )
        criteria = list(scheme.criteria.all())
        for commune in communes:
            a = Assessment.objects.create(round=round_, commune=commune)
            Score.objects.bulk_create(Score(assessment=a, criterion=c) for c in criteria)
        log(
            actor=actor,
            action="classification.round.opened",
            target=round_,
            unit=province,
            request=request,
            changes={
                "year": year,
                "scheme": f"{scheme.pk} v{scheme.version}",
                "targets": [f"{t.subject} {t.comparison.value} {t.number}" for t in targets],
                "due": [
                    self_assessment_due.isoformat(),
                    review_due.isoformat(),
                    decision_due.isoformat(),
                ],
                "communes": len(communes),
            },
        )
    return round_


def _evidence_problems(upload: Any, code: str) -> list[str]:
    if upload is None:
        return []
    name = str(getattr(upload, "name", "")).lower()
    out = []
    if not name.endswith(EVIDENCE_EXTENSIONS):
        out.append(f"Tiêu thức {code}: minh chứng chỉ nhận tệp PDF, ảnh, DOCX hoặc XLSX.")
    if getattr(upload, "size", 0) > MAX_EVIDENCE_BYTES:
        out.append(f"Tiêu thức {code}: tệp minh chứng quá 10 MB.")
    return out


RECORD_PREFIXES = ("/consultations/", "/votes/", "/surveys/", "/documents/", "/classification/")
"""Evidence links point at records the platform holds: disclosures and consultations, votes,
survey reports, issued documents, other classification files."""


def link_problems(link: str, code: str) -> list[str]:
    """An evidence link is a path of this platform that leads to a page (``/surveys/12/``), or
    the full address of one."""
    from urllib.parse import urlsplit

    from django.urls import Resolver404, resolve

    if not link:
        return []
    path = urlsplit(link).path if "://" in link else link
    if not path.startswith(RECORD_PREFIXES):
        return [
            f"Tiêu thức {code}: liên kết phải dẫn tới hồ sơ trên hệ thống (công khai, lấy ý kiến, "
            "lấy phiếu tín nhiệm, báo cáo khảo sát, văn bản), ví dụ /consultations/5/."
        ]
    try:
        resolve(path)
    except Resolver404:
        return [f"Tiêu thức {code}: không có trang «{path}» trên hệ thống."]
    return []


def _locked(assessment: Assessment) -> Assessment:
    a = Assessment.objects.select_for_update().select_related("round").get(pk=assessment.pk)
    if a.round.status != RoundStatus.OPEN:
        raise ClassificationError("Năm này đã có quyết định xếp loại.")
    return a


def save_self_assessment(
    *,
    actor: Any,
    assessment: Assessment,
    scores: Mapping[int, ScoreInput],
    explanation: str = "",
    request: Any = None,
) -> Assessment:
    """The commune's points per criterion with evidence and explanation (draft or returned
    file only)."""
    problems: list[str] = []
    by_id = {s.criterion_id: s for s in assessment.scores.select_related("criterion")}
    for criterion_id, given in scores.items():
        score = by_id.get(criterion_id)
        if score is None:
            problems.append("Tiêu thức không thuộc bộ tiêu thức của năm.")
            continue
        c = score.criterion
        if given.points is not None and not Decimal(0) <= given.points <= c.max_points:
            problems.append(
                f"Tiêu thức {c.code}: điểm phải từ 0 đến {rules.points_text(c.max_points)}."
            )
        if given.points is not None and given.points != given.points.quantize(Decimal("0.01")):
            problems.append(f"Tiêu thức {c.code}: điểm có tối đa hai chữ số thập phân.")
        problems += _evidence_problems(given.evidence, c.code)
        problems += link_problems(nfc(given.link), c.code)
    if problems:
        raise ClassificationError(problems)
    with transaction.atomic():
        a = _locked(assessment)
        if not a.editable_by_commune:
            raise ClassificationError("Hồ sơ đã gửi thẩm định, không sửa được.")
        changed: dict[str, Any] = {}
        for criterion_id, given in scores.items():
            score = by_id[criterion_id]
            before = score.points
            score.points = given.points
            score.explanation = nfc(given.explanation)
            score.link = nfc(given.link)[:500]
            if given.evidence is not None:
                score.evidence.save(getattr(given.evidence, "name", "minh-chung"), given.evidence)
            score.save()
            if before != given.points:
                changed[score.criterion.code] = [
                    None if before is None else str(before),
                    None if given.points is None else str(given.points),
                ]
        a.explanation = nfc(explanation)
        a.save(update_fields=["explanation"])
        log(
            actor=actor,
            action="classification.assessment.saved",
            target=a,
            unit=a.commune,
            request=request,
            changes={"points": changed},
        )
    return a


def submit(*, actor: Any, assessment: Assessment, request: Any = None) -> Assessment:
    """The chairman submits the self-assessment: every criterion has its points."""
    with transaction.atomic():
        a = _locked(assessment)
        if not a.editable_by_commune:
            raise ClassificationError("Hồ sơ đã gửi thẩm định.")
        missing = [
            s.criterion.code for s in a.scores.select_related("criterion") if s.points is None
        ]
        if missing:
            raise ClassificationError(f"Chưa chấm điểm tiêu thức: {', '.join(missing)}.")
        before = a.status
        a.status = AssessmentStatus.SUBMITTED
        a.submitted_at = clock.now()
        a.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
        a.save(update_fields=["status", "submitted_at", "submitted_by"])
        log(
            actor=actor,
            action="classification.assessment.submitted",
            target=a,
            unit=a.commune,
            request=request,
            changes={"status": [before, a.status]},
        )
    return a


def return_for_correction(
    *, actor: Any, assessment: Assessment, reason: str, request: Any = None
) -> Assessment:
    """The reviewer returns a submitted file to the commune, with a reason."""
    reason = nfc(reason)
    if not reason:
        raise ClassificationError("Trả lại hồ sơ: cần nêu lý do.")
    with transaction.atomic():
        a = _locked(assessment)
        if a.status != AssessmentStatus.SUBMITTED:
            raise ClassificationError("Chỉ trả lại được hồ sơ đã gửi thẩm định.")
        a.status = AssessmentStatus.RETURNED
        a.return_reason = reason
        a.save(update_fields=["status", "return_reason"])
        log(
            actor=actor,
            action="classification.assessment.returned",
            target=a,
            unit=a.commune,
            request=request,
            changes={"status": [AssessmentStatus.SUBMITTED, a.status], "reason": reason},
        )
    return a


def review(
    *,
    actor: Any,
    assessment: Assessment,
    changes: Mapping[int, tuple[Decimal | None, str]],
    last_year: str = "",
    year_before: str = "",
    request: Any = None,
) -> Assessment:
    """The province reviews a submitted file: points change only with a reason per criterion;
    last years' evaluations (GR4) are recorded. The file is then reviewed."""
    problems: list[str] = []
    valid = {"", *(e.value for e in rules.Evaluation)}
    if last_year not in valid or year_before not in valid:
        problems.append("Đánh giá năm trước không hợp lệ.")
    by_id = {s.criterion_id: s for s in assessment.scores.select_related("criterion")}
    for criterion_id, (points, reason) in changes.items():
        score = by_id.get(criterion_id)
        if score is None:
            problems.append("Tiêu thức không thuộc bộ tiêu thức của năm.")
            continue
        c = score.criterion
        if points is None or points == score.points:
            continue
        if not Decimal(0) <= points <= c.max_points:
            problems.append(
                f"Tiêu thức {c.code}: điểm phải từ 0 đến {rules.points_text(c.max_points)}."
            )
        if points != points.quantize(Decimal("0.01")):
            problems.append(f"Tiêu thức {c.code}: điểm có tối đa hai chữ số thập phân.")
        if not nfc(reason):
            problems.append(f"Tiêu thức {c.code}: thay đổi điểm cần nêu lý do.")
    if problems:
        raise ClassificationError(problems)
    with transaction.atomic():
        a = _locked(assessment)
        if a.status != AssessmentStatus.SUBMITTED:
            raise ClassificationError("Chỉ thẩm định được hồ sơ xã đã gửi.")
        changed: dict[str, Any] = {}
        for criterion_id, (points, reason) in changes.items():
            score = by_id[criterion_id]
            if points is None or points == score.points:
                if score.reviewed_points is not None:
                    score.reviewed_points = None
                    score.review_reason = ""
                    score.save(update_fields=["reviewed_points", "review_reason"])
                continue
            score.reviewed_points = points
            score.review_reason = nfc(reason)
            score.save(update_fields=["reviewed_points", "review_reason"])
            changed[score.criterion.code] = [str(score.points), str(points), score.review_reason]
        a.status = AssessmentStatus.REVIEWED
        a.last_year = last_year
        a.year_before = year_before
        a.reviewed_at = clock.now()
        a.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
        a.save(update_fields=["status", "last_year", "year_before", "reviewed_at", "reviewed_by"])
        log(
            actor=actor,
            action="classification.assessment.reviewed",
            target=a,
            unit=a.commune,
            request=request,
            changes={
                "status": [AssessmentStatus.SUBMITTED, a.status],
                "points": changed,
                "evaluations": [last_year, year_before],
            },
        )
    return a


def issue_decision(*, actor: Any, round_: Round, request: Any = None) -> Any:
    """GR1: the classification decision, issued once every file is reviewed (Decree 30,
    numbered "QĐ-UBND" in the province People's Committee's series, frozen)."""
    from danchu.classification import documents, selectors
    from danchu.documents import issuing
    from danchu.documents.render import audit_line
    from danchu.units.models import Agency, AgencyKind

    if round_.status != RoundStatus.OPEN:
        raise ClassificationError("Năm này đã có quyết định xếp loại.")
    pending = round_.assessments.exclude(status=AssessmentStatus.REVIEWED).count()
    if pending:
        raise ClassificationError(f"Còn {pending} xã chưa thẩm định xong.")
    agency = Agency.objects.filter(unit=round_.province, kind=AgencyKind.UBND).first()
    if agency is None:
        raise ClassificationError("Tỉnh chưa có cơ quan UBND trong danh mục để ban hành.")
    today = clock.today()
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.status != RoundStatus.OPEN:
            raise ClassificationError("Năm này đã có quyết định xếp loại.")
        board = selectors.dashboard(round_)

        def render(issue: issuing.Issue) -> issuing.Rendered:
            ref = audit_line(issue.audit_seq, issue.audit_hash)
            return issuing.Rendered(
                files=documents.decision_files(board, issue.number, issue.on, ref),
                figures=documents.decision_figures(board),
            )

        doc = issuing.issue(
            kind=DECISION_KIND,
            target=locked,
            title=f"Quyết định xếp loại chính quyền cơ sở năm {round_.year} — "
            f"{round_.province.name}",
            render=render,
            actor=actor,
            agency=agency,
            unit=round_.province,
            symbol="QĐ",
            on=today,
            request=request,
        )
        locked.status = RoundStatus.DECIDED
        locked.decided_on = today
        locked.decision_number = doc.number
        locked.save(update_fields=["status", "decided_on", "decision_number"])
        actions = _create_actions(board, today)
        log(
            actor=actor,
            action="classification.round.decided",
            target=locked,
            unit=round_.province,
            request=request,
            changes={"number": doc.number, "counts": board.counts, "gr4_actions": actions},
        )
    round_.refresh_from_db()
    return doc


# --------------------------------------------------------------------------------------------
# GR2/GR3: the yearly rating of commune officials
# --------------------------------------------------------------------------------------------


def _caps_for(assessment: Assessment, codes: Sequence[str]) -> tuple[list[rules.Level], list[str]]:
    scores = {s.criterion.code: s for s in assessment.scores.select_related("criterion").all()}
    problems = [
        f"Tiêu thức «{c}» không có trong bộ tiêu thức của năm." for c in codes if c not in scores
    ]
    caps = []
    for code in codes:
        score = scores.get(code)
        if score is not None and score.final_points is not None:
            caps.append(rules.cap_for(score.final_points))
    return caps, problems


def propose_rating(
    *,
    actor: Any,
    assessment: Assessment,
    person: Any,
    position: str,
    position_code: str = "",
    criteria: Sequence[str] = (),
    level: rules.Level,
    request: Any = None,
) -> Any:
    """The commune proposes an official's level, once its file is reviewed. A proposal above
    the GR2 cap of the criteria in the official's charge is refused (only the deciding
    authority may go above it, with a reason: :func:`decide_rating`)."""
    from danchu.classification.models import OfficialRating

    if assessment.status != AssessmentStatus.REVIEWED:
        raise ClassificationError("Chỉ đề xuất mức đánh giá khi hồ sơ của xã đã được thẩm định.")
    caps, problems = _caps_for(assessment, criteria)
    problems += rules.proposal_problems(level, caps)
    if problems:
        raise ClassificationError(problems)
    cap = rules.tightest_cap(caps)
    with transaction.atomic():
        rating, created = OfficialRating.objects.select_for_update().get_or_create(
            assessment=assessment,
            person=person,
            defaults={
                "position": nfc(position)[:200],
                "proposed_level": level.value,
                "proposed_at": clock.now(),
            },
        )
        if rating.decided_level:
            raise ClassificationError("Mức đánh giá đã được quyết định.")
        before = "" if created else rating.proposed_level
        rating.position = nfc(position)[:200]
        rating.position_code = position_code[:60]
        rating.criteria = ",".join(criteria)[:200]
        rating.cap = cap.value if cap else ""
        rating.proposed_level = level.value
        rating.proposed_at = clock.now()
        rating.proposed_by = actor if getattr(actor, "is_authenticated", False) else None
        rating.save()
        log(
            actor=actor,
            action="classification.rating.proposed",
            target=rating,
            unit=assessment.commune,
            request=request,
            changes={
                "person": str(person),
                "level": [before, level.value],
                "criteria": list(criteria),
                "cap": rating.cap,
            },
        )
    return rating


def decide_rating(
    *,
    actor: Any,
    rating: Any,
    level: rules.Level,
    override_reason: str = "",
    request: Any = None,
) -> Any:
    """The deciding authority records the level; above the GR2 cap only with a reason."""
    override_reason = nfc(override_reason)
    caps, problems = _caps_for(rating.assessment, rating.criterion_codes())
    problems += rules.proposal_problems(level, caps, override_reason=override_reason)
    if problems:
        raise ClassificationError(problems)
    cap = rules.tightest_cap(caps)
    above = cap is not None and rules.above_cap(level, cap)
    with transaction.atomic():
        rating = type(rating).objects.select_for_update().get(pk=rating.pk)
        if rating.decided_level:
            raise ClassificationError("Mức đánh giá đã được quyết định.")
        rating.decided_level = level.value
        rating.override_reason = override_reason if above else ""
        rating.decided_at = clock.now()
        rating.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        rating.save()
        log(
            actor=actor,
            action="classification.rating.decided",
            target=rating,
            unit=rating.assessment.commune,
            request=request,
            changes={
                "person": str(rating.person),
                "proposed": rating.proposed_level,
                "decided": level.value,
                "cap": rating.cap,
                **({"override_reason": override_reason} if above else {}),
            },
        )
    return rating


# --------------------------------------------------------------------------------------------
# GR4: consequences to carry out, and the commendation list
# --------------------------------------------------------------------------------------------

GR4_DAYS = 30
"""Design choice (the seed gives no time limit): a GR4 consequence is due 30 days after the
classification decision (TM1/TM2 counting), and shows on Home Affairs' home page until done."""


def gr4_deadline(decided_on: dt.date) -> Any:
    from danchu.legalcal import deadlines

    return deadlines.after(
        decided_on,
        GR4_DAYS,
        rule="GR4",
        why=f"Thực hiện hệ quả của xếp loại trong {GR4_DAYS} ngày kể từ ngày quyết định "
        f"{decided_on:%d/%m/%Y} (thời hạn do hệ thống đặt, kế hoạch không quy định).",
    )


def _create_actions(board: Any, decided_on: dt.date) -> int:
    from danchu.classification.models import GR4_ACTIONS, ConsequenceAction

    due = gr4_deadline(decided_on).due
    made = 0
    for result in board.results:
        for consequence in result.consequences:
            if consequence in GR4_ACTIONS:
                ConsequenceAction.objects.get_or_create(
                    assessment=result.assessment, kind=consequence.value, defaults={"due": due}
                )
                made += 1
    return made


def record_action(
    *,
    actor: Any,
    action: Any,
    note: str,
    done_on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
    request: Any = None,
) -> Any:
    """GR4: what was done about a consequence, and when (an earlier day needs a reason and
    evidence; a future day is refused)."""
    from danchu.core.facts import event_day_problems

    today = clock.today()
    done_on = done_on or today
    note, reason = nfc(note), nfc(reason)
    problems = [] if note else ["Ghi rõ việc đã làm."]
    problems += event_day_problems(
        on=done_on,
        today=today,
        reason=reason,
        has_evidence=evidence is not None,
        label="Ngày thực hiện",
    )
    problems += _evidence_problems(evidence, "GR4")
    if problems:
        raise ClassificationError(problems)
    with transaction.atomic():
        action = type(action).objects.select_for_update().get(pk=action.pk)
        if action.done_on is not None:
            raise ClassificationError("Việc này đã được ghi nhận.")
        action.done_on = done_on
        action.note = note
        action.backdate_reason = reason if done_on < today else ""
        if evidence is not None:
            action.evidence.save(getattr(evidence, "name", "minh-chung"), evidence, save=False)
        action.recorded_at = clock.now()
        action.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        action.save()
        log(
            actor=actor,
            action="classification.consequence.recorded",
            target=action,
            unit=action.assessment.commune,
            request=request,
            changes={
                "kind": action.kind,
                "due": action.due.isoformat(),
                "done_on": done_on.isoformat(),
                "late": done_on > action.due,
                "note": note,
            },
        )
    return action


def set_commendation(
    *, actor: Any, assessment: Assessment, commended: bool, request: Any = None
) -> Assessment:
    """GR4: the commendation list refuses a unit classed trung bình or yếu."""
    from danchu.classification import selectors

    if assessment.round.status != RoundStatus.DECIDED:
        raise ClassificationError("Danh sách khen thưởng lập sau khi có quyết định xếp loại.")
    result = selectors.result_of(assessment)
    if commended and (result.grade is None or not rules.commendation_allowed(result.grade)):
        raise ClassificationError(
            f"{assessment.commune.name} xếp loại {result.grade_label.lower() or 'chưa có'}: "
            "không được đưa vào danh sách khen thưởng (GR4)."
        )
    with transaction.atomic():
        a = Assessment.objects.select_for_update().get(pk=assessment.pk)
        before = a.commended
        a.commended = commended
        a.save(update_fields=["commended"])
        log(
            actor=actor,
            action="classification.commendation.set",
            target=a,
            unit=a.commune,
            request=request,
            changes={"commended": [before, commended]},
        )
    return a


# --------------------------------------------------------------------------------------------
# GR9: "Apology to the people"
# --------------------------------------------------------------------------------------------


def _day(on: dt.date, label: str, not_before: dt.date | None = None) -> list[str]:
    if on > clock.today():
        return [f"{label} {on:%d/%m/%Y} chưa đến: không ghi được việc chưa xảy ra."]
    if not_before is not None and on < not_before:
        return [f"{label} {on:%d/%m/%Y} không thể trước ngày {not_before:%d/%m/%Y}."]
    return []


def open_apology(
    *,
    actor: Any,
    commune: AdminUnit,
    person: Any,
    citizen: str,
    fault: str,
    facts: str,
    occurred_on: dt.date,
    request: Any = None,
) -> Any:
    """GR9: a case is opened when a civil servant's fault harmed a citizen."""
    from danchu.classification.models import ApologyCase, FaultKind

    citizen, facts = nfc(citizen), nfc(facts)
    problems = _day(occurred_on, "Ngày xảy ra")
    if fault not in FaultKind.values:
        problems.append("Loại lỗi không hợp lệ.")
    if not citizen or not facts:
        problems.append("Ghi rõ công dân bị ảnh hưởng và sự việc.")
    if problems:
        raise ClassificationError(problems)
    with transaction.atomic():
        case = ApologyCase.objects.create(
            commune=commune,
            person=person,
            citizen=citizen[:200],
            fault=fault,
            facts=facts,
            occurred_on=occurred_on,
            opened_at=clock.now(),
            opened_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log(
            actor=actor,
            action="classification.apology.opened",
            target=case,
            unit=commune,
            request=request,
            changes={"person": str(person), "fault": fault, "occurred_on": occurred_on.isoformat()},
        )
    return case


def require_apology(*, actor: Any, case: Any, on: dt.date, request: Any = None) -> Any:
    """GR9: the chairman requires a written apology and a self-criticism."""
    problems = _day(on, "Ngày yêu cầu", case.occurred_on)
    if problems:
        raise ClassificationError(problems)
    with transaction.atomic():
        case = type(case).objects.select_for_update().get(pk=case.pk)
        if case.required_on is not None:
            raise ClassificationError("Chủ tịch đã yêu cầu từ trước.")
        case.required_on = on
        case.required_by = actor if getattr(actor, "is_authenticated", False) else None
        case.save(update_fields=["required_on", "required_by"])
        log(
            actor=actor,
            action="classification.apology.required",
            target=case,
            unit=case.commune,
            request=request,
            changes={"on": on.isoformat()},
        )
    return case


def attach_letters(
    *,
    actor: Any,
    case: Any,
    apology_letter: Any = None,
    self_criticism: Any = None,
    request: Any = None,
) -> Any:
    """GR9: the written apology and the self-criticism (uploaded; a draft comes from the case
    page's template)."""
    problems = [] if case.required_on else ["Chưa có yêu cầu của Chủ tịch."]
    problems += _evidence_problems(apology_letter, "thư xin lỗi")
    problems += _evidence_problems(self_criticism, "bản kiểm điểm")
    if apology_letter is None and self_criticism is None:
        problems.append("Chọn tệp thư xin lỗi hoặc bản kiểm điểm.")
    if problems:
        raise ClassificationError(problems)
    with transaction.atomic():
        case = type(case).objects.select_for_update().get(pk=case.pk)
        if case.visit_on is not None:
            raise ClassificationError("Đã gặp công dân: hồ sơ không sửa được.")
        stored = []
        for field, upload in (
            ("apology_letter", apology_letter),
            ("self_criticism", self_criticism),
        ):
            if upload is not None:
                getattr(case, field).save(getattr(upload, "name", field), upload, save=False)
                stored.append(field)
        case.save()
        log(
            actor=actor,
            action="classification.apology.letters",
            target=case,
            unit=case.commune,
            request=request,
            changes={"files": stored},
        )
    return case


def record_visit(
    *,
    actor: Any,
    case: Any,
    on: dt.date,
    leader: str,
    invited: Sequence[str],
    households: str = "",
    minutes: Any = None,
    request: Any = None,
) -> Any:
    """GR9: the visit to the citizen's home, with the UBND leader and the invited, and its
    minutes."""
    leader, households = nfc(leader), nfc(households)
    problems = []
    if not (case.apology_letter and case.self_criticism):
        problems.append("Cần có thư xin lỗi và bản kiểm điểm trước khi đến nhà công dân.")
    problems += _day(on, "Ngày đến nhà công dân", case.required_on or case.occurred_on)
    problems += rules.visit_problems(leader=leader, invited=invited, households=households)
    if minutes is None:
        problems.append("Cần biên bản buổi gặp.")
    problems += _evidence_problems(minutes, "biên bản")
    if problems:
        raise ClassificationError(problems)
    with transaction.atomic():
        case = type(case).objects.select_for_update().get(pk=case.pk)
        if case.visit_on is not None:
            raise ClassificationError("Buổi gặp đã được ghi nhận.")
        case.visit_on = on
        case.visit_leader = leader[:200]
        case.invited = "\n".join(
            [rules.INVITED[k] for k in rules.INVITED if k in set(invited)]
            + ([f"Hộ dân: {households}"] if households else [])
        )
        case.minutes.save(getattr(minutes, "name", "bien-ban"), minutes, save=False)
        case.save()
        log(
            actor=actor,
            action="classification.apology.visited",
            target=case,
            unit=case.commune,
            request=request,
            changes={"on": on.isoformat(), "leader": leader, "invited": list(invited)},
        )
    return case


# --------------------------------------------------------------------------------------------
# GR5: the facts behind the indicators
# --------------------------------------------------------------------------------------------


def save_indicator_facts(
    *,
    actor: Any,
    commune: AdminUnit,
    year: int,
    facts: Mapping[str, Any],
    qualifications: Mapping[Any, tuple[str, str]],
    evidence: Any = None,
    request: Any = None,
) -> Any:
    """GR5: the commune types the facts the platform does not hold (with evidence) and its
    staff's qualification levels; the shares are computed from them."""
    from danchu.classification.models import (
        CommuneFacts,
        Education,
        PoliticalTheory,
        StaffQualification,
    )

    problems = _evidence_problems(evidence, "GR5")
    received, on_time = facts.get("procedures"), facts.get("procedures_on_time")
    if on_time is not None and received is None:
        problems.append("Ghi số thủ tục đã tiếp nhận.")
    if received is not None and on_time is not None and on_time > received:
        problems.append("Số thủ tục giải quyết đúng hạn không thể lớn hơn số đã tiếp nhận.")
    for edu, pol in qualifications.values():
        if edu not in Education.values or pol not in PoliticalTheory.values:
            problems.append("Trình độ không hợp lệ.")
            break
    if problems:
        raise ClassificationError(problems)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        row, _ = CommuneFacts.objects.select_for_update().get_or_create(
            commune=commune, year=year, defaults={"updated_at": clock.now()}
        )
        for name in (
            "solid_office",
            "office_area",
            "networked",
            "mailbox_hotline",
            "procedures",
            "procedures_on_time",
        ):
            setattr(row, name, facts.get(name))
        if evidence is not None:
            row.evidence.save(getattr(evidence, "name", "minh-chung"), evidence, save=False)
        row.updated_at = clock.now()
        row.updated_by = user
        row.save()
        changed = {}
        for person, (edu, pol) in qualifications.items():
            q, created = StaffQualification.objects.get_or_create(
                person=person,
                defaults={"education": edu, "political_theory": pol, "updated_at": clock.now()},
            )
            if created or (q.education, q.political_theory) != (edu, pol):
                q.education, q.political_theory = edu, pol
                q.updated_at, q.updated_by = clock.now(), user
                q.save()
                changed[str(person)] = [edu, pol]
        log(
            actor=actor,
            action="classification.indicators.saved",
            target=row,
            unit=commune,
            request=request,
            changes={
                "year": year,
                "facts": {k: facts.get(k) for k in sorted(facts)},
                "qualifications": changed,
            },
        )
    return row


# --------------------------------------------------------------------------------------------
# GR6: the commune's 6-month and yearly reports to Home Affairs
# --------------------------------------------------------------------------------------------

REPORT_KINDS = {"half": "classification.report.half", "year": "classification.report.year"}


def report_facts(assessment: Assessment) -> dict[str, Any]:
    from danchu.classification import selectors

    result = selectors.result_of(assessment)
    indicators = selectors.commune_indicators(assessment)
    return {
        "year": assessment.round.year,
        "commune": assessment.commune.name,
        "status": str(assessment.get_status_display()),
        "total": rules.points_text(result.total) if result.total is not None else None,
        "grade": result.grade_label or None,
        "tsvm": result.tsvm,
        "criteria": [
            {
                "code": c.criterion.code,
                "points": rules.points_text(c.points) if c.points is not None else None,
                "position": c.criterion.position,
            }
            for c in result.caps
        ],
        "indicators": [
            {
                "code": r.indicator.code,
                "label": r.indicator.label,
                "target": r.target_text,
                "figure": r.percent_text,
            }
            for r in indicators.rows
        ],
        "apologies": len(selectors.apologies_of(assessment)),
    }


def issue_report(*, actor: Any, assessment: Assessment, period: str, request: Any = None) -> Any:
    """GR6: the commune's report (6-month before 20/6, yearly before 20/1 of the next year) to
    the Department of Home Affairs, from its file and indicators as they stand today; issued
    with a number of the commune People's Committee ("BC") and frozen. Design choice on the 2025
    map (no districts): each commune reports."""
    from danchu.classification import documents
    from danchu.documents import issuing
    from danchu.documents.render import audit_line, render_docx, render_pdf
    from danchu.units.models import Agency, AgencyKind

    if period not in REPORT_KINDS:
        raise ClassificationError("Kỳ báo cáo không hợp lệ.")
    if period == "year" and assessment.round.status != RoundStatus.DECIDED:
        raise ClassificationError("Báo cáo năm lập sau khi có quyết định xếp loại.")
    agency = Agency.objects.filter(unit=assessment.commune, kind=AgencyKind.UBND).first()
    if agency is None:
        raise ClassificationError("Xã chưa có cơ quan UBND trong danh mục.")
    if issuing.current(assessment, REPORT_KINDS[period]) is not None:
        raise ClassificationError("Báo cáo kỳ này đã được ban hành.")
    facts = report_facts(assessment)
    today = clock.today()
    with transaction.atomic():

        def render(issue: issuing.Issue) -> issuing.Rendered:
            doc = documents.report(
                facts, period, issue.number, issue.on, audit_line(issue.audit_seq, issue.audit_hash)
            )
            return issuing.Rendered(
                files={"pdf": render_pdf(doc), "docx": render_docx(doc)}, figures=facts
            )

        doc = issuing.issue(
            kind=REPORT_KINDS[period],
            target=assessment,
            title=f"Báo cáo {rules.REPORT_PERIODS[period]} {assessment.round.year} — "
            f"{assessment.commune.name}",
            render=render,
            actor=actor,
            agency=agency,
            unit=assessment.commune,
            symbol="BC",
            on=today,
            request=request,
        )
        last_day = rules.report_last_day(period, assessment.round.year)
        log(
            actor=actor,
            action="classification.report.issued",
            target=assessment,
            unit=assessment.commune,
            request=request,
            changes={
                "period": period,
                "number": doc.number,
                "last_day": last_day.isoformat(),
                "late": today > last_day,
            },
        )
    return doc
