"""The standalone count: subjects and ballots from CSV or XLSX files, counted by CV3/CV7/CV8/CV9.

Used by ``danchu vote count``. Every file is validated in full before anything is counted; each
problem names its row and column in Vietnamese, and nothing is guessed. The counting loop is a
table lookup per cell so that 60,000 ballots × 5 subjects count in well under two seconds; it is
tested against :func:`danchu.votes.rules.tally` so both say the same.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from danchu.votes import rules
from danchu.votes.rules import Level, Line, LineVerdict

MAX_REPORTED_ERRORS = 50

SUBJECT_HEADERS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "số thứ tự", "so thu tu"),
    "ho_ten": ("ho_ten", "họ và tên", "họ tên", "ho va ten"),
    "chuc_vu": ("chuc_vu", "chức vụ", "chuc vu"),
}
SERIAL_HEADERS = ("so_phieu", "số phiếu", "so phieu")
EXTRA_HEADERS = ("ghi_them", "ghi thêm", "ghi them", "số tên ghi thêm")


class InputError(Exception):
    """Bad input files: ``problems`` are Vietnamese messages naming file, row and column."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class SubjectRow:
    stt: str
    full_name: str
    position: str


@dataclass
class CountResult:
    issued: int
    returned: int
    subjects: list[SubjectRow]
    tallies: list[rules.SubjectTally]
    anomalies: list[rules.AnomalyNote]
    denominator: rules.Denominator
    convened: int | None = None
    decisions: list[rules.Decision] = field(default_factory=list)
    present: int | None = None
    board_decision: str = ""

    @property
    def needs_board_decision(self) -> list[rules.AnomalyNote]:
        """Anomalies of the counts (returned > present or > issued, issued > present) that
        stop the count until the board records its decision (``--board-decision``)."""
        return rules.needs_board_decision(self.anomalies)

    def as_json(self) -> dict[str, Any]:
        out = []
        for s, t, d in zip(self.subjects, self.tallies, self.decisions, strict=True):
            out.append(
                {
                    "stt": int(s.stt),
                    "ho_ten": s.full_name,
                    "chuc_vu": s.position,
                    "returned": t.returned,
                    "valid": t.valid,
                    "invalid": t.invalid,
                    "cao": t.counts[Level.HIGH],
                    "tin_nhiem": t.counts[Level.CONFIDENCE],
                    "thap": t.counts[Level.LOW],
                    "cao_pct": t.pct(Level.HIGH),
                    "tin_nhiem_pct": t.pct(Level.CONFIDENCE),
                    "thap_pct": t.pct(Level.LOW),
                    "outcome": str(d.outcome),
                }
            )
        return {
            "issued": self.issued,
            "returned": self.returned,
            "anomalies": [a.as_dict() for a in self.anomalies],
            "subjects": out,
            "denominator": str(self.denominator),
            "convened": self.convened,
            "present": self.present,
            "board_decision": self.board_decision or None,
        }


# ---------------------------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------------------------


def _norm_header(value: Any) -> str:
    from danchu.core.text import nfc

    return nfc(str(value or "")).lower()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def iter_rows(path: Path, label: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number as a spreadsheet shows it, cells as text) from a CSV or XLSX file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise InputError(
                [
                    f"{label}: tệp CSV không phải UTF-8 (dòng {line}, cột "
                    f"{col_name(_bad_byte_column(raw, exc.start))}, byte {exc.start}). "
                    "Hãy lưu lại tệp dưới dạng «CSV UTF-8»."
                ]
            ) from None
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
        for number, row in enumerate(reader, start=1):
            if row:
                yield number, row
        return
    if suffix in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception:
            raise InputError([f"{label}: không đọc được tệp XLSX."]) from None
        try:
            ws = wb.worksheets[0]
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                yield number, [_cell_text(v) for v in values]
        finally:
            wb.close()
        return
    raise InputError([f"{label}: chỉ nhận tệp .csv hoặc .xlsx (tệp «{path.name}»)."])


CSV_DELIMITERS = (",", ";", "\t")


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV file, from its first non-empty line: the one of ``,`` ``;`` or
    tab that splits it into the most cells (Excel on Vietnamese settings writes ``;``); a tie
    keeps the comma."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, cells = ",", 0
    for delim in CSV_DELIMITERS:
        n = len(next(csv.reader([first], delimiter=delim), []))
        if n > cells:
            best, cells = delim, n
    return best


def _bad_byte_column(raw: bytes, at: int) -> int:
    """The 0-based CSV column of the byte at ``at``: the fields before it on its line."""
    start = raw.rfind(b"\n", 0, at) + 1
    prefix = raw[start:at].decode("utf-8", errors="replace")
    fields = next(csv.reader([prefix]), [""])
    return max(0, len(fields) - 1)


def _locate(header: Sequence[str], names: tuple[str, ...]) -> list[int]:
    wanted = {_norm_header(n) for n in names}
    return [i for i, h in enumerate(header) if _norm_header(h) in wanted]


def col_name(index: int) -> str:
    """Spreadsheet column letter for a 0-based index (0 → A, 26 → AA)."""
    name = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        name = chr(65 + rem) + name
    return name


def read_subjects(path: Path) -> list[SubjectRow]:
    label = f"Tệp danh sách «{path.name}»"
    rows = iter_rows(path, label)
    problems: list[str] = []
    first = next(rows, None)
    if first is None:
        raise InputError([f"{label}: tệp rỗng."])
    _, header = first
    where: dict[str, int] = {}
    for key, names in SUBJECT_HEADERS.items():
        found = _locate(header, names)
        if not found:
            problems.append(f"{label}, dòng 1: thiếu cột «{names[0]}» ({names[1]}).")
        elif len(found) > 1:
            problems.append(f"{label}, dòng 1: cột «{names[0]}» xuất hiện {len(found)} lần.")
        else:
            where[key] = found[0]
    if problems:
        raise InputError(problems)
    from danchu.core.text import looks_like_legacy_encoding, nfc

    subjects: list[SubjectRow] = []
    seen_stt: dict[str, int] = {}
    seen_person: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        cells = cells + [""] * (len(header) - len(cells))
        stt = nfc(cells[where["stt"]])
        name = nfc(cells[where["ho_ten"]])
        position = nfc(cells[where["chuc_vu"]])
        if not (stt or name or position):
            continue
        c_stt, c_name = col_name(where["stt"]), col_name(where["ho_ten"])
        if not stt.isdigit() or int(stt) < 1:
            problems.append(
                f"{label}, dòng {number}, cột {c_stt} (stt): «{stt}» không phải số thứ tự."
            )
        elif stt in seen_stt:
            problems.append(
                f"{label}, dòng {number}, cột {c_stt} (stt): số thứ tự {stt} đã có ở dòng "
                f"{seen_stt[stt]}."
            )
        else:
            seen_stt[stt] = number
        if not name:
            problems.append(f"{label}, dòng {number}, cột {c_name} (ho_ten): thiếu họ và tên.")
        else:
            legacy = looks_like_legacy_encoding(name)
            if legacy:
                problems.append(
                    f"{label}, dòng {number}, cột {c_name} (ho_ten): «{name}» có vẻ là mã "
                    f"{legacy} cũ; hãy chuyển sang Unicode."
                )
        if not position:
            problems.append(
                f"{label}, dòng {number}, cột {col_name(where['chuc_vu'])} (chuc_vu): "
                "thiếu chức vụ."
            )
        person_key = (name.lower(), position.lower())
        if name and person_key in seen_person:
            problems.append(
                f"{label}, dòng {number}: «{name} — {position}» đã có ở dòng "
                f"{seen_person[person_key]} (một người được liệt kê hai lần)."
            )
        elif name:
            seen_person[person_key] = number
        subjects.append(SubjectRow(stt, name, position))
        if len(problems) >= MAX_REPORTED_ERRORS:
            break
    if not subjects and not problems:
        problems.append(f"{label}: không có người được lấy phiếu nào.")
    if problems:
        raise InputError(problems)
    return subjects


# Every cell code a counting board may write, mapped to its CV7 verdict and level.
_CELL: dict[str, tuple[LineVerdict, int]] = {}


def _build_cell_table() -> None:
    for n in range(0, 4):
        for combo in itertools.permutations("123", n):
            code = "".join(combo)
            line = Line.parse(code)
            verdict = rules.line_verdict(line)
            level = int(next(iter(line.marks))) if verdict is LineVerdict.VALID else 0
            _CELL[code] = (verdict, level)
    for code in ("X", "x"):
        _CELL[code] = (LineVerdict.CROSSED_OUT, 0)


_build_cell_table()


@dataclass
class BallotFile:
    serials: list[str]
    cells: list[list[tuple[LineVerdict, int]]]  # per subject, per ballot
    extra_names: list[int]


def read_ballots(path: Path, subjects: Sequence[SubjectRow]) -> BallotFile:
    label = f"Tệp phiếu «{path.name}»"
    rows = iter_rows(path, label)
    first = next(rows, None)
    if first is None:
        raise InputError([f"{label}: tệp rỗng."])
    _, header = first
    problems: list[str] = []
    serial_cols = _locate(header, SERIAL_HEADERS)
    extra_cols = _locate(header, EXTRA_HEADERS)
    if not serial_cols:
        problems.append(f"{label}, dòng 1: thiếu cột «so_phieu» (số phiếu; ô có thể để trống).")
    subject_cols: list[int] = []
    for s in subjects:
        found = [i for i, h in enumerate(header) if str(h).strip() == s.stt]
        if not found:
            problems.append(
                f"{label}, dòng 1: thiếu cột «{s.stt}» cho người được lấy phiếu số {s.stt} "
                f"({s.full_name})."
            )
        elif len(found) > 1:
            problems.append(f"{label}, dòng 1: cột «{s.stt}» xuất hiện {len(found)} lần.")
        else:
            subject_cols.append(found[0])
    known = set(serial_cols[:1]) | set(extra_cols[:1]) | set(subject_cols)
    for dup in (serial_cols[1:], extra_cols[1:]):
        for i in dup:
            problems.append(f"{label}, dòng 1, cột {col_name(i)}: cột «{header[i]}» bị lặp.")
            known.add(i)
    for i, h in enumerate(header):
        if i not in known and str(h).strip():
            problems.append(
                f"{label}, dòng 1, cột {col_name(i)}: cột «{h}» không phải số thứ tự của người "
                "nào trong danh sách, cũng không phải «so_phieu» hay «ghi_them»."
            )
    if problems:
        raise InputError(problems)

    serial_col = serial_cols[0]
    extra_col = extra_cols[0] if extra_cols else None
    width = len(header)
    table = _CELL
    per_subject: list[list[tuple[LineVerdict, int]]] = [[] for _ in subjects]
    serials: list[str] = []
    extras: list[int] = []
    appenders = [lst.append for lst in per_subject]
    pairs = list(zip(subject_cols, appenders, subjects, strict=True))
    strict = path.suffix.lower() == ".csv"
    for number, cells in rows:
        if strict and len(cells) != width:
            # A CSV row is a whole ballot: a truncated row ("4,3,3" for five subjects) is not
            # read as "no mark" for the missing people, nor are extra cells dropped.
            problems.append(
                f"{label}, dòng {number}: có {len(cells)} ô, phải có đúng {width} ô như dòng "
                "tiêu đề (dòng bị cắt cụt hoặc thừa ô); chưa kiểm phiếu."
            )
            if len(problems) >= MAX_REPORTED_ERRORS:
                problems.append(f"{label}: dừng sau {MAX_REPORTED_ERRORS} lỗi.")
                break
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        elif len(cells) > width and any(c.strip() for c in cells[width:]):
            problems.append(
                f"{label}, dòng {number}, cột {col_name(width)}: có dữ liệu ngoài các cột tiêu đề."
            )
        serials.append(cells[serial_col].strip())
        if extra_col is not None:
            text = cells[extra_col].strip()
            if not text:
                extras.append(0)
            elif text.isdigit():
                extras.append(int(text))
            else:
                extras.append(0)
                problems.append(
                    f"{label}, dòng {number}, cột {col_name(extra_col)} (ghi_them): «{text}» "
                    "không phải số tên ghi thêm (số nguyên không âm)."
                )
        else:
            extras.append(0)
        for col, append, s in pairs:
            raw = cells[col]
            hit = table.get(raw)
            if hit is None:
                hit = table.get(raw.strip())
            if hit is None:
                problems.append(
                    f"{label}, dòng {number}, cột {col_name(col)} (người số {s.stt}): mã «{raw}» "
                    "không hợp lệ; chỉ dùng 1, 2, 3, để trống, nhiều chữ số khác nhau (vd. 13) "
                    "hoặc X."
                )
                hit = (LineVerdict.NO_MARK, 0)
            append(hit)
        if len(problems) >= MAX_REPORTED_ERRORS:
            problems.append(f"{label}: dừng sau {MAX_REPORTED_ERRORS} lỗi.")
            break
    if problems:
        raise InputError(problems)
    return BallotFile(serials, per_subject, extras)


# ---------------------------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------------------------


def count(
    subjects: Sequence[SubjectRow],
    ballots: BallotFile,
    *,
    issued: int,
    issued_serials: frozenset[str] | None = None,
    denominator: rules.Denominator = rules.Denominator.RETURNED,
    convened: int | None = None,
    present: int | None = None,
) -> CountResult:
    """CV7 validity, CV8 tally and CV9 outcome for every subject over every returned ballot.
    With ``present``, the counts are bounded by it too (returned or issued > present: an
    anomaly that needs the board's decision)."""
    returned = len(ballots.serials)
    flags, anomalies = rules.check_serials(ballots.serials, issued_serials)
    bounds = [rules.returned_over_issued(issued, returned)]
    if present is not None:
        bounds = [
            rules.returned_over_present(present, returned),
            *bounds,
            rules.issued_over_present(present, issued),
        ]
    anomalies[:0] = [a for a in bounds if a]
    not_issued = [i for i, ok in enumerate(flags) if not ok]
    tallies: list[rules.SubjectTally] = []
    decisions: list[rules.Decision] = []
    valid_verdict = LineVerdict.VALID
    for cells in ballots.cells:
        t = rules.SubjectTally(issued=issued, returned=returned)
        by_level = [0, 0, 0, 0]
        reasons: dict[LineVerdict, int] = {}
        for verdict, level in cells:
            if verdict is valid_verdict:
                by_level[level] += 1
            else:
                reasons[verdict] = reasons.get(verdict, 0) + 1
        # Ballots the board did not issue are invalid on every line (CV7), whatever they say.
        for i in not_issued:
            verdict, level = cells[i]
            if verdict is valid_verdict:
                by_level[level] -= 1
            else:
                reasons[verdict] -= 1
                if not reasons[verdict]:
                    del reasons[verdict]
        if not_issued:
            reasons[LineVerdict.NOT_ISSUED] = len(not_issued)
        t.counts = {Level.HIGH: by_level[1], Level.CONFIDENCE: by_level[2], Level.LOW: by_level[3]}
        t.valid = sum(by_level)
        t.invalid = returned - t.valid
        t.invalid_reasons = reasons
        tallies.append(t)
        base = rules.denominator_count(denominator, returned, convened)
        decisions.append(
            rules.outcome(t.counts[Level.LOW], base, denominator, high=t.counts[Level.HIGH])
        )
    return CountResult(
        issued=issued,
        returned=returned,
        subjects=list(subjects),
        tallies=tallies,
        anomalies=anomalies,
        denominator=denominator,
        convened=convened,
        decisions=decisions,
        present=present,
    )


def ballots_for_rules(ballots: BallotFile, flags: Sequence[bool]) -> list[rules.Ballot]:
    """The same ballots as :class:`rules.Ballot` objects (for cross-checking in tests)."""
    out = []
    for i in range(len(ballots.serials)):
        lines = []
        for cells in ballots.cells:
            verdict, level = cells[i]
            if verdict is LineVerdict.VALID:
                lines.append(Line(marks=frozenset({Level(level)})))
            elif verdict is LineVerdict.CROSSED_OUT:
                lines.append(Line(crossed_out=True))
            elif verdict is LineVerdict.SEVERAL_MARKS:
                lines.append(Line(marks=frozenset({Level.HIGH, Level.LOW})))
            else:
                lines.append(Line())
        out.append(rules.Ballot(tuple(lines), ballots.extra_names[i], flags[i]))
    return out
