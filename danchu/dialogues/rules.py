"""Rules of dialogues and conferences (RULES.md LD9, QD2, QD6, GR7; Law 10/2022 Arts 32–33,
Decree 59/2023 Arts 10–11; seed 002 § dialogue in December, report in February; seed 004).

Plain Python: dates in, deadlines and states out. No Django import. Deadlines use
:mod:`danchu.legalcal.deadlines` and states the residents' :func:`step_state` (met only from a
recorded fact that has happened; late after the due day; missed when nothing is recorded by
then). Texts a user reads verbatim are Vietnamese.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from danchu.legalcal import deadlines
from danchu.legalcal.calendar import SwapTable
from danchu.legalcal.deadlines import Deadline
from danchu.residents.rules import StepState, step_state


class Kind(StrEnum):
    """What is held once a year, by whom."""

    COMMUNE_DIALOGUE = "commune_dialogue"  # LD9, QD2, GR7: the commune with residents
    VILLAGE_CONFERENCE = "village_conference"  # LD9: each village, at year-end
    STAFF_CONFERENCE = "staff_conference"  # QD6: each agency's staff conference
    STAFF_DIALOGUE = "staff_dialogue"  # QD2: the head of an agency with its staff


KIND_RULE: dict[Kind, str] = {
    Kind.COMMUNE_DIALOGUE: "LD9",
    Kind.VILLAGE_CONFERENCE: "LD9",
    Kind.STAFF_CONFERENCE: "QD6",
    Kind.STAFF_DIALOGUE: "QD2",
}

KIND_WHY: dict[Kind, str] = {
    Kind.COMMUNE_DIALOGUE: "UBND xã đối thoại với Nhân dân ít nhất mỗi năm một lần — LD9, QD2",
    Kind.VILLAGE_CONFERENCE: "Mỗi thôn tổ chức hội nghị cộng đồng định kỳ mỗi năm một lần vào "
    "cuối năm — LD9",
    Kind.STAFF_CONFERENCE: "Mỗi cơ quan tổ chức hội nghị cán bộ, công chức mỗi năm một lần — QD6",
    Kind.STAFF_DIALOGUE: "Người đứng đầu cơ quan đối thoại với cán bộ, công chức ít nhất mỗi năm "
    "một lần — QD2",
}


# --------------------------------------------------------------------------------------------
# LD9, QD2, QD6 — once a year
# --------------------------------------------------------------------------------------------


def year_due(year: int, kind: Kind) -> Deadline:
    """LD9, QD2, QD6: held at least once in the calendar year — by 31 December of ``year``.

    Design choice: "a year" is the calendar year (the conference is "at year-end", Decree 59
    Art. 10), so the last day is 31/12, not moved (a fixed day, not a period counted forward).
    """
    last = dt.date(year, 12, 31)
    return Deadline(
        rule=KIND_RULE[kind],
        why=KIND_WHY[kind],
        due=last,
        reading="Thời hạn là năm dương lịch: hạn chót ngày 31/12 (ngày cố định, không dời).",
    )


class YearState(StrEnum):
    MET = "met"  # held in the year
    IN_PROGRESS = "in_progress"  # not yet held, the year is not over
    MISSED = "missed"  # the year ended without it


def year_state(year: int, held_on: Iterable[dt.date | None], today: dt.date) -> YearState:
    """LD9, QD2, QD6: met once something was held within ``year`` (and has happened);
    a holding in another year does not count for this one."""
    for day in held_on:
        if day is not None and day.year == year and day <= today:
            return YearState.MET
    return YearState.MISSED if today > dt.date(year, 12, 31) else YearState.IN_PROGRESS


def yearly_problems(year: int, planned_on: dt.date, taken_years: Iterable[int]) -> list[str]:
    """LD9, QD2, QD6: one yearly record per commune, village or agency, held within its year."""
    problems = []
    if planned_on.year != year:
        problems.append(
            f"Ngày tổ chức {planned_on:%d/%m/%Y} không thuộc năm {year}: mỗi năm tổ chức "
            "trong chính năm đó."
        )
    if year in set(taken_years):
        problems.append(f"Năm {year} đã có kế hoạch; mỗi năm một bản ghi (sửa bản ghi đã có).")
    return problems


# --------------------------------------------------------------------------------------------
# GR7 — the commune dialogue in December, its report by February
# --------------------------------------------------------------------------------------------

DIALOGUE_MONTH = 12
"""GR7 (seed 002): the dialogue conference is held in December."""

REPORT_MONTH = 2
"""GR7 (seed 002): the report on it is made in February of the next year."""


def dialogue_month_due(year: int) -> Deadline:
    """GR7: the dialogue of ``year`` is held in December (from 1/12, by 31/12)."""
    return Deadline(
        rule="GR7",
        why="Hội nghị đối thoại giữa UBND xã với Nhân dân tổ chức trong tháng 12 — GR7",
        due=dt.date(year, DIALOGUE_MONTH, 31),
        reading="Trong tháng 12: từ ngày 01/12 đến hết ngày 31/12.",
    )


def dialogue_month_state(year: int, held_on: dt.date | None, today: dt.date) -> StepState:
    """GR7: met when held in December of ``year``; held earlier in the year is late for GR7
    (LD9 is still met); missed once the year has ended without it."""
    if held_on is not None and held_on <= today:
        if held_on.year == year and held_on.month == DIALOGUE_MONTH:
            return StepState.MET
        return StepState.LATE
    return step_state(dt.date(year, DIALOGUE_MONTH, 31), None, today)


def dialogue_report_due(year: int) -> Deadline:
    """GR7: the report on the dialogue of ``year`` by the last day of February of ``year + 1``.

    Design choice: "trong tháng 2" reads as a fixed last day (28 or 29 February), not moved
    when it is a day off — it is a month named in the plan, not a period counted forward.
    """
    nxt = year + 1
    last = dt.date(nxt, REPORT_MONTH, calendar.monthrange(nxt, REPORT_MONTH)[1])
    return Deadline(
        rule="GR7",
        why="Tổng hợp báo cáo kết quả hội nghị đối thoại trong tháng 2 năm sau — GR7",
        due=last,
        reading="Hạn chót là ngày cuối cùng của tháng 2 năm sau (ngày cố định, không dời).",
    )


def report_state(year: int, issued_on: dt.date | None, today: dt.date) -> StepState:
    """GR7: the report is met only once issued (a fact that has happened) by its due day."""
    return step_state(dialogue_report_due(year).due, issued_on, today)


# --------------------------------------------------------------------------------------------
# LD9 — the village's yearly community conference (Decree 59 Arts 10–11)
# --------------------------------------------------------------------------------------------

CONFERENCE_NOTICE_DAYS = 5
"""LD9 (Decree 59 Art. 11): the notice reaches households at least 5 days before."""

CONFERENCE_REPORT_WORKING_DAYS = 5
"""LD9 (Decree 59 Art. 11.3): the village head reports in writing to the commune People's
Committee and Front committee after the conference. Design choice: the decree names no time
limit; the platform uses 5 working days, as for sending a community decision (Art. 20.3)."""


def conference_notice_due(held_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD9: the latest day the conference notice may reach households."""
    return deadlines.before(
        held_on,
        CONFERENCE_NOTICE_DAYS,
        rule="LD9",
        why="Thông báo hội nghị cộng đồng phải đến các hộ trước ngày hội nghị ít nhất 05 ngày "
        "— LD9",
        swaps=swaps,
    )


def conference_notice_problems(notice_on: dt.date, held_on: dt.date) -> list[str]:
    """LD9: a notice given fewer than 5 days before (TM1: the notice day is not counted) is
    refused when the conference is planned; a late notice on record shows as late."""
    if (held_on - notice_on).days < CONFERENCE_NOTICE_DAYS:
        return [
            f"Thông báo ngày {notice_on:%d/%m/%Y} chưa đủ 05 ngày trước ngày hội nghị "
            f"{held_on:%d/%m/%Y} (LD9)."
        ]
    return []


def conference_notice_state(
    held_on: dt.date, notice_on: dt.date | None, today: dt.date, swaps: SwapTable | None = None
) -> StepState:
    """LD9: met when the notice went out on or before its due day; late after it; missed when
    the due day passed without a notice."""
    return step_state(conference_notice_due(held_on, swaps).due, notice_on, today)


def conference_report_due(held_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD9: the village head's written report to the commune (design choice: 5 working days)."""
    return deadlines.after(
        held_on,
        CONFERENCE_REPORT_WORKING_DAYS,
        working=True,
        rule="LD9",
        why="Trưởng thôn báo cáo bằng văn bản kết quả hội nghị với UBND xã và Ủy ban MTTQ xã "
        "(nền tảng chọn hạn 05 ngày làm việc) — LD9",
        swaps=swaps,
    )


CONFERENCE_REPORTS = ("village_head", "front", "inspection")
"""LD9 (Decree 59 Art. 11.2): the reports heard at the conference."""

CONFERENCE_REPORT_LABEL = {
    "village_head": "Báo cáo của trưởng thôn",
    "front": "Báo cáo của Ban công tác Mặt trận",
    "inspection": "Báo cáo của thành viên Ban Thanh tra nhân dân ở thôn",
}


def missing_reports(reports: dict[str, str]) -> list[str]:
    """LD9: the three reports a conference hears; each one missing is named."""
    return [
        f"Thiếu: {CONFERENCE_REPORT_LABEL[key]} (LD9)."
        for key in CONFERENCE_REPORTS
        if not reports.get(key, "").strip()
    ]


# --------------------------------------------------------------------------------------------
# LD9, GR7 — follow-up commitments
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Commitment:
    due: dt.date
    done_on: dt.date | None = None


def commitment_state(c: Commitment, today: dt.date) -> StepState:
    """A commitment made at a dialogue: met when done by its deadline, late after, missed when
    its deadline passed with nothing recorded."""
    return step_state(c.due, c.done_on, today)


def commitment_problems(made_on: dt.date, due: dt.date) -> list[str]:
    if due < made_on:
        return [f"Hạn thực hiện {due:%d/%m/%Y} sớm hơn ngày cam kết {made_on:%d/%m/%Y}."]
    return []
