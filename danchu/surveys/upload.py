"""Upload a file of forms into a commune's survey, as an alternative to keyboard entry.

The file is the one ``danchu survey count`` reads (CSV in UTF-8 or XLSX, one row per collected
form): ``ma_phieu``, ``cong_chuc``, ``chuc_danh``, ``nhom``, ``tin_nhiem``, plus an optional
``muc`` (items a–d marked, e.g. ``a4 b2``). It is read with the shared import service
(:mod:`danchu.dataio.imports`): the whole file is checked first, text is NFC, legacy encodings
are refused, and every problem names its row and column in Vietnamese. This module then adds the
survey's own checks; :func:`danchu.surveys.services.import_forms` writes all forms or none.

Matching (design choice, shown on the upload page as :data:`MATCHING_RULE`): ``cong_chuc`` is
the civil servant's full name (tones, case and đ ignored) or the code printed on the forms
(``S12``); ``chuc_danh`` is the position's name or code. Only the civil servants this commune
surveys in this round can receive forms. Serials are unique in the commune's survey: a printed
serial (``S12-007``) must belong to that civil servant and lie within the printed forms, any
other serial is kept as written, and a file uploaded twice is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from danchu.core.text import fold
from danchu.dataio.imports import CellValue, Column, ImportResult, choice, read_rows, text
from danchu.surveys import counting, rules
from danchu.surveys.models import CommuneSurvey, Form, FormTemplate, PaperEntry, Subject

MATCHING_RULE = (
    "Cột “cong_chuc” ghi họ tên công chức (không phân biệt dấu, hoa thường) hoặc mã in trên "
    "phiếu (ví dụ S12); cột “chuc_danh” ghi tên hoặc mã chức danh. Chỉ nhận phiếu của công chức "
    "mà xã lấy ý kiến trong đợt này. Mã phiếu không được trùng trong đợt của xã (một tệp không "
    "nhập được hai lần); mã in sẵn (ví dụ S12-007) phải đúng công chức và trong số phiếu đã in. "
    "Cột “tin_nhiem”: 1 tín nhiệm, 0 không tín nhiệm, để trống hoặc ghi khác là phiếu không "
    "hợp lệ. Cột “muc” (không bắt buộc): các mục a–d được đánh dấu, ví dụ “a4 b2”."
)
"""Design choice: how a row of the file finds its civil servant and its serial (shown to users)."""

SERIAL_MAX = Form._meta.get_field("serial").max_length or 40
_PRINTED_SERIAL = re.compile(r"^S(\d+)-(\d+)$")
_SUBJECT_CODE = re.compile(r"^s(\d+)$")


def _overall(value: CellValue) -> rules.Overall:
    return rules.parse_overall_code(text(value))


def _items(value: CellValue) -> tuple[str, ...]:
    return rules.parse_item_codes(text(value))


def _column(key: str, **kwargs: Any) -> Column:
    """A column of the ``danchu survey count`` format: one list of names for both readers."""
    label, aliases = counting.COLUMNS[key]
    return Column(key, label, aliases, **kwargs)


COLUMNS = [
    _column("ma_phieu"),
    _column("cong_chuc"),
    _column("chuc_danh"),
    _column("nhom", parse=choice({g.value: g.value for g in rules.Group})),
    _column("tin_nhiem", blank_ok=True, parse=_overall),
    Column("muc", "Các mục", ("cac muc", "muc danh dau", "items"), required=False, parse=_items),
]
HEADER = {c.key: c.header for c in COLUMNS}


@dataclass(frozen=True)
class UploadedForm:
    subject: Subject
    serial: str
    group: str
    overall: rules.Overall
    items: tuple[str, ...]


@dataclass
class FormsUpload:
    result: ImportResult
    forms: list[UploadedForm] = field(default_factory=list)
    template: FormTemplate | None = None

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def created(self) -> int:
        return len(self.forms) if self.ok else 0

    def per_subject(self) -> list[tuple[Subject, int]]:
        counts: dict[int, list[Any]] = {}
        for f in self.forms:
            counts.setdefault(f.subject.pk, [f.subject, 0])[1] += 1
        return [(s, n) for s, n in counts.values()]


class _Finder:
    """Row → civil servant of this commune survey (cached per distinct name and position)."""

    def __init__(self, commune_survey: CommuneSurvey) -> None:
        self.commune = commune_survey.unit.name
        subjects = commune_survey.subjects.select_related("person", "position")
        self.by_pk: dict[int, Subject] = {}
        self.by_name: dict[str, list[Subject]] = {}
        for s in subjects:
            self.by_pk[s.pk] = s
            self.by_name.setdefault(fold(s.person.full_name), []).append(s)
        self.cache: dict[tuple[str, str], Subject | tuple[str, str]] = {}

    def find(self, name: str, position: str) -> Subject | tuple[str, str]:
        """The subject, or (column, message)."""
        key = (name, position)
        if key not in self.cache:
            self.cache[key] = self._find(name, position)
        return self.cache[key]

    def _find(self, name: str, position: str) -> Subject | tuple[str, str]:
        code = _SUBJECT_CODE.match(fold(name).replace(" ", ""))
        if code:
            found = self.by_pk.get(int(code[1]))
            candidates = [found] if found else []
        else:
            candidates = self.by_name.get(fold(name), [])
        if not candidates:
            return (
                HEADER["cong_chuc"],
                f"Không có công chức «{name}» trong danh sách lấy ý kiến của {self.commune} "
                "đợt này.",
            )
        wanted = fold(position)
        matching = [
            s for s in candidates if wanted in (fold(s.position.name), fold(s.position.code))
        ]
        if not matching:
            held = "; ".join(s.position.name for s in candidates)
            return (
                HEADER["chuc_danh"],
                f"«{name}» không được lấy ý kiến ở chức danh «{position}» (danh sách có: {held}).",
            )
        if len(matching) > 1:
            codes = ", ".join(f"S{s.pk}" for s in matching)
            return (
                HEADER["cong_chuc"],
                f"Có {len(matching)} công chức «{name}» cùng chức danh; hãy ghi mã ({codes}).",
            )
        subject = matching[0]
        if not subject.surveyed:
            return (
                HEADER["cong_chuc"],
                f"«{name}» không được lấy ý kiến trong đợt này (SV2): {subject.reason}",
            )
        return subject


def _serial(raw: str) -> tuple[str, tuple[int, int] | None]:
    """The serial as stored (a printed one in its printed form, "S12-007") and, for a printed
    serial, its (subject id, number)."""
    printed = _PRINTED_SERIAL.match(raw.upper().replace(" ", ""))
    if printed is None:
        return raw, None
    subject_id, number = int(printed[1]), int(printed[2])
    return f"S{subject_id}-{number:03d}", (subject_id, number)


def _printed_problem(raw: str, printed: tuple[int, int], subject: Subject) -> str:
    subject_id, number = printed
    if subject_id != subject.pk:
        return (
            f"Mã phiếu «{raw}» in cho công chức khác (mã S{subject_id}), không phải S{subject.pk}."
        )
    if not 1 <= number <= subject.quota_total:
        return (
            f"Mã phiếu «{raw}»: số thứ tự {number} ngoài số phiếu đã in (1–{subject.quota_total})."
        )
    return ""


def file_name(source: Any) -> str:
    """The uploaded file's own name (no folders), for the audit trail."""
    return str(getattr(source, "name", source)).replace("\\", "/").rsplit("/", 1)[-1]


def file_bytes(source: Any) -> bytes:
    """The file's bytes (for its SHA-256 in the audit trail)."""
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    source.seek(0)
    data = source.read()
    return data if isinstance(data, bytes) else str(data).encode()


def check_forms(commune_survey: CommuneSurvey, source: Any) -> FormsUpload:
    """Read and check the whole file; nothing is written. See the module docstring."""
    from danchu.surveys.services import form_template_for

    result = read_rows(source, COLUMNS)
    upload = FormsUpload(result)
    if commune_survey.reported:
        result.add(0, "", "Xã đã báo cáo kết quả; không nhập thêm phiếu.")
        return upload
    template = upload.template = form_template_for(commune_survey)
    item_codes = set(template.item_codes)
    finder = _Finder(commune_survey)
    taken = set(commune_survey.forms.values_list("serial", flat=True))
    typed_once = set(
        PaperEntry.objects.filter(commune_survey=commune_survey).values_list("serial", flat=True)
    )
    seen: dict[str, int] = {}
    column = HEADER["ma_phieu"]
    for line, row in result.numbered():
        # Every check runs on every row, so that the whole file's problems are listed at once.
        found: Subject | None = None
        if row["cong_chuc"] and row["chuc_danh"]:
            match = finder.find(row["cong_chuc"], row["chuc_danh"])
            if isinstance(match, Subject):
                found = match
            else:
                result.add(line, *match)
        serial: str | None = None
        if row["ma_phieu"]:
            serial, printed = _serial(row["ma_phieu"])
            problem = ""
            if printed is None and len(serial) > SERIAL_MAX:
                problem = f"Mã phiếu dài quá {SERIAL_MAX} ký tự."
            elif printed is not None and found is not None:
                problem = _printed_problem(row["ma_phieu"], printed, found)
            if problem:
                result.add(line, column, problem)
            elif serial in seen:
                result.add(line, column, f"Mã phiếu «{serial}» trùng với dòng {seen[serial]}.")
            elif serial in taken:
                result.add(line, column, f"Mã phiếu «{serial}» đã được nhập vào đợt này.")
            elif serial in typed_once:
                result.add(
                    line,
                    column,
                    f"Mã phiếu «{serial}» đang được nhập bằng bàn phím; hãy nhập xong hoặc hủy "
                    "lần nhập đó trước.",
                )
            seen.setdefault(serial, line)
        items = row.get("muc") or ()
        unknown = [c for c in items if c not in item_codes]
        if unknown:
            result.add(
                line,
                HEADER["muc"],
                f"Mục «{' '.join(unknown)}» không có trong mẫu phiếu v{template.version}.",
            )
        if result.ok and found is not None and serial is not None:
            overall = row["tin_nhiem"] or rules.Overall.BLANK
            upload.forms.append(UploadedForm(found, serial, row["nhom"], overall, items))
    if not result.ok:
        upload.forms = []
    return upload
