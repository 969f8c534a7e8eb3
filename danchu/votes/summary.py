"""The non-secret summary of a confidence vote held on an offline laptop (CV10, CV12).

``danchu vote summary`` writes it on the laptop; ``danchu vote import-summary`` reads it on the
online installation. It says that the vote took place (when, where, by whom, on whom), how many
were convened, present, issued and returned, that the report went to the competent authority
(CV12), and the audit anchor printed on the minutes — never a subject's figures, a level, an
outcome or anything a ballot says: those stay on the laptop and in the sealed minutes (CV10).

:func:`parse` checks the whole file and lists every problem with its place; a key it does not
know is refused, so nothing secret can ride along in a hand-edited file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from danchu.core.text import nfc
from danchu.votes.counting import InputError

FORMAT = "danchu-vote-summary"
VERSION = 1
MAX_BYTES = 1_000_000
STATUSES = ("counted", "announced")

_HASH = re.compile(r"[0-9a-f]{64}")
_TOP_KEYS = {
    "format",
    "version",
    "title",
    "unit",
    "authority",
    "office",
    "vote_day",
    "place",
    "status",
    "counted_on",
    "announced_on",
    "convened",
    "present",
    "issued",
    "returned",
    "subjects",
    "minutes_number",
    "report",
    "audit",
}
_NESTED_KEYS = {
    "unit": {"code", "name"},
    "report": {"from", "to", "on"},
    "audit": {"seq", "hash"},
}
_SUBJECT_KEYS = {"stt", "ho_ten", "chuc_vu"}


SummaryError = InputError
"""The file is not a valid summary; ``problems`` lists every one, with its place (the same
error as the standalone count's bad files)."""


@dataclass(frozen=True)
class SummarySubject:
    stt: int
    ho_ten: str
    chuc_vu: str


@dataclass(frozen=True)
class Summary:
    """A validated summary: only the facts the online installation may hold."""

    title: str
    unit_code: str
    unit_name: str
    authority: str
    office: str
    vote_day: dt.date | None
    place: str
    status: str
    counted_on: dt.date
    announced_on: dt.date | None
    convened: int
    present: int
    issued: int
    returned: int
    subjects: tuple[SummarySubject, ...]
    minutes_number: str
    report_from: str
    report_to: str
    report_on: dt.date
    audit_seq: int
    audit_hash: str

    def fingerprint(self) -> str:
        """SHA-256 of the facts in a canonical form: the same summary, however the JSON was
        laid out, has the same fingerprint (used to make the import idempotent)."""
        return hashlib.sha256(
            json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=False).encode()
        ).hexdigest()


def build(vote: Any) -> dict[str, Any]:
    """The summary of a counted round, as written by ``danchu vote summary``."""
    issuer = vote.office or vote.authority
    competent = vote.authority.superior or vote.authority
    report_on = vote.announced_on or vote.counted_on
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": vote.title,
        "unit": {"code": vote.unit.code, "name": vote.unit.name},
        "authority": vote.authority.name,
        "office": vote.office.name if vote.office else None,
        "vote_day": _iso(vote.vote_day),
        "place": vote.place,
        "status": vote.status,
        "counted_on": _iso(vote.counted_on),
        "announced_on": _iso(vote.announced_on),
        "convened": vote.convened_count,
        "present": vote.present_count,
        "issued": vote.issued_count,
        "returned": vote.returned_count,
        "subjects": [
            {"stt": s.order, "ho_ten": s.full_name, "chuc_vu": s.position_name}
            for s in vote.subjects.order_by("order")
        ],
        "minutes_number": vote.minutes_number,
        "report": {"from": issuer.name, "to": competent.name, "on": _iso(report_on)},
        "audit": {"seq": vote.audit_seq, "hash": vote.audit_hash},
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


class _Checker:
    """Reads fields and collects every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def unknown_keys(self, obj: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in sorted(set(obj) - allowed):
            self.problems.append(
                f"{where}{key}: không thuộc bản tóm tắt (có thể là nội dung mật), không nhập."
            )

    def obj(self, data: dict[str, Any], key: str, allowed: set[str]) -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            self.problems.append(f"{key}: phải là một đối tượng {{…}}.")
            return {}
        self.unknown_keys(value, allowed, f"{key}.")
        return value

    def text(self, data: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problems.append(f"{where}: bắt buộc, là chuỗi chữ.")
            return ""
        return nfc(value)

    def count(self, data: dict[str, Any], key: str, where: str, *, minimum: int = 0) -> int:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.problems.append(f"{where}: phải là số nguyên từ {minimum}.")
            return 0
        return value

    def date(
        self, data: dict[str, Any], key: str, where: str, *, required: bool = True
    ) -> dt.date | None:
        value = data.get(key)
        if value is None and not required:
            return None
        try:
            return dt.date.fromisoformat(value if isinstance(value, str) else "")
        except ValueError:
            self.problems.append(f"{where}: phải là ngày dạng NNNN-TT-NN.")
            return None


def parse(raw: bytes) -> Summary:
    """Check the whole file; raise :class:`SummaryError` with every problem, or return it."""
    if len(raw) > MAX_BYTES:
        raise SummaryError([f"Tệp quá lớn ({len(raw)} byte) cho một bản tóm tắt."])
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SummaryError([f"Tệp không phải UTF-8 (byte {exc.start})."]) from None
    except json.JSONDecodeError as exc:
        raise SummaryError([f"JSON không hợp lệ, dòng {exc.lineno} cột {exc.colno}."]) from None
    if not isinstance(data, dict):
        raise SummaryError(["Tệp phải là một đối tượng JSON {…}."])
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise SummaryError(
            [f"Không phải bản tóm tắt của «danchu vote summary» (format {FORMAT}, version 1)."]
        )
    c = _Checker()
    c.unknown_keys(data, _TOP_KEYS, "")
    unit = c.obj(data, "unit", _NESTED_KEYS["unit"])
    report = c.obj(data, "report", _NESTED_KEYS["report"])
    audit = c.obj(data, "audit", _NESTED_KEYS["audit"])
    status = data.get("status")
    if status not in STATUSES:
        c.problems.append("status: phải là «counted» hoặc «announced» (kiểm phiếu đã kết thúc).")
    counted_on = c.date(data, "counted_on", "counted_on")
    announced_on = c.date(data, "announced_on", "announced_on", required=False)
    if status == "announced" and announced_on is None:
        c.problems.append("announced_on: bắt buộc khi status là «announced».")
    if status == "counted" and announced_on is not None:
        c.problems.append("announced_on: phải để trống khi chưa công bố (status «counted»).")
    convened = c.count(data, "convened", "convened", minimum=1)
    present = c.count(data, "present", "present")
    if present > convened:
        c.problems.append(f"present: {present} người có mặt, nhiều hơn {convened} được triệu tập.")
    elif present * 3 < convened * 2:
        c.problems.append(
            f"present: {present}/{convened} chưa đủ 2/3 (CV3), hội nghị không thể đã bỏ phiếu."
        )
    subjects = _subjects(c, data.get("subjects"))
    report_on = c.date(report, "on", "report.on")
    if counted_on and report_on and report_on < counted_on:
        c.problems.append("report.on: ngày báo cáo trước ngày kết thúc kiểm phiếu.")
    digest = audit.get("hash")
    if not isinstance(digest, str) or not _HASH.fullmatch(digest) or set(digest) == {"0"}:
        c.problems.append("audit.hash: phải là mã SHA-256 (64 chữ số hex) của nhật ký kiểm toán.")
    result = Summary(
        title=c.text(data, "title", "title"),
        unit_code=c.text(unit, "code", "unit.code"),
        unit_name=c.text(unit, "name", "unit.name"),
        authority=c.text(data, "authority", "authority"),
        office=c.text(data, "office", "office", required=False),
        vote_day=c.date(data, "vote_day", "vote_day", required=False),
        place=c.text(data, "place", "place", required=False),
        status=str(status),
        counted_on=counted_on or dt.date.min,
        announced_on=announced_on,
        convened=convened,
        present=present,
        issued=c.count(data, "issued", "issued"),
        returned=c.count(data, "returned", "returned"),
        subjects=subjects,
        minutes_number=c.text(data, "minutes_number", "minutes_number", required=False),
        report_from=c.text(report, "from", "report.from"),
        report_to=c.text(report, "to", "report.to"),
        report_on=report_on or dt.date.min,
        audit_seq=c.count(audit, "seq", "audit.seq", minimum=1),
        audit_hash=digest if isinstance(digest, str) else "",
    )
    if c.problems:
        raise SummaryError(c.problems)
    return result


def _subjects(c: _Checker, value: Any) -> tuple[SummarySubject, ...]:
    if not isinstance(value, list) or not value:
        c.problems.append("subjects: phải là danh sách người được lấy phiếu, không rỗng.")
        return ()
    out = []
    for i, item in enumerate(value):
        where = f"subjects[{i}]"
        if not isinstance(item, dict):
            c.problems.append(f"{where}: phải là một đối tượng {{stt, ho_ten, chuc_vu}}.")
            continue
        c.unknown_keys(item, _SUBJECT_KEYS, f"{where}.")
        stt = c.count(item, "stt", f"{where}.stt", minimum=1)
        if stt and stt != i + 1:
            c.problems.append(f"{where}.stt: là {stt}, phải là {i + 1} (theo thứ tự trên phiếu).")
        out.append(
            SummarySubject(
                stt=stt,
                ho_ten=c.text(item, "ho_ten", f"{where}.ho_ten"),
                chuc_vu=c.text(item, "chuc_vu", f"{where}.chuc_vu"),
            )
        )
    return tuple(out)
