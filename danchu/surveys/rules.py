"""The rules of the citizen opinion survey on commune civil servants (RULES.md SV1–SV8, seed 000).

Plain Python: dates are passed in, no Django import, exact integer arithmetic. The "design
choice" readings are each kept in one constant or function whose docstring is shown to users.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

# --------------------------------------------------------------------------------------------
# SV1 — positions surveyed
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyedPosition:
    code: str
    name: str
    low_contact: bool  # SV3: officials may give 50–60 forms for these positions


SEED_POSITIONS: tuple[SurveyedPosition, ...] = (
    SurveyedPosition("cs-quan-su", "Chỉ huy trưởng Ban Chỉ huy Quân sự", True),
    SurveyedPosition("cs-van-phong-thong-ke", "Văn phòng - Thống kê", True),
    SurveyedPosition(
        "cs-dia-chinh",
        "Địa chính - Nông nghiệp - Xây dựng và Môi trường",
        False,
    ),
    SurveyedPosition("cs-tai-chinh-ke-toan", "Tài chính - Kế toán", True),
    SurveyedPosition("cs-tu-phap-ho-tich", "Tư pháp - Hộ tịch", False),
    SurveyedPosition("cs-van-hoa-xa-hoi", "Văn hóa - Xã hội", True),
)
"""SV1: the six commune civil-servant positions of seed 000. A round stores its own list (data);
this is only the default a new round starts from. Codes match ``danchu.people.seed``."""

# Folded keywords that recognise a low-contact position by its name (for the standalone count,
# where positions arrive as free text such as "Chỉ huy trưởng BCH Quân sự").
_LOW_CONTACT_KEYWORDS = ("quan su", "tai chinh", "van phong", "van hoa")


def fold_text(value: str) -> str:
    """Lower case, no diacritics, đ→d, single spaces (ID2 folding without ICU)."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def is_low_contact_name(position_name: str) -> bool:
    """SV3: is this one of the low-contact positions (Chỉ huy trưởng Quân sự, Tài chính - Kế
    toán, Văn phòng - Thống kê, Văn hóa - Xã hội)? Matched on the folded name."""
    folded = fold_text(position_name)
    return any(key in folded for key in _LOW_CONTACT_KEYWORDS)


# --------------------------------------------------------------------------------------------
# SV2 — who is surveyed, and by which commune
# --------------------------------------------------------------------------------------------

MIN_MONTHS_IN_POST = 6


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's end (31/8 + 6 months = 28/2 or 29/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def has_six_months(start: dt.date, on: dt.date) -> bool:
    """SV2: the post has been held for at least 6 months on ``on`` (from ``start``)."""
    return on >= add_months(start, MIN_MONTHS_IN_POST)


class Surveyor(StrEnum):
    CURRENT = "current"  # the commune where the civil servant works now
    PREVIOUS = "previous"  # the commune the civil servant was transferred from (SV2)
    NONE = "none"  # not surveyed this round


@dataclass(frozen=True)
class PostFacts:
    """What SV2 needs to know about a civil servant's current post (and the one before)."""

    start: dt.date
    unit_id: int
    transferred: bool = False
    previous_unit_id: int | None = None
    previous_start: dt.date | None = None
    previous_end: dt.date | None = None
    continued_from: dt.date | None = None
    """Start of the same post held without a break in a unit that merged into this one (the
    units' succession records): a re-appointment at the 2025 merger continues the time in post."""


@dataclass(frozen=True)
class Eligibility:
    surveyor: Surveyor
    surveying_unit_id: int | None
    reporting_unit_id: int
    reason: str  # Vietnamese, shown next to the name

    @property
    def surveyed(self) -> bool:
        return self.surveyor is not Surveyor.NONE


def eligibility(post: PostFacts, on: dt.date) -> Eligibility:
    """SV2, seed 000 II.1 "Lưu ý".

    - At least 6 months in the position on the survey date → surveyed by the current commune.
    - Transferred from another commune fewer than 6 months ago → surveyed by the previous commune,
      which sends the result to the new unit; the new unit reports it with its own.
      (Design choice: the previous commune surveys only if the post there had itself lasted at
      least 6 months; otherwise nobody surveys the person this round.)
    - Otherwise (fewer than 6 months, not a transfer) → not surveyed this round.
    - A re-appointment to the same post in the successor of merged units (``continued_from``)
      continues the time in post: the merger does not restart the six months.
    """
    continued = post.continued_from
    if continued is not None and continued < post.start and has_six_months(continued, on):
        return Eligibility(
            Surveyor.CURRENT,
            post.unit_id,
            post.unit_id,
            f"Giữ chức danh từ {continued:%d/%m/%Y} (bổ nhiệm lại khi sáp nhập đơn vị, thời "
            "gian giữ chức danh được tính liên tục), từ 6 tháng trở lên: xã đang công tác lấy "
            "ý kiến.",
        )
    if has_six_months(post.start, on):
        return Eligibility(
            Surveyor.CURRENT,
            post.unit_id,
            post.unit_id,
            "Giữ chức danh từ 6 tháng trở lên: xã đang công tác lấy ý kiến (SV2).",
        )
    from_other_commune = (
        post.transferred
        and post.previous_unit_id is not None
        and post.previous_unit_id != post.unit_id
    )
    if from_other_commune and post.previous_start is not None:
        previous_end = post.previous_end or post.start
        if has_six_months(post.previous_start, previous_end):
            return Eligibility(
                Surveyor.PREVIOUS,
                post.previous_unit_id,
                post.unit_id,
                "Điều động từ xã khác, công tác tại đơn vị mới dưới 6 tháng: xã cũ lấy ý kiến "
                "và gửi kết quả về đơn vị mới (SV2).",
            )
        return Eligibility(
            Surveyor.NONE,
            None,
            post.unit_id,
            "Điều động từ xã khác nhưng thời gian giữ chức danh ở cả hai nơi đều dưới 6 tháng: "
            "chưa lấy ý kiến (SV2).",
        )
    return Eligibility(
        Surveyor.NONE,
        None,
        post.unit_id,
        "Giữ chức danh dưới 6 tháng: chưa lấy ý kiến (SV2).",
    )


# --------------------------------------------------------------------------------------------
# SV3 / SV4 — how many forms, from whom
# --------------------------------------------------------------------------------------------


class Group(StrEnum):
    """SV3 respondent groups."""

    CB = "CB"  # (a) full-time commune officials
    KCT = "KCT"  # (b) part-time officials of the commune and villages
    ND = "ND"  # (c) citizens who came to the commune office


OFFICIAL_GROUPS = (Group.CB, Group.KCT)
GROUP_LABELS = {
    Group.CB: "Cán bộ chuyên trách cấp xã",
    Group.KCT: "Người hoạt động không chuyên trách cấp xã, ấp",
    Group.ND: "Người dân đến UBND xã giải quyết công việc",
}

TOTAL_RANGE = (100, 150)
"""SV4: each position gets at least 100 and at most 150 forms."""
OFFICIAL_RANGE = (30, 40)
"""SV3: officials (CB + KCT) give 30–40 forms per position."""
LOW_CONTACT_OFFICIAL_RANGE = (50, 60)
"""SV3: for the low-contact positions officials may give 50–60 forms instead."""

QUOTA_READING = (
    "Mỗi chức danh lấy từ 100 đến 150 phiếu (SV4). Phiếu của cán bộ chuyên trách và người hoạt "
    "động không chuyên trách (CB + KCT) từ 30 đến 40 phiếu; riêng Chỉ huy trưởng Quân sự, "
    "Tài chính - Kế toán, Văn phòng - Thống kê, Văn hóa - Xã hội có thể từ 30 đến 40 hoặc từ 50 "
    "đến 60 phiếu; còn lại là phiếu của người dân (SV3)."
)
"""Design choice (SV3 says officials "may" give 50–60 for low-contact positions): for those
positions both 30–40 and 50–60 are accepted; 41–49 is not."""


def official_ranges(low_contact: bool) -> tuple[tuple[int, int], ...]:
    """The accepted ranges of officials' forms for a position (see :data:`QUOTA_READING`)."""
    if low_contact:
        return (OFFICIAL_RANGE, LOW_CONTACT_OFFICIAL_RANGE)
    return (OFFICIAL_RANGE,)


def _ranges_words(ranges: Sequence[tuple[int, int]]) -> str:
    return " hoặc ".join(f"{lo}–{hi}" for lo, hi in ranges)


def quota_problems(*, officials: int, citizens: int, low_contact: bool) -> list[str]:
    """SV3/SV4: the ranges a split (or a count of collected forms) breaks, in Vietnamese words.

    An empty list means the split is acceptable.
    """
    problems: list[str] = []
    total = officials + citizens
    lo, hi = TOTAL_RANGE
    if not lo <= total <= hi:
        problems.append(
            f"SV4: tổng số phiếu của chức danh là {total}, phải từ {lo} đến {hi} phiếu."
        )
    ranges = official_ranges(low_contact)
    if not any(a <= officials <= b for a, b in ranges):
        problems.append(
            f"SV3: phiếu của cán bộ, người hoạt động không chuyên trách (CB + KCT) là "
            f"{officials}, phải trong khoảng {_ranges_words(ranges)} phiếu"
            + (" (chức danh ít tiếp xúc với nhân dân)." if low_contact else ".")
        )
    if citizens < 0:
        problems.append("SV3: số phiếu của người dân không thể âm.")
    return problems


@dataclass(frozen=True)
class Split:
    officials: int
    citizens: int

    @property
    def total(self) -> int:
        return self.officials + self.citizens


DEFAULT_TOTAL = 120


def propose_split(*, low_contact: bool, total: int = DEFAULT_TOTAL) -> Split:
    """SV3/SV4: a proposed split. Design choice: the middle of the officials' range (35, or 55
    for low-contact positions), the rest citizens; ``total`` is clamped into 100–150."""
    lo, hi = TOTAL_RANGE
    total = min(max(total, lo), hi)
    a, b = LOW_CONTACT_OFFICIAL_RANGE if low_contact else OFFICIAL_RANGE
    officials = (a + b) // 2
    return Split(officials, total - officials)


# --------------------------------------------------------------------------------------------
# SV5 — the form is a template (data)
# --------------------------------------------------------------------------------------------

REQUIRED_SECTIONS = ("a", "b", "c", "d")


def template_problems(content: Mapping[str, object]) -> list[str]:
    """SV5: a form template has sections a–d, each with at least one item (unique codes), and
    the overall question with exactly two answers (tín nhiệm / không tín nhiệm)."""
    problems: list[str] = []
    sections = content.get("sections")
    if not isinstance(sections, list):
        return ["SV5: mẫu phiếu thiếu danh sách các nhóm nội dung (sections)."]
    codes = [s.get("code") for s in sections if isinstance(s, dict)]
    for code in REQUIRED_SECTIONS:
        if code not in codes:
            problems.append(f"SV5: mẫu phiếu thiếu nhóm nội dung {code}).")
    seen: set[str] = set()
    for section in sections:
        if not isinstance(section, dict):
            problems.append("SV5: mỗi nhóm nội dung phải có mã, tiêu đề và các mục.")
            continue
        if not str(section.get("title", "")).strip():
            problems.append(f"SV5: nhóm {section.get('code')}) chưa có tiêu đề.")
        items = section.get("items")
        if not isinstance(items, list) or not items:
            problems.append(f"SV5: nhóm {section.get('code')}) chưa có mục nào.")
            continue
        for item in items:
            code = str(item.get("code", "")) if isinstance(item, dict) else ""
            text = str(item.get("text", "")).strip() if isinstance(item, dict) else ""
            if not code or not text:
                problems.append(f"SV5: nhóm {section.get('code')}) có mục thiếu mã hoặc nội dung.")
            elif code in seen:
                problems.append(f"SV5: mã mục {code} bị trùng.")
            seen.add(code)
    overall = content.get("overall")
    if not isinstance(overall, dict) or not str(overall.get("question", "")).strip():
        problems.append("SV5/SV7: mẫu phiếu thiếu câu hỏi chung tín nhiệm / không tín nhiệm.")
    else:
        answers = overall.get("answers")
        if not isinstance(answers, list) or len(answers) != 2:
            problems.append("SV7: câu hỏi chung phải có đúng hai lựa chọn.")
    return problems


def item_codes(content: Mapping[str, object]) -> list[str]:
    sections = content.get("sections")
    codes: list[str] = []
    if isinstance(sections, list):
        for section in sections:
            for item in section.get("items", []) if isinstance(section, dict) else []:
                codes.append(str(item["code"]))
    return codes


# --------------------------------------------------------------------------------------------
# Validity of a form (the one written rule)
# --------------------------------------------------------------------------------------------


class Overall(StrEnum):
    """The answer to the overall question as read from the form."""

    TRUST = "1"  # tín nhiệm
    DISTRUST = "0"  # không tín nhiệm
    BLANK = "blank"  # no answer
    BOTH = "both"  # both answers marked


OVERALL_WORDS = {
    Overall.TRUST: "Tín nhiệm",
    Overall.DISTRUST: "Không tín nhiệm",
    Overall.BLANK: "để trống",
    Overall.BOTH: "đánh dấu cả hai ô",
}
"""The overall answers in words, for messages (never the stored codes)."""

GROUP_WORDS = {
    "CB": "cán bộ, công chức chuyên trách (CB)",
    "KCT": "người hoạt động không chuyên trách (KCT)",
    "ND": "người dân (ND)",
}

_SERIAL = re.compile(r"S(\d+)-(\d+)")


def last_serial(text: str) -> str:
    """The serial typed or scanned: a scanner that appends to a prefilled field gives
    "S3-118S3-117"; the last complete serial in the text is the one meant."""
    compact = text.upper().replace(" ", "")
    found = _SERIAL.findall(compact)
    if len(found) > 1 or (found and compact != f"S{found[0][0]}-{found[0][1]}"):
        subject, number = found[-1]
        return f"S{subject}-{number}"
    return text


def serial_prefix(serial: str) -> str:
    """ "S26-118" → "S26-" (what the entry screen prefills after an error)."""
    m = _SERIAL.fullmatch(serial.upper().replace(" ", ""))
    return f"S{m.group(1)}-" if m else ""


def next_serial(serial: str, last: int) -> str:
    """The serial after ``serial`` for the same civil servant ("S26-118" → "S26-119"), or
    the prefix alone after the last printed form (``last``)."""
    m = _SERIAL.fullmatch(serial.upper().replace(" ", ""))
    if not m:
        return ""
    n = int(m.group(2)) + 1
    return f"S{m.group(1)}-{n:03d}" if n <= last else f"S{m.group(1)}-"


VALIDITY_RULE = (
    "Phiếu hợp lệ khi câu hỏi chung được đánh dấu đúng một lựa chọn: “Tín nhiệm” hoặc “Không "
    "tín nhiệm”. Phiếu không đánh dấu hoặc đánh dấu cả hai lựa chọn là phiếu không hợp lệ. Các "
    "mục a–d là ý kiến thêm, không làm phiếu mất hiệu lực. Phiếu không hợp lệ vẫn được tính vào "
    "tổng số phiếu thu về."
)
"""Design choice (SV7): validity depends only on the overall question; shown to users."""


def read_overall(*, trust: bool, distrust: bool) -> Overall:
    if trust and distrust:
        return Overall.BOTH
    if trust:
        return Overall.TRUST
    if distrust:
        return Overall.DISTRUST
    return Overall.BLANK


def is_valid(overall: Overall) -> bool:
    """See :data:`VALIDITY_RULE`."""
    return overall in (Overall.TRUST, Overall.DISTRUST)


def parse_overall_code(raw: str) -> Overall:
    """The standalone count's column ``tin_nhiem``: ``1`` tín nhiệm, ``0`` không tín nhiệm,
    anything else (or empty) is an invalid form."""
    value = raw.strip()
    if value == "1":
        return Overall.TRUST
    if value == "0":
        return Overall.DISTRUST
    return Overall.BOTH if value else Overall.BLANK


def parse_item_codes(raw: str) -> tuple[str, ...]:
    """Items a–d marked, as typed ("a4 b2", "A4, b2"): lower case, sorted, each once."""
    return tuple(sorted({p.strip().lower() for p in raw.replace(",", " ").split() if p}))


# --------------------------------------------------------------------------------------------
# Results and SV7
# --------------------------------------------------------------------------------------------

RATE_READING = (
    "Tỷ lệ tín nhiệm = số phiếu “Tín nhiệm” / tổng số phiếu thu về (kể cả phiếu không hợp lệ). "
    "Tín nhiệm thấp khi tỷ lệ dưới 50% (SV7)."
)


@dataclass
class Tally:
    """Counts for one civil servant (SV7 rate over forms collected)."""

    collected: int = 0
    valid: int = 0
    trust: int = 0
    by_group: dict[str, int] = field(default_factory=lambda: {g.value: 0 for g in Group})
    trust_by_group: dict[str, int] = field(default_factory=lambda: {g.value: 0 for g in Group})

    @property
    def invalid(self) -> int:
        return self.collected - self.valid

    @property
    def distrust(self) -> int:
        return self.valid - self.trust

    @property
    def officials(self) -> int:
        return sum(self.by_group[g.value] for g in OFFICIAL_GROUPS)

    @property
    def citizens(self) -> int:
        return self.by_group[Group.ND.value]

    def add(self, group: str, overall: Overall, n: int = 1) -> None:
        """Count ``n`` forms of ``group`` with this overall answer."""
        self.collected += n
        self.by_group[group] = self.by_group.get(group, 0) + n
        if is_valid(overall):
            self.valid += n
            if overall is Overall.TRUST:
                self.trust += n
                self.trust_by_group[group] = self.trust_by_group.get(group, 0) + n

    def as_json(self) -> dict[str, Any]:
        """The counts as the standalone count and the API print them."""
        return {
            "collected": self.collected,
            "valid": self.valid,
            "invalid": self.invalid,
            "tin_nhiem": self.trust,
            "rate_pct": percent_2dp(self.trust, self.collected),
            "low": self.low,
            "by_group": dict(self.by_group),
        }

    @property
    def rate(self) -> Fraction | None:
        return trust_rate(self.trust, self.collected)

    @property
    def low(self) -> bool:
        return is_low(self.trust, self.collected)


def trust_rate(trust: int, collected: int) -> Fraction | None:
    """SV7: "tín nhiệm" forms over forms collected, exact; None when nothing was collected."""
    if collected <= 0:
        return None
    return Fraction(trust, collected)


def is_low(trust: int, collected: int) -> bool:
    """SV7: the rate is below 50% of forms collected (trust × 2 < collected)."""
    return collected > 0 and trust * 2 < collected


def percent_2dp(numerator: int, denominator: int) -> str:
    """A percentage with two decimals, rounded half up with integers ("66.67")."""
    if denominator <= 0:
        return "0.00"
    hundredths = (numerator * 10000 * 2 + denominator) // (denominator * 2)
    return f"{hundredths // 100}.{hundredths % 100:02d}"


@dataclass(frozen=True)
class YearResult:
    """One year's result for a person (wherever the person was surveyed: SV7 follows transfers)."""

    year: int
    trust: int
    collected: int

    @property
    def low(self) -> bool:
        return is_low(self.trust, self.collected)


CONSECUTIVE_LOW_YEARS = 2


def two_year_low(results: Iterable[YearResult], year: int) -> bool:
    """SV7: low (below 50%) in ``year`` and in the year before, counting the person's results in
    any commune. Several results in one year (e.g. a split year) are added together."""
    by_year: dict[int, list[int]] = {}
    for r in results:
        acc = by_year.setdefault(r.year, [0, 0])
        acc[0] += r.trust
        acc[1] += r.collected
    for y in range(year - CONSECUTIVE_LOW_YEARS + 1, year + 1):
        if y not in by_year or not is_low(by_year[y][0], by_year[y][1]):
            return False
    return True


class Handling(StrEnum):
    """SV7: what the district chairman decides for a flagged civil servant."""

    DISCIPLINE = "discipline"  # handling under the Law on Cadres and Civil Servants
    TRANSFER = "transfer"  # transfer to another, more suitable position
    NO_ACTION = "no_action"  # considered with the annual evaluation, no measure


# --------------------------------------------------------------------------------------------
# SV6 — survey committees
# --------------------------------------------------------------------------------------------


class MemberKind(StrEnum):
    # commune committee
    VICE_CHAIRMAN = "vice_chairman"  # Phó Chủ tịch UBND xã (leader)
    YOUTH_SECRETARY = "youth_secretary"  # Bí thư Đoàn thanh niên
    OFFICE_CIVIL_SERVANT = "office_civil_servant"  # công chức Văn phòng - Thống kê
    FRONT = "front"  # đại diện lãnh đạo UBMTTQ
    PARTY_INSPECTION = "party_inspection"  # Chủ nhiệm/Phó CN UBKT Đảng ủy
    # district committee
    HOME_AFFAIRS_LEAD = "home_affairs_lead"  # lãnh đạo phòng Nội vụ (leader)
    INSPECTORATE = "inspectorate"  # Thanh tra huyện
    PARTY_ORGANISATION = "party_organisation"  # Ban Tổ chức Huyện ủy
    HOME_AFFAIRS_OFFICER = "home_affairs_officer"  # chuyên viên phòng Nội vụ (secretary)


MEMBER_LABELS = {
    MemberKind.VICE_CHAIRMAN: "Phó Chủ tịch UBND xã",
    MemberKind.YOUTH_SECRETARY: "Bí thư Đoàn thanh niên",
    MemberKind.OFFICE_CIVIL_SERVANT: "Công chức Văn phòng - Thống kê",
    MemberKind.FRONT: "Đại diện lãnh đạo Ủy ban MTTQ Việt Nam",
    MemberKind.PARTY_INSPECTION: "Chủ nhiệm hoặc Phó Chủ nhiệm Ủy ban Kiểm tra",
    MemberKind.HOME_AFFAIRS_LEAD: "Lãnh đạo phòng Nội vụ",
    MemberKind.INSPECTORATE: "Đại diện lãnh đạo Thanh tra",
    MemberKind.PARTY_ORGANISATION: "Đại diện lãnh đạo Ban Tổ chức cấp ủy",
    MemberKind.HOME_AFFAIRS_OFFICER: "Chuyên viên phòng Nội vụ",
}


class CommitteeLevel(StrEnum):
    COMMUNE = "commune"
    DISTRICT = "district"


@dataclass(frozen=True)
class CommitteeSpec:
    size: tuple[int, int]
    allowed: frozenset[MemberKind]
    leader: frozenset[MemberKind]
    secretary: frozenset[MemberKind]


COMMITTEE_SPECS = {
    CommitteeLevel.COMMUNE: CommitteeSpec(
        (3, 5),
        frozenset(
            {
                MemberKind.VICE_CHAIRMAN,
                MemberKind.YOUTH_SECRETARY,
                MemberKind.OFFICE_CIVIL_SERVANT,
                MemberKind.FRONT,
                MemberKind.PARTY_INSPECTION,
            }
        ),
        frozenset({MemberKind.VICE_CHAIRMAN}),
        frozenset({MemberKind.YOUTH_SECRETARY, MemberKind.OFFICE_CIVIL_SERVANT}),
    ),
    CommitteeLevel.DISTRICT: CommitteeSpec(
        (5, 7),
        frozenset(
            {
                MemberKind.HOME_AFFAIRS_LEAD,
                MemberKind.INSPECTORATE,
                MemberKind.FRONT,
                MemberKind.PARTY_ORGANISATION,
                MemberKind.PARTY_INSPECTION,
                MemberKind.HOME_AFFAIRS_OFFICER,
            }
        ),
        frozenset({MemberKind.HOME_AFFAIRS_LEAD}),
        frozenset({MemberKind.HOME_AFFAIRS_OFFICER}),
    ),
}


@dataclass(frozen=True)
class Member:
    name: str
    kind: MemberKind
    leader: bool = False
    secretary: bool = False


def committee_problems(level: CommitteeLevel, members: Sequence[Member]) -> list[str]:
    """SV6: size (commune 3–5, district 5–7), each member from the listed bodies and one per
    body (several Home Affairs officers allowed at district level), exactly one
    leader of the right kind (commune: the vice-chairman; district: Home Affairs leadership) and
    exactly one secretary of the right kind (commune: youth secretary or the Văn phòng - Thống kê
    civil servant; district: a Home Affairs officer)."""
    spec = COMMITTEE_SPECS[level]
    problems: list[str] = []
    lo, hi = spec.size
    name = "Tổ lấy ý kiến cấp xã" if level is CommitteeLevel.COMMUNE else "Tổ lấy ý kiến cấp huyện"
    if not lo <= len(members) <= hi:
        problems.append(f"SV6: {name} có {len(members)} thành viên, phải từ {lo} đến {hi}.")
    for m in members:
        if m.kind not in spec.allowed:
            problems.append(
                f"SV6: {m.name} ({MEMBER_LABELS.get(m.kind, m.kind)}) không thuộc thành phần "
                f"của {name.lower()}."
            )
        if m.leader and m.secretary:
            problems.append(f"SV6: {m.name} không thể vừa là tổ trưởng vừa là thư ký.")
    # SV6 names the members by capacity: one member per body (a district committee may have
    # several Home Affairs officers).
    seen: dict[MemberKind, list[str]] = {}
    for m in members:
        if m.kind in spec.allowed:
            seen.setdefault(m.kind, []).append(m.name)
    for kind, names in seen.items():
        if len(names) > 1 and kind is not MemberKind.HOME_AFFAIRS_OFFICER:
            problems.append(
                f"SV6: {name} chỉ có một {MEMBER_LABELS[kind]}; đang có {len(names)} người "
                f"({', '.join(names)})."
            )
    leaders = [m for m in members if m.leader]
    secretaries = [m for m in members if m.secretary]
    leader_words = " hoặc ".join(MEMBER_LABELS[k] for k in sorted(spec.leader))
    secretary_words = " hoặc ".join(MEMBER_LABELS[k] for k in sorted(spec.secretary))
    if len(leaders) != 1:
        problems.append(f"SV6: cần đúng một tổ trưởng ({leader_words}).")
    elif leaders[0].kind not in spec.leader:
        problems.append(f"SV6: tổ trưởng phải là {leader_words}.")
    if len(secretaries) != 1:
        problems.append(f"SV6: cần đúng một thư ký ({secretary_words}).")
    elif secretaries[0].kind not in spec.secretary:
        problems.append(f"SV6: thư ký phải là {secretary_words}.")
    return problems


# --------------------------------------------------------------------------------------------
# SV8 — notice and report against the plan's deadline
# --------------------------------------------------------------------------------------------


class Progress(StrEnum):
    NOT_NOTIFIED = "not_notified"  # the commune has not told when it will survey
    NOTIFIED = "notified"  # date announced, not yet reported
    REPORTED = "reported"  # reported on time
    REPORTED_LATE = "reported_late"
    OVERDUE = "overdue"  # deadline passed, no report


def last_day(report_before: dt.date) -> dt.date:
    """SV8, design choice: the seed's "trước ngày 25/11" (before 25/11) means the report is on
    time up to and including 24/11."""
    return report_before - dt.timedelta(days=1)


def progress(
    *,
    report_before: dt.date,
    today: dt.date,
    notified_on: dt.date | None,
    reported_on: dt.date | None,
) -> Progress:
    """SV8: where a commune stands against the plan's deadline."""
    due = last_day(report_before)
    if reported_on is not None:
        return Progress.REPORTED if reported_on <= due else Progress.REPORTED_LATE
    if today > due:
        return Progress.OVERDUE
    return Progress.NOTIFIED if notified_on is not None else Progress.NOT_NOTIFIED


def notice_problems(
    *, survey_on: dt.date, report_before: dt.date, year: int, notified_on: dt.date
) -> list[str]:
    """SV8: the date a commune announces must fall in the plan's year, not before the notice
    itself, and leave the report on time (the survey is held before the last day)."""
    problems: list[str] = []
    if survey_on.year != year:
        problems.append(f"SV8: ngày lấy ý kiến phải trong năm {year} của kế hoạch.")
    if survey_on < notified_on:
        problems.append("SV8: ngày lấy ý kiến không thể trước ngày thông báo.")
    if survey_on > last_day(report_before):
        problems.append(
            f"SV8: ngày lấy ý kiến phải trước hạn báo cáo (trước ngày {report_before:%d/%m/%Y})."
        )
    return problems


def report_day_problems(
    *, on: dt.date, survey_on: dt.date | None, today: dt.date, year: int
) -> list[str]:
    """SV8: a report states what happened, so it is sent only after the survey was held: the
    survey day is recorded and has come, and the report's day is not before it (nor before the
    plan's year). "On time" is then judged from these recorded days only."""
    if survey_on is None:
        return ["SV8: chưa ghi ngày lấy ý kiến; chỉ báo cáo được sau khi đã lấy ý kiến."]
    problems: list[str] = []
    if survey_on > today:
        problems.append(
            f"SV8: ngày lấy ý kiến {survey_on:%d/%m/%Y} chưa đến; chỉ báo cáo được sau khi đã "
            "lấy ý kiến."
        )
    if on < survey_on:
        problems.append(
            f"SV8: ngày báo cáo {on:%d/%m/%Y} trước ngày lấy ý kiến {survey_on:%d/%m/%Y}."
        )
    if on.year < year:
        problems.append(f"SV8: ngày báo cáo {on:%d/%m/%Y} trước năm {year} của kế hoạch.")
    return problems


def fraction_text(numerator: int, denominator: int) -> str:
    """An exact rate as it was counted, "38/115" (not reduced: the denominator is the number of
    forms collected)."""
    return f"{numerator}/{denominator}"


def count_problems(collected: int) -> list[str]:
    """SV4 applied to the forms actually collected for one civil servant: the report is sent
    only when each count is inside 100–150, or the committee records why for that person.
    (SV3's split is shown beside it, not a bar to the report.)"""
    lo, hi = TOTAL_RANGE
    if lo <= collected <= hi:
        return []
    return [f"SV4: {collected} phiếu thu về, phải từ {lo} đến {hi} phiếu."]


# --------------------------------------------------------------------------------------------
# SV5 — the form editor's outline (sections, items, order, wording without JSON)
# --------------------------------------------------------------------------------------------

OUTLINE_HELP = (
    "Mỗi dòng một nội dung, theo thứ tự in trên phiếu. “Tiêu đề:”, “Hướng dẫn:”, “Câu hỏi chung:”"
    " và “Trả lời: Tín nhiệm | Không tín nhiệm” ở đầu; “a) …” mở một nhóm nội dung; “+ …” là một "
    "mục tích cực (ô “Tốt” / “Chưa tốt”), “- …” là một biểu hiện tiêu cực (ô “Không” / “Có”). Mã "
    "mục (a1, a2…) được đánh theo thứ tự."
)

_ITEM_CODE = re.compile(r"^[a-z]\d+[.)]\s*")


def template_to_outline(content: Mapping[str, Any]) -> str:
    """SV5: a template as the editor's outline (see :data:`OUTLINE_HELP`)."""
    overall = content.get("overall") or {}
    lines = [
        f"Tiêu đề: {content.get('title', '')}",
        f"Hướng dẫn: {content.get('instructions', '')}",
        f"Câu hỏi chung: {overall.get('question', '')}",
        "Trả lời: " + " | ".join(overall.get("answers", ["Tín nhiệm", "Không tín nhiệm"])),
    ]
    for section in content.get("sections", []):
        lines.append("")
        lines.append(f"{section.get('code')}) {section.get('title', '')}")
        for item in section.get("items", []):
            mark = "+" if item.get("kind") == "rating" else "-"
            lines.append(f"{mark} {item.get('text', '')}")
    return "\n".join(lines) + "\n"


def outline_to_template(text: str, base: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """SV5: the editor's outline → template content (item codes numbered in order), with the
    problems found, each naming its line. Keys the outline does not edit are kept from
    ``base``."""
    content: dict[str, Any] = {k: v for k, v in base.items() if k not in ("sections",)}
    overall = dict(base.get("overall") or {})
    sections: list[dict[str, Any]] = []
    problems: list[str] = []
    heads = {
        "tiêu đề:": "title",
        "hướng dẫn:": "instructions",
        "câu hỏi chung:": "question",
        "trả lời:": "answers",
    }
    for n, raw in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFC", raw).strip()
        if not line:
            continue
        low = line.lower()
        head = next((k for k in heads if low.startswith(k)), None)
        if head is not None:
            value = line[len(head) :].strip()
            key = heads[head]
            if key == "question":
                overall["question"] = value
            elif key == "answers":
                overall["answers"] = [a.strip() for a in value.split("|") if a.strip()]
            else:
                content[key] = value
            continue
        m = re.match(r"^([a-z])\)\s*(.+)$", line)
        if m:
            sections.append({"code": m.group(1), "title": m.group(2).strip(), "items": []})
            continue
        if line[0] in "+-–":
            if not sections:
                problems.append(f"Dòng {n}: mục “{line[:40]}” nằm ngoài nhóm nội dung a)–d).")
                continue
            item_text = _ITEM_CODE.sub("", line[1:].strip())
            section = sections[-1]
            section["items"].append(
                {
                    "code": f"{section['code']}{len(section['items']) + 1}",
                    "kind": "rating" if line[0] == "+" else "behaviour",
                    "text": item_text,
                }
            )
            continue
        problems.append(
            f"Dòng {n}: “{line[:40]}” không rõ là gì (nhóm “a) …”, mục “+ …” hoặc “- …”)."
        )
    content["overall"] = overall
    content["sections"] = sections
    return content, problems


REPORT_TALLY_FIELDS = (
    "subjects",
    "not_surveyed",
    "collected",
    "valid",
    "trust",
    "low",
    "quota_problems",
)
"""What a province's dashboard shows per commune from its sent report (issue 16)."""


def report_tally(figures: Mapping[str, Any]) -> dict[str, int]:
    """The dashboard's few integers from a sent report's figures: its totals, how many were not
    surveyed, and how many civil servants break SV3/SV4 (those with no forms at all included)."""
    totals = figures.get("totals", {})
    return {
        "subjects": totals.get("civil_servants", 0),
        "not_surveyed": len(figures.get("not_surveyed", [])),
        "collected": totals.get("collected", 0),
        "valid": totals.get("valid", 0),
        "trust": totals.get("trust", 0),
        "low": totals.get("low", 0),
        "quota_problems": sum(
            1
            for r in figures.get("civil_servants", [])
            if r.get("quota_problems") or count_problems(r.get("collected", 0))
        ),
    }
