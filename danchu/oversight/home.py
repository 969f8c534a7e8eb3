"""Home-page items for those who act: recommendations the commune must answer (LD11, LD12,
15 days) or follow up (QD3), plans still to send (LD11, 5 working days) and investors still to
tell (LD12, 45 days). A bounded number of queries whatever the number of records."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from danchu.core import clock
from danchu.oversight import rules, selectors
from danchu.web.home import HomeItem


def items(user: Any) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = clock.today()
    out: list[HomeItem] = []
    for rec in selectors.to_answer(user)[:20]:
        due = rec.due_on
        out.append(
            HomeItem(
                kind="deadline",
                title=f"{rec.commune.name}: trả lời kiến nghị «{rec.text[:60]}»"
                + (" — sắp đến hạn" if rules.answer_needs_reminder(due, None, today) else ""),
                url=reverse("oversight:recommendation", args=[rec.pk]),
                due=due,
                rule=rec.rule,
                why=selectors.ANSWER_WHY[rec.rule],
                late=today > due,
            )
        )
    for bi in selectors.plans_to_send(user)[:20]:
        deadline = rules.plan_notice_due(bi.inspection_on)
        out.append(
            HomeItem(
                kind="deadline",
                title=f"Gửi kế hoạch kiểm tra: {bi.subject}",
                url=reverse("oversight:board_inspection", args=[bi.pk]),
                due=deadline.due,
                rule="LD11",
                why=deadline.why,
                late=today > deadline.due,
            )
        )
    for s in selectors.investors_to_tell(user)[:20]:
        deadline = rules.investor_notice_due(s.supervision_on)
        out.append(
            HomeItem(
                kind="deadline",
                title=f"Thông báo chủ đầu tư: {s.board.project.name}",
                url=reverse("oversight:project", args=[s.board.project_id]),
                due=deadline.due,
                rule="LD12",
                why=deadline.why,
                late=today > deadline.due,
            )
        )
    return out
