"""Demo records for the surveys app (called by ``danchu demo``). Idempotent.

- Last year's round for the province, with Xã Đăk Rve's results (entered from the paper report:
  the 2025 reform left nobody with six months on the new map, so last year is history data).
- This year's round: Xã Đăk Rve has its committee, its list (with the recent transfer surveyed
  here and reported by Xã Đăk Kôi, SV2) and most of its forms (the last five serials of each
  civil servant are left for the committee to type) — the transferred Tư pháp civil servant is
  below 50% two years running (SV7 flag for the province chairman); Xã Đăk Kôi has announced its
  date; Phường Kon Tum has reported; Phường Cẩm Thành has done nothing yet.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

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

    # Last year: history entered from the commune's paper report.
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
    last_cs, _ = CommuneSurvey.objects.get_or_create(round=last, unit=first)
    if last_cs.reported_on is None:
        last_cs.survey_on = dt.date(year - 1, 11, 10)
        last_cs.notified_on = dt.date(year - 1, 10, 30)
        last_cs.reported_on = dt.date(year - 1, 11, 20)
        last_cs.save()
        previous_holder = Subject.objects.create(
            commune_survey=last_cs,
            person=moved,
            position=demo.positions["cs-tu-phap-ho-tich"],
            reporting_unit=first,
            surveyed=True,
            reason="Kết quả năm trước, nhập lại từ báo cáo giấy của xã.",
            officials_quota=35,
            citizens_quota=85,
        )
        _forms(previous_holder, template, 0.42, 1, last_cs.survey_on)

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
    if cs1.reported_on is None:
        services.record_notice(
            actor=vice,
            commune_survey=cs1,
            survey_on=survey_on,
            notified_on=max(dt.date(year, 1, 1), survey_on - dt.timedelta(days=10)),
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
        services.refresh_flags(round_=round_)  # SV7: already below 50% two years running
    third = CommuneSurvey.objects.filter(round=round_, unit=demo.communes[2]).first()
    if third is not None and third.reported_on is None:
        services.record_notice(
            actor=noivu,
            commune_survey=third,
            survey_on=survey_on,
            notified_on=max(dt.date(year, 1, 1), survey_on - dt.timedelta(days=7)),
        )
        services.compute_subjects(actor=noivu, commune_survey=third)
        tpl = services.form_template_for(third)
        for i, subject in enumerate(third.subjects.filter(surveyed=True).order_by("pk")):
            _forms(subject, tpl, 0.9, 200 + i, survey_on)
        services.report_commune(
            actor=noivu, commune_survey=third, today=min(today, dt.date(year, 11, 24))
        )
    if cs2 is not None and cs2.notified_on is None:
        services.record_notice(
            actor=noivu,
            commune_survey=cs2,
            survey_on=min(dt.date(year, 11, 22), max(today, dt.date(year, 1, 10))),
            notified_on=max(dt.date(year, 1, 1), min(today, dt.date(year, 11, 15))),
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
