"""The standalone count: a file of collected forms (CSV or XLSX) → results per civil servant.

Streaming and fast (one pass, plain tuples, a small cache for repeated names): a million forms
count in a few seconds. The whole file is checked before anything is reported: every bad row is
named with its row number and column, in Vietnamese. No Django import (only
``danchu.core.text``): the same code serves the ``danchu survey count`` command and the web
upload.

Columns (one row per collected form): ``ma_phieu`` (serial), ``cong_chuc`` (name or code),
``chuc_danh`` (position), ``nhom`` (``CB``, ``KCT``, ``ND``), ``tin_nhiem`` (``1`` tín nhiệm,
``0`` không tín nhiệm, anything else or empty = invalid form).
"""

from __future__ import annotations

import csv
import io
import itertools
import operator
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from danchu.core.text import looks_like_legacy_encoding
from danchu.surveys import rules

COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ma_phieu": ("Mã phiếu", ("ma phieu", "so phieu", "serial", "so hieu phieu")),
    "cong_chuc": ("Công chức", ("cong chuc", "ho ten", "ho va ten", "ten cong chuc")),
    "chuc_danh": ("Chức danh", ("chuc danh", "vi tri")),
    "nhom": ("Nhóm", ("nhom", "nhom lay y kien", "doi tuong")),
    "tin_nhiem": ("Tín nhiệm", ("tin nhiem", "y kien chung")),
}
GROUP_INDEX = {"CB": 0, "KCT": 1, "ND": 2}
MAX_ERRORS_SHOWN = 50

# Latin-1 signs that TCVN3 uses for Vietnamese letters and that never occur in a Unicode name.
_TCVN3_ONLY = set("¸µ¶·¹¨©®ª«¬½¾")


@dataclass(frozen=True)
class CountError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:  # the file as a whole (unreadable, wrong type)
            return self.message
        where = f"Dòng {self.row}" + (f", cột “{self.column}”" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class SubjectCount:
    cong_chuc: str
    chuc_danh: str
    tally: rules.Tally

    @property
    def low_contact(self) -> bool:
        return rules.is_low_contact_name(self.chuc_danh)

    def quota_problems(self) -> list[str]:
        return rules.quota_problems(
            officials=self.tally.officials,
            citizens=self.tally.citizens,
            low_contact=self.low_contact,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "cong_chuc": self.cong_chuc,
            "chuc_danh": self.chuc_danh,
            **self.tally.as_json(),
            "quota_problems": self.quota_problems(),
        }


@dataclass
class CountResult:
    subjects: list[SubjectCount] = field(default_factory=list)
    errors: list[CountError] = field(default_factory=list)
    forms: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        return {"civil_servants": [s.as_json() for s in self.subjects]}


def _fold_header(value: str) -> str:
    return rules.fold_text(value.replace("_", " "))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_csv(handle: IO[bytes]) -> Iterator[list[str]]:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="strict", newline="")
    try:
        yield from csv.reader(text)
    finally:
        text.detach()


def _rows_xlsx(handle: IO[bytes]) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(handle, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in values]
    finally:
        workbook.close()


def _legacy(name: str) -> bool:
    """Text typed in TCVN3 (ABC) or VNI fonts and read as Unicode (checked once per name)."""
    return any(ch in _TCVN3_ONLY for ch in name) or looks_like_legacy_encoding(name) is not None


_TEXT_COLUMNS = {
    # column: (message for legacy-encoded text, message for an empty cell)
    "cong_chuc": (
        "Tên viết bằng bảng mã cũ (TCVN3/VNI); hãy chuyển sang Unicode.",
        "Thiếu tên hoặc mã công chức.",
    ),
    "chuc_danh": (
        "Chức danh viết bằng bảng mã cũ (TCVN3/VNI); hãy chuyển sang Unicode.",
        "Thiếu chức danh.",
    ),
}


def _clean(raw: str) -> str | None:
    """A name or position as counted: NFC, single spaces; None when typed in a legacy encoding."""
    clean = " ".join(unicodedata.normalize("NFC", raw).split())
    return None if _legacy(clean) else clean


def count_file(path: str | Path) -> CountResult:
    """Count a CSV (UTF-8) or XLSX file of forms. See the module docstring for the columns."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        return CountResult(
            errors=[CountError(0, "", f"Tệp “{path.name}” phải có đuôi .csv hoặc .xlsx.")]
        )
    try:
        with path.open("rb") as handle:
            return count_stream(handle, xlsx=suffix == ".xlsx")
    except OSError as exc:
        return _failure(f"Không đọc được tệp “{path.name}”: {exc.strerror or exc}.")


def _failure(message: str) -> CountResult:
    return CountResult(errors=[CountError(0, "", message)])


def count_stream(handle: IO[bytes], *, xlsx: bool = False) -> CountResult:
    """Count forms from a binary stream (CSV unless ``xlsx``).

    Issue 16: a CSV is first read the quick way (:func:`_count_quick`); a file it cannot vouch
    for (any row to report) is read again the exact way, row by row, for the messages."""
    if not xlsx and handle.seekable():
        start = handle.tell()
        # the csv reader itself, not a generator around it: no Python frame per row
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="strict", newline="")
        try:
            quick = _count_quick(csv.reader(text))
        except Exception:  # the exact reading says what is wrong
            quick = None
        finally:
            text.detach()
        if quick is not None:
            return quick
        handle.seek(start)
    rows = _rows_xlsx(handle) if xlsx else _rows_csv(handle)
    try:
        return _count(rows)
    except UnicodeDecodeError:
        return _failure(
            "Tệp CSV không phải UTF-8. Hãy lưu lại tệp với bảng mã UTF-8 (Unicode); "
            "không dùng TCVN3 (ABC) hoặc VNI."
        )
    except (csv.Error, ValueError, KeyError, OSError) as exc:
        # openpyxl raises these on a file that is not a workbook
        return _failure(f"Không đọc được tệp: {exc}.")
    except Exception as exc:  # zipfile.BadZipFile and friends from openpyxl
        if exc.__class__.__name__ in {"BadZipFile", "InvalidFileException"}:
            return _failure("Tệp .xlsx bị hỏng hoặc không phải bảng tính Excel.")
        raise


def _columns(header: list[str]) -> dict[str, int]:
    wanted: dict[str, int] = {}
    for index, raw in enumerate(header):
        key = _fold_header(raw or "")
        for column, (_label, aliases) in COLUMNS.items():
            if key == _fold_header(column) or key in aliases:
                wanted.setdefault(column, index)
    return wanted


def _count_quick(rows: Iterator[list[str]]) -> CountResult | None:
    """The same count as :func:`_count` for a file with nothing to report, with as little
    Python per row as possible: each distinct (name, position, group, answer) as typed is
    tallied once, serials gathered in a set; names, groups and answers are then read once per
    distinct value. Returns None as soon as anything would need a message (a short or blank
    row, an empty or repeated serial, an unknown group, a name in a legacy encoding, no form):
    the exact reading then reports it by row."""
    header = next(rows, None)
    wanted = _columns(header) if header is not None else {}
    if len(wanted) != len(COLUMNS):
        return None
    serial_of = operator.itemgetter(wanted["ma_phieu"])
    key_of = operator.itemgetter(
        wanted["cong_chuc"], wanted["chuc_danh"], wanted["nhom"], wanted["tin_nhiem"]
    )
    serials: set[str] = set()
    # The loop runs in C: two views of the rows in step (``tee`` keeps one row), the serials
    # into the set, the (name, position, group, answer) into the Counter.
    mine, theirs = itertools.tee(rows)
    try:
        seen = Counter(
            map(
                operator.itemgetter(1),
                zip(map(serials.add, map(serial_of, mine)), map(key_of, theirs), strict=True),
            )
        )
    except IndexError:  # a row shorter than the columns (or a blank line)
        return None
    forms = sum(seen.values())
    stripped = set(map(str.strip, serials))
    if not forms or len(stripped) != forms or "" in stripped:
        return None
    counts: dict[tuple[str, str], list[int]] = {}
    names: dict[str, str | None] = {}
    for (name_raw, pos_raw, group_raw, trust_raw), n in seen.items():
        name = (
            names[name_raw] if name_raw in names else names.setdefault(name_raw, _clean(name_raw))
        )
        position = (
            names[pos_raw] if pos_raw in names else names.setdefault(pos_raw, _clean(pos_raw))
        )
        g = GROUP_INDEX.get(group_raw.strip().upper())
        if not name or not position or g is None:
            return None
        acc = counts.get((name, position))
        if acc is None:
            acc = counts[(name, position)] = [0, 0, 0, 0, 0, 0, 0, 0, 0]
        acc[0] += n
        acc[3 + g] += n
        trust = trust_raw.strip()
        if trust == "1":
            acc[1] += n
            acc[2] += n
            acc[6 + g] += n
        elif trust == "0":
            acc[1] += n
    return _result(forms, counts)


def _count(rows: Iterator[list[str]]) -> CountResult:
    result = CountResult()
    errors = result.errors
    header = next(rows, None)
    if header is None:
        errors.append(CountError(1, "", "Tệp trống, không có dòng tiêu đề."))
        return result
    wanted = _columns(header)
    for column, (label, _aliases) in COLUMNS.items():
        if column not in wanted:
            errors.append(CountError(1, column, f"Thiếu cột “{column}” ({label})."))
    if errors:
        return result

    i_serial, i_name, i_pos, i_group, i_trust = (
        wanted["ma_phieu"],
        wanted["cong_chuc"],
        wanted["chuc_danh"],
        wanted["nhom"],
        wanted["tin_nhiem"],
    )
    width = max(wanted.values()) + 1
    # key → [collected, valid, trust, CB, KCT, ND, trust CB, trust KCT, trust ND]
    counts: dict[tuple[str, str], list[int]] = {}
    names: dict[str, str | None] = {}  # raw → NFC (None: refused as legacy encoding)
    serials: dict[str, int] = {}
    groups = GROUP_INDEX
    row_no = 1
    forms = 0
    for row in rows:
        row_no += 1
        if len(row) < width:
            if not any(cell.strip() for cell in row):
                continue  # blank line
            errors.append(
                CountError(row_no, "", f"Dòng có {len(row)} cột, cần ít nhất {width} cột.")
            )
            continue
        serial = row[i_serial].strip()
        name_raw = row[i_name]
        pos_raw = row[i_pos]
        group = row[i_group].strip().upper()
        if not (serial or name_raw.strip() or pos_raw.strip() or group or row[i_trust].strip()):
            continue  # an empty row in a spreadsheet
        bad = False
        if not serial:
            errors.append(CountError(row_no, "ma_phieu", "Thiếu mã phiếu."))
            bad = True
        elif serial in serials:
            errors.append(
                CountError(
                    row_no,
                    "ma_phieu",
                    f"Mã phiếu “{serial}” trùng với dòng {serials[serial]}.",
                )
            )
            bad = True
        else:
            serials[serial] = row_no
        name = names.get(name_raw, "")
        if name == "":
            name = names[name_raw] = _clean(name_raw)
        position = names.get(pos_raw, "")
        if position == "":
            position = names[pos_raw] = _clean(pos_raw)
        if not name or not position:
            for column, value in (("cong_chuc", name), ("chuc_danh", position)):
                if not value:
                    legacy, missing = _TEXT_COLUMNS[column]
                    errors.append(CountError(row_no, column, missing if value == "" else legacy))
            bad = True
        g = groups.get(group)
        if g is None:
            errors.append(
                CountError(
                    row_no,
                    "nhom",
                    f"Nhóm “{row[i_group].strip()}” không hợp lệ; chỉ nhận CB, KCT hoặc ND.",
                )
            )
            bad = True
        if bad:
            continue
        assert name is not None and position is not None and g is not None
        forms += 1
        acc = counts.get((name, position))
        if acc is None:
            acc = counts[(name, position)] = [0, 0, 0, 0, 0, 0, 0, 0, 0]
        acc[0] += 1
        acc[3 + g] += 1
        trust = row[i_trust].strip()
        if trust == "1":
            acc[1] += 1
            acc[2] += 1
            acc[6 + g] += 1
        elif trust == "0":
            acc[1] += 1
    if errors:
        return result
    if forms == 0:
        errors.append(CountError(2, "", "Tệp không có phiếu nào."))
        return result
    return _result(forms, counts)


def _result(forms: int, counts: dict[tuple[str, str], list[int]]) -> CountResult:
    result = CountResult()
    result.forms = forms
    keys = ("CB", "KCT", "ND")
    for (name, position), acc in counts.items():
        tally = rules.Tally(
            collected=acc[0],
            valid=acc[1],
            trust=acc[2],
            by_group={k: acc[3 + i] for i, k in enumerate(keys)},
            trust_by_group={k: acc[6 + i] for i, k in enumerate(keys)},
        )
        result.subjects.append(SubjectCount(name, position, tally))
    return result


def format_table(result: CountResult) -> str:
    """Human-readable summary in Vietnamese."""
    lines = [
        f"Tổng số phiếu: {result.forms}. Quy tắc hợp lệ: {rules.VALIDITY_RULE}",
        rules.RATE_READING,
        "",
        f"{'Công chức':<30} {'Chức danh':<40} {'Thu':>5} {'HL':>5} {'KHL':>5} {'TN':>5} "
        f"{'Tỷ lệ %':>8}  {'CB':>4} {'KCT':>4} {'ND':>4}",
    ]
    for s in result.subjects:
        t = s.tally
        flag = "  THẤP" if t.low else ""
        lines.append(
            f"{s.cong_chuc[:30]:<30} {s.chuc_danh[:40]:<40} {t.collected:>5} {t.valid:>5} "
            f"{t.invalid:>5} {t.trust:>5} {rules.percent_2dp(t.trust, t.collected):>8}  "
            f"{t.by_group['CB']:>4} {t.by_group['KCT']:>4} {t.by_group['ND']:>4}{flag}"
        )
        for problem in s.quota_problems():
            lines.append(f"    ! {problem}")
    return "\n".join(lines)
