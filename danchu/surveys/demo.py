"""Demo records for the surveys app (called by ``danchu demo``). Idempotent.

- Last year's round for the province, with Xã Đăk Rve's results (entered from the paper report:
  the 2025 reform left nobody with six months on the new map, so last year is history data).
- This year's round: Xã Đăk Rve has its committee, its list (with the recent transfer surveyed
  here and reported by Xã Đăk Kôi, SV2) and most of its forms (the last five serials of each
  civil servant are left for the committee to type) — the transferred Tư pháp civil servant is
  below 50% so far (his result counts only once both communes have reported); Xã Đăk Kôi has
  announced its date; Phường Kon Tum has reported, and its report raised an SV7 flag for the
  province chairman (a civil servant below 50% last year and this year); Phường Cẩm Thành has
  done nothing yet.

Last year's reports are recorded through the services as back-dated facts (reason and evidence:
"entered from the commune's paper report"), so SV7 reads them like any sent report.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.files.base import ContentFile

from danchu.accounts.models import Role
from danchu.surveys import rules, services
from danchu.surveys.models import CommuneSurvey, Form, Round, Subject


def _forms(
    subject: Subject, template: Any, trust_share: float, seed: int, day: dt.date, leave: int = 0
) -> None:
    """Bulk forms following the subject's quota (demo only: real forms go through services)."""
    if Form.objects.filter(subject=subject).exists():
        return
    rng = random.Random(seed)
    groups = ["CB"] * (subject.officials_quota * 2 // 3)
    groups += ["KCT"] * (subject.officials_quota - len(groups))
    groups += ["ND"] * subject.citizens_quota
    groups = groups[: len(groups) - leave]  # the last serials are left for typing
    forms = []
    for n, group in enumerate(groups, start=1):
        roll = rng.random()
        overall = (
            rules.Overall.BLANK
            if roll > 0.97
            else rules.Overall.TRUST
            if roll < trust_share
            else rules.Overall.DISTRUST
        )
        items = [rng.choice(["a4", "a6", "b3", "b4"])] if overall == rules.Overall.DISTRUST else []
        forms.append(
            Form(
                commune_survey=subject.commune_survey,
                subject=subject,
                serial=subject.serial(n),
                template=template,
                channel="paper",
                group=group,
                overall=overall.value,
                valid=rules.is_valid(overall),
                flagged_items=items,
                collected_on=day,
            )
        )
    Form.objects.bulk_create(forms)


PAPER = "Nhập lại từ báo cáo giấy của xã (dữ liệu minh họa)."


def _evidence() -> ContentFile[bytes]:
    return ContentFile(b"%PDF-1.4\n% demo: scan of the paper document\n", name="minh-chung.pdf")


def _committee(actor: Any, round_: Round, unit: Any) -> None:
    if round_.committees.filter(unit=unit).exists():
        return
    services.set_committee(
        actor=actor,
        round_=round_,
        unit=unit,
        members=[
            {"full_name": "Phó Chủ tịch UBND", "kind": "vice_chairman", "leader": True},
            {"full_name": "Bí thư Đoàn", "kind": "youth_secretary", "secretary": True},
            {"full_name": "Chủ tịch UBMTTQ", "kind": "front"},
        ],
    )


def _paper_report(actor: Any, cs: CommuneSurvey, survey_on: dt.date, on: dt.date) -> None:
    """Last year's result, recorded from the commune's paper notice and report (back-dated)."""
    services.record_notice(
        actor=actor,
        commune_survey=cs,
        survey_on=survey_on,
        notified_on=survey_on - dt.timedelta(days=10),
        reason=PAPER,
        evidence=_evidence(),
    )
    _committee(actor, cs.round, cs.unit)
    services.report_commune(
        actor=actor, commune_survey=cs, on=on, reason=PAPER, evidence=_evidence()
    )


def _last_year(actor: Any, province: Any, year: int) -> Round:
    last, created = Round.objects.get_or_create(
        plan_unit=province,
        year=year - 1,
        defaults={
            "title": f"Kế hoạch lấy ý kiến nhân dân đối với công chức cấp xã năm {year - 1}",
            "plan_number": "224/KH-UBND",
            "report_before": dt.date(year - 1, 11, 25),
        },
    )
    if created:
        for position, low in services.seed_positions():
            last.positions.create(position=position, low_contact=low)
    return last


def _history(
    actor: Any, last: Round, unit: Any, subject: Subject, template: Any, share: float
) -> None:
    """One civil servant's result last year at ``unit`` (SV7 history)."""
    cs, _ = CommuneSurvey.objects.get_or_create(round=last, unit=unit)
    if cs.reported_on is not None:
        return
    old = Subject.objects.create(
        commune_survey=cs,
        person=subject.person,
        position=subject.position,
        reporting_unit=unit,
        surveyed=True,
        reason="Kết quả năm trước, nhập lại từ báo cáo giấy của xã.",
        officials_quota=35,
        citizens_quota=85,
    )
    day = dt.date(last.year, 11, 10)
    _forms(old, template, share, subject.pk, day)
    _paper_report(actor, cs, day, dt.date(last.year, 11, 20))


def _survey_day(year: int, today: dt.date) -> dt.date:
    return max(dt.date(year, 1, 10), min(today - dt.timedelta(days=5), dt.date(year, 11, 20)))


def build(demo: Any) -> list[tuple[str, str]]:
    today = demo.today
    year = today.year
    province = demo.province
    first, second = demo.communes[0], demo.communes[1]
    moved = demo.people[f"{second.code}:cs-tu-phap-ho-tich"]  # transferred first → second
    noivu = demo.make_user("noivu", Role.HOME_AFFAIRS, unit=province)
    demo.make_user(
        "chutichtinh", Role.CHAIRMAN, unit=province, person=demo.people["chu-tich-ubnd-tinh"]
    )
    template = services.ensure_default_template()

    last = _last_year(noivu, province, year)

    # This year.
    round_ = Round.objects.filter(plan_unit=province, year=year).first()
    if round_ is None:
        round_ = services.create_round(
            actor=noivu,
            plan_unit=province,
            year=year,
            title=f"Kế hoạch lấy ý kiến nhân dân đối với công chức cấp xã năm {year}",
            plan_number="224/KH-UBND",
            plan_date=min(today, dt.date(year, 10, 28)),
            report_before=dt.date(year, 11, 25),
        )
    cs1 = CommuneSurvey.objects.get(round=round_, unit=first)
    cs2 = CommuneSurvey.objects.filter(round=round_, unit=second).first()
    vice = demo.make_user(
        "phochutich",
        Role.VICE_CHAIRMAN,
        unit=first,
        person=demo.people[f"{first.code}:pho-chu-tich-ubnd-xa"],
    )
    key = f"{first.code}:"
    survey_on = _survey_day(year, today)
    if cs1.reported_on is None and cs1.survey_on is None:
        services.record_notice(
            actor=vice,
            commune_survey=cs1,
            survey_on=survey_on,
            notified_on=max(dt.date(year, 1, 1), survey_on - dt.timedelta(days=10)),
            reason=PAPER,
            evidence=_evidence(),
        )
        secretary = demo.make_user("thuky", Role.SURVEY_SECRETARY, unit=first)
        member = demo.make_user("tokhaosat", Role.SURVEY_COMMITTEE, unit=first)
        services.set_committee(
            actor=vice,
            round_=round_,
            unit=first,
            members=[
                {
                    "full_name": demo.people[key + "pho-chu-tich-ubnd-xa"].full_name,
                    "kind": "vice_chairman",
                    "leader": True,
                    "user": vice,
                },
                {
                    "full_name": demo.people[key + "bi-thu-doan-tn-xa"].full_name,
                    "kind": "youth_secretary",
                    "user": member,
                },
                {
                    "full_name": demo.people[key + "cs-van-phong-thong-ke"].full_name,
                    "kind": "office_civil_servant",
                    "secretary": True,
                    "user": secretary,
                },
                {"full_name": demo.people[key + "chu-tich-mttq-xa"].full_name, "kind": "front"},
            ],
            decision_number="15/QĐ-UBND",
            founded_on=max(dt.date(year, 1, 2), survey_on - dt.timedelta(days=12)),
        )
        services.compute_subjects(actor=vice, commune_survey=cs1)
        tpl = services.form_template_for(cs1)
        for i, subject in enumerate(cs1.subjects.filter(surveyed=True).order_by("pk")):
            share = 0.45 if subject.person_id == moved.pk else 0.86
            _forms(subject, tpl, share, 100 + i, survey_on, leave=5)
            if subject.person_id == moved.pk:
                _history(noivu, last, first, subject, template, 0.42)
    third = CommuneSurvey.objects.filter(round=round_, unit=demo.communes[2]).first()
    if third is not None and third.reported_on is None and survey_on <= today:
        services.record_notice(
            actor=noivu,
            commune_survey=third,
            survey_on=survey_on,
            notified_on=max(dt.date(year, 1, 1), survey_on - dt.timedelta(days=7)),
            reason=PAPER,
            evidence=_evidence(),
        )
        services.compute_subjects(actor=noivu, commune_survey=third)
        tpl = services.form_template_for(third)
        for i, subject in enumerate(third.subjects.filter(surveyed=True).order_by("pk")):
            low = i == 0  # below 50% last year and this year: SV7 flag when Kon Tum reports
            _forms(subject, tpl, 0.4 if low else 0.9, 200 + i, survey_on)
            if low:
                _history(noivu, last, demo.communes[2], subject, template, 0.4)
        _committee(noivu, round_, demo.communes[2])
        on = max(survey_on, min(today, dt.date(year, 11, 24)))
        services.report_commune(
            actor=noivu,
            commune_survey=third,
            on=on,
            reason="" if on == today else PAPER,
            evidence=None if on == today else _evidence(),
        )
    if cs2 is not None and cs2.notified_on is None:
        services.record_notice(
            actor=noivu,
            commune_survey=cs2,
            survey_on=min(dt.date(year, 11, 22), max(today, dt.date(year, 1, 10))),
            notified_on=max(dt.date(year, 1, 1), min(today, dt.date(year, 11, 15))),
            reason=PAPER,
            evidence=_evidence(),
        )
        services.compute_subjects(actor=noivu, commune_survey=cs2)
    # The logins of this app (the accounts exist; make_user only lists them again).
    demo.make_user("thuky", Role.SURVEY_SECRETARY, unit=first, record=cs1)
    demo.make_user("tokhaosat", Role.SURVEY_COMMITTEE, unit=first, record=cs1)
    return [
        ("noivu", f"Sở Nội vụ: kế hoạch lấy ý kiến {year}, bảng theo dõi các xã, mẫu phiếu (SV5)"),
        ("phochutich", f"Tổ trưởng tổ lấy ý kiến {first.name}: danh sách, hạn mức, báo cáo"),
        ("thuky", f"Thư ký tổ lấy ý kiến {first.name}: nhập phiếu giấy (nhập hai lần)"),
        ("tokhaosat", f"Thành viên tổ lấy ý kiến {first.name}: nhập phiếu lần hai"),
        ("chutichtinh", "Chủ tịch UBND tỉnh: quyết định với công chức tín nhiệm thấp (SV7)"),
    ]
