"""Rules of the yearly classification of commune governments (RULES.md GR1–GR4; seed 002).

Plain Python: Decimals and small frozen dataclasses in, classes, caps and consequences out. No
Django import and never a float: points are exact decimals (16,99 is not 17). Every design choice
is one constant or function with its docstring; the same wording reaches users.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction

# --------------------------------------------------------------------------------------------
# GR1 — classes, the TSVM recognition and the province's targets
# --------------------------------------------------------------------------------------------


class Grade(StrEnum):
    """GR1: the four classes of a commune government, best first."""

    TOT = "tot"
    KHA = "kha"
    TRUNG_BINH = "trung_binh"
    YEU = "yeu"


GRADE_ORDER: tuple[Grade, ...] = (Grade.TOT, Grade.KHA, Grade.TRUNG_BINH, Grade.YEU)
GRADE_LABELS: dict[Grade, str] = {
    Grade.TOT: "Tốt",
    Grade.KHA: "Khá",
    Grade.TRUNG_BINH: "Trung bình",
    Grade.YEU: "Yếu",
}
TSVM = "tsvm"
TSVM_LABEL = "Trong sạch, vững mạnh"

TSVM_INDEPENDENT_OF_CLASS = (
    "Danh hiệu «Trong sạch, vững mạnh» được công nhận khi tổng điểm đạt ngưỡng TSVM của bộ tiêu "
    "thức, độc lập với xếp loại (kế hoạch 495/KH-UBND đặt chỉ tiêu TSVM riêng bên cạnh các chỉ "
    "tiêu tốt, khá, trung bình, yếu)."
)
"""Design choice (GR1), shown to users: TSVM is a recognition, not a fifth class."""

BELOW_EVERY_THRESHOLD = Grade.YEU
"""Design choice (GR1): a total below every class's lowest total is classed yếu, the lowest
class (every commune is classified each year)."""


@dataclass(frozen=True)
class Thresholds:
    """GR1: the lowest total (inclusive) that reaches each class, and the TSVM threshold."""

    grades: Mapping[Grade, Decimal]
    tsvm: Decimal | None = None

    def problems(self) -> list[str]:
        """A better class must need strictly more points than a worse one."""
        out: list[str] = []
        given = [(g, self.grades[g]) for g in GRADE_ORDER if g in self.grades]
        for (better, high), (worse, low) in itertools.pairwise(given):
            if high <= low:
                out.append(
                    f"Ngưỡng loại «{GRADE_LABELS[better]}» ({points_text(high)}) phải cao hơn "
                    f"ngưỡng loại «{GRADE_LABELS[worse]}» ({points_text(low)})."
                )
        for g, value in given:
            if value < 0:
                out.append(f"Ngưỡng loại «{GRADE_LABELS[g]}» không được âm.")
        if self.tsvm is not None and self.tsvm < 0:
            out.append("Ngưỡng TSVM không được âm.")
        return out


def classify(total: Decimal, thresholds: Thresholds) -> Grade:
    """GR1: the best class whose lowest total ``total`` reaches (inclusive); below every
    threshold, :data:`BELOW_EVERY_THRESHOLD`."""
    for grade in GRADE_ORDER:
        low = thresholds.grades.get(grade)
        if low is not None and total >= low:
            return grade
    return BELOW_EVERY_THRESHOLD


def is_tsvm(total: Decimal, thresholds: Thresholds) -> bool:
    """GR1: recognised "trong sạch, vững mạnh" when the total reaches the TSVM threshold,
    whatever the class (:data:`TSVM_INDEPENDENT_OF_CLASS`). No threshold, no recognition."""
    return thresholds.tsvm is not None and total >= thresholds.tsvm


class Comparison(StrEnum):
    """GR1: how a target compares the count with its number."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="


COMPARISON_ALIASES: dict[str, Comparison] = {
    ">=": Comparison.GE,
    "≥": Comparison.GE,
    "=>": Comparison.GE,
    ">": Comparison.GT,
    "<=": Comparison.LE,
    "≤": Comparison.LE,
    "=<": Comparison.LE,
    "<": Comparison.LT,
    "=": Comparison.EQ,
    "==": Comparison.EQ,
}
COMPARISON_LABELS: dict[Comparison, str] = {
    Comparison.GE: "từ … trở lên",
    Comparison.GT: "trên",
    Comparison.LE: "không quá",
    Comparison.LT: "dưới",
    Comparison.EQ: "đúng",
}
TARGET_SUBJECTS: tuple[str, ...] = (TSVM, *GRADE_ORDER)


def parse_comparison(text: str) -> Comparison:
    """GR1: a comparison as typed (``>=``, ``>``, ``<=``, ``<``, ``=``; also ``≥``, ``≤``)."""
    found = COMPARISON_ALIASES.get("".join(text.split()))
    if found is None:
        raise ValueError(f"So sánh «{text}» không hợp lệ; chọn một trong: >=, >, <=, <, =.")
    return found


@dataclass(frozen=True)
class Target:
    """GR1: e.g. ≥ 63 TSVM communes, > 75 khá, 0 yếu (``= 0``)."""

    subject: str  # "tsvm" or a Grade value
    comparison: Comparison
    number: int


def compare(
    actual: int | Decimal | Fraction, comparison: Comparison, number: int | Decimal
) -> bool:
    """GR1: whether ``actual`` stands in ``comparison`` to ``number``."""
    if comparison is Comparison.GE:
        return actual >= number
    if comparison is Comparison.GT:
        return actual > number
    if comparison is Comparison.LE:
        return actual <= number
    if comparison is Comparison.LT:
        return actual < number
    return actual == number


def target_met(target: Target, counts: Mapping[str, int]) -> bool:
    """GR1: whether the year's count for the target's subject meets it."""
    return compare(counts.get(target.subject, 0), target.comparison, target.number)


def count_classes(results: Iterable[tuple[Grade, bool]]) -> dict[str, int]:
    """GR1: communes per class and TSVM communes, from (class, tsvm) pairs."""
    counts = {g.value: 0 for g in GRADE_ORDER} | {TSVM: 0}
    for grade, tsvm in results:
        counts[grade.value] += 1
        counts[TSVM] += 1 if tsvm else 0
    return counts


# --------------------------------------------------------------------------------------------
# GR2 — the cap on the responsible civil servant's rating
# --------------------------------------------------------------------------------------------


class Level(StrEnum):
    """GR2: the yearly rating levels of a civil servant, best first (the seed's four)."""

    XUAT_SAC = "xuat_sac"
    TOT = "tot"
    HOAN_THANH_HAN_CHE = "hoan_thanh_han_che"
    KHONG_HOAN_THANH = "khong_hoan_thanh"


LEVEL_ORDER: tuple[Level, ...] = tuple(Level)
LEVEL_LABELS: dict[Level, str] = {
    Level.XUAT_SAC: "Hoàn thành xuất sắc nhiệm vụ",
    Level.TOT: "Hoàn thành tốt nhiệm vụ",
    Level.HOAN_THANH_HAN_CHE: "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực",
    Level.KHONG_HOAN_THANH: "Không hoàn thành nhiệm vụ",
}

CAP_THRESHOLDS: tuple[tuple[Decimal, Level], ...] = (
    (Decimal(17), Level.XUAT_SAC),
    (Decimal(13), Level.TOT),
    (Decimal(9), Level.HOAN_THANH_HAN_CHE),
)
"""GR2 (seed 002, plan 495/KH-UBND): the lowest points (inclusive) for each cap, the only place
these numbers live. Below the last one: :data:`CAP_BELOW`."""
CAP_BELOW = Level.KHONG_HOAN_THANH


def cap_for(points: Decimal) -> Level:
    """GR2: the best rating the criterion's responsible civil servant may get: ≥ 17 xuất sắc;
    13 to < 17 tốt; 9 to < 13 hoàn thành nhưng hạn chế; < 9 không hoàn thành. Exact: 16,99
    gives tốt."""
    for low, level in CAP_THRESHOLDS:
        if points >= low:
            return level
    return CAP_BELOW


def above_cap(proposed: Level, cap: Level) -> bool:
    """GR2/GR3: a proposed level better than the cap."""
    return LEVEL_ORDER.index(proposed) < LEVEL_ORDER.index(cap)


def tightest_cap(caps: Iterable[Level]) -> Level | None:
    """GR2: an official responsible for several criteria is capped by the lowest of them."""
    found = [LEVEL_ORDER.index(c) for c in caps]
    return LEVEL_ORDER[max(found)] if found else None


def proposal_problems(
    proposed: Level, caps: Sequence[Level], *, override_reason: str = ""
) -> list[str]:
    """GR2: a proposal above a cap is refused unless the deciding authority overrides it with a
    reason."""
    cap = tightest_cap(caps)
    if cap is None or not above_cap(proposed, cap) or override_reason.strip():
        return []
    return [
        f"Mức đề xuất «{LEVEL_LABELS[proposed]}» cao hơn mức tối đa «{LEVEL_LABELS[cap]}» "
        "theo điểm tiêu thức phụ trách (GR2); chỉ cấp có thẩm quyền quyết định mới được vượt, "
        "kèm lý do."
    ]


GR3_POSITION_PREFIXES: tuple[str, ...] = (
    "chu-tich-ubnd",
    "pho-chu-tich-ubnd",
    "chu-tich-hdnd",
    "pho-chu-tich-hdnd",
)
"""GR3: the positions (codes of the people register) whose rating rests on the commune's class:
the chairs and vice-chairs of its HĐND and UBND."""


_POSITION_WORDS = (
    ("uy ban nhan dan", "ubnd"),
    ("hoi dong nhan dan", "hdnd"),
    ("mat tran to quoc viet nam", "mttq"),
)


def position_key(name: str, fold: Callable[[str], str] = str.casefold) -> str:
    """GR2: a criterion's responsible position matched to a post of the people register:
    folded, "Ủy ban nhân dân" = "UBND", "Hội đồng nhân dân" = "HĐND", without a final "xã"
    ("Chủ tịch UBND" = "Chủ tịch Ủy ban nhân dân xã"), dashes and spaces alike."""
    text = " ".join(fold(name).replace("-", " ").replace("_", " ").split())
    for long, short in _POSITION_WORDS:
        text = text.replace(long, short)
    for tail in (" cap xa", " xa"):
        if text.endswith(tail):
            text = text[: -len(tail)]
    return text


def gr3_applies(position_code: str) -> bool:
    """GR3: the commune's class is a basis for rating this position."""
    return position_code.startswith(GR3_POSITION_PREFIXES)


# --------------------------------------------------------------------------------------------
# GR4 — consequences of last years' evaluations and of the class
# --------------------------------------------------------------------------------------------


class Evaluation(StrEnum):
    """GR4: how the unit was evaluated in a past year (empty: neither)."""

    PHE_BINH = "phe_binh"
    NHAC_NHO = "nhac_nho"


EVALUATION_LABELS: dict[Evaluation, str] = {
    Evaluation.PHE_BINH: "Phê bình",
    Evaluation.NHAC_NHO: "Nhắc nhở",
}


class Consequence(StrEnum):
    """GR4, in the order they are listed."""

    DIEU_DONG_CHU_TICH_UBND = "dieu_dong_chu_tich_ubnd"
    KIEM_DIEM_LANH_DAO_UBND = "kiem_diem_lanh_dao_ubnd"
    KIEM_DIEM_CHU_TICH_HDND_UBND = "kiem_diem_chu_tich_hdnd_ubnd"
    KHONG_KHEN_THUONG = "khong_khen_thuong"


CONSEQUENCE_LABELS: dict[Consequence, str] = {
    Consequence.DIEU_DONG_CHU_TICH_UBND: "Đề xuất điều động Chủ tịch UBND (bị phê bình năm trước)",
    Consequence.KIEM_DIEM_LANH_DAO_UBND: (
        "Lãnh đạo UBND kiểm điểm trách nhiệm (bị nhắc nhở năm trước)"
    ),
    Consequence.KIEM_DIEM_CHU_TICH_HDND_UBND: (
        "Chủ tịch HĐND và Chủ tịch UBND kiểm điểm trách nhiệm (bị phê bình hai năm liền)"
    ),
    Consequence.KHONG_KHEN_THUONG: "Không khen thưởng (xếp loại trung bình hoặc yếu)",
}

NO_COMMENDATION: frozenset[Grade] = frozenset({Grade.TRUNG_BINH, Grade.YEU})


def commendation_allowed(grade: Grade) -> bool:
    """GR4: no commendation for a unit classed trung bình or yếu."""
    return grade not in NO_COMMENDATION


def consequences(
    grade: Grade, last_year: Evaluation | None, year_before: Evaluation | None
) -> list[Consequence]:
    """GR4: criticised last year → move the UBND chairman; reminded last year → the UBND
    leaders review their responsibility; criticised two years running → the HĐND and UBND
    chairmen review theirs (as well as the first); class trung bình or yếu → no commendation."""
    out: list[Consequence] = []
    if last_year is Evaluation.PHE_BINH:
        out.append(Consequence.DIEU_DONG_CHU_TICH_UBND)
    if last_year is Evaluation.NHAC_NHO:
        out.append(Consequence.KIEM_DIEM_LANH_DAO_UBND)
    if last_year is Evaluation.PHE_BINH and year_before is Evaluation.PHE_BINH:
        out.append(Consequence.KIEM_DIEM_CHU_TICH_HDND_UBND)
    if not commendation_allowed(grade):
        out.append(Consequence.KHONG_KHEN_THUONG)
    return out


# --------------------------------------------------------------------------------------------
# GR5 — indicators with targets
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """GR5: a share (percent) compared with a target; ``source`` says where the facts come
    from: "people" (the people register: commune staff), "communes" (a yes/no fact typed per
    commune), "procedures" (counts typed per commune)."""

    code: str
    label: str
    comparison: Comparison
    percent: int
    source: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "trinh_do",
        "Cán bộ, công chức xã có trình độ chuyên môn từ trung cấp trở lên",
        Comparison.GT,
        92,
        "people",
    ),
    Indicator(
        "ly_luan",
        "Cán bộ, công chức xã có trình độ lý luận chính trị",
        Comparison.GT,
        51,
        "people",
    ),
    Indicator("tru_so", "Xã có trụ sở làm việc kiên cố", Comparison.GT, 95, "communes"),
    Indicator("dien_tich", "Trụ sở đạt tiêu chuẩn diện tích", Comparison.GT, 70, "communes"),
    Indicator("may_tinh", "Xã có máy tính nối mạng", Comparison.EQ, 100, "communes"),
    Indicator(
        "thu_tuc",
        "Thủ tục hành chính được niêm yết và giải quyết đúng hạn",
        Comparison.EQ,
        100,
        "procedures",
    ),
    Indicator("hom_thu", "Xã có hòm thư góp ý và đường dây nóng", Comparison.EQ, 100, "communes"),
)
"""GR5 (seed 002): the indicators and their targets, in one place."""

INTERMEDIATE_OR_HIGHER = frozenset({"trung_cap", "cao_dang", "dai_hoc", "sau_dai_hoc"})
POLITICAL_TRAINED = frozenset({"so_cap", "trung_cap", "cao_cap"})


def share(part: int, whole: int) -> Fraction | None:
    """GR5: part/whole as an exact percentage; None when there is nothing to count."""
    return Fraction(part * 100, whole) if whole else None


def indicator_met(indicator: Indicator, percent: Fraction | None) -> bool | None:
    """GR5: whether the share meets the target (None: no facts yet)."""
    if percent is None:
        return None
    return compare(percent, indicator.comparison, indicator.percent)


def percent_text(value: Fraction | None) -> str:
    """A share with one decimal and a decimal comma, rounded half up for display only."""
    if value is None:
        return "—"
    tenths = (value * 10 * 2 + 1) // 2
    return f"{tenths // 10},{tenths % 10}%"


# --------------------------------------------------------------------------------------------
# GR6 — reports to Home Affairs
# --------------------------------------------------------------------------------------------

REPORT_PERIODS: dict[str, str] = {"half": "6 tháng", "year": "năm"}


def report_before(period: str, year: int) -> dt.date:
    """GR6: the 6-month report before 20/6 of the year; the yearly report before 20/1 of the
    next year ("before" the day: the last day is the day before)."""
    if period == "half":
        return dt.date(year, 6, 20)
    if period == "year":
        return dt.date(year + 1, 1, 20)
    raise ValueError(period)


def report_last_day(period: str, year: int) -> dt.date:
    return report_before(period, year) - dt.timedelta(days=1)


# --------------------------------------------------------------------------------------------
# GR9 — "Apology to the people"
# --------------------------------------------------------------------------------------------

INVITED: dict[str, str] = {
    "party_cell": "Chi bộ",
    "front": "Ban công tác Mặt trận",
    "village": "Thôn, tổ dân phố",
    "households": "Một số hộ dân",
}
"""GR9: who is invited to the visit to the citizen's home (all four, the seed says)."""


def visit_problems(*, leader: str, invited: Iterable[str], households: str = "") -> list[str]:
    """GR9: a UBND leader goes with the civil servant; the Party cell, the Front committee, the
    village and some households are invited (the households named)."""
    out: list[str] = []
    if not leader.strip():
        out.append("Cần ghi lãnh đạo UBND đi cùng công chức đến nhà công dân.")
    missing = [label for key, label in INVITED.items() if key not in set(invited)]
    if missing:
        out.append("Chưa mời đủ thành phần: " + ", ".join(missing) + " (GR9).")
    if "households" in set(invited) and not households.strip():
        out.append("Ghi tên các hộ dân được mời.")
    return out


# --------------------------------------------------------------------------------------------
# Points as typed
# --------------------------------------------------------------------------------------------

POINT_PLACES = 2
"""Design choice: points have at most two decimals (the classification is published to the
hundredth); a third decimal is refused rather than rounded, so no rounding ever moves a
commune or a civil servant across a threshold."""

_NUMBER = re.compile(r"^([+-]?)(\d+)(?:[.,](\d+))?$")


def parse_points(text: str, *, places: int = POINT_PLACES) -> Decimal:
    """Points typed with a decimal comma or point (``16,99`` or ``16.99``), exact."""
    raw = "".join(str(text).split())
    match = _NUMBER.match(raw)
    if not match:
        raise ValueError(f"«{text}» không phải là số điểm (ví dụ 16,5).")
    sign, whole, frac = match.groups()
    if frac and len(frac.rstrip("0")) > places:
        raise ValueError(f"«{text}»: điểm chỉ có tối đa {places} chữ số thập phân.")
    try:
        value = Decimal(f"{sign}{whole}.{frac or '0'}")
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise ValueError(f"«{text}» không phải là số điểm.") from None
    return value if value else Decimal(0)  # "-0" is 0


def points_str(value: Decimal) -> str:
    """Points as a string with two decimals and a point (JSON): ``"16.99"``."""
    return f"{value.quantize(Decimal('0.01')):f}"


def points_text(value: Decimal) -> str:
    """Points for Vietnamese readers, with a decimal comma: ``16,99``."""
    return points_str(value).replace(".", ",")
