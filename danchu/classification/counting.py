"""The standalone classification: four spreadsheet files → classes, TSVM, GR2 caps, GR4
consequences and the GR1 targets (``danchu rating count``; the formats are in
docs/classification.md).

Files are CSV (UTF-8, ``,`` or ``;`` between columns) or XLSX, chosen by the extension, read with
:mod:`danchu.dataio.imports` (NFC, legacy encodings refused). Points take a decimal comma or
point and stay exact. Every file is checked whole before anything is counted: each problem names
its file, row and column, in Vietnamese. No model is touched: the same code can serve the web.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from danchu.classification import rules
from danchu.classification.rules import Consequence, Evaluation, Grade, Level, Target, Thresholds
from danchu.core.text import fold, looks_like_legacy_encoding, nfc
from danchu.dataio import imports
from danchu.dataio.imports import CellValue, Column, ImportResult, RowError

FIXED_SCORE_COLUMNS = ("ma_xa", "ten_xa", "nam_truoc", "hai_nam_truoc")
REQUIRED_SCORE_COLUMNS = ("ma_xa", "ten_xa")
MAX_ERRORS_SHOWN = 50


class InputError(Exception):
    """Bad files: every problem, each naming file, row and column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def key(value: str) -> str:
    """A header or code as matched: folded (case, tones, đ), spaces as ``_``."""
    return "_".join(fold(value).replace("_", " ").split())


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    max_points: Decimal
    position: str  # chức danh responsible
    sub_items: str = ""  # optional, one per line (scheme files only)


@dataclass(frozen=True)
class CommuneScores:
    code: str
    name: str
    points: tuple[Decimal, ...]  # in the order of the criteria
    last_year: Evaluation | None = None
    year_before: Evaluation | None = None


@dataclass(frozen=True)
class CapLine:
    criterion: Criterion
    points: Decimal
    cap: Level


@dataclass(frozen=True)
class CommuneResult:
    scores: CommuneScores
    total: Decimal
    grade: Grade
    tsvm: bool
    caps: tuple[CapLine, ...]
    consequences: tuple[Consequence, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "ma_xa": self.scores.code,
            "ten_xa": self.scores.name,
            "tong_diem": rules.points_str(self.total),
            "xep_loai": self.grade.value,
            "tsvm": self.tsvm,
            "tran_danh_gia": [
                {
                    "tieu_thuc": c.criterion.code,
                    "chuc_danh": c.criterion.position,
                    "diem": rules.points_str(c.points),
                    "muc_toi_da": c.cap.value,
                }
                for c in self.caps
            ],
            "hau_qua": [c.value for c in self.consequences],
        }


@dataclass(frozen=True)
class TargetResult:
    target: Target
    actual: int
    met: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "chi_tieu": self.target.subject,
            "so_sanh": self.target.comparison.value,
            "so_luong": self.target.number,
            "thuc_te": self.actual,
            "dat": self.met,
        }


@dataclass
class CountResult:
    communes: list[CommuneResult] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    targets: list[TargetResult] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "communes": [c.as_json() for c in self.communes],
            "counts": dict(self.counts),
            "targets": [t.as_json() for t in self.targets],
        }


# --------------------------------------------------------------------------------------------
# Cell parsers (raise ValueError with a Vietnamese message)
# --------------------------------------------------------------------------------------------


def _text(value: CellValue) -> str:
    return imports.text(value)


def _max_points(value: CellValue) -> Decimal:
    points = rules.parse_points(_text(value))
    if points <= 0:
        raise ValueError("Điểm tối đa phải lớn hơn 0.")
    return points


def _threshold(value: CellValue) -> Decimal:
    points = rules.parse_points(_text(value))
    if points < 0:
        raise ValueError("Điểm không được âm.")
    return points


_CLASS_CODES: dict[str, str] = {
    **{key(g.value): g.value for g in Grade},
    **{key(label): g.value for g, label in rules.GRADE_LABELS.items()},
    rules.TSVM: rules.TSVM,
    key(rules.TSVM_LABEL): rules.TSVM,
}
_EVALUATION_CODES: dict[str, Evaluation] = {
    **{key(e.value): e for e in Evaluation},
    **{key(label): e for e, label in rules.EVALUATION_LABELS.items()},
}


def _class_code(value: CellValue) -> str:
    found = _CLASS_CODES.get(key(_text(value)))
    if found is None:
        raise ValueError(
            f"Xếp loại «{_text(value)}» không hợp lệ; chọn một trong: tot, kha, trung_binh, "
            "yeu, tsvm."
        )
    return found


def _evaluation(value: CellValue) -> Evaluation:
    found = _EVALUATION_CODES.get(key(_text(value)))
    if found is None:
        raise ValueError(
            f"Đánh giá «{_text(value)}» không hợp lệ; chọn phe_binh, nhac_nho hoặc để trống."
        )
    return found


def _comparison(value: CellValue) -> rules.Comparison:
    return rules.parse_comparison(_text(value))


def _count(value: CellValue) -> int:
    number = imports.integer(value)
    if number < 0:
        raise ValueError("Số lượng không được âm.")
    return number


CRITERIA_COLUMNS = (
    Column("ma", "ma", aliases=("mã", "mã tiêu thức", "ma tieu thuc")),
    Column("ten", "ten", aliases=("tên", "tên tiêu thức", "ten tieu thuc")),
    Column(
        "diem_toi_da",
        "diem_toi_da",
        aliases=("điểm tối đa", "diem toi da"),
        parse=_max_points,
    ),
    Column("chuc_danh", "chuc_danh", aliases=("chức danh", "chuc danh"), blank_ok=True),
    Column("muc_con", "muc_con", aliases=("mục con", "muc con"), required=False),
)
CLASS_COLUMNS = (
    Column("xep_loai", "xep_loai", aliases=("xếp loại", "xep loai"), parse=_class_code),
    Column("diem_tu", "diem_tu", aliases=("điểm từ", "diem tu"), parse=_threshold),
)
TARGET_COLUMNS = (
    Column("chi_tieu", "chi_tieu", aliases=("chỉ tiêu", "chi tieu"), parse=_class_code),
    Column("so_sanh", "so_sanh", aliases=("so sánh", "so sanh"), parse=_comparison),
    Column("so_luong", "so_luong", aliases=("số lượng", "so luong"), parse=_count),
)


# --------------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------------


def _named(path: Any, errors: Sequence[RowError]) -> list[str]:
    name = Path(str(getattr(path, "name", path))).name
    return [f"Tệp «{name}»: {e}" for e in sorted(errors, key=lambda e: (e.row, e.column))]


def _checked(path: Any, columns: Sequence[Column]) -> ImportResult:
    """``path``: a path, or an in-memory file with a name (an upload)."""
    if isinstance(path, Path) and not path.is_file():
        raise InputError([f"Không tìm thấy tệp «{path}»."])
    result = imports.read_rows(path, columns)
    if not result.rows and not result.ok:  # the file or its header: nothing more to check
        raise InputError(_named(path, result.errors))
    return result


def read_criteria(path: Any) -> list[Criterion]:
    """C: one row per criterion (``ma``, ``ten``, ``diem_toi_da``, ``chuc_danh``)."""
    result = _checked(path, CRITERIA_COLUMNS)
    seen: dict[str, int] = {}
    out: list[Criterion] = []
    reserved = {key(c) for c in FIXED_SCORE_COLUMNS}
    for line, row in result.numbered():
        code = row["ma"]
        if code is None:
            continue
        k = key(code)
        if k in seen:
            result.add(line, "ma", f"Tiêu thức «{code}» đã có ở dòng {seen[k]}.")
            continue
        if k in reserved:
            result.add(line, "ma", f"Mã «{code}» trùng tên một cột cố định của tệp điểm.")
            continue
        seen[k] = line
        out.append(
            Criterion(
                code, row["ten"], row["diem_toi_da"], row["chuc_danh"] or "", row["muc_con"] or ""
            )
        )
    if not result.ok:
        raise InputError(_named(path, result.errors))
    return out


def read_classes(path: Any) -> Thresholds:
    """K: one row per class (``xep_loai``: tot, kha, trung_binh, yeu or tsvm; ``diem_tu``)."""
    result = _checked(path, CLASS_COLUMNS)
    seen: dict[str, int] = {}
    grades: dict[Grade, Decimal] = {}
    tsvm: Decimal | None = None
    for line, row in result.numbered():
        code = row["xep_loai"]
        if code is None or row["diem_tu"] is None:
            continue
        if code in seen:
            result.add(line, "xep_loai", f"Xếp loại «{code}» đã có ở dòng {seen[code]}.")
            continue
        seen[code] = line
        if code == rules.TSVM:
            tsvm = row["diem_tu"]
        else:
            grades[Grade(code)] = row["diem_tu"]
    if result.ok:
        thresholds = Thresholds(grades=grades, tsvm=tsvm)
        for problem in thresholds.problems():
            worse = [g for g in rules.GRADE_ORDER if g in grades]
            # name the row of the first class that breaks the order
            line = next(
                (seen[b.value] for a, b in itertools.pairwise(worse) if grades[a] <= grades[b]),
                0,
            )
            result.add(line, "diem_tu", problem)
            break
    if not result.ok:
        raise InputError(_named(path, result.errors))
    return Thresholds(grades=grades, tsvm=tsvm)


def read_targets(path: Path) -> list[Target]:
    """T: one row per target (``chi_tieu``, ``so_sanh``, ``so_luong``)."""
    result = _checked(path, TARGET_COLUMNS)
    if not result.ok:
        raise InputError(_named(path, result.errors))
    return [Target(r["chi_tieu"], r["so_sanh"], r["so_luong"]) for r in result.rows]


def _blank(cells: Sequence[CellValue]) -> bool:
    return all(isinstance(c, str) and not c.strip() for c in cells)


def read_scores(path: Path, criteria: Sequence[Criterion]) -> list[CommuneScores]:
    """S: one row per commune: ``ma_xa``, ``ten_xa``, one column per criterion code (points),
    optionally ``nam_truoc`` and ``hai_nam_truoc`` (``phe_binh``, ``nhac_nho`` or empty)."""
    if not path.is_file():
        raise InputError([f"Không tìm thấy tệp «{path}»."])
    result = ImportResult()
    table = imports.read_table(path, result)
    if table is None:
        raise InputError(_named(path, result.errors))
    header_index = next((i for i, cells in enumerate(table) if not _blank(cells)), None)
    if header_index is None:
        raise InputError(_named(path, [RowError(0, "", "Tệp không có dữ liệu.")]))
    header_line = header_index + 1
    wanted = {key(c): c for c in FIXED_SCORE_COLUMNS} | {key(c.code): c.code for c in criteria}
    positions: dict[str, int] = {}
    for index, cell in enumerate(table[header_index]):
        shown = nfc(_text(cell))
        if not shown:
            continue
        name = wanted.get(key(shown))
        if name is None:
            result.add(
                header_line,
                shown,
                "Cột không phải mã tiêu thức nào trong tệp tiêu thức, cũng không phải ma_xa, "
                "ten_xa, nam_truoc, hai_nam_truoc.",
            )
        elif name in positions:
            result.add(header_line, shown, "Cột này xuất hiện hai lần.")
        else:
            positions[name] = index
    for name in REQUIRED_SCORE_COLUMNS:
        if name not in positions:
            result.add(header_line, name, "Thiếu cột bắt buộc này ở dòng tiêu đề.")
    for criterion in criteria:
        if criterion.code not in positions:
            result.add(header_line, criterion.code, "Thiếu cột điểm của tiêu thức này.")
    if not result.ok:
        raise InputError(_named(path, result.errors))

    def cell_of(cells: Sequence[CellValue], name: str) -> CellValue:
        where = positions.get(name)
        return cells[where] if where is not None and where < len(cells) else ""

    out: list[CommuneScores] = []
    seen: dict[str, int] = {}
    for offset, cells in enumerate(table[header_index + 1 :]):
        if _blank(cells):
            continue
        line = header_line + 1 + offset
        width = len(table[header_index])
        if any(isinstance(c, str) and c.strip() for c in cells[width:]) or any(
            not isinstance(c, str) for c in cells[width:]
        ):
            result.add(
                line,
                "",
                f"Dòng có nhiều ô hơn dòng tiêu đề ({width} cột). Trong tệp CSV phân cách bằng "
                'dấu phẩy, số có dấu phẩy thập phân phải đặt trong ngoặc kép ("16,5"), hoặc '
                "dùng dấu chấm phẩy để phân cách cột.",
            )
            continue
        texts: dict[str, str] = {}
        for name in (*FIXED_SCORE_COLUMNS, *(c.code for c in criteria)):
            raw = cell_of(cells, name)
            value = nfc(_text(raw)) if name in positions else ""
            legacy = looks_like_legacy_encoding(value) if value else None
            if legacy:
                result.add(line, name, imports.legacy_message(value, legacy))
                value = ""
            texts[name] = value
        code, commune = texts["ma_xa"], texts["ten_xa"]
        if not code:
            result.add(line, "ma_xa", "Ô này không được để trống.")
        elif key(code) in seen:
            result.add(line, "ma_xa", f"Xã «{code}» đã có ở dòng {seen[key(code)]}.")
        else:
            seen[key(code)] = line
        if not commune:
            result.add(line, "ten_xa", "Ô này không được để trống.")
        points: list[Decimal] = []
        for criterion in criteria:
            raw_points = texts[criterion.code]
            if not raw_points:
                result.add(line, criterion.code, "Ô này không được để trống.")
                continue
            try:
                scored = rules.parse_points(raw_points)
            except ValueError as exc:
                result.add(line, criterion.code, str(exc))
                continue
            if scored < 0:
                result.add(line, criterion.code, "Điểm không được âm.")
            elif scored > criterion.max_points:
                result.add(
                    line,
                    criterion.code,
                    f"Điểm {rules.points_text(scored)} vượt điểm tối đa "
                    f"{rules.points_text(criterion.max_points)} của tiêu thức.",
                )
            points.append(scored)
        evaluations: list[Evaluation | None] = []
        for name in ("nam_truoc", "hai_nam_truoc"):
            if not texts[name]:
                evaluations.append(None)
                continue
            try:
                evaluations.append(_evaluation(texts[name]))
            except ValueError as exc:
                result.add(line, name, str(exc))
                evaluations.append(None)
        out.append(CommuneScores(code, commune, tuple(points), evaluations[0], evaluations[1]))
    if not out and result.ok:
        result.add(0, "", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
    if not result.ok:
        raise InputError(_named(path, result.errors))
    return out


# --------------------------------------------------------------------------------------------
# The count
# --------------------------------------------------------------------------------------------


def classify(
    criteria: Sequence[Criterion],
    thresholds: Thresholds,
    communes: Sequence[CommuneScores],
    targets: Sequence[Target] = (),
) -> CountResult:
    """GR1 class and TSVM, GR2 caps per criterion, GR4 consequences, GR1 targets."""
    result = CountResult()
    for scores in communes:
        total = sum(scores.points, Decimal(0))
        grade = rules.classify(total, thresholds)
        result.communes.append(
            CommuneResult(
                scores=scores,
                total=total,
                grade=grade,
                tsvm=rules.is_tsvm(total, thresholds),
                caps=tuple(
                    CapLine(c, p, rules.cap_for(p))
                    for c, p in zip(criteria, scores.points, strict=True)
                ),
                consequences=tuple(rules.consequences(grade, scores.last_year, scores.year_before)),
            )
        )
    result.counts = rules.count_classes((c.grade, c.tsvm) for c in result.communes)
    result.targets = [
        TargetResult(t, result.counts[t.subject], rules.target_met(t, result.counts))
        for t in targets
    ]
    return result


def count_files(
    criteria: Path, classes: Path, scores: Path, targets: Path | None = None
) -> CountResult:
    """Read and check the four files (all problems of every readable file), then count."""
    problems: list[str] = []
    read_criteria_ok: list[Criterion] | None = None
    thresholds: Thresholds | None = None
    target_list: list[Target] = []
    try:
        read_criteria_ok = read_criteria(criteria)
    except InputError as exc:
        problems += exc.problems
    try:
        thresholds = read_classes(classes)
    except InputError as exc:
        problems += exc.problems
    if targets is not None:
        try:
            target_list = read_targets(targets)
        except InputError as exc:
            problems += exc.problems
    communes: list[CommuneScores] = []
    if read_criteria_ok is not None:
        try:
            communes = read_scores(scores, read_criteria_ok)
        except InputError as exc:
            problems += exc.problems
    if problems or read_criteria_ok is None or thresholds is None:
        raise InputError(problems)
    return classify(read_criteria_ok, thresholds, communes, target_list)


# --------------------------------------------------------------------------------------------
# The readable table
# --------------------------------------------------------------------------------------------


def format_table(result: CountResult) -> str:
    """The result as a Vietnamese plain-text table."""
    lines = ["KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHÍNH QUYỀN CƠ SỞ", ""]
    head = f"{'STT':>3}  {'Mã xã':<10} {'Tên xã':<28} {'Tổng điểm':>10}  {'Xếp loại':<11} TSVM"
    lines += [head, "-" * len(head)]
    for n, c in enumerate(result.communes, 1):
        lines.append(
            f"{n:>3}  {c.scores.code[:10]:<10} {c.scores.name[:28]:<28} "
            f"{rules.points_text(c.total):>10}  {rules.GRADE_LABELS[c.grade]:<11} "
            f"{'Có' if c.tsvm else 'Không'}"
        )
        for cap in c.caps:
            who = f" ({cap.criterion.position})" if cap.criterion.position else ""
            lines.append(
                f"       {cap.criterion.code}{who}: {rules.points_text(cap.points)} điểm → "
                f"tối đa «{rules.LEVEL_LABELS[cap.cap]}»"
            )
        for consequence in c.consequences:
            lines.append(f"       Hệ quả: {rules.CONSEQUENCE_LABELS[consequence]}")
    lines.append("")
    counts = result.counts
    lines.append(
        "Số xã: "
        + ", ".join(f"{rules.GRADE_LABELS[g]} {counts[g.value]}" for g in rules.GRADE_ORDER)
        + f"; {rules.TSVM_LABEL}: {counts[rules.TSVM]}"
    )
    lines.append(rules.TSVM_INDEPENDENT_OF_CLASS)
    if result.targets:
        lines += ["", "Chỉ tiêu:"]
        for t in result.targets:
            subject = (
                rules.TSVM_LABEL
                if t.target.subject == rules.TSVM
                else rules.GRADE_LABELS[Grade(t.target.subject)]
            )
            lines.append(
                f"  {subject} {t.target.comparison.value} {t.target.number}: thực tế {t.actual}"
                f" — {'Đạt' if t.met else 'Không đạt'}"
            )
    return "\n".join(lines)
