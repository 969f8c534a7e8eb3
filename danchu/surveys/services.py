"""Writes of the surveys app: verb-first, keyword-only, one transaction, one audit entry each.

Bad input raises :class:`SurveyError` with every problem in Vietnamese (naming the field or the
rule); nothing is written then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q

from danchu.accounts.models import Role, RoleAssignment
from danchu.audit.services import log
from danchu.core import clock, receipts
from danchu.core.text import nfc
from danchu.documents.render import render_docx, render_pdf
from danchu.formats import numbers
from danchu.people.models import Assignment, HowStarted, Position
from danchu.people.selectors import previous_post
from danchu.surveys import rules, upload
from danchu.surveys.models import (
    Channel,
    Committee,
    CommitteeMember,
    CommuneSurvey,
    Flag,
    Form,
    FormReceipt,
    FormTemplate,
    OnlineCode,
    PaperEntry,
    Reopening,
    ReportTally,
    Round,
    RoundPosition,
    Subject,
)
from danchu.units.models import AdminUnit, Level

DATA_DIR = Path(__file__).resolve().parent / "data"


class SurveyError(ValueError):
    """Bad input: ``problems`` lists every problem found, in Vietnamese."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


class AlreadyRecorded(SurveyError):
    """Issue 16: the same online form sent again with the same code (a dropped connection):
    nothing is stored twice, and the respondent is told their form counted."""

    def __init__(self) -> None:
        super().__init__("Phiếu của bạn đã được ghi nhận (lần gửi trước); phiếu chỉ tính một lần.")


# --------------------------------------------------------------------------------------------
# SV5 — templates
# --------------------------------------------------------------------------------------------


@cache
def seed_template_content() -> dict[str, Any]:
    """SV5: the form of seed 000 (sections a–d and the overall question), as data."""
    with (DATA_DIR / "form_000.json").open(encoding="utf-8") as handle:
        content: dict[str, Any] = json.load(handle)
    return content


def ensure_default_template() -> FormTemplate:
    """The platform default (province empty), version 1, from seed 000. Idempotent."""
    template = FormTemplate.objects.filter(province__isnull=True).order_by("-version").first()
    if template is not None:
        return template
    content = seed_template_content()
    return FormTemplate.objects.create(
        province=None,
        version=1,
        title=content["title"],
        content=content,
        note="Mẫu mặc định theo hướng dẫn của Sở Nội vụ (Kế hoạch 224/KH-UBND)",
    )


def current_template(province: AdminUnit | None) -> FormTemplate:
    """The latest version for ``province``, else the latest platform default."""
    if province is not None:
        found = FormTemplate.objects.filter(province=province).order_by("-version").first()
        if found is not None:
            return found
    return ensure_default_template()


def _nfc_content(value: Any) -> Any:
    """Every text of a template (titles, items, the overall question) in NFC (ID2); line
    breaks and spacing are kept as the province wrote them."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc_content(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _nfc_content(v) for k, v in value.items()}
    return value


def publish_template(
    *, actor: Any, province: AdminUnit, content: dict[str, Any], note: str = ""
) -> FormTemplate:
    """SV5: a province's Home Affairs department issues a new version of its form. Forms
    already collected keep the version they were filled on."""
    if province.level != Level.PROVINCE:
        raise SurveyError("SV5: mẫu phiếu do Sở Nội vụ cấp tỉnh ban hành.")
    content = _nfc_content(content)
    problems = rules.template_problems(content)
    title = nfc(str(content.get("title", "")))
    if not title:
        problems.insert(0, "Tiêu đề mẫu phiếu: bắt buộc.")
    if not problems:
        from danchu.surveys.printing import fit_problems

        problems += fit_problems(content)  # SV5: a printed form is one A4 side
    if problems:
        raise SurveyError(problems)
    with transaction.atomic():
        last = (
            FormTemplate.objects.select_for_update()
            .filter(province=province)
            .order_by("-version")
            .first()
        )
        if last is None:
            # Versions are numbered per province: its first own version follows the platform
            # default it used until then, so the printed "phiên bản N" names one form only.
            last = ensure_default_template()
        version = (last.version if last else 0) + 1
        template = FormTemplate.objects.create(
            province=province,
            version=version,
            title=title,
            content=content,
            note=nfc(note),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log(
            actor=actor,
            action="surveys.template.published",
            target=template,
            changes={"version": version, "note": nfc(note)},
            unit=province,
        )
    return template


# --------------------------------------------------------------------------------------------
# Rounds (SV1, SV8)
# --------------------------------------------------------------------------------------------


def seed_positions() -> list[tuple[Position, bool]]:
    """SV1: the six seed positions (created if the people seed has not run)."""
    result = []
    for p in rules.SEED_POSITIONS:
        position, _ = Position.objects.get_or_create(
            code=p.code,
            defaults={"name": p.name, "level": Level.COMMUNE, "category": "civil_servant"},
        )
        result.append((position, p.low_contact))
    return result


def communes_of(plan_unit: AdminUnit, year: int) -> list[AdminUnit]:
    """Communes under the plan unit that were in force at some time in ``year``."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return list(
        AdminUnit.objects.within(plan_unit)
        .filter(level=Level.COMMUNE, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .order_by("name")
    )


def create_round(
    *,
    actor: Any,
    plan_unit: AdminUnit,
    year: int,
    title: str,
    report_before: dt.date,
    plan_number: str = "",
    plan_date: dt.date | None = None,
    positions: list[tuple[Position, bool]] | None = None,
) -> Round:
    """SV8/SV1: a district or province plan for ``year``, with its deadline and positions; one
    :class:`CommuneSurvey` per commune of the plan unit."""
    problems = []
    if plan_unit.level not in (Level.PROVINCE, Level.DISTRICT):
        problems.append("Đơn vị lập kế hoạch: phải là huyện hoặc tỉnh.")
    if not nfc(title):
        problems.append("Tên kế hoạch: bắt buộc.")
    if report_before.year not in (year, year + 1):
        problems.append(f"Hạn báo cáo: phải trong năm {year} (hoặc đầu năm sau).")
    if plan_date is not None and plan_date > report_before:
        problems.append("Ngày kế hoạch: không thể sau hạn báo cáo.")
    positions = positions if positions is not None else seed_positions()
    if not positions:
        problems.append("SV1: kế hoạch phải có ít nhất một chức danh được lấy ý kiến.")
    if Round.objects.filter(plan_unit=plan_unit, year=year).exists():
        problems.append(f"Năm {year}: {plan_unit.name} đã có kế hoạch lấy ý kiến.")
    if problems:
        raise SurveyError(problems)
    with transaction.atomic():
        round_ = Round.objects.create(
            plan_unit=plan_unit,
            year=year,
            title=nfc(title),
            plan_number=nfc(plan_number),
            plan_date=plan_date,
            report_before=report_before,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        RoundPosition.objects.bulk_create(
            RoundPosition(round=round_, position=p, low_contact=low) for p, low in positions
        )
        communes = communes_of(plan_unit, year)
        CommuneSurvey.objects.bulk_create(CommuneSurvey(round=round_, unit=c) for c in communes)
        log(
            actor=actor,
            action="surveys.round.created",
            target=round_,
            changes={
                "year": year,
                "report_before": report_before,
                "positions": [p.code for p, _ in positions],
                "communes": len(communes),
            },
            unit=plan_unit,
        )
    return round_


def record_notice(
    *,
    actor: Any,
    commune_survey: CommuneSurvey,
    survey_on: dt.date,
    notified_on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
) -> CommuneSurvey:
    """SV8: the commune tells the district (Home Affairs) when it will hold the survey.

    ``notified_on`` (the day the notice was sent) is today by default; an earlier day needs
    ``reason`` and ``evidence`` and is marked back-dated; a future day is refused."""
    from danchu.core import facts

    today = clock.today()
    notified_on = notified_on or today
    reason = nfc(reason)
    problems = rules.notice_problems(
        survey_on=survey_on,
        report_before=commune_survey.round.report_before,
        year=commune_survey.round.year,
        notified_on=notified_on,
    )
    problems = (
        facts.event_day_problems(
            on=notified_on,
            today=today,
            reason=reason,
            has_evidence=evidence is not None,
            label="Ngày thông báo",
        )
        + problems
        + _evidence_problems(evidence, "Minh chứng ngày thông báo")
    )
    if commune_survey.reported:
        problems.append("Xã đã báo cáo kết quả; không sửa thông báo được nữa.")
    if problems:
        raise SurveyError(problems)
    backdated = notified_on < today
    with transaction.atomic():
        before = (commune_survey.survey_on, commune_survey.notified_on)
        commune_survey.survey_on = survey_on
        commune_survey.notified_on = notified_on
        commune_survey.notice_recorded_on = today
        commune_survey.notice_backdate_reason = reason if backdated else ""
        if backdated and evidence is not None:
            commune_survey.notice_evidence.save(
                upload.file_name(evidence) or "minh-chung", evidence, save=False
            )
        commune_survey.save()
        log(
            actor=actor,
            action="surveys.notice.recorded",
            target=commune_survey,
            changes={
                "survey_on": [before[0], survey_on],
                "notified_on": [before[1], notified_on],
                "backdated": backdated,
                "reason": commune_survey.notice_backdate_reason,
            },
            unit=commune_survey.unit,
        )
    return commune_survey


# --------------------------------------------------------------------------------------------
# SV2 — who is surveyed
# --------------------------------------------------------------------------------------------


def survey_date(commune_survey: CommuneSurvey) -> dt.date:
    """The date SV2's six months are counted to: the announced survey date, else the last day
    for the report."""
    return commune_survey.survey_on or rules.last_day(commune_survey.round.report_before)


def continued_from(assignment: Assignment) -> dt.date | None:
    """SV2 across the 2025 mergers: the start of the same post held without a break in a unit
    that merged into this assignment's unit (``UnitSuccession``), following re-appointments
    back; None when the post did not continue one held before a merger."""
    from danchu.units.models import UnitSuccession

    start: dt.date | None = None
    current = assignment
    for _ in range(5):  # a unit merged more than a few times over is not followed further
        prev = previous_post(current)
        if (
            prev is None
            or prev.position_id != current.position_id
            or prev.end_date is None
            or (current.start_date - prev.end_date).days > 1
        ):
            break
        same_unit = prev.agency.unit_id == current.agency.unit_id
        merged = UnitSuccession.objects.filter(
            predecessor_id=prev.agency.unit_id, successor_id=current.agency.unit_id
        ).exists()
        if not (same_unit or merged):
            break
        start = prev.start_date
        current = prev
    return start


def _facts(assignment: Assignment) -> rules.PostFacts:
    prev = previous_post(assignment) if assignment.how_started == HowStarted.TRANSFERRED else None
    return rules.PostFacts(
        continued_from=continued_from(assignment),
        start=assignment.start_date,
        unit_id=assignment.agency.unit_id,
        transferred=assignment.how_started == HowStarted.TRANSFERRED,
        previous_unit_id=prev.agency.unit_id if prev else None,
        previous_start=prev.start_date if prev else None,
        previous_end=prev.end_date if prev else None,
    )


@dataclass
class ListChange:
    created: int = 0
    updated: int = 0
    removed: int = 0


def compute_subjects(*, actor: Any, commune_survey: CommuneSurvey) -> ListChange:
    """SV2: (re)compute the list of civil servants this commune surveys, from assignments.

    - holders of the round's positions in this commune: surveyed here, or not surveyed with the
      reason, or (recent transfer) listed at the previous commune's survey;
    - civil servants transferred away fewer than 6 months ago: surveyed here, reported by their
      new commune.
    Quotas already set are kept; entries that no longer apply and have no forms are removed.
    """
    if commune_survey.reported:
        raise SurveyError("Xã đã báo cáo kết quả; danh sách không thay đổi được nữa.")
    round_ = commune_survey.round
    on = survey_date(commune_survey)
    low = {rp.position_id: rp.low_contact for rp in round_.positions.all()}
    position_ids = list(low)
    unit = commune_survey.unit
    wanted: dict[tuple[int, int], tuple[Assignment, rules.Eligibility]] = {}
    here = (
        Assignment.objects.active_on(on)
        .filter(agency__unit=unit, position_id__in=position_ids)
        .select_related("agency", "person", "position")
    )
    for a in here:
        e = rules.eligibility(_facts(a), on)
        if e.surveyor is rules.Surveyor.PREVIOUS:
            continue  # listed by the previous commune (below, when it computes its list)
        wanted[(a.person_id, a.position_id)] = (a, e)
    # Transferred away from this commune fewer than six months ago (SV2).
    recent = (
        Assignment.objects.active_on(on)
        .filter(
            how_started=HowStarted.TRANSFERRED,
            position_id__in=position_ids,
            start_date__gt=rules.add_months(on, -rules.MIN_MONTHS_IN_POST),
        )
        .exclude(agency__unit=unit)
        .select_related("agency", "person", "position")
    )
    for a in recent:
        e = rules.eligibility(_facts(a), on)
        if e.surveyor is rules.Surveyor.PREVIOUS and e.surveying_unit_id == unit.pk:
            wanted[(a.person_id, a.position_id)] = (a, e)
    change = ListChange()
    with transaction.atomic():
        existing = {(s.person_id, s.position_id): s for s in commune_survey.subjects.all()}
        for key, (a, e) in wanted.items():
            subject = existing.pop(key, None)
            fields = {
                "assignment": a,
                "reporting_unit_id": e.reporting_unit_id,
                "surveyed": e.surveyed,
                "reason": e.reason,
                "low_contact": low[a.position_id],
            }
            if subject is None:
                split = rules.propose_split(low_contact=low[a.position_id])
                Subject.objects.create(
                    commune_survey=commune_survey,
                    person=a.person,
                    position=a.position,
                    officials_quota=split.officials if e.surveyed else 0,
                    citizens_quota=split.citizens if e.surveyed else 0,
                    **fields,
                )
                change.created += 1
            else:
                for name, value in fields.items():
                    setattr(subject, name, value)
                subject.save()
                change.updated += 1
        for subject in existing.values():
            if not subject.forms.exists():
                subject.delete()
                change.removed += 1
        log(
            actor=actor,
            action="surveys.subjects.computed",
            target=commune_survey,
            changes={
                "on": on,
                "created": change.created,
                "updated": change.updated,
                "removed": change.removed,
            },
            unit=unit,
        )
    return change


# --------------------------------------------------------------------------------------------
# SV3 / SV4 — quotas
# --------------------------------------------------------------------------------------------


def set_quota(*, actor: Any, subject: Subject, officials: int, citizens: int) -> Subject:
    """SV3/SV4: the planned split of forms for one civil servant; refused outside the ranges,
    naming the broken range."""
    _locked(subject.commune_survey, "số phiếu dự kiến không đổi được nữa")
    if not subject.surveyed:
        raise SurveyError("Công chức này không được lấy ý kiến trong đợt này (SV2).")
    if officials < 0 or citizens < 0:
        raise SurveyError("Số phiếu không thể âm.")
    problems = rules.quota_problems(
        officials=officials, citizens=citizens, low_contact=subject.low_contact
    )
    if problems:
        raise SurveyError(problems)
    with transaction.atomic():
        before = [subject.officials_quota, subject.citizens_quota]
        subject.officials_quota, subject.citizens_quota = officials, citizens
        subject.save(update_fields=["officials_quota", "citizens_quota"])
        log(
            actor=actor,
            action="surveys.quota.set",
            target=subject,
            changes={"quota": [before, [officials, citizens]]},
            unit=subject.commune_survey.unit,
        )
    return subject


# --------------------------------------------------------------------------------------------
# SV6 — committees
# --------------------------------------------------------------------------------------------


def set_committee(
    *,
    actor: Any,
    round_: Round,
    unit: AdminUnit,
    members: list[dict[str, Any]],
    decision_number: str = "",
    founded_on: dt.date | None = None,
) -> Committee:
    """SV6: set up (or change) a commune's or the district's survey committee.

    ``members``: dicts with ``full_name``, ``kind`` (:class:`rules.MemberKind`), ``leader``,
    ``secretary`` and optionally ``user``. The composition is checked (size, bodies, leader,
    secretary) and refused with every problem. Members with an account get the committee role
    on the commune's survey (secretary: SURVEY_SECRETARY), so they may enter forms.
    """
    level = (
        rules.CommitteeLevel.COMMUNE
        if unit.level == Level.COMMUNE
        else rules.CommitteeLevel.DISTRICT
    )
    problems: list[str] = []
    parsed: list[rules.Member] = []
    for i, m in enumerate(members, start=1):
        name = nfc(str(m.get("full_name", "")))
        if not name:
            problems.append(f"Thành viên {i}: thiếu họ tên.")
        try:
            kind = rules.MemberKind(str(m.get("kind", "")))
        except ValueError:
            problems.append(f"Thành viên {i}: thành phần “{m.get('kind')}” không hợp lệ.")
            continue
        parsed.append(rules.Member(name, kind, bool(m.get("leader")), bool(m.get("secretary"))))
    problems += rules.committee_problems(level, parsed)
    commune_survey = None
    if level is rules.CommitteeLevel.COMMUNE:
        commune_survey = CommuneSurvey.objects.filter(round=round_, unit=unit).first()
        if commune_survey is None:
            problems.append(f"{unit.name} không thuộc kế hoạch này.")
        elif commune_survey.reported:
            problems.append(
                "Xã đã gửi báo cáo kết quả; Tổ lấy ý kiến không đổi được nữa (mở lại báo cáo "
                "trước)."
            )
    elif unit.pk != round_.plan_unit_id:
        problems.append("Tổ lấy ý kiến cấp huyện/tỉnh phải thuộc đơn vị lập kế hoạch.")
    if problems:
        raise SurveyError(problems)
    with transaction.atomic():
        committee, _ = Committee.objects.get_or_create(
            round=round_, unit=unit, defaults={"level": level.value}
        )
        committee.level = level.value
        committee.decision_number = nfc(decision_number)
        committee.founded_on = founded_on
        committee.save()
        old_users = [m.user for m in committee.members.all() if m.user_id]
        committee.members.all().delete()
        for m, p in zip(members, parsed, strict=True):
            CommitteeMember.objects.create(
                committee=committee,
                full_name=p.name,
                kind=p.kind.value,
                leader=p.leader,
                secretary=p.secretary,
                user=m.get("user"),
            )
        if commune_survey is not None:
            _sync_committee_roles(commune_survey, committee, old_users)
        log(
            actor=actor,
            action="surveys.committee.set",
            target=committee,
            changes={
                "members": [
                    {"name": p.name, "kind": p.kind.value, "leader": p.leader, "sec": p.secretary}
                    for p in parsed
                ],
                "decision_number": committee.decision_number,
            },
            unit=unit,
        )
    return committee


def _sync_committee_roles(
    commune_survey: CommuneSurvey, committee: Committee, old_users: list[Any]
) -> None:
    ct = ContentType.objects.get_for_model(CommuneSurvey)
    roles = (Role.SURVEY_COMMITTEE, Role.SURVEY_SECRETARY)
    RoleAssignment.objects.filter(
        record_type=ct, record_id=commune_survey.pk, role__in=roles
    ).delete()
    for m in committee.members.select_related("user"):
        if m.user is None:
            continue
        RoleAssignment.objects.create(
            user=m.user,
            role=Role.SURVEY_SECRETARY if m.secretary else Role.SURVEY_COMMITTEE,
            unit=commune_survey.unit,
            record_type=ct,
            record_id=commune_survey.pk,
            valid_from=dt.date(commune_survey.round.year, 1, 1),
        )


# --------------------------------------------------------------------------------------------
# Collecting: paper (with double entry) and online (one-time codes)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormData:
    """What a form says, as typed or submitted."""

    group: str
    overall: rules.Overall
    items: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"group": self.group, "overall": self.overall.value, "items": list(self.items)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FormData:
        return cls(data["group"], rules.Overall(data["overall"]), tuple(data.get("items", [])))


def parse_serial(commune_survey: CommuneSurvey, serial: str) -> tuple[Subject, int]:
    """A printed serial "S12-007" → the subject and the form's number (1 … the quota)."""
    text = rules.last_serial(nfc(serial)).upper().replace(" ", "")
    try:
        head, number_text = text.split("-", 1)
        subject_id, number = int(head.removeprefix("S")), int(number_text)
    except ValueError:
        raise SurveyError(
            f"Mã phiếu “{serial}”: không đúng dạng in trên phiếu (ví dụ S12-007)."
        ) from None
    subject = (
        Subject.objects.select_related("person", "position")
        .filter(pk=subject_id, commune_survey=commune_survey)
        .first()
    )
    if subject is None:
        raise SurveyError(f"Mã phiếu “{serial}”: không phải phiếu của xã này.")
    if not subject.surveyed:
        raise SurveyError(f"Mã phiếu “{serial}”: công chức này không được lấy ý kiến (SV2).")
    if not 1 <= number <= subject.quota_total:
        raise SurveyError(
            f"Mã phiếu “{serial}”: số thứ tự {number} ngoài số phiếu đã in "
            f"(1–{subject.quota_total})."
        )
    return subject, number


def _check_form(template: FormTemplate, data: FormData) -> list[str]:
    problems = []
    if data.group not in {g.value for g in rules.Group}:
        problems.append(f"Nhóm “{data.group}”: chỉ nhận CB, KCT hoặc ND.")
    codes = set(template.item_codes)
    unknown = [c for c in data.items if c not in codes]
    if unknown:
        problems.append(
            f"Mục “{', '.join(unknown)}”: không có trong mẫu phiếu v{template.version}."
        )
    return problems


def form_template_for(commune_survey: CommuneSurvey) -> FormTemplate:
    """The version forms of this commune's survey are filled on: the round's (fixed at its
    first form of any kind, :func:`pin_template`), else the province's current one."""
    return commune_survey.round.template or current_template(commune_survey.unit.province())


def pin_template(*, actor: Any, commune_survey: CommuneSurvey) -> FormTemplate:
    """SV5: the first form of any kind — printed, online code issued, typed or uploaded — fixes
    the round's version (``Round.template``): the province's current one at that moment. A
    version the province publishes later applies to later rounds; every form keeps the
    version it was filled on."""
    round_ = commune_survey.round
    if round_.template is not None:
        return round_.template
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        template = locked.template
        if template is None:
            template = locked.template = current_template(commune_survey.unit.province())
            locked.save(update_fields=["template"])
            log(
                actor=actor,
                action="surveys.template.pinned",
                target=locked,
                changes={"template": template.pk, "version": template.version},
                unit=locked.plan_unit,
            )
    round_.template = template
    return template


@dataclass(frozen=True)
class EntryResult:
    status: str  # "saved", "first_pass", "mismatch"
    serial: str
    differences: tuple[str, ...] = ()


def _save_form(form: Form) -> Form:
    """Save a new form; its serial must not be taken yet in the commune's survey."""
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        raise SurveyError(f"Mã phiếu “{form.serial}”: phiếu này đã được nhập.") from None
    return form


def _new_form(
    *,
    commune_survey: CommuneSurvey,
    subject: Subject,
    serial: str,
    template: FormTemplate,
    data: FormData,
    channel: str,
    collected_on: dt.date,
) -> Form:
    """An unsaved form: what every channel (keyboard, online, file) records."""
    return Form(
        commune_survey=commune_survey,
        subject=subject,
        serial=serial,
        template=template,
        channel=channel,
        group=data.group,
        overall=data.overall.value,
        valid=rules.is_valid(data.overall),
        flagged_items=sorted(set(data.items)),
        collected_on=collected_on,
    )


def _differences(a: FormData, b: FormData) -> list[str]:
    out = []
    if a.group != b.group:
        out.append(
            f"Nhóm: lần 1 “{rules.GROUP_WORDS.get(a.group, a.group)}”, "
            f"lần 2 “{rules.GROUP_WORDS.get(b.group, b.group)}”"
        )
    if a.overall != b.overall:
        out.append(
            f"Câu hỏi chung: lần 1 “{rules.OVERALL_WORDS[a.overall]}”, "
            f"lần 2 “{rules.OVERALL_WORDS[b.overall]}”"
        )
    if set(a.items) != set(b.items):
        out.append(
            f"Các mục: lần 1 “{' '.join(sorted(a.items)) or '—'}”, "
            f"lần 2 “{' '.join(sorted(b.items)) or '—'}”"
        )
    return out


def enter_paper_form(
    *,
    actor: Any,
    commune_survey: CommuneSurvey,
    serial: str,
    data: FormData,
    collected_on: dt.date,
) -> EntryResult:
    """The secretary types a paper form. With double entry, the first typing is kept aside; a
    second typing by another person that agrees creates the form, one that differs is refused
    with the differences (the paper is checked again)."""
    _locked(commune_survey, "không nhập thêm phiếu")
    subject, _number = parse_serial(commune_survey, serial)
    serial = f"S{subject.pk}-{_number:03d}"
    template = pin_template(actor=actor, commune_survey=commune_survey)
    problems = _check_form(template, data)
    if Form.objects.filter(commune_survey=commune_survey, serial=serial).exists():
        problems.append(f"Mã phiếu “{serial}”: phiếu này đã được nhập.")
    if problems:
        raise SurveyError(problems)
    with transaction.atomic():
        if commune_survey.double_entry:
            first = PaperEntry.objects.filter(
                commune_survey=commune_survey, serial=serial, pass_no=1
            ).first()
            if first is None:
                PaperEntry.objects.create(
                    commune_survey=commune_survey,
                    serial=serial,
                    pass_no=1,
                    data=data.as_json(),
                    entered_by=actor,
                )
                return EntryResult("first_pass", serial)
            if first.entered_by_id == getattr(actor, "pk", None):
                raise SurveyError(
                    f"Mã phiếu “{serial}”: lần nhập thứ hai phải do người khác nhập (nhập hai lần)."
                )
            differences = _differences(FormData.from_json(first.data), data)
            if differences:
                return EntryResult("mismatch", serial, tuple(differences))
            PaperEntry.objects.create(
                commune_survey=commune_survey,
                serial=serial,
                pass_no=2,
                data=data.as_json(),
                entered_by=actor,
            )
        form = _save_form(
            _new_form(
                commune_survey=commune_survey,
                subject=subject,
                serial=serial,
                template=template,
                data=data,
                channel=Channel.PAPER,
                collected_on=collected_on,
            )
        )
        # Who typed which paper form (the committee's act), not when anyone answered: the entry
        # names the commune's survey and the printed serial, never the form's id.
        log(
            actor=actor,
            action="surveys.form.entered",
            target=commune_survey,
            changes={"serial": form.serial, "double_entry": commune_survey.double_entry},
            unit=commune_survey.unit,
        )
    return EntryResult("saved", serial)


def is_committee_leader(user: Any, commune_survey: CommuneSurvey) -> bool:
    """``user`` is the account of the leader of the commune's survey committee (SV6)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return CommitteeMember.objects.filter(
        committee__round=commune_survey.round_id,
        committee__unit=commune_survey.unit_id,
        leader=True,
        user=user,
    ).exists()


def set_double_entry(*, actor: Any, commune_survey: CommuneSurvey, on: bool) -> CommuneSurvey:
    """Double entry of paper forms is on by default. Only the committee's leader (the member
    marked leader, with this account) may change it, and only before the first form of any
    kind (typed, uploaded or online); audited as ``surveys.double_entry.set``."""
    if commune_survey.reported:
        raise SurveyError("Xã đã báo cáo kết quả; không đổi cách nhập phiếu được nữa.")
    if not is_committee_leader(actor, commune_survey):
        raise SurveyError(
            "Chỉ Tổ trưởng Tổ lấy ý kiến (thành viên là tổ trưởng, đăng nhập bằng tài khoản của "
            "mình) mới đổi được cách nhập phiếu."
        )
    if commune_survey.forms.exists() or commune_survey.entries.exists():
        raise SurveyError(
            "Đã có phiếu được nhập hoặc gửi; cách nhập phiếu chỉ đổi được trước phiếu đầu tiên."
        )
    with transaction.atomic():
        before = commune_survey.double_entry
        commune_survey.double_entry = on
        commune_survey.save(update_fields=["double_entry"])
        log(
            actor=actor,
            action="surveys.double_entry.set",
            target=commune_survey,
            changes={"double_entry": [before, on]},
            unit=commune_survey.unit,
        )
    return commune_survey


def discard_first_entry(*, actor: Any, commune_survey: CommuneSurvey, serial: str) -> None:
    """After a mismatch the committee may throw away the first typing and start again."""
    _locked(commune_survey, "không hủy được lần nhập")
    with transaction.atomic():
        deleted, _ = PaperEntry.objects.filter(
            commune_survey=commune_survey, serial=nfc(serial).upper()
        ).delete()
        if deleted:
            log(
                actor=actor,
                action="surveys.entry.discarded",
                target=commune_survey,
                changes={"serial": nfc(serial).upper()},
                unit=commune_survey.unit,
            )


def import_forms(
    *,
    actor: Any,
    commune_survey: CommuneSurvey,
    source: Any,
    collected_on: dt.date,
    request: Any = None,
) -> upload.FormsUpload:
    """The committee uploads a file of forms (the ``danchu survey count`` format) instead of
    typing them: the whole file is checked first (:func:`upload.check_forms`), then every form
    is saved in one transaction, or none. Double entry is for keyboard typing; a file is the
    committee's own count and is recorded as it is, with its name and SHA-256 in the audit
    trail."""
    checked = upload.check_forms(commune_survey, source)
    if not checked.ok:
        return checked
    assert checked.template is not None
    # SV5: the first forms of any kind fix the round's version (the file was checked on it).
    checked.template = pin_template(actor=actor, commune_survey=commune_survey)
    data = upload.file_bytes(source)
    forms = [
        _new_form(
            commune_survey=commune_survey,
            subject=f.subject,
            serial=f.serial,
            template=checked.template,
            data=FormData(f.group, f.overall, f.items),
            channel=Channel.PAPER,
            collected_on=collected_on,
        )
        for f in checked.forms
    ]
    try:
        with transaction.atomic():
            locked = CommuneSurvey.objects.select_for_update().get(pk=commune_survey.pk)
            if locked.reported:
                raise SurveyError("Xã đã báo cáo kết quả; không nhập thêm phiếu.")
            Form.objects.bulk_create(forms, batch_size=1000)
            log(
                actor=actor,
                action="surveys.forms.imported",
                target=commune_survey,
                changes={
                    "file": upload.file_name(source),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "forms": len(forms),
                    "subjects": {f"S{s.pk}": n for s, n in checked.per_subject()},
                },
                request=request,
                unit=commune_survey.unit,
            )
    except (IntegrityError, SurveyError) as exc:
        checked.forms = []
        checked.result.add(
            0,
            "",
            str(exc)
            if isinstance(exc, SurveyError)
            else "Trong lúc tải lên, có người vừa nhập một số mã phiếu của tệp; không phiếu nào "
            "được lưu, hãy tải lại tệp.",
        )
    return checked


CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").upper().encode()).hexdigest()


def issue_codes(
    *, actor: Any, subject: Subject, group: str, count: int, today: dt.date
) -> list[str]:
    """One-time form codes for the online form (printed on slips with a QR code). Only their
    hashes are stored; the plain codes are returned once, for printing."""
    _locked(subject.commune_survey, "không phát thêm mã phiếu")
    if not subject.surveyed:
        raise SurveyError("Công chức này không được lấy ý kiến trong đợt này (SV2).")
    if group not in {g.value for g in rules.Group}:
        raise SurveyError(f"Nhóm “{group}”: chỉ nhận CB, KCT hoặc ND.")
    if not 1 <= count <= 200:
        raise SurveyError("Số mã: từ 1 đến 200 mỗi lần.")
    codes = []
    with transaction.atomic():
        pin_template(actor=actor, commune_survey=subject.commune_survey)
        for _ in range(count):
            raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
            code = f"{raw[:5]}-{raw[5:]}"
            OnlineCode.objects.create(
                commune_survey=subject.commune_survey,
                subject=subject,
                group=group,
                code_hash=_hash(code),
                issued_on=today,
            )
            codes.append(code)
        log(
            actor=actor,
            action="surveys.codes.issued",
            target=subject,
            changes={"count": count, "group": group},
            unit=subject.commune_survey.unit,
        )
    return codes


def find_code(code: str) -> OnlineCode | None:
    """The unused code, or None (unknown, used, or the commune has reported)."""
    found = (
        OnlineCode.objects.select_related(
            "subject__person", "subject__position", "commune_survey__unit", "commune_survey__round"
        )
        .filter(code_hash=_hash(nfc(code)), used=False)
        .first()
    )
    if found is None or found.commune_survey.reported:
        return None
    return found


def _receipt_scope(commune_survey_id: int) -> str:
    return f"survey-{commune_survey_id}"


def _form_receipt(code: str, row: OnlineCode, overall: rules.Overall, items: Iterable[str]) -> str:
    normal = nfc(code).replace("-", "").upper()
    content = f"{row.group}|{overall.value}|{','.join(sorted(set(items)))}"
    return receipts.digest(_receipt_scope(row.commune_survey_id), normal, content)


def already_recorded(*, code: str, overall: rules.Overall, items: Iterable[str]) -> bool:
    """Issue 16: this code was used for exactly these answers while the commune still collects
    forms (a form sent again after a dropped connection). Another answer with a used code, or
    any answer after the report was sent, is not recognised."""
    row = (
        OnlineCode.objects.select_related("commune_survey")
        .filter(code_hash=_hash(nfc(code)), used=True)
        .first()
    )
    if row is None or row.commune_survey.reported:
        return False
    known = form_template_for(row.commune_survey).item_codes
    items = [c for c in items if c in known]  # as the form page keeps them
    return FormReceipt.objects.filter(
        commune_survey_id=row.commune_survey_id, digest=_form_receipt(code, row, overall, items)
    ).exists()


def submit_online(
    *, code: str, overall: rules.Overall, items: tuple[str, ...], today: dt.date
) -> Form:
    """A respondent submits the online form with a one-time code. The code works once; the form
    created does not point to it, gets a random id and the survey's date (no time), and no
    audit entry is written for it: online forms are counted once, in the audit entry of the
    report that closes collection (:func:`report_commune`).

    Issue 16: the same answers sent again with the same code raise :class:`AlreadyRecorded`
    (nothing stored twice); a keyed digest of (code, answers) is kept for that only until the
    commune reports (:class:`FormReceipt`)."""
    with transaction.atomic():
        found = find_code(code)
        if found is None:
            if already_recorded(code=code, overall=overall, items=items):
                raise AlreadyRecorded()
            raise SurveyError("Mã phiếu không đúng, đã dùng hoặc đợt lấy ý kiến đã kết thúc.")
        locked = OnlineCode.objects.select_for_update().get(pk=found.pk)
        commune_survey = CommuneSurvey.objects.select_for_update().get(pk=found.commune_survey_id)
        if (
            locked.used
            and not commune_survey.reported
            and already_recorded(code=code, overall=overall, items=items)
        ):
            raise AlreadyRecorded()  # the first send committed while we waited for the lock
        if locked.used or commune_survey.reported:
            raise SurveyError("Mã phiếu không đúng, đã dùng hoặc đợt lấy ý kiến đã kết thúc.")
        template = form_template_for(commune_survey)
        data = FormData(locked.group, overall, items)
        problems = _check_form(template, data)
        if problems:
            raise SurveyError(problems)
        locked.used = True
        locked.save(update_fields=["used"])
        FormReceipt.objects.create(
            commune_survey=commune_survey, digest=_form_receipt(code, locked, overall, items)
        )
        form = _save_form(
            _new_form(
                commune_survey=commune_survey,
                subject=found.subject,
                serial=f"W-{secrets.token_hex(5).upper()}",
                template=template,
                data=data,
                channel=Channel.ONLINE,
                collected_on=commune_survey.survey_on or today,
            )
        )
    return form


# --------------------------------------------------------------------------------------------
# Report (SV8) and SV7 flags
# --------------------------------------------------------------------------------------------

REPORT_KIND = "surveys.report"
NOTICE_KIND = "surveys.flag_notice"
HANDOVER_KIND = "surveys.handover"
DECISION_KIND = "surveys.committee_decision"


def _evidence_problems(evidence: Any, label: str) -> list[str]:
    if evidence is None:
        return []
    from danchu.consultations.uploads import EVIDENCE, upload_problems

    return upload_problems(evidence, EVIDENCE, label)


def _locked(commune_survey: CommuneSurvey, what: str) -> None:
    """Once the report is sent, the forms and counts it rests on do not change (reopen first)."""
    if CommuneSurvey.objects.filter(pk=commune_survey.pk, reported_on__isnull=False).exists():
        raise SurveyError(
            f"Xã đã gửi báo cáo kết quả; {what}. Muốn sửa, cấp nhận báo cáo mở lại báo cáo "
            "(nêu lý do)."
        )


def report_problems(
    commune_survey: CommuneSurvey,
    *,
    on: dt.date,
    today: dt.date,
    reason: str = "",
    has_evidence: bool = False,
) -> list[str]:
    """Everything that stops the commune's report from being sent, in Vietnamese: the list
    (SV2), forms awaiting their second typing, the report's day (not in the future; back-dated
    with a reason and evidence; not before the survey, SV8), the committee (SV6), civil servants
    surveyed by another commune that has not reported yet, and each civil servant's count of
    forms outside 100–150 without the committee's reason (SV4)."""
    from danchu.core import facts
    from danchu.documents import issuing
    from danchu.surveys.selectors import handed_over_subjects, subjects_reported_by, tallies

    cs = commune_survey
    problems: list[str] = []
    surveyed = [s for s in subjects_reported_by(cs) if s.surveyed]
    if not surveyed and not cs.subjects.filter(surveyed=True).exists():
        problems.append("Chưa có danh sách công chức được lấy ý kiến (SV2).")
    if cs.entries.filter(pass_no=1).exclude(serial__in=cs.forms.values("serial")).exists():
        problems.append("Còn phiếu mới nhập một lần; hãy nhập lần hai hoặc hủy trước khi báo cáo.")
    problems += facts.event_day_problems(
        on=on, today=today, reason=reason, has_evidence=has_evidence, label="Ngày báo cáo"
    )
    problems += rules.report_day_problems(
        on=on, survey_on=cs.survey_on, today=today, year=cs.round.year
    )
    from danchu.surveys.documents import cites_later_plan

    later = cites_later_plan(cs.round, on)
    if later:
        problems.append(f"Báo cáo: {later}")
    committee = Committee.objects.filter(round=cs.round, unit=cs.unit).first()
    if committee is None:
        problems.append("SV6: xã chưa có Tổ lấy ý kiến (quyết định của Chủ tịch UBND xã).")
    else:
        problems += [f"Tổ lấy ý kiến: {p}" for p in committee.problems()]
    handed = handed_over_subjects(cs)
    counts = tallies([s.pk for s in surveyed] + [s.pk for s in handed])
    for s in surveyed:
        if s.commune_survey_id != cs.pk:
            # SV2: reported from the surveying commune's hand-over, once it has arrived (its
            # count was checked there), or without it with the reason recorded here.
            if issuing.current(s, HANDOVER_KIND) is None and not s.handover_reason.strip():
                problems.append(
                    f"{s.person.full_name} ({s.position.name}): do {s.commune_survey.unit.name} "
                    "lấy ý kiến; chưa nhận văn bản chuyển kết quả của xã đó. Chờ văn bản, hoặc "
                    "ghi lý do báo cáo khi chưa nhận."
                )
            continue
        if s.count_reason.strip():
            continue
        for p in rules.count_problems(counts[s.pk].collected):
            problems.append(
                f"{s.person.full_name} ({s.position.name}): {p} Bổ sung phiếu hoặc Tổ lấy ý kiến "
                "ghi lý do."
            )
    for s in handed:
        if s.count_reason.strip():
            continue
        for p in rules.count_problems(counts[s.pk].collected):
            problems.append(
                f"{s.person.full_name} ({s.position.name}, chuyển kết quả về "
                f"{s.reporting_unit.name}): {p} Bổ sung phiếu hoặc Tổ lấy ý kiến ghi lý do."
            )
    return problems


def _send_handovers(
    *, actor: Any, cs: CommuneSurvey, on: dt.date, reason: str, request: Any = None
) -> list[Any]:
    """SV2: with its report, the surveying commune sends each transferred civil servant's
    result to the new commune as its own numbered official letter (công văn), issued through
    ``danchu.documents.issuing`` (kind ``surveys.handover``, target the subject) with the row
    of figures it states. Sent again after a reopening only if the figures changed, as a
    correction naming the letter in force."""
    from danchu.documents import issuing
    from danchu.surveys import documents
    from danchu.surveys.selectors import handed_over_subjects, subject_rows

    handed = handed_over_subjects(cs)
    if not handed:
        return []
    codes = form_template_for(cs).item_codes
    rows = subject_rows(handed, codes)
    agency = documents.ubnd_of(cs.unit)
    short = nfc(agency.short_name) if agency is not None else ""
    sent = []
    for s in handed:
        row = rows[s.pk]
        previous = issuing.current(s, HANDOVER_KIND)
        if previous is not None and previous.figures.get("row") == row:
            continue

        def render(
            issue: Any, s: Subject = s, row: dict[str, Any] = row, previous: Any = previous
        ) -> Any:
            from danchu.documents.render import audit_line

            letter = documents.handover_letter(
                s,
                row,
                number=issue.number,
                on=issue.on,
                audit_ref=audit_line(issue.audit_seq, issue.audit_hash),
                replaces=previous,
                reason=reason,
            )
            return issuing.Rendered(
                files={"pdf": render_pdf(letter), "docx": render_docx(letter)},
                figures={
                    "row": row,
                    "from": cs.unit.name,
                    "to": s.reporting_unit.name,
                    "year": cs.round.year,
                },
            )

        doc = issuing.issue(
            kind=HANDOVER_KIND,
            target=s,
            title=f"Chuyển kết quả lấy ý kiến năm {cs.round.year} — {s.person.full_name}",
            render=render,
            actor=actor,
            agency=agency,
            unit=cs.unit,
            symbol=f"{short}-VP" if short else "",
            on=on,
            replaces=previous,
            reason=(reason or "Số liệu thay đổi sau khi mở lại báo cáo.") if previous else "",
            request=request,
        )
        log(
            actor=actor,
            action="surveys.handover.sent",
            target=s,
            changes={
                "number": doc.number,
                "document": doc.pk,
                "to": s.reporting_unit.name,
                "collected": row["collected"],
                "trust": row["trust"],
            },
            unit=cs.unit,
            request=request,
        )
        sent.append(doc)
    return sent


def record_handover_reason(*, actor: Any, subject: Subject, reason: str) -> Subject:
    """SV2: the reporting commune records why it reports before the surveying commune's
    hand-over has arrived (printed in its report; the civil servant's result is then missing
    from it). Empty clears it. Not after the report is sent."""
    reporting = CommuneSurvey.objects.filter(
        round__year=subject.commune_survey.round.year, unit=subject.reporting_unit
    ).first()
    if reporting is None or not subject.transferred:
        raise SurveyError("Công chức này không do xã khác lấy ý kiến.")
    _locked(reporting, "không ghi lý do được nữa")
    with transaction.atomic():
        before = subject.handover_reason
        subject.handover_reason = nfc(reason)
        subject.save(update_fields=["handover_reason"])
        log(
            actor=actor,
            action="surveys.handover_reason.set",
            target=subject,
            changes={"handover_reason": [before, subject.handover_reason]},
            unit=reporting.unit,
        )
    return subject


def _shake_forms(commune_survey: CommuneSurvey) -> None:
    """No order that links a form to its respondent: the random ids hide the order in which
    forms came in, but the database keeps it underneath (SQLite's rowid, PostgreSQL's physical
    order). When collection closes the commune's forms are rewritten in a random order."""
    fields = (
        "subject_id",
        "serial",
        "template_id",
        "channel",
        "group",
        "overall",
        "valid",
        "flagged_items",
        "collected_on",
    )
    rows = list(Form.objects.filter(commune_survey=commune_survey).values(*fields))
    secrets.SystemRandom().shuffle(rows)
    Form.objects.filter(commune_survey=commune_survey).delete()
    Form.objects.bulk_create(
        [Form(commune_survey=commune_survey, **row) for row in rows], batch_size=1000
    )


def _ubnd_symbol(unit: AdminUnit) -> tuple[Any, str]:
    """The commune People's Committee and the symbol its numbers take, or (agency, "") when it
    has no short name on record (the number is then left blank, to fill by hand)."""
    from danchu.surveys.documents import ubnd_of

    agency = ubnd_of(unit)
    return agency, ("" if agency is None or not nfc(agency.short_name) else "BC")


def report_commune(
    *,
    actor: Any,
    commune_survey: CommuneSurvey,
    on: dt.date | None = None,
    reason: str = "",
    evidence: Any = None,
    number: str = "",
    request: Any = None,
) -> CommuneSurvey:
    """SV8: the commune sends its report to the district. Checked first
    (:func:`report_problems`); then, in one transaction, online collection closes (its count is
    audited once, the forms are rewritten in a random order), the figures are computed once and
    the report is issued (:func:`danchu.documents.issuing.issue`: the number taken now, the PDF,
    DOCX and XLSX stored as sent, the figures with them). From then on the forms, list, quotas
    and committee are locked, and SV7 flags are raised from the reported figures.

    ``on`` is the day the report was sent: today by default; an earlier day needs ``reason``
    and ``evidence`` and is marked back-dated. A report sent again after a reopening is a
    correction naming the one it replaces."""
    from danchu.documents import issuing
    from danchu.documents.render import audit_line
    from danchu.surveys import documents
    from danchu.surveys.selectors import report_figures

    today = clock.today()
    on = on or today
    reason = nfc(reason)
    cs = commune_survey
    if cs.reported:
        raise SurveyError("Xã đã gửi báo cáo kết quả.")
    problems = report_problems(
        cs, on=on, today=today, reason=reason, has_evidence=evidence is not None
    )
    problems += _evidence_problems(evidence, "Minh chứng ngày báo cáo")
    if problems:
        raise SurveyError(problems)
    backdated = on < today
    with transaction.atomic():
        cs = CommuneSurvey.objects.select_for_update().select_related("round", "unit").get(pk=cs.pk)
        if cs.reported:
            raise SurveyError("Xã đã gửi báo cáo kết quả.")
        online = cs.forms.filter(channel=Channel.ONLINE).count()
        unused = cs.codes.filter(used=False).count()
        _shake_forms(cs)
        previous = issuing.current(cs, REPORT_KIND)
        reopening = cs.reopenings.order_by("-pk").first() if previous else None
        handovers = _send_handovers(
            actor=actor,
            cs=cs,
            on=on,
            reason=reopening.reason if reopening else "",
            request=request,
        )
        figures = report_figures(cs)
        typed = nfc(number)
        agency, symbol = _ubnd_symbol(cs.unit)
        replaces_text = (
            f"Báo cáo số {previous.number or '(không số)'} ngày {previous.issued_on:%d/%m/%Y}"
            if previous
            else ""
        )

        def render(issue: Any) -> Any:
            facts_ = documents.ReportFacts(
                number=issue.number,
                on=issue.on,
                backdated_reason=reason if backdated else "",
                audit_ref=audit_line(issue.audit_seq, issue.audit_hash),
                replaces=replaces_text,
                reason=reopening.reason if reopening else "",
            )
            return issuing.Rendered(
                files=documents.report_files(cs, figures, facts_),
                figures={
                    **figures,
                    "reported_on": issue.on.isoformat(),
                    "recorded_on": today.isoformat(),
                    "backdated": backdated,
                    "online_forms": online,
                    **({"replaces": replaces_text} if previous else {}),
                },
            )

        doc = issuing.issue(
            kind=REPORT_KIND,
            target=cs,
            title=f"Báo cáo kết quả lấy ý kiến năm {cs.round.year} — {cs.unit.name}",
            render=render,
            actor=actor,
            agency=agency,
            unit=cs.unit,
            symbol="" if typed else symbol,
            number=typed,
            on=on,
            replaces=previous,
            reason=reopening.reason if reopening else "",
            request=request,
        )
        cs.reported_on = on
        # Issue 16: the dashboard's figures for this commune, from the report just issued.
        ReportTally.objects.update_or_create(
            commune_survey=cs,
            defaults={"document_id": doc.pk, **rules.report_tally(doc.figures)},
        )
        # Issue 16: collection is over; nothing may link a code to a form's answers any more.
        FormReceipt.objects.filter(commune_survey=cs).delete()
        cs_id = cs.pk
        transaction.on_commit(lambda: receipts.forget(_receipt_scope(cs_id)))
        cs.report_recorded_on = today
        cs.report_number = doc.number
        cs.report_audit = f"{doc.audit_seq}:{doc.audit_hash}"
        cs.report_backdate_reason = reason if backdated else ""
        if backdated and evidence is not None:
            cs.report_evidence.save(
                upload.file_name(evidence) or "minh-chung", evidence, save=False
            )
        cs.save()
        log(
            actor=actor,
            action="surveys.commune.reported",
            target=cs,
            changes={
                "reported_on": on,
                "recorded_on": today,
                "backdated": backdated,
                "reason": cs.report_backdate_reason,
                "number": doc.number,
                "document": doc.pk,
                "forms": figures["totals"]["collected"],
                "handovers": [d.number or d.pk for d in handovers],
                # One audited count when online collection closes, never one entry per form.
                "online_forms": online,
                "unused_codes": unused,
            },
            unit=cs.unit,
            request=request,
        )
        refresh_flags(round_=cs.round)
    commune_survey.refresh_from_db()
    return commune_survey


def reopen_report(*, actor: Any, commune_survey: CommuneSurvey, reason: str) -> CommuneSurvey:
    """A sent report is reopened (by the plan unit that received it: ``permissions.can_reopen``)
    so the commune can correct its forms or counts; the reason is recorded and shown on the
    report page. The report sent stays readable; the one sent again replaces it as a correction
    naming it. SV7 flags raised from it stay until withdrawn (:func:`withdraw_flag`)."""
    from danchu.documents import issuing

    reason = nfc(reason)
    if not reason:
        raise SurveyError("Mở lại báo cáo: cần nêu lý do.")
    with transaction.atomic():
        cs = CommuneSurvey.objects.select_for_update().get(pk=commune_survey.pk)
        if not cs.reported:
            raise SurveyError("Xã chưa gửi báo cáo; không có gì để mở lại.")
        doc = issuing.current(cs, REPORT_KIND)
        Reopening.objects.create(
            commune_survey=cs,
            reopened_on=clock.today(),
            reopened_by=actor if getattr(actor, "is_authenticated", False) else None,
            reason=reason,
            report=doc,
            report_number=cs.report_number,
            reported_on=cs.reported_on,
        )
        before = {"reported_on": cs.reported_on, "number": cs.report_number}
        cs.reported_on = None
        cs.report_recorded_on = None
        cs.report_backdate_reason = ""
        cs.save(update_fields=["reported_on", "report_recorded_on", "report_backdate_reason"])
        log(
            actor=actor,
            action="surveys.report.reopened",
            target=cs,
            changes={**before, "reason": reason, "document": doc.pk if doc else None},
            unit=cs.unit,
        )
    commune_survey.refresh_from_db()
    return commune_survey


def record_count_reason(*, actor: Any, subject: Subject, reason: str) -> Subject:
    """SV4: the committee records why a civil servant's forms collected fall outside 100–150
    (printed in the report); empty clears it. Not after the report is sent."""
    _locked(subject.commune_survey, "không ghi lý do được nữa")
    reporting = CommuneSurvey.objects.filter(
        round__year=subject.commune_survey.round.year, unit=subject.reporting_unit
    ).first()
    if reporting is not None:
        _locked(reporting, "không ghi lý do được nữa")
    with transaction.atomic():
        before = subject.count_reason
        subject.count_reason = nfc(reason)
        subject.save(update_fields=["count_reason"])
        log(
            actor=actor,
            action="surveys.count_reason.set",
            target=subject,
            changes={"count_reason": [before, subject.count_reason]},
            unit=subject.commune_survey.unit,
        )
    return subject


def refresh_flags(*, round_: Round) -> list[Flag]:
    """SV7: flag each civil servant reported in this round whose rate is below 50% this year
    and last year, wherever they were surveyed (results follow the person across transfers).
    Only the communes' sent reports count (:func:`selectors.reported_results`), never forms
    still being typed. A flag exists once per person and year (a withdrawn one stays)."""
    from danchu.surveys.selectors import current_reports, reported_results

    year = round_.year
    cs_ids = list(round_.communes.filter(reported_on__isnull=False).values_list("pk", flat=True))
    reported = [
        row for doc in current_reports(cs_ids).values() for row in doc.figures["civil_servants"]
    ]
    results = reported_results({r["person"] for r in reported}, years=(year - 1, year))
    created = []
    with transaction.atomic():
        for r in reported:
            mine = results.get(r["person"], [])
            if not rules.two_year_low(mine, year):
                continue
            if Flag.objects.filter(person_id=r["person"], year=year).exists():
                continue
            lines = [
                f"Năm {y.year}: {y.trust}/{y.collected} phiếu tín nhiệm "
                f"({numbers.percent(rules.percent_2dp(y.trust, y.collected))})"
                for y in sorted(mine, key=lambda y: y.year)
            ]
            flag = Flag.objects.create(
                person_id=r["person"],
                year=year,
                round=round_,
                subject_id=r["subject"],
                why="; ".join(lines) + ". " + rules.RATE_READING,
            )
            log(
                action="surveys.flag.raised",
                target=flag,
                changes={"year": year, "results": [[y.year, y.trust, y.collected] for y in mine]},
                unit=round_.plan_unit,
            )
            created.append(flag)
    return created


def _issue_notice(*, actor: Any, flag: Flag, reason: str = "") -> Any:
    """The SV7 public notice, issued (numbered, stored as issued); a second one corrects the
    notice in force, naming it, with ``reason``."""
    from danchu.documents import issuing
    from danchu.surveys import documents

    today = clock.today()
    unit = documents.current_commune(flag, today)
    agency = documents.ubnd_of(unit)
    symbol = "TB" if agency is not None and nfc(agency.short_name) else ""
    previous = issuing.current(flag, NOTICE_KIND)
    replaces = (
        f"Thông báo số {previous.number or '(không số)'} ngày {previous.issued_on:%d/%m/%Y}"
        if previous
        else ""
    )

    def render(issue: Any) -> Any:
        doc = documents.flag_notice(
            flag, issue.on, number=issue.number, replaces=replaces, reason=reason
        )
        return issuing.Rendered(
            files={"pdf": render_pdf(doc), "docx": render_docx(doc)},
            figures={
                "person": flag.person_id,
                "year": flag.year,
                "why": flag.why,
                "handling": flag.handling,
                "decision_number": flag.decision_number,
                "withdrawn": flag.withdrawn,
            },
        )

    return issuing.issue(
        kind=NOTICE_KIND,
        target=flag,
        title=f"Thông báo SV7 — {flag.person.full_name} ({flag.year})",
        render=render,
        actor=actor,
        agency=agency,
        unit=unit,
        symbol=symbol,
        on=today,
        replaces=previous,
        reason=reason,
    )


def decide_flag(
    *,
    actor: Any,
    flag: Flag,
    handling: str,
    decided_on: dt.date,
    decision_number: str = "",
    note: str = "",
    reason: str = "",
) -> Flag:
    """SV7: the district chairman's decision on a flagged civil servant; the public notice is
    issued with it (numbered, stored as issued). Changing a decision already announced issues a
    corrected notice and needs ``reason``."""
    from danchu.documents import issuing

    try:
        rules.Handling(handling)
    except ValueError:
        raise SurveyError(f"Quyết định “{handling}”: không hợp lệ.") from None
    problems = []
    if flag.withdrawn:
        problems.append("Cảnh báo đã được rút lại.")
    if decided_on.year < flag.year:
        problems.append("Ngày quyết định: không thể trước năm lấy ý kiến.")
    if decided_on > clock.today():
        problems.append(f"Ngày quyết định {decided_on:%d/%m/%Y} chưa đến.")
    announced = issuing.current(flag, NOTICE_KIND) is not None
    if announced and not nfc(reason):
        problems.append(
            "Quyết định đã được thông báo; sửa lại cần nêu lý do (thông báo đính chính)."
        )
    if problems:
        raise SurveyError(problems)
    with transaction.atomic():
        flag.handling = handling
        flag.decided_on = decided_on
        flag.decision_number = nfc(decision_number)
        flag.note = nfc(note)
        flag.decided_by = actor
        flag.save()
        log(
            actor=actor,
            action="surveys.flag.decided",
            target=flag,
            changes={"handling": handling, "decision_number": flag.decision_number},
            unit=flag.round.plan_unit,
        )
        _issue_notice(actor=actor, flag=flag, reason=nfc(reason))
    return flag


def withdraw_flag(*, actor: Any, flag: Flag, reason: str) -> Flag:
    """SV7: a flag raised in error (e.g. from a report since corrected) is withdrawn with a
    reason, audited; its own notice is issued, correcting the notice in force if there is one."""
    reason = nfc(reason)
    if not reason:
        raise SurveyError("Rút lại cảnh báo: cần nêu lý do.")
    if flag.withdrawn:
        raise SurveyError("Cảnh báo đã được rút lại.")
    with transaction.atomic():
        flag.withdrawn_on = clock.today()
        flag.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
        flag.withdrawal_reason = reason
        flag.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawal_reason"])
        log(
            actor=actor,
            action="surveys.flag.withdrawn",
            target=flag,
            changes={"reason": reason},
            unit=flag.round.plan_unit,
        )
        _issue_notice(actor=actor, flag=flag, reason=reason)
    return flag


def issue_committee_decision(*, actor: Any, committee: Committee, reason: str = "") -> Any:
    """SV6: the commune chairman's decision founding the committee is issued (numbered now, or
    with the number typed on the committee; stored as issued). Issuing it again after the
    committee changed is a correction naming the old one, with ``reason``."""
    from danchu.documents import issuing
    from danchu.surveys import documents

    problems = committee.problems()
    today_ = clock.today()
    on_ = (
        committee.founded_on if committee.founded_on and committee.founded_on <= today_ else today_
    )
    later = documents.cites_later_plan(committee.round, on_)
    if later:
        problems.append(f"Quyết định thành lập Tổ lấy ý kiến: {later}")
    previous = issuing.current(committee, DECISION_KIND)
    if previous is not None and not nfc(reason):
        problems.append("Quyết định đã ban hành; ban hành lại cần nêu lý do (đính chính).")
    if problems:
        raise SurveyError(problems)
    agency = documents.ubnd_of(committee.unit)
    typed = committee.decision_number
    symbol = "" if typed or agency is None or not nfc(agency.short_name) else "QĐ"
    today = clock.today()

    def render(issue: Any) -> Any:
        doc = documents.committee_decision(committee, issue.on, number=issue.number)
        return issuing.Rendered(
            files={"pdf": render_pdf(doc), "docx": render_docx(doc)},
            figures={
                "members": [
                    {"name": m.full_name, "kind": m.kind, "leader": m.leader, "sec": m.secretary}
                    for m in committee.members.all()
                ]
            },
        )

    try:
        return issuing.issue(
            kind=DECISION_KIND,
            target=committee,
            title=f"Quyết định thành lập Tổ lấy ý kiến năm {committee.round.year} — "
            f"{committee.unit.name}",
            render=render,
            actor=actor,
            agency=agency,
            unit=committee.unit,
            symbol=symbol,
            number=typed,
            on=committee.founded_on
            if committee.founded_on and committee.founded_on <= today
            else today,
            replaces=previous,
            reason=nfc(reason),
        )
    except ValueError as exc:
        raise SurveyError(str(exc)) from None
