"""Demo classification in the demo province, built through the services (idempotent, dates
relative to the demo's today): the illustrative scheme (labelled as such), last year's round
decided with every commune classified, and this year's round under way — Xã Đăk Rve's file in
preparation for ``chutich``, the second commune's waiting for the province's review, the others
reviewed — so the GR1 dashboard compares with last year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from danchu.accounts.models import Role
from danchu.classification import rules, scheme_io, services
from danchu.classification.models import Assessment, AssessmentStatus, Round, Scheme

# Points per criterion, cycled over the communes: totals 90,5 (tốt, TSVM), 85 (tốt), 84,99
# (khá; TT1 16,99 caps its civil servant at "tốt"), 70 (khá), 55 (trung bình), 44,5 (yếu).
POINTS = (
    ("19", "18.5", "18", "17", "18"),
    ("17", "17", "17", "17", "17"),
    ("16.99", "17", "17", "17", "17"),
    ("14", "14", "14", "14", "14"),
    ("13", "9", "8.99", "12", "12.01"),
    ("9", "9", "9", "9", "8.5"),
)
TARGETS = (
    rules.Target(rules.TSVM, rules.Comparison.GE, 3),
    rules.Target("tot", rules.Comparison.GE, 3),
    rules.Target("kha", rules.Comparison.GT, 2),
    rules.Target("trung_binh", rules.Comparison.LT, 3),
    rules.Target("yeu", rules.Comparison.EQ, 0),
)


def _scheme(demo: Any, year: int, actor: Any) -> Scheme:
    found = Scheme.objects.filter(province=demo.province, year=year).order_by("-version").first()
    return found or services.save_scheme(
        actor=actor,
        province=demo.province,
        year=year,
        name=scheme_io.ILLUSTRATIVE_NAME,
        basis="Minh họa: Quyết định 34/2011/QĐ-UBND (không có văn bản gốc)",
        illustrative=True,
        thresholds=scheme_io.ILLUSTRATIVE_THRESHOLDS,
        criteria=scheme_io.ILLUSTRATIVE_CRITERIA,
    )


def _fill(a: Assessment, index: int, actor: Any) -> None:
    points = POINTS[index % len(POINTS)]
    scores = list(a.scores.select_related("criterion").order_by("criterion__order"))
    services.save_self_assessment(
        actor=actor,
        assessment=a,
        explanation="Tự đánh giá theo kế hoạch của tỉnh.",
        scores={
            s.criterion_id: services.ScoreInput(
                Decimal(p), f"Kết quả thực hiện tiêu thức {s.criterion.code} trong năm."
            )
            for s, p in zip(scores, points, strict=False)
        },
    )


def _round(demo: Any, year: int, actor: Any, due: dt.date) -> Round:
    found = Round.objects.filter(province=demo.province, year=year).first()
    return found or services.open_round(
        actor=actor,
        province=demo.province,
        year=year,
        scheme=_scheme(demo, year, actor),
        targets=TARGETS,
        self_assessment_due=due,
        review_due=due + dt.timedelta(days=10),
        decision_due=due + dt.timedelta(days=20),
    )


def build(demo: Any) -> list[tuple[str, str]]:
    home = demo.make_user("noivu", Role.HOME_AFFAIRS, unit=demo.province)
    demo.make_user("chutich", Role.CHAIRMAN, unit=demo.communes[0])
    year = demo.today.year
    last = _round(demo, year - 1, home, dt.date(year - 1, 12, 10))
    if last.status == "open":
        for i, a in enumerate(last.assessments.order_by("commune__name")):
            _fill(a, i + 1, None)
            services.submit(actor=None, assessment=a)
            services.review(
                actor=home,
                assessment=a,
                changes={},
                last_year="phe_binh" if i % 7 == 3 else "",
                year_before="phe_binh" if i % 14 == 3 else "",
            )
        services.issue_decision(actor=home, round_=last)
    current = _round(demo, year, home, max(demo.today, dt.date(year, 12, 10)))
    first, second = demo.communes[0], demo.communes[1]
    for i, a in enumerate(current.assessments.order_by("commune__name")):
        if a.status != AssessmentStatus.DRAFT:
            continue
        if a.commune_id == first.pk:
            continue  # left to the demo chairman
        _fill(a, i, None)
        services.submit(actor=None, assessment=a)
        if a.commune_id == second.pk:
            continue  # waiting for the province's review
        services.review(
            actor=home,
            assessment=a,
            changes={},
            last_year="nhac_nho" if i % 5 == 2 else "",
        )
    _extras(demo, home, last, current)
    return [
        (
            "noivu",
            f"xếp loại chính quyền cơ sở: /classification/{current.pk}/ (thẩm định, chỉ tiêu)",
        ),
        ("chutich", "tự đánh giá của xã Đăk Rve và gửi hồ sơ: /classification/"),
        ("canbo, chutich", "xin lỗi nhân dân (GR9): /classification/apology/"),
    ]


def _extras(demo: Any, home: Any, last: Round, current: Round) -> None:
    """GR2 ratings of last year in Xã Đăk Rve, its GR5 facts, and a GR9 case under way."""
    from danchu.classification import selectors
    from danchu.classification.models import ApologyCase, CommuneFacts

    first = demo.communes[0]
    officer = demo.make_user("canbo", Role.OFFICER, unit=first)
    chairman = demo.make_user("chutich", Role.CHAIRMAN, unit=first)
    done = Assessment.objects.get(round=last, commune=first)
    if not done.ratings.exists():
        for official in selectors.officials(done):
            if not official.criteria or official.cap is None:
                continue
            rating = services.propose_rating(
                actor=officer,
                assessment=done,
                person=official.person,
                position=official.position,
                position_code=official.position_code,
                criteria=official.criteria,
                level=official.cap,
            )
            services.decide_rating(actor=home, rating=rating, level=official.cap)
    if not CommuneFacts.objects.filter(commune=first, year=current.year).exists():
        staff = selectors.commune_staff(first, current.year)
        services.save_indicator_facts(
            actor=officer,
            commune=first,
            year=current.year,
            facts={
                "solid_office": True,
                "office_area": False,
                "networked": True,
                "mailbox_hotline": True,
                "procedures": 120,
                "procedures_on_time": 117,
            },
            qualifications={
                p: ("dai_hoc" if i % 4 else "", "trung_cap" if i % 2 else "")
                for i, p in enumerate(staff)
            },
        )
    from danchu.core import clock

    base = min(demo.today, clock.today())  # never a future day for the platform's clock
    clerk = demo.holder(first, "cs-tu-phap-ho-tich")
    if clerk is not None and not ApologyCase.objects.filter(commune=first).exists():
        case = services.open_apology(
            actor=officer,
            commune=first,
            person=clerk,
            citizen="Ông A Minh (thôn 1)",
            fault="late",
            facts="Hồ sơ đăng ký khai sinh bị giữ quá hạn 7 ngày không báo lý do.",
            occurred_on=base - dt.timedelta(days=20),
        )
        services.require_apology(actor=chairman, case=case, on=base - dt.timedelta(days=18))
