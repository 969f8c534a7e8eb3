"""The disclosure register's rules (RULES.md LD1, QD1; Law 10/2022/QH15 Arts 11–14).

Plain Python: the 14 categories of Art. 11 and the channels as data, the legal minimums as
constants, and each obligation's state computed from recorded facts and the day passed in. No
Django import; the services and pages translate the results for users.

Day counting: the 5 working days after the decision follow TM1/TM3/TM4 (the decision's day is
not counted; only working days are counted, ``danchu.legalcal``). Days on a channel (30 days
posted, 3 days on the loudspeaker) are counted inclusively and a period counts as met only once
its last required day has passed (``danchu.core.facts.period_state``): see
:data:`CHANNEL_DAYS_INCLUSIVE`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from danchu.core.facts import PeriodState, period_state
from danchu.legalcal.calendar import SwapTable, add_days

# --------------------------------------------------------------------------------------------
# LD1 — the 14 categories of Art. 11, as data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    """One item of Art. 11: its number, a code, its names, and what Art. 13 asks of it."""

    number: int
    code: str
    name_vi: str
    name_en: str
    permanent: bool = False  # Art. 13.2: items 4 and 13 are posted permanently at headquarters
    loudspeaker: bool = False  # Art. 13.3: items 7–12 on the loudspeaker ≥ 3 consecutive days
    village_heads: bool = False  # Art. 13.4: items 7–12 sent to village heads

    @property
    def label(self) -> str:
        return f"{self.number}. {self.name_vi}"


_SEVEN_TO_TWELVE = {"loudspeaker": True, "village_heads": True}

CATEGORIES: dict[int, Category] = {
    c.number: c
    for c in (
        Category(
            1,
            "socio_economic_plan",
            "Kế hoạch phát triển kinh tế - xã hội, phương án chuyển dịch cơ cấu kinh tế",
            "Socio-economic development plan and economic restructuring",
        ),
        Category(
            2,
            "budget",
            "Dự toán, tình hình thực hiện, quyết toán ngân sách xã",
            "Budget: estimates, execution reports, final accounts, State Audit follow-up",
        ),
        Category(
            3,
            "land_and_investment",
            "Dự án đầu tư, thu hồi đất, bồi thường, tái định cư, quỹ đất, quy hoạch",
            "Investment projects, land recovery and resettlement, land fund, zoning plans",
        ),
        Category(
            4,
            "democracy_regulation",
            "Quy chế thực hiện dân chủ ở cơ sở; nhiệm vụ cán bộ, công chức; quy tắc ứng xử",
            "Grassroots-democracy regulation, duties of officials, code of conduct",
            permanent=True,
        ),
        Category(
            5,
            "funds_and_contributions",
            "Quản lý, sử dụng các quỹ, khoản đầu tư, tài trợ; các khoản huy động Nhân dân đóng góp",
            "Funds, programme investments, sponsorships, contributions mobilised from residents",
        ),
        Category(
            6,
            "public_assets",
            "Đầu tư, mua sắm, giao, thuê, sử dụng, thu hồi, thanh lý tài sản công",
            "Public assets: purchase, allocation, lease, use, recovery, liquidation",
        ),
        Category(
            7,
            "support_policies",
            "Chính sách hỗ trợ, trợ cấp, tín dụng: tiêu chuẩn, đối tượng, bình xét, kết quả",
            "Support, subsidy and credit policies: criteria, beneficiaries, selection, results",
            **_SEVEN_TO_TWELVE,
        ),
        Category(
            8,
            "relief",
            "Cứu trợ thiên tai, dịch bệnh, sự cố; hỗ trợ bệnh hiểm nghèo; quản lý tiền quyên góp",
            "Disaster, epidemic and incident relief; support for severe illness; donations",
            **_SEVEN_TO_TWELVE,
        ),
        Category(
            9,
            "military_service",
            "Chỉ tiêu, tiêu chuẩn, danh sách công dân thực hiện nghĩa vụ quân sự, công an",
            "Military and police service: quotas, criteria, lists of citizens",
            **_SEVEN_TO_TWELVE,
        ),
        Category(
            10,
            "inspections_and_confidence_votes",
            "Kết quả thanh tra, xử lý tham nhũng, kỷ luật; kết quả lấy phiếu, bỏ phiếu tín nhiệm",
            "Inspection and discipline results; results of confidence votes on commune leaders",
            **_SEVEN_TO_TWELVE,
        ),
        Category(
            11,
            "consultations",
            "Kế hoạch, nội dung lấy ý kiến Nhân dân; tổng hợp, tiếp thu, giải trình ý kiến",
            "Consultation plans and content, summary of opinions and answers",
            **_SEVEN_TO_TWELVE,
        ),
        Category(
            12,
            "fees",
            "Các khoản phí, lệ phí, nghĩa vụ tài chính khác do xã trực tiếp thu",
            "Fees, charges and other financial obligations collected by the commune",
            **_SEVEN_TO_TWELVE,
        ),
        Category(
            13,
            "administrative_procedures",
            "Thủ tục hành chính do xã trực tiếp giải quyết",
            "Administrative procedures the commune handles directly",
            permanent=True,
        ),
        Category(
            14,
            "other",
            "Nội dung khác theo quy định của pháp luật, quy chế thực hiện dân chủ của xã",
            "Other items required by law or the commune's democracy regulation",
        ),
    )
}
"""LD1, Art. 11: the 14 categories. Art. 13: 4 and 13 posted permanently; 7–12 also on the
loudspeaker and sent to village heads. Design choice: Art. 13 lists 1–3 and 5–12 for the 30-day
posting and says nothing of 14 ("other items"); the platform posts 14 like 1–12 (30 days, at the
office and village points) unless the law that requires it says otherwise (an override)."""

CONFIDENCE_VOTE_CATEGORY = 10
CONSULTATION_CATEGORY = 11
QUARTERLY_LIST_CATEGORY = 14
"""The quarterly list (Art. 13.2) is itself posted; it is not an Art. 11 item, so it is filed
under 14 ("required by law")."""


def category(number: int) -> Category:
    if number not in CATEGORIES:
        raise ValueError(f"Nhóm công khai {number} không có trong Điều 11 (1–14).")
    return CATEGORIES[number]


# --------------------------------------------------------------------------------------------
# LD1 — channels (Art. 12.1, Art. 13)
# --------------------------------------------------------------------------------------------


class Channel(StrEnum):
    OFFICE_BOARD = "office_board"  # niêm yết tại trụ sở HĐND, UBND xã
    VILLAGE_POINT = "village_point"  # niêm yết tại nhà văn hóa, điểm sinh hoạt cộng đồng thôn
    PUBLIC_PAGE = "public_page"  # trang công khai của xã trên nền tảng (cổng thông tin)
    LOUDSPEAKER = "loudspeaker"  # hệ thống truyền thanh xã
    VILLAGE_HEADS = "village_heads"  # gửi trưởng thôn, tổ trưởng tổ dân phố
    SOCIAL_GROUP = "social_group"  # mạng xã hội, nhóm cộng đồng đã thống nhất
    OTHER = "other"  # hình thức khác


PER_VILLAGE = frozenset({Channel.VILLAGE_POINT, Channel.VILLAGE_HEADS})
"""Channels recorded village by village: every village of the commune must be reached."""

POSTING_CHANNELS = frozenset({Channel.OFFICE_BOARD, Channel.VILLAGE_POINT, Channel.PUBLIC_PAGE})
"""Channels whose first day counts as "disclosed" for the 5-working-day limit."""

# --------------------------------------------------------------------------------------------
# LD1 — the legal minimums
# --------------------------------------------------------------------------------------------

WITHIN_WORKING_DAYS = 5
"""Art. 12.3: disclosed no later than 5 working days after the decision, where no sector law
says otherwise (an override with its legal basis)."""

POSTING_DAYS = 30
"""Art. 13.2: posted at least 30 consecutive days at the office and village points."""

LOUDSPEAKER_DAYS = 3
"""Art. 13.3: items 7–12 on the commune loudspeaker at least 3 consecutive days."""

PERMANENT = -1

CHANNEL_DAYS_INCLUSIVE = True
"""Design choice (as in DC3): days on a channel are counted inclusively — posted from 1 to 30
March is 30 days, broadcast on 1, 2 and 3 March is 3 consecutive days — and the period is met only
once its last required day has passed (on 31 March, on 4 March): while it is the last day the
posting is still running (``facts.period_state``)."""

PUBLIC_PAGE_LIKE_POSTING = True
"""Design choice: Art. 13.1 puts every item on the portal without a duration; the platform keeps
it there as long as the posting (30 days, permanently for 4 and 13), so the public page never
shows less than the notice board."""


@dataclass(frozen=True)
class Override:
    """A sector law that sets other limits (Art. 12.3, Art. 13.2 "unless another law says
    otherwise"): the basis is required; ``None`` keeps the general limit."""

    basis: str
    within_days: int | None = None
    within_working: bool = True
    posting_days: int | None = None


def override_problems(override: Override | None) -> list[str]:
    """LD1: an override needs its legal basis and sensible numbers (Vietnamese messages)."""
    if override is None:
        return []
    problems: list[str] = []
    if not override.basis.strip():
        problems.append(
            "LD1: thời hạn khác luật chung phải nêu căn cứ pháp lý (luật chuyên ngành)."
        )
    if override.within_days is not None and not 0 <= override.within_days <= 365:
        problems.append("LD1: số ngày phải công khai sau quyết định phải từ 0 đến 365.")
    if override.posting_days is not None and not 1 <= override.posting_days <= 3650:
        problems.append("LD1: số ngày niêm yết phải từ 1 đến 3.650.")
    if override.within_days is None and override.posting_days is None:
        problems.append("LD1: căn cứ luật chuyên ngành cần nêu thời hạn công khai hoặc niêm yết.")
    return problems


def start_due(
    decided_on: dt.date, override: Override | None = None, swaps: SwapTable | None = None
) -> dt.date:
    """LD1 (Art. 12.3, TM1, TM3, TM4): the last day the disclosure may start — the decision's
    day not counted, 5 working days after it, or the sector law's limit."""
    if override is not None and override.within_days is not None:
        return add_days(
            decided_on, override.within_days, working=override.within_working, swaps=swaps
        )
    return add_days(decided_on, WITHIN_WORKING_DAYS, working=True, swaps=swaps)


def minimums(number: int, override: Override | None = None) -> dict[Channel, int]:
    """LD1 (Art. 13): what each required channel needs for this category — days (inclusive),
    :data:`PERMANENT`, or 0 (sent, no duration). Channels absent are not required."""
    cat = category(number)
    posting = PERMANENT if cat.permanent else POSTING_DAYS
    if override is not None and override.posting_days is not None and not cat.permanent:
        posting = override.posting_days
    out: dict[Channel, int] = {Channel.OFFICE_BOARD: posting}
    if not cat.permanent:
        # Art. 13.2: 4 and 13 are posted permanently at headquarters only.
        out[Channel.VILLAGE_POINT] = posting
    if PUBLIC_PAGE_LIKE_POSTING:
        out[Channel.PUBLIC_PAGE] = posting
    if cat.loudspeaker:
        out[Channel.LOUDSPEAKER] = LOUDSPEAKER_DAYS
    if cat.village_heads:
        out[Channel.VILLAGE_HEADS] = 0
    return out


# --------------------------------------------------------------------------------------------
# LD1 — obligations and their states, from recorded facts
# --------------------------------------------------------------------------------------------


class State(StrEnum):
    MET = "met"
    IN_PROGRESS = "in_progress"
    LATE = "late"
    MISSED = "missed"
    NOT_APPLICABLE = "not_applicable"


SEVERITY: dict[State, int] = {
    State.NOT_APPLICABLE: 0,
    State.MET: 1,
    State.IN_PROGRESS: 2,
    State.LATE: 3,
    State.MISSED: 4,
}


class Obligation(StrEnum):
    ON_TIME = "on_time"  # disclosed within 5 working days (Art. 12.3)
    OFFICE_BOARD = "office_board"  # posted ≥ 30 days / permanently at headquarters
    VILLAGE_POINT = "village_point"  # posted ≥ 30 days at every village point
    PUBLIC_PAGE = "public_page"  # on the commune's public page (Art. 13.1)
    LOUDSPEAKER = "loudspeaker"  # ≥ 3 consecutive days (7–12)
    VILLAGE_HEADS = "village_heads"  # sent to every village head (7–12)


CHANNEL_OBLIGATION: dict[Channel, Obligation] = {
    Channel.OFFICE_BOARD: Obligation.OFFICE_BOARD,
    Channel.VILLAGE_POINT: Obligation.VILLAGE_POINT,
    Channel.PUBLIC_PAGE: Obligation.PUBLIC_PAGE,
    Channel.LOUDSPEAKER: Obligation.LOUDSPEAKER,
    Channel.VILLAGE_HEADS: Obligation.VILLAGE_HEADS,
}


@dataclass(frozen=True)
class Fact:
    """One recorded disclosure on a channel: from ``start`` to ``end`` (inclusive; ``None``:
    still there), at ``village`` for the per-village channels."""

    channel: Channel
    start: dt.date
    end: dt.date | None = None
    village: int | None = None


@dataclass(frozen=True)
class ObligationResult:
    obligation: Obligation
    state: State
    due: dt.date | None = None
    detail: str = ""  # e.g. "29|30" (days | minimum), or the villages not reached


def days_on_channel(start: dt.date, end: dt.date) -> int:
    """See :data:`CHANNEL_DAYS_INCLUSIVE`."""
    return (end - start).days + (1 if CHANNEL_DAYS_INCLUSIVE else 0)


def period_result(fact: Fact, minimum: int, today: dt.date) -> State:
    """One fact against a duration: MET once the ``minimum``-th day has passed without the
    fact ending earlier; MISSED when it ended (and that day has passed) too short, or when a
    permanent posting was taken down; IN_PROGRESS otherwise."""
    if fact.start > today:
        return State.IN_PROGRESS  # nothing counts before it happened
    if minimum == PERMANENT:
        if fact.end is not None and fact.end < today:
            return State.MISSED
        return State.MET
    if minimum <= 0:
        return State.MET
    last_required = fact.start + dt.timedelta(days=minimum - (1 if CHANNEL_DAYS_INCLUSIVE else 0))
    if fact.end is not None and fact.end < last_required:
        return State.MISSED if fact.end < today else State.IN_PROGRESS
    if period_state(fact.start, last_required, today) is PeriodState.MET:
        return State.MET
    return State.IN_PROGRESS


def _best(states: Iterable[State]) -> State:
    order = [State.MET, State.IN_PROGRESS, State.MISSED]
    found = set(states)
    for state in order:
        if state in found:
            return state
    return State.MISSED


def _channel_state(
    facts: Sequence[Fact], minimum: int, today: dt.date, due: dt.date
) -> tuple[State, str]:
    """One target (the office, or one village) on one channel."""
    started = [f for f in facts if f.start <= today]
    if not started:
        return (State.MISSED if today > due else State.IN_PROGRESS), ""
    state = _best(period_result(f, minimum, today) for f in started)
    detail = ""
    if minimum > 0:
        longest = max(days_on_channel(f.start, min(f.end or today, today)) for f in started)
        detail = f"{longest}|{minimum}"
    if minimum == 0 and min(f.start for f in started) > due:
        return State.LATE, detail
    return state, detail


def worst(states: Iterable[State]) -> State:
    found = [s for s in states if s is not State.NOT_APPLICABLE]
    if not found:
        return State.NOT_APPLICABLE
    return max(found, key=lambda s: SEVERITY[s])


def obligations(
    *,
    number: int,
    decided_on: dt.date,
    facts: Iterable[Fact],
    villages: Sequence[int],
    today: dt.date,
    override: Override | None = None,
    swaps: SwapTable | None = None,
) -> list[ObligationResult]:
    """LD1: each obligation of a disclosure of category ``number`` decided on ``decided_on``,
    judged from the recorded ``facts`` on ``today``.

    - ON_TIME: the first day on a posting channel (office, village point, public page) is on or
      before :func:`start_due` → MET; after it → LATE; none yet → IN_PROGRESS until the due day,
      then MISSED.
    - each required channel (:func:`minimums`): not started → IN_PROGRESS until the due day,
      then MISSED; started → its period (:func:`period_result`); village heads (no duration)
      sent after the due day → LATE. Per-village channels take the worst village; a commune
      with no village recorded makes them NOT_APPLICABLE.
    - channels the category does not require → NOT_APPLICABLE.
    """
    facts = list(facts)
    due = start_due(decided_on, override, swaps)
    results: list[ObligationResult] = []
    posted = [f.start for f in facts if f.channel in POSTING_CHANNELS and f.start <= today]
    if posted:
        first = min(posted)
        state = State.MET if first <= due else State.LATE
    else:
        state = State.MISSED if today > due else State.IN_PROGRESS
    results.append(ObligationResult(Obligation.ON_TIME, state, due))
    required = minimums(number, override)
    for channel, obligation in CHANNEL_OBLIGATION.items():
        if channel not in required:
            results.append(ObligationResult(obligation, State.NOT_APPLICABLE))
            continue
        minimum = required[channel]
        mine = [f for f in facts if f.channel == channel]
        if channel in PER_VILLAGE:
            if not villages:
                results.append(ObligationResult(obligation, State.NOT_APPLICABLE))
                continue
            per_village = {
                v: _channel_state([f for f in mine if f.village == v], minimum, today, due)
                for v in villages
            }
            state = worst(s for s, _ in per_village.values())
            missing = [str(v) for v, (s, _) in per_village.items() if s is state]
            detail = ",".join(missing) if state is not State.MET else ""
            results.append(ObligationResult(obligation, state, due, detail))
        else:
            state, detail = _channel_state(mine, minimum, today, due)
            results.append(ObligationResult(obligation, state, due, detail))
    return results


def overall(results: Iterable[ObligationResult]) -> State:
    """The disclosure's state: its worst obligation (missed > late > in progress > met)."""
    return worst(r.state for r in results)


# --------------------------------------------------------------------------------------------
# LD1 — the quarterly list (Art. 13.2) and the report to the People's Council (Art. 14)
# --------------------------------------------------------------------------------------------


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"Quý {quarter} không hợp lệ (1–4).")
    first = dt.date(year, 3 * quarter - 2, 1)
    last = (
        dt.date(year, 12, 31)
        if quarter == 4
        else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    )
    return first, last


QUARTERLY_LIST_WORKING_DAYS = 5
"""Design choice: Art. 13.2 asks the list "updated each quarter" without a day; the platform
expects it within 5 working days after the quarter ends (the general limit of Art. 12.3)."""


def quarterly_list_due(year: int, quarter: int, swaps: SwapTable | None = None) -> dt.date:
    """LD1: the last day to issue and post the list of what was disclosed in the quarter."""
    _, last = quarter_bounds(year, quarter)
    return add_days(last, QUARTERLY_LIST_WORKING_DAYS, working=True, swaps=swaps)


def quarter_closed(year: int, quarter: int, today: dt.date) -> bool:
    """The list of a quarter is issued once the quarter is over (its last day has passed)."""
    return quarter_bounds(year, quarter)[1] < today


def step_state(due: dt.date | None, done_on: dt.date | None, today: dt.date) -> State:
    """A dated step (quarterly list, report to the session): MET on or before the due day,
    LATE after it, MISSED when not done and the due day has passed, IN_PROGRESS before."""
    if done_on is not None and done_on <= today:
        return State.MET if due is None or done_on <= due else State.LATE
    if due is not None and today > due:
        return State.MISSED
    return State.IN_PROGRESS


def next_session_after(sessions: Iterable[dt.date], after: dt.date) -> dt.date | None:
    """LD1 (Art. 14): the first regular session strictly after ``after`` — a report is made to
    the People's Council at its *next* regular session."""
    later = sorted(d for d in sessions if d > after)
    return later[0] if later else None
