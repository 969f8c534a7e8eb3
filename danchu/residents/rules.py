"""Rules of the matters residents decide (RULES.md LD2–LD7, LD14; Law 10/2022 Arts 15–23,
Decree 59/2023 Arts 3–5, Decree 61/2023).

Plain Python: numbers, dates and small frozen dataclasses in, results out. No Django import, so
the standalone count (``danchu residents count``), the services and a later app (village head
elections, LD13; village charters, LD14) share the same arithmetic. Thresholds are exact: integer
cross-multiplication, with :class:`fractions.Fraction` to state them. Texts a user reads verbatim
(the "why" of a result) are Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from danchu.legalcal import deadlines
from danchu.legalcal.calendar import SwapTable
from danchu.legalcal.deadlines import Deadline

# --------------------------------------------------------------------------------------------
# LD2 — matters (Art. 15), scopes, and who proposes (Art. 16)
# --------------------------------------------------------------------------------------------


class Matter(StrEnum):
    """LD2: the six matters of Art. 15 (codes as the count command takes them)."""

    WORKS = "gop_cong_trinh"  # 1. đóng góp xây dựng công trình
    FUNDS = "quy"  # 2. thu, chi, quản lý khoản đóng góp, quỹ
    CHARTER = "huong_uoc"  # 3. hương ước, quy ước
    VILLAGE_HEAD = "truong_thon"  # 4. bầu, cho thôi làm trưởng thôn
    BOARD_MEMBERS = "thanh_vien_ban"  # 5. bầu, cho thôi thành viên BTTND, BGSĐTCĐ
    OTHER = "khac"  # 6. công việc tự quản khác


MATTER_NUMBER: dict[Matter, int] = {m: i for i, m in enumerate(Matter, start=1)}
"""LD2: the item number of Art. 15."""

MATTER_LABEL: dict[Matter, str] = {
    Matter.WORKS: "Chủ trương, mức đóng góp xây dựng công trình",
    Matter.FUNDS: "Thu, chi, quản lý các khoản đóng góp, quỹ của cộng đồng",
    Matter.CHARTER: "Nội dung hương ước, quy ước",
    Matter.VILLAGE_HEAD: "Bầu, cho thôi làm trưởng thôn, tổ trưởng tổ dân phố",
    Matter.BOARD_MEMBERS: "Bầu, cho thôi làm thành viên Ban TTND, Ban GSĐTCĐ",
    Matter.OTHER: "Công việc tự quản khác của cộng đồng",
}
"""LD2: the matters in the words of Art. 15 (shown verbatim by the count command)."""

CONTRIBUTION_MATTERS = frozenset({Matter.WORKS, Matter.FUNDS})
"""LD7: matters 1–2, decided by two thirds (of households, or of villages commune-wide)."""

MEETING_MATTERS = frozenset({Matter.CHARTER, Matter.VILLAGE_HEAD, Matter.BOARD_MEMBERS})
"""LD3: matters 3–5 are decided at a meeting (a household ballot only after a thin meeting)."""

DOCUMENT_MATTERS = frozenset({Matter.WORKS, Matter.FUNDS, Matter.CHARTER})
"""LD4: for matters 1–3 the meeting documents reach each household ≥ 2 days before."""


class Scope(StrEnum):
    """Whose matter it is: one village (thôn, tổ dân phố) or the whole commune."""

    VILLAGE = "thon"
    COMMUNE = "xa"


class Form(StrEnum):
    """LD3: the three forms of Art. 17."""

    MEETING = "hop"  # cuộc họp cộng đồng dân cư
    BALLOT = "phieu"  # phát phiếu lấy ý kiến hộ gia đình
    ONLINE = "truc_tuyen"  # biểu quyết trực tuyến


FORM_LABEL: dict[Form, str] = {
    Form.MEETING: "họp cộng đồng dân cư",
    Form.BALLOT: "phát phiếu lấy ý kiến hộ gia đình",
    Form.ONLINE: "biểu quyết trực tuyến",
}


class Proposer(StrEnum):
    """LD2 (Art. 16): who puts a matter to the community."""

    CHAIRMAN = "chairman"  # Chủ tịch UBND xã, sau khi thống nhất với Chủ tịch UBMTTQ xã
    VILLAGE_HEAD = "village_head"  # trưởng thôn, sau khi thống nhất với Trưởng ban CTMT
    INITIATIVE = "initiative"  # sáng kiến của người dân, ≥ 10% số hộ ủng hộ (hoặc Ban CTMT)


PROPOSER_FOR_SCOPE: dict[Scope, Proposer] = {
    Scope.COMMUNE: Proposer.CHAIRMAN,
    Scope.VILLAGE: Proposer.VILLAGE_HEAD,
}
"""LD2 (Art. 16.1–2): commune matters are proposed by the chairman (with the Front chair),
village matters by the village head (with the village Front committee). A residents' initiative
(Art. 16.3) is a village matter."""


@dataclass(frozen=True)
class Problem:
    """A rule not met: the rule ID and the Vietnamese message shown verbatim."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.message} — {self.rule}"


def proposer_problems(scope: Scope, proposer: Proposer) -> list[Problem]:
    """LD2 (Art. 16): the proposer fits the scope; an initiative is a village matter."""
    if proposer is Proposer.INITIATIVE:
        if scope is Scope.COMMUNE:
            return [
                Problem(
                    "LD2",
                    "Sáng kiến của người dân được tính theo số hộ của thôn: chỉ áp dụng cho "
                    "việc của thôn.",
                )
            ]
        return []
    if PROPOSER_FOR_SCOPE[scope] is not proposer:
        who = (
            "Chủ tịch UBND xã (sau khi thống nhất với Chủ tịch UBMTTQ xã)"
            if scope is Scope.COMMUNE
            else "trưởng thôn (sau khi thống nhất với Trưởng ban công tác Mặt trận)"
        )
        return [Problem("LD2", f"Việc này do {who} đề xuất.")]
    return []


# --------------------------------------------------------------------------------------------
# LD2 — residents' initiative: ≥ 10% of the village's households, valid 3 months
# --------------------------------------------------------------------------------------------

INITIATIVE_SHARE = Fraction(1, 10)
"""LD2 (Art. 16.3): an initiative goes to the community with ≥ 10% of the households."""

INITIATIVE_VALID_MONTHS = 3
"""LD2 (Art. 16.3): the support is valid 3 months."""


def initiative_supporters_needed(households: int) -> int:
    """LD2: the fewest supporting households that reach 10% (ceil(N/10))."""
    return -(-households // 10)


def initiative_has_support(supporters: int, households: int) -> bool:
    """LD2: ``supporters * 10 >= households`` (exactly 10% is enough). Below that the village
    Front committee may still back it (:func:`initiative_goes_forward`)."""
    return households > 0 and supporters * INITIATIVE_SHARE.denominator >= (
        households * INITIATIVE_SHARE.numerator
    )


def initiative_goes_forward(supporters: int, households: int, *, front_backs: bool) -> bool:
    """LD2 (Art. 16.3): 10% of households, or below that with the village Front's backing."""
    return front_backs or initiative_has_support(supporters, households)


def add_months(day: dt.date, months: int) -> dt.date:
    """Civil Code Art. 148.1: a period in months ends on the same day of the last month, or on
    that month's last day when it has no such day (30/11 + 3 months = 28/2 or 29/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def initiative_expires_on(started_on: dt.date) -> dt.date:
    """LD2: the last day the support counts: the start + 3 months (Art. 148.1; the start day
    itself is not counted, TM1, so the period ends on the corresponding day)."""
    return add_months(started_on, INITIATIVE_VALID_MONTHS)


def initiative_valid_on(started_on: dt.date, on: dt.date) -> bool:
    """LD2: support gathered from ``started_on`` still counts on ``on``."""
    return started_on <= on <= initiative_expires_on(started_on)


# --------------------------------------------------------------------------------------------
# LD3 — which forms the law allows for a matter
# --------------------------------------------------------------------------------------------


def allowed_forms(matter: Matter, *, after_thin_meeting: bool = False) -> frozenset[Form]:
    """LD3 (Art. 17, Art. 19.1): online only for matter 6; matters 3–5 at a meeting, or by
    household ballot when a meeting was held and too few households came (Art. 19.1.b)."""
    if matter is Matter.OTHER:
        return frozenset(Form)
    if matter in MEETING_MATTERS:
        return (
            frozenset({Form.MEETING, Form.BALLOT})
            if after_thin_meeting
            else frozenset({Form.MEETING})
        )
    return frozenset({Form.MEETING, Form.BALLOT})


def form_problems(matter: Matter, form: Form, *, after_thin_meeting: bool = False) -> list[Problem]:
    """LD3: why ``form`` is not allowed for ``matter`` (empty when it is)."""
    if form in allowed_forms(matter, after_thin_meeting=after_thin_meeting):
        return []
    n = MATTER_NUMBER[matter]
    if form is Form.ONLINE:
        return [
            Problem(
                "LD3",
                f"Biểu quyết trực tuyến chỉ áp dụng cho việc tự quản khác (mục 6 Điều 15); "
                f"việc này thuộc mục {n} ({MATTER_LABEL[matter].lower()}).",
            )
        ]
    return [
        Problem(
            "LD3",
            f"Việc mục {n} ({MATTER_LABEL[matter].lower()}) phải quyết định tại cuộc họp; chỉ "
            "phát phiếu lấy ý kiến hộ gia đình khi cuộc họp không đủ số hộ tham dự "
            "(Điều 19.1.b).",
        )
    ]


# --------------------------------------------------------------------------------------------
# LD7 (and LD6, LD14) — thresholds
# --------------------------------------------------------------------------------------------

TWO_THIRDS = Fraction(2, 3)
"""LD7: matters 1–2 need at least two thirds (of all households; commune-wide, of villages)."""

HALF = Fraction(1, 2)
"""LD7, LD6, LD14: "more than half" of all households."""


def at_least(part: int, whole: int, share: Fraction) -> bool:
    """``part / whole >= share``, exactly (cross-multiplied)."""
    return part * share.denominator >= share.numerator * whole


def more_than(part: int, whole: int, share: Fraction) -> bool:
    """``part / whole > share``, exactly (cross-multiplied)."""
    return part * share.denominator > share.numerator * whole


def needed_at_least(whole: int, share: Fraction) -> int:
    """The smallest ``part`` with ``part / whole >= share`` (ceil)."""
    return -(-(share.numerator * whole) // share.denominator)


def needed_more_than(whole: int, share: Fraction) -> int:
    """The smallest ``part`` with ``part / whole > share`` (floor + 1)."""
    return (share.numerator * whole) // share.denominator + 1


@dataclass(frozen=True)
class Threshold:
    """One reading of a threshold: the rule, the share, strict or not, the words."""

    rule: str
    share: Fraction
    strict: bool  # True: "more than"; False: "at least"
    of_what: str  # "tổng số hộ", "số thôn"

    @property
    def symbol(self) -> str:
        """``">=2/3"`` or ``">1/2"``."""
        return f"{'>' if self.strict else '>='}{self.share.numerator}/{self.share.denominator}"

    @property
    def words(self) -> str:
        share = f"{self.share.numerator}/{self.share.denominator}"
        return f"{'quá' if self.strict else 'ít nhất'} {share} {self.of_what}"

    def passes(self, part: int, whole: int) -> bool:
        if self.strict:
            return more_than(part, whole, self.share)
        return at_least(part, whole, self.share)

    def needed(self, whole: int) -> int:
        if self.strict:
            return needed_more_than(whole, self.share)
        return needed_at_least(whole, self.share)


VILLAGE_TWO_THIRDS = Threshold("LD7", TWO_THIRDS, False, "tổng số hộ")
COMMUNE_TWO_THIRDS = Threshold("LD7", TWO_THIRDS, False, "số thôn")
MAJORITY = Threshold("LD7", HALF, True, "tổng số hộ")
ONLINE_MAJORITY = Threshold("LD6", HALF, True, "tổng số hộ")
ONLINE_CONSENT = Threshold("LD6", HALF, True, "tổng số hộ")
CHARTER_PRESENCE = Threshold("LD14", HALF, True, "tổng số hộ")
MEETING_CHOICE = Threshold("LD4", HALF, True, "số hộ có mặt")


def household_threshold(matter: Matter, form: Form) -> Threshold:
    """LD7 (Art. 21), LD6: the threshold one village's households must reach.

    Matters 1–2: ≥ 2/3 of all households; matters 3–6: > 1/2 of all households (not of those
    present); online (matter 6 only): > 1/2 of all households (Decree 59 Art. 5)."""
    if form is Form.ONLINE:
        return ONLINE_MAJORITY
    if matter in CONTRIBUTION_MATTERS:
        return VILLAGE_TWO_THIRDS
    return MAJORITY


def village_passes(matter: Matter, agree: int, households: int, form: Form = Form.MEETING) -> bool:
    """LD7: one village's result by its threshold, over all its households."""
    return households > 0 and household_threshold(matter, form).passes(agree, households)


def commune_passes(villages_passed: int, villages_total: int) -> bool:
    """LD7: commune-wide matters 1–2 pass with ≥ 2/3 of the villages, each by the village rule
    (Art. 21.1: villages are counted, not the commune's households)."""
    return villages_total > 0 and COMMUNE_TWO_THIRDS.passes(villages_passed, villages_total)


def online_consent_given(consent: int, households: int) -> bool:
    """LD6 (Decree 59 Art. 5.3): the online vote goes ahead only when more than half of all the
    village's households chose it (exactly half is not enough)."""
    return households > 0 and ONLINE_CONSENT.passes(consent, households)


def charter_meeting_quorate(present: int, households: int) -> bool:
    """LD14 (Decree 61): a charter meeting needs more than half of all households present; else
    the charter goes to a household ballot."""
    return households > 0 and CHARTER_PRESENCE.passes(present, households)


def meeting_choice_passes(votes: int, present: int) -> bool:
    """LD4 (Decree 59 Art. 3.5): the secretary, the counting board and the chosen option are
    elected by more than half of the household representatives present."""
    return present > 0 and MEETING_CHOICE.passes(votes, present)


@dataclass(frozen=True)
class VillageCount:
    """One village of a commune-wide count: its name, households and agreeing households."""

    name: str
    households: int
    agree: int


@dataclass(frozen=True)
class VillageResult:
    village: VillageCount
    passed: bool
    needed: int


@dataclass(frozen=True)
class Outcome:
    """The reading of a count (LD6, LD7, LD14), the shape of the count command's JSON."""

    passed: bool
    rule: str
    threshold: str
    households: int
    agree: int | None
    needed: int
    why: str
    next_step: str | None = None
    villages: tuple[VillageResult, ...] = ()
    villages_passed: int | None = None
    villages_total: int | None = None
    villages_needed: int | None = None
    present: int | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "passed": self.passed,
            "rule": self.rule,
            "threshold": self.threshold,
            "households": self.households,
            "agree": self.agree,
            "needed": self.needed,
            "why": self.why,
            "next_step": self.next_step,
            "villages": [
                {
                    "thon": v.village.name,
                    "so_ho": v.village.households,
                    "dong_y": v.village.agree,
                    "passed": v.passed,
                }
                for v in self.villages
            ],
            "villages_passed": self.villages_passed,
            "villages_total": self.villages_total,
            "villages_needed": self.villages_needed,
        }


HOUSEHOLD_BALLOT = "household_ballot"
"""LD14: the next step when a charter meeting was too thin."""


def _verdict(passed: bool) -> str:
    return "Đạt" if passed else "Không đạt"


def count_village(
    matter: Matter,
    form: Form,
    *,
    households: int,
    agree: int | None,
    present: int | None = None,
) -> Outcome:
    """LD7, LD6, LD14: the result of one community (a village, or the commune's households for
    matters 3–6 at commune scope). ``agree`` may be None only when a charter meeting was too
    thin (the agreement is then not counted). Inputs are assumed valid (see
    :func:`count_problems`)."""
    charter_meeting = matter is Matter.CHARTER and form is Form.MEETING
    if charter_meeting and (present is None or not charter_meeting_quorate(present, households)):
        shown = 0 if present is None else present
        need = CHARTER_PRESENCE.needed(households)
        return Outcome(
            passed=False,
            rule="LD14",
            threshold=CHARTER_PRESENCE.symbol,
            households=households,
            agree=agree,
            needed=household_threshold(matter, form).needed(households),
            why=(
                f"Không đạt: {shown}/{households} hộ dự họp, hương ước cần quá 1/2 tổng số "
                f"hộ dự họp ({need} hộ); chuyển sang phát phiếu lấy ý kiến hộ gia đình — LD14"
            ),
            next_step=HOUSEHOLD_BALLOT,
            present=present,
        )
    threshold = household_threshold(matter, form)
    agreeing = agree or 0
    passed = households > 0 and threshold.passes(agreeing, households)
    need = threshold.needed(households)
    return Outcome(
        passed=passed,
        rule=threshold.rule,
        threshold=threshold.symbol,
        households=households,
        agree=agree,
        needed=need,
        why=(
            f"{_verdict(passed)}: {agreeing}/{households} hộ đồng ý, cần {threshold.words} "
            f"({need} hộ) — {threshold.rule}"
        ),
        present=present,
    )


def count_commune(matter: Matter, form: Form, villages: Sequence[VillageCount]) -> Outcome:
    """LD7: commune-wide matters 1–2: each village by the village rule (≥ 2/3 of its
    households), the commune by ≥ 2/3 of the villages.

    ``needed`` is the fewest agreeing households that could pass: the village needs of the
    ceil(2V/3) villages with the smallest needs, added up."""
    threshold = household_threshold(matter, form)
    results = tuple(
        VillageResult(
            v,
            v.households > 0 and threshold.passes(v.agree, v.households),
            threshold.needed(v.households),
        )
        for v in villages
    )
    total = len(results)
    passed_count = sum(1 for r in results if r.passed)
    villages_needed = COMMUNE_TWO_THIRDS.needed(total)
    needed = sum(sorted(r.needed for r in results)[:villages_needed])
    passed = commune_passes(passed_count, total)
    households = sum(v.households for v in villages)
    agree = sum(v.agree for v in villages)
    return Outcome(
        passed=passed,
        rule="LD7",
        threshold=COMMUNE_TWO_THIRDS.symbol,
        households=households,
        agree=agree,
        needed=needed,
        why=(
            f"{_verdict(passed)}: {passed_count}/{total} thôn đạt (mỗi thôn cần ít nhất 2/3 tổng "
            f"số hộ của thôn đồng ý), cần ít nhất 2/3 số thôn ({villages_needed} thôn) — LD7"
        ),
        villages=results,
        villages_passed=passed_count,
        villages_total=total,
        villages_needed=villages_needed,
    )


def count_problems(
    matter: Matter,
    scope: Scope,
    form: Form,
    *,
    households: int | None,
    agree: int | None,
    present: int | None,
    online_consent: int | None,
    has_villages: bool,
    after_thin_meeting: bool = True,
) -> list[Problem]:
    """Every reason the numbers cannot be counted (LD3, LD6, LD7, LD14), all at once.

    ``after_thin_meeting`` (design choice of the standalone count): a household ballot on
    matters 3–5 is taken to follow a meeting that was too thin (Art. 19.1.b), since the count
    cannot know; the web process checks it from its own records."""
    problems = list(form_problems(matter, form, after_thin_meeting=after_thin_meeting))
    for label, value in (
        ("--households", households),
        ("--present", present),
        ("--agree", agree),
        ("--online-consent", online_consent),
    ):
        if value is not None and value < 0:
            problems.append(Problem("LD7", f"{label} không được là số âm ({value})."))
    village_file = scope is Scope.COMMUNE and has_villages
    if households is not None and households == 0 and not village_file:
        problems.append(Problem("LD7", "--households phải lớn hơn 0: không có hộ nào để tính."))
    n = households if households is not None and households > 0 else None
    if n is not None and present is not None and present > n:
        problems.append(Problem("LD7", f"Số hộ dự họp ({present}) lớn hơn tổng số hộ ({n})."))
    if n is not None and agree is not None and agree > n and not village_file:
        problems.append(Problem("LD7", f"Số hộ đồng ý ({agree}) lớn hơn tổng số hộ ({n})."))
    if (
        present is not None
        and agree is not None
        and present >= 0
        and agree > present
        and form is not Form.ONLINE
    ):
        problems.append(
            Problem("LD4", f"Số hộ đồng ý ({agree}) lớn hơn số hộ dự họp/trả phiếu ({present}).")
        )
    if scope is Scope.COMMUNE and matter in CONTRIBUTION_MATTERS and not has_villages:
        problems.append(
            Problem(
                "LD7",
                "Việc mục 1–2 trong phạm vi xã tính theo số thôn đạt: cần tệp --villages "
                "(cột thon, so_ho, dong_y).",
            )
        )
    if form is Form.ONLINE and matter is Matter.OTHER:
        if online_consent is None:
            problems.append(
                Problem(
                    "LD6",
                    "Biểu quyết trực tuyến cần trước hết quá 1/2 tổng số hộ đồng ý hình thức "
                    "này: thiếu --online-consent.",
                )
            )
        elif n is not None and online_consent > n:
            problems.append(
                Problem(
                    "LD6",
                    f"Số hộ đồng ý biểu quyết trực tuyến ({online_consent}) lớn hơn tổng số hộ "
                    f"({n}).",
                )
            )
        elif n is not None and online_consent >= 0 and not online_consent_given(online_consent, n):
            problems.append(
                Problem(
                    "LD6",
                    f"Chỉ {online_consent}/{n} hộ đồng ý biểu quyết trực tuyến, cần quá 1/2 tổng "
                    f"số hộ ({ONLINE_CONSENT.needed(n)} hộ): không được biểu quyết trực tuyến.",
                )
            )
    charter_meeting = matter is Matter.CHARTER and form is Form.MEETING
    if charter_meeting and present is None:
        problems.append(
            Problem(
                "LD14",
                "Họp về hương ước phải có quá 1/2 tổng số hộ dự họp: thiếu --present.",
            )
        )
    thin_charter = (
        charter_meeting
        and present is not None
        and n is not None
        and 0 <= present <= n
        and not charter_meeting_quorate(present, n)
    )
    needs_agree = not (scope is Scope.COMMUNE and has_villages) and not thin_charter
    if needs_agree and agree is None:
        problems.append(Problem("LD7", "Thiếu --agree (số hộ đồng ý)."))
    return problems


# --------------------------------------------------------------------------------------------
# LD4–LD7 — time limits (TM1–TM4 via danchu.legalcal)
# --------------------------------------------------------------------------------------------

NOTICE_DAYS = 2
"""LD4, LD5: the notice reaches households at least 2 days before the meeting or the ballot."""

DOCUMENT_DAYS = 2
"""LD4: documents of matters 1–3 reach each household at least 2 days before the meeting."""

BALLOT_PLAN_DAYS = 2
"""LD5: the ballot plan goes to the commune chairman and Front chair within 2 days of issue."""

SEND_WORKING_DAYS = 5
"""LD4–LD6: the decision goes to the commune People's Committee and Front within 5 working
days of the meeting, the ballot deadline or the end of the online vote."""

RECOGNITION_WORKING_DAYS = 5
"""LD7 (Art. 21.2): recognition, or a written refusal with reasons, within 5 working days of
receiving the decision."""

TEAM_MIN, TEAM_MAX = 3, 5
"""LD4–LD6: counting board, ballot team and online-vote team have 3 to 5 members."""

WITNESSES = 2
"""LD4, LD5: two household representatives witness the count."""


def notice_due(event_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD4, LD5: the latest day the notice may reach households."""
    return deadlines.before(
        event_on,
        NOTICE_DAYS,
        rule="LD4",
        why="Thông báo phải đến các hộ trước ngày họp/phát phiếu ít nhất 02 ngày — LD4, LD5",
        swaps=swaps,
    )


def documents_due(event_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD4: the latest day the documents of matters 1–3 may reach each household."""
    return deadlines.before(
        event_on,
        DOCUMENT_DAYS,
        rule="LD4",
        why="Tài liệu việc mục 1–3 phải đến từng hộ trước ngày họp ít nhất 02 ngày — LD4",
        swaps=swaps,
    )


def ballot_plan_send_due(issued_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD5: the ballot plan is sent within 2 days of its issue."""
    return deadlines.after(
        issued_on,
        BALLOT_PLAN_DAYS,
        rule="LD5",
        why="Kế hoạch phát phiếu gửi Chủ tịch UBND xã và Chủ tịch UBMTTQ xã trong 02 ngày kể "
        "từ ngày ban hành — LD5",
        swaps=swaps,
    )


def decision_send_due(held_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD4–LD6: the decision goes to the commune within 5 working days."""
    return deadlines.after(
        held_on,
        SEND_WORKING_DAYS,
        working=True,
        rule="LD4",
        why="Văn bản quyết định của cộng đồng gửi UBND xã và UBMTTQ xã chậm nhất 05 ngày làm "
        "việc — LD4, LD5, LD6",
        swaps=swaps,
    )


def recognition_due(received_on: dt.date, swaps: SwapTable | None = None) -> Deadline:
    """LD7: recognition or a written refusal within 5 working days of receipt."""
    return deadlines.after(
        received_on,
        RECOGNITION_WORKING_DAYS,
        working=True,
        rule="LD7",
        why="UBND xã công nhận hoặc từ chối bằng văn bản (nêu lý do) trong 05 ngày làm việc "
        "kể từ ngày nhận — LD7",
        swaps=swaps,
    )


def done_before_problems(
    done_on: dt.date | None, event_on: dt.date, days: int, *, rule: str, what: str
) -> list[Problem]:
    """LD4, LD5: ``what`` done at least ``days`` days before ``event_on`` (TM1: the day done
    is not counted, the event day is not part of the period)."""
    if done_on is None:
        return [Problem(rule, f"Chưa ghi ngày {what}.")]
    if (event_on - done_on).days < days:
        return [
            Problem(
                rule,
                f"{what.capitalize()} ngày {done_on:%d/%m/%Y} chưa đủ {days:02d} ngày trước ngày "
                f"{event_on:%d/%m/%Y}.",
            )
        ]
    return []


def team_problems(size: int, *, rule: str, what: str) -> list[Problem]:
    """LD4–LD6: a counting board or team of 3 to 5 people."""
    if TEAM_MIN <= size <= TEAM_MAX:
        return []
    return [Problem(rule, f"{what} phải có từ 03 đến 05 người (đang có {size}).")]


# --------------------------------------------------------------------------------------------
# LD7 — when a decision takes effect (Art. 21)
# --------------------------------------------------------------------------------------------


class EffectFrom(StrEnum):
    """LD7 (Art. 21): what starts a decision's effect."""

    VOTE_DAY = "vote_day"  # matters 1, 2, 6 at village scope
    SET_BY_COMMUNE = "set_by_commune"  # commune-wide 1–2 (and 6): the date the committee sets
    COMMITTEE_RECOGNITION = "committee_recognition"  # matters 3, 4
    FRONT_RECOGNITION = "front_recognition"  # matter 5


def effect_from(matter: Matter, scope: Scope) -> EffectFrom:
    """LD7 (Art. 21): items 1, 2, 6 of a village take effect on the vote day; commune-wide 1–2 on
    the date the commune People's Committee sets (design choice: commune-wide 6 likewise);
    3–4 on the committee's recognition; 5 on the Front committee's recognition."""
    if matter in (Matter.CHARTER, Matter.VILLAGE_HEAD):
        return EffectFrom.COMMITTEE_RECOGNITION
    if matter is Matter.BOARD_MEMBERS:
        return EffectFrom.FRONT_RECOGNITION
    if scope is Scope.COMMUNE:
        return EffectFrom.SET_BY_COMMUNE
    return EffectFrom.VOTE_DAY


def effective_on(
    matter: Matter,
    scope: Scope,
    *,
    voted_on: dt.date | None,
    recognised_on: dt.date | None = None,
    set_date: dt.date | None = None,
) -> dt.date | None:
    """LD7: the day the decision takes effect, or None while its trigger has not happened."""
    source = effect_from(matter, scope)
    if source is EffectFrom.VOTE_DAY:
        return voted_on
    if source is EffectFrom.SET_BY_COMMUNE:
        return set_date
    return recognised_on


# --------------------------------------------------------------------------------------------
# LD4–LD7 — the state of a step on the legal calendar, from recorded facts
# --------------------------------------------------------------------------------------------


class StepState(StrEnum):
    MET = "met"  # done on or before its due day
    IN_PROGRESS = "in_progress"  # not done yet, due day not passed
    LATE = "late"  # done after its due day
    MISSED = "missed"  # not done and the due day has passed


def step_state(due: dt.date, done_on: dt.date | None, today: dt.date) -> StepState:
    """A step is met only from a recorded fact that has happened (``done_on`` ≤ today) on or
    before its due day; late after it; missed when nothing is recorded by then."""
    if done_on is not None and done_on <= today:
        return StepState.MET if done_on <= due else StepState.LATE
    return StepState.MISSED if today > due else StepState.IN_PROGRESS
