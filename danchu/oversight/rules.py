"""Rules of residents' oversight: the People's Inspection Board (LD11; Law 10/2022 Arts 36–40,
Decree 59/2023 Arts 12–15), the Community Investment Supervision Boards (LD12; Arts 41–45,
Decree 59 Arts 16–19) and inspections of grassroots democracy (QD3, seed 004).

Plain Python: dates, numbers and small frozen dataclasses in, results out; no Django import.
Time limits are counted by :mod:`danchu.legalcal.deadlines` (TM1–TM4) and keep their rule ID
and a Vietnamese "why"; the met / in progress / late / missed state of a step is
:func:`danchu.residents.rules.step_state`, never written again here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from danchu.legalcal import deadlines
from danchu.legalcal.calendar import SwapTable
from danchu.legalcal.deadlines import Deadline
from danchu.residents.rules import Problem, StepState, add_months, step_state

__all__ = [
    "Problem",
    "StepState",
    "step_state",
]

# --------------------------------------------------------------------------------------------
# LD11 — the People's Inspection Board: membership
# --------------------------------------------------------------------------------------------

BOARD_MIN = 5
"""LD11 (Art. 36.1): at least 5 members; a commune with fewer than 5 villages elects at most 5."""

DEPUTIES_MAX = 2
"""LD11, LD12: a head and up to 2 deputies (the number set by the commune Front committee)."""


class Officer(StrEnum):
    HEAD = "head"  # Trưởng ban
    DEPUTY = "deputy"  # Phó Trưởng ban
    MEMBER = "member"  # Ủy viên


OFFICER_LABEL = {
    Officer.HEAD: "Trưởng ban",
    Officer.DEPUTY: "Phó Trưởng ban",
    Officer.MEMBER: "Ủy viên",
}


def board_size_range(villages: int) -> tuple[int, int]:
    """LD11: how many members the board may have — about one per village, at least 5; a commune
    with fewer than 5 villages elects exactly 5 (at least 5, at most 5). Design choice: "about
    one per village" reads as at most one per village, so the range is 5 … max(5, villages)."""
    if villages < 0:
        raise ValueError("villages must not be negative")
    return BOARD_MIN, max(BOARD_MIN, villages)


def board_size_problems(members: int, villages: int) -> list[Problem]:
    """LD11: the number of sitting members against the commune's villages."""
    low, high = board_size_range(villages)
    if members < low:
        return [
            Problem(
                "LD11",
                f"Ban Thanh tra nhân dân phải có ít nhất {low:02d} thành viên "
                f"(đang có {members:02d}).",
            )
        ]
    if members > high:
        if villages < BOARD_MIN:
            why = f"xã có {villages:02d} thôn (dưới 05 thôn) bầu tối đa 05 thành viên"
        else:
            why = f"mỗi thôn khoảng một thành viên, xã có {villages:02d} thôn"
        return [Problem("LD11", f"Ban Thanh tra nhân dân có {members:02d} thành viên: {why}.")]
    return []


def officer_problems(
    officers: Sequence[Officer], deputies_allowed: int = DEPUTIES_MAX
) -> list[Problem]:
    """LD11, LD12: one head; deputies no more than the number the Front committee set (≤ 2)."""
    problems = []
    heads = sum(1 for o in officers if o is Officer.HEAD)
    deputies = sum(1 for o in officers if o is Officer.DEPUTY)
    allowed = min(deputies_allowed, DEPUTIES_MAX)
    if heads > 1:
        problems.append(Problem("LD11", "Ban chỉ có một Trưởng ban."))
    if deputies > allowed:
        problems.append(
            Problem("LD11", f"Ban có tối đa {allowed:02d} Phó Trưởng ban (đang có {deputies:02d}).")
        )
    return problems


@dataclass(frozen=True)
class Eligibility:
    """What the people records say of a person put forward for the board (LD11)."""

    permanent_resident: bool  # thường trú tại xã (hồ sơ ở xã hoặc một thôn của xã)
    commune_posts: tuple[str, ...] = ()  # posts held in the commune or its villages that day


def eligibility_problems(name: str, e: Eligibility) -> list[Problem]:
    """LD11 (Art. 36.3): a permanent resident of the commune, and not a commune official nor a
    commune or village staff member (full- or part-time)."""
    problems = []
    if not e.permanent_resident:
        problems.append(Problem("LD11", f"{name} không thường trú tại xã theo hồ sơ nhân sự."))
    if e.commune_posts:
        posts = "; ".join(e.commune_posts)
        problems.append(
            Problem(
                "LD11",
                f"{name} đang là cán bộ, công chức hoặc người hoạt động không chuyên trách ở xã, "
                f"thôn ({posts}): không được là thành viên Ban Thanh tra nhân dân.",
            )
        )
    return problems


BY_ELECTION_MONTHS = 6
"""LD11 (Art. 36.2): a seat that falls vacant with at least 6 months of term left is filled by a
by-election."""


def by_election_needed(vacant_on: dt.date, term_ends_on: dt.date) -> bool:
    """LD11: at least 6 months of the term remain after the day the seat fell vacant."""
    return add_months(vacant_on, BY_ELECTION_MONTHS) <= term_ends_on


class Period(StrEnum):
    """LD11 (D59 Art. 14): the board plans and reports to the Front committee by quarter,
    half-year, year and term (and ad hoc, reports only)."""

    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    TERM = "term"
    AD_HOC = "ad_hoc"


PERIOD_PARTS = {Period.QUARTER: 4, Period.HALF: 2, Period.YEAR: 1, Period.TERM: 1, Period.AD_HOC: 1}


def period_problems(period: Period, part: int, is_plan: bool) -> list[Problem]:
    """LD11: quarter 1–4, half 1–2; a plan is never ad hoc (only reports are)."""
    problems = []
    if not 1 <= part <= PERIOD_PARTS[period]:
        problems.append(Problem("LD11", f"Kỳ {part} không hợp lệ (1–{PERIOD_PARTS[period]})."))
    if is_plan and period is Period.AD_HOC:
        problems.append(Problem("LD11", "Kế hoạch lập theo quý, 6 tháng, năm hoặc nhiệm kỳ."))
    return problems


# --------------------------------------------------------------------------------------------
# LD11 — inspections by the board: plan notice and the commune's answer
# --------------------------------------------------------------------------------------------

PLAN_NOTICE_WORKING_DAYS = 5
"""LD11 (D59 Art. 14): the inspection plan reaches the Front committee, the People's Committee
chairman and the target at least 5 working days before the inspection."""

ANSWER_DAYS = 15
"""LD11, LD12 (Arts 40.1.c, 45.2.c): the commune People's Committee answers within 15 days."""


def plan_notice_due(inspection_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD11: the latest day the plan may reach those concerned (5 working days counted back)."""
    return deadlines.before(
        inspection_on,
        PLAN_NOTICE_WORKING_DAYS,
        working=True,
        rule="LD11",
        why="Kế hoạch kiểm tra của Ban Thanh tra nhân dân gửi Ban Thường trực UBMTTQ xã, Chủ tịch "
        "UBND xã và đối tượng được kiểm tra chậm nhất 05 ngày làm việc trước ngày kiểm tra "
        "— LD11",
        swaps=swaps,
    )


def answer_due(received_on: dt.date, rule: str, swaps: SwapTable | None = None) -> Deadline:
    """LD11, LD12: the commune People's Committee answers a recommendation within 15 days of
    receiving it (calendar days; TM1, TM2)."""
    if rule not in ("LD11", "LD12"):
        raise ValueError(rule)
    board = "Ban Thanh tra nhân dân" if rule == "LD11" else "Ban Giám sát đầu tư của cộng đồng"
    return deadlines.after(
        received_on,
        ANSWER_DAYS,
        rule=rule,
        why=f"UBND xã trả lời kiến nghị của {board} trong 15 ngày kể từ ngày nhận — {rule}",
        swaps=swaps,
    )


def plan_notice_state(
    inspection_on: dt.date, sent_on: dt.date | None, today: dt.date, swaps: SwapTable | None = None
) -> StepState:
    """LD11: the plan notice met / in progress / late / missed from the recorded day sent."""
    return step_state(plan_notice_due(inspection_on, swaps).due, sent_on, today)


def answer_state(
    received_on: dt.date,
    answered_on: dt.date | None,
    today: dt.date,
    rule: str,
    swaps: SwapTable | None = None,
) -> StepState:
    """LD11, LD12: the commune's answer met / in progress / late / missed."""
    return step_state(answer_due(received_on, rule, swaps).due, answered_on, today)


REMIND_DAYS = 3
"""Design choice: the commune is reminded of an answer from 3 days before it is due."""


def answer_needs_reminder(due: dt.date, answered_on: dt.date | None, today: dt.date) -> bool:
    """LD11, LD12: an unanswered recommendation due within :data:`REMIND_DAYS` or overdue."""
    return answered_on is None and (due - today).days <= REMIND_DAYS


# --------------------------------------------------------------------------------------------
# LD12 — Community Investment Supervision Boards
# --------------------------------------------------------------------------------------------


class ProjectKind(StrEnum):
    """LD12 (Art. 41): the projects a board supervises."""

    PUBLIC = "public"  # đầu tư công
    PPP = "ppp"  # đối tác công tư
    RESIDENTS = "residents"  # do Nhân dân đóng góp
    SPONSORSHIP = "sponsorship"  # tài trợ trực tiếp cho xã


PROJECT_KIND_LABEL = {
    ProjectKind.PUBLIC: "Dự án đầu tư công",
    ProjectKind.PPP: "Dự án đầu tư theo phương thức đối tác công tư",
    ProjectKind.RESIDENTS: "Dự án do Nhân dân đóng góp",
    ProjectKind.SPONSORSHIP: "Dự án tài trợ trực tiếp cho xã",
}


class Origin(StrEnum):
    """LD12: where a supervision board member comes from."""

    FRONT = "front"  # đại diện Ủy ban MTTQ xã
    INSPECTION_BOARD = "inspection_board"  # đại diện Ban Thanh tra nhân dân
    RESIDENT = "resident"  # đại diện Nhân dân thôn chịu tác động, do cộng đồng bầu


ORIGIN_LABEL = {
    Origin.FRONT: "Đại diện Ủy ban MTTQ Việt Nam xã",
    Origin.INSPECTION_BOARD: "Đại diện Ban Thanh tra nhân dân",
    Origin.RESIDENT: "Đại diện Nhân dân thôn chịu tác động",
}

SUPERVISION_MIN = 5
"""LD12 (Art. 42.1): at least 5 members."""

RESIDENT_REPS_MAX = 5
"""LD12 (Decree 59 Art. 16): the residents' representatives are at most 5."""

INVESTOR_NOTICE_DAYS = 45
"""LD12 (Art. 45.1.b): the investor is told of the supervision plan and the board's members at
least 45 days before supervision."""


@dataclass(frozen=True)
class Declaration:
    """LD12: one member's written declaration (a missing declaration counts as not declared)."""

    name: str
    no_relatives: bool  # không có vợ/chồng, cha mẹ, con, anh chị em là chủ đầu tư, tư vấn, nhà thầu
    not_commune_official: bool  # không là cán bộ, công chức xã


def supervision_board_problems(
    members: Sequence[tuple[Origin, Officer]], declarations: Sequence[Declaration]
) -> list[Problem]:
    """LD12: at least 5 members, with the Front, the Inspection Board and the residents of the
    affected villages represented, at most 5 residents' representatives, one head and at most 2
    deputies, and each member's declaration of no relatives among the investor, consultants or
    contractors and of not being a commune official."""
    problems = []
    if len(members) < SUPERVISION_MIN:
        problems.append(
            Problem(
                "LD12",
                f"Ban Giám sát đầu tư của cộng đồng phải có ít nhất 05 "
                f"thành viên (đang có {len(members):02d}).",
            )
        )
    origins = [o for o, _ in members]
    for origin in Origin:
        if origin not in origins:
            problems.append(Problem("LD12", f"Ban chưa có {ORIGIN_LABEL[origin].lower()}."))
    residents = origins.count(Origin.RESIDENT)
    if residents > RESIDENT_REPS_MAX:
        problems.append(
            Problem("LD12", f"Đại diện Nhân dân tối đa 05 người (đang có {residents:02d}).")
        )
    problems += [Problem("LD12", p.message) for p in officer_problems([r for _, r in members])]
    problems += declaration_problems(declarations)
    return problems


def declaration_problems(declarations: Sequence[Declaration]) -> list[Problem]:
    """LD12 (Art. 42.2): each member declares no relatives among the investor, consultants and
    contractors, and not being a commune official."""
    problems = []
    for d in declarations:
        if not d.no_relatives:
            problems.append(
                Problem(
                    "LD12",
                    f"{d.name}: chưa cam kết không có người thân là chủ "
                    "đầu tư, đơn vị tư vấn, nhà thầu.",
                )
            )
        if not d.not_commune_official:
            problems.append(
                Problem(
                    "LD12",
                    f"{d.name}: cán bộ, công chức xã không được là thành "
                    "viên Ban Giám sát đầu tư của cộng đồng.",
                )
            )
    return problems


def investor_notice_due(supervision_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD12: the latest day the investor may be told (45 calendar days counted back)."""
    return deadlines.before(
        supervision_on,
        INVESTOR_NOTICE_DAYS,
        rule="LD12",
        why="Ban Thường trực UBMTTQ xã thông báo kế hoạch giám sát và danh sách thành viên Ban "
        "Giám sát đầu tư của cộng đồng cho chủ đầu tư ít nhất 45 ngày trước khi giám sát — LD12",
        swaps=swaps,
    )


def investor_notice_state(
    supervision_on: dt.date,
    notified_on: dt.date | None,
    today: dt.date,
    swaps: SwapTable | None = None,
) -> StepState:
    """LD12: the investor notice met / in progress / late / missed."""
    return step_state(investor_notice_due(supervision_on, swaps).due, notified_on, today)


def board_active(established_on: dt.date, project_ended_on: dt.date | None, on: dt.date) -> bool:
    """LD12 (Art. 42.3): a board sits from its setting up until the project ends (it dissolves
    itself when the job is done)."""
    if on < established_on:
        return False
    return project_ended_on is None or on <= project_ended_on


# --------------------------------------------------------------------------------------------
# QD3 — inspections of grassroots democracy
# --------------------------------------------------------------------------------------------


class InspectionKind(StrEnum):
    """QD3: periodic, unannounced or self-inspection."""

    PERIODIC = "periodic"  # định kỳ
    UNANNOUNCED = "unannounced"  # đột xuất
    SELF = "self"  # tự kiểm tra


class TargetKind(StrEnum):
    """QD3: departments, public service units and People's Committees."""

    DEPARTMENT = "department"  # cơ quan, phòng, ban
    PUBLIC_UNIT = "public_unit"  # đơn vị sự nghiệp công lập
    PEOPLES_COMMITTEE = "peoples_committee"  # UBND


INSPECTION_KIND_LABEL = {
    InspectionKind.PERIODIC: "Kiểm tra định kỳ",
    InspectionKind.UNANNOUNCED: "Kiểm tra đột xuất",
    InspectionKind.SELF: "Tự kiểm tra",
}

TARGET_KIND_LABEL = {
    TargetKind.DEPARTMENT: "Cơ quan, phòng, ban",
    TargetKind.PUBLIC_UNIT: "Đơn vị sự nghiệp công lập",
    TargetKind.PEOPLES_COMMITTEE: "Ủy ban nhân dân",
}

INSPECTION_RESULTS_CATEGORY = 10
"""LD1 (Art. 11, item 10): results of inspections … of commune or village staff."""


def discloses_in_register(target: TargetKind, target_is_commune: bool) -> bool:
    """QD3 with LD1: the conclusion of an inspection of a commune's People's Committee (its
    officials and staff) is item 10 of Art. 11 and enters that commune's register. Design
    choice: inspections of departments or public units above the commune are not item 10."""
    return target is TargetKind.PEOPLES_COMMITTEE and target_is_commune


def self_inspection_problems(kind: InspectionKind, same_unit: bool) -> list[Problem]:
    """QD3: a self-inspection is made by the unit on itself; another unit's inspection of it is
    periodic or unannounced."""
    if kind is InspectionKind.SELF and not same_unit:
        return [Problem("QD3", "Tự kiểm tra: đơn vị kiểm tra phải là chính đơn vị được kiểm tra.")]
    if kind is not InspectionKind.SELF and same_unit:
        return [Problem("QD3", "Đơn vị tự kiểm tra chính mình: chọn hình thức «Tự kiểm tra».")]
    return []


def follow_up_state(due: dt.date, done_on: dt.date | None, today: dt.date) -> StepState:
    """QD3: a recommendation of the conclusion carried out by the deadline it sets."""
    return step_state(due, done_on, today)


def follow_up_problems(concluded_on: dt.date, due: dt.date) -> list[Problem]:
    """QD3: a follow-up deadline falls after the conclusion."""
    if due <= concluded_on:
        return [
            Problem(
                "QD3",
                f"Hạn thực hiện kiến nghị {due:%d/%m/%Y} phải sau ngày kết luận "
                f"{concluded_on:%d/%m/%Y}.",
            )
        ]
    return []
