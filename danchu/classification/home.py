"""Home-page items (and so the calendar feed): the round's deadlines for those who act on them
(GR1): the commune's self-assessment, the province's review and decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.classification import permissions
from danchu.classification.models import Assessment, AssessmentStatus, Round, RoundStatus
from danchu.core import clock
from danchu.web.home import HomeItem


def home_items(user: Any) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = clock.today()
    items: list[HomeItem] = []
    communes = permissions.my_communes(user)
    for a in Assessment.objects.filter(
        commune__in=communes,
        round__status=RoundStatus.OPEN,
        status__in=[AssessmentStatus.DRAFT, AssessmentStatus.RETURNED],
    ).select_related("round", "commune"):
        due = a.round.self_assessment_due
        items.append(
            HomeItem(
                kind="deadline",
                title=_("Self-assessment of %(unit)s, %(year)s")
                % {"unit": a.commune.name, "year": a.round.year},
                url=reverse("classification:assessment", args=[a.pk]),
                due=due,
                rule="GR1",
                why=f"Xã tự đánh giá, Chủ tịch UBND xã gửi hồ sơ trước hết ngày {due:%d/%m/%Y} "
                f"(kế hoạch xếp loại chính quyền cơ sở năm {a.round.year}).",
                late=today > due,
            )
        )
    from danchu.classification import rules
    from danchu.classification.services import REPORT_KINDS
    from danchu.documents import issuing

    for a in Assessment.objects.filter(commune__in=communes, round__year__gte=today.year - 1):
        for period, kind in REPORT_KINDS.items():
            last_day = rules.report_last_day(period, a.round.year)
            if period == "half" and a.round.opened_at.date() > last_day:
                continue  # the year was opened after the 6-month report was due
            if today > last_day + dt.timedelta(days=365) or issuing.current(a, kind):
                continue
            items.append(
                HomeItem(
                    kind="deadline",
                    title=_("Report (%(period)s) of %(unit)s, %(year)s")
                    % {
                        "period": rules.REPORT_PERIODS[period],
                        "unit": a.commune.name,
                        "year": a.round.year,
                    },
                    url=reverse("classification:assessment", args=[a.pk]),
                    due=last_day,
                    rule="GR6",
                    why=f"Báo cáo {rules.REPORT_PERIODS[period]} gửi Sở Nội vụ trước ngày "
                    f"{rules.report_before(period, a.round.year):%d/%m/%Y} (GR6).",
                    late=today > last_day,
                )
            )
    provinces = [p.pk for p in permissions.managed_provinces(user)]
    for r in Round.objects.filter(province__in=provinces, status=RoundStatus.OPEN).select_related(
        "province"
    ):
        for due, title, why in (
            (
                r.review_due,
                _("Review of the communes' files, %(year)s") % {"year": r.year},
                f"Thẩm định hồ sơ tự đánh giá của các xã trước hết ngày {r.review_due:%d/%m/%Y}.",
            ),
            (
                r.decision_due,
                _("Classification decision, %(year)s") % {"year": r.year},
                f"Ban hành quyết định xếp loại trước hết ngày {r.decision_due:%d/%m/%Y}.",
            ),
        ):
            items.append(
                HomeItem(
                    kind="deadline",
                    title=title,
                    url=reverse("classification:round", args=[r.pk]),
                    due=due,
                    rule="GR1",
                    why=why,
                    late=today > due,
                )
            )
    from danchu.classification.models import ConsequenceAction

    for action in ConsequenceAction.objects.filter(
        assessment__round__province__in=provinces, done_on__isnull=True
    ).select_related("assessment__commune", "assessment__round"):
        items.append(
            HomeItem(
                kind="deadline",
                title=f"{action.assessment.commune.name}: {action.label}",
                url=reverse("classification:round", args=[action.assessment.round_id]),
                due=action.due,
                rule="GR4",
                why=f"Hệ quả của xếp loại năm {action.assessment.round.year} (GR4), hạn "
                f"{action.due:%d/%m/%Y}.",
                late=today > action.due,
            )
        )
    return items
