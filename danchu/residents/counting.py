"""The standalone count of a community decision (``danchu residents count``; LD3, LD6, LD7,
LD14).

No database: the numbers typed on the command line and, commune-wide, a villages file (CSV or
XLSX read with :mod:`danchu.dataio.imports`: NFC, legacy encodings refused) with the columns
``thon``, ``so_ho``, ``dong_y``. Everything is checked before anything is counted and every
problem is reported at once, in Vietnamese, naming its rule or its row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from danchu.core.text import fold
from danchu.dataio import imports
from danchu.dataio.imports import Column
from danchu.formats.numbers import number
from danchu.residents import rules
from danchu.residents.rules import Form, Matter, Outcome, Scope, VillageCount

MAX_ERRORS_SHOWN = 50

VILLAGE_COLUMNS = (
    Column("thon", "thon", aliases=("thôn", "ten_thon", "tên thôn")),
    Column("so_ho", "so_ho", aliases=("số hộ", "so ho")),
    Column("dong_y", "dong_y", aliases=("đồng ý", "dong y")),
)


class InputError(Exception):
    """Bad input: every problem, each naming its rule or its row and column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CountRequest:
    matter: Matter
    scope: Scope
    form: Form
    households: int
    present: int | None = None
    agree: int | None = None
    online_consent: int | None = None
    villages: Path | None = None


@dataclass
class CountResult:
    outcome: Outcome
    warnings: list[str] = field(default_factory=list)


def _whole(value: Any) -> int:
    text = imports.text(value).strip().replace(" ", "")
    if text.startswith("+"):
        text = text[1:]
    if text.lstrip("-").isdigit():
        return int(text)
    raise ValueError(f"«{imports.text(value)}» không phải là số nguyên.")


def read_villages(source: Any, label: str = "--villages") -> tuple[list[VillageCount], list[str]]:
    """The villages file, checked whole: (villages, problems). LD7: one row per village,
    households and agreeing households whole numbers, not negative, agree ≤ households, no
    village twice."""
    columns = tuple(
        Column(
            c.key, c.header, aliases=c.aliases, parse=_whole if c.key != "thon" else imports.text
        )
        for c in VILLAGE_COLUMNS
    )
    result = imports.read_rows(source, columns)
    seen: dict[str, int] = {}
    villages: list[VillageCount] = []
    for line, row in result.numbered():
        name, households, agree = row.get("thon"), row.get("so_ho"), row.get("dong_y")
        if isinstance(households, int) and households < 0:
            result.add(line, "so_ho", f"Số hộ không được là số âm ({households}).")
        elif households == 0:
            result.add(line, "so_ho", "Thôn phải có ít nhất 1 hộ.")
        if isinstance(agree, int) and agree < 0:
            result.add(line, "dong_y", f"Số hộ đồng ý không được là số âm ({agree}).")
        if (
            isinstance(households, int)
            and isinstance(agree, int)
            and households >= 0
            and agree > households
        ):
            result.add(
                line,
                "dong_y",
                f"Số hộ đồng ý ({agree}) lớn hơn số hộ của thôn ({households}) — LD7.",
            )
        if isinstance(name, str) and name:
            key = fold(name)
            if key in seen:
                result.add(
                    line,
                    "thon",
                    f"Thôn «{name}» đã có ở dòng {seen[key]}: mỗi thôn một dòng — LD7.",
                )
            else:
                seen[key] = line
        if isinstance(name, str) and isinstance(households, int) and isinstance(agree, int):
            villages.append(VillageCount(name, households, agree))
    problems = [f"Tệp {label}: {e}" for e in result.sorted_errors()]
    return villages, problems


def count(request: CountRequest) -> CountResult:
    """Check everything, then count (LD3, LD6, LD7, LD14); ``InputError`` lists every problem."""
    warnings: list[str] = []
    villages: list[VillageCount] = []
    file_problems: list[str] = []
    commune_file = request.scope is Scope.COMMUNE and request.villages is not None
    if request.villages is not None:
        if request.scope is Scope.VILLAGE:
            file_problems.append(
                "--villages chỉ dùng khi tính trong phạm vi xã (--scope xa); phạm vi thôn dùng "
                "--households và --agree."
            )
        elif not request.villages.is_file():
            file_problems.append(f"Không tìm thấy tệp --villages «{request.villages}».")
        else:
            villages, file_problems = read_villages(request.villages)
    summed = commune_file and bool(villages) and not file_problems
    households = sum(v.households for v in villages) if summed else request.households
    problems = [
        str(p)
        for p in rules.count_problems(
            request.matter,
            request.scope,
            request.form,
            households=households,
            agree=request.agree,
            present=request.present,
            online_consent=request.online_consent,
            has_villages=request.villages is not None,
        )
    ]
    if summed and request.households < 0:
        problems.append(f"--households không được là số âm ({request.households}). — LD7")
    problems += file_problems
    if problems:
        raise InputError(problems)
    if commune_file:
        if request.households != households:
            warnings.append(
                f"Lưu ý: --households {request.households} khác tổng số hộ trong tệp "
                f"({households}); dùng tổng trong tệp."
            )
        if request.matter in rules.CONTRIBUTION_MATTERS:
            return CountResult(
                rules.count_commune(request.matter, request.form, villages), warnings
            )
        agree = sum(v.agree for v in villages)
        if request.agree is not None and request.agree != agree:
            warnings.append(
                f"Lưu ý: --agree {request.agree} khác tổng số hộ đồng ý trong tệp ({agree}); "
                "dùng tổng trong tệp."
            )
        total = rules.count_village(
            request.matter,
            request.form,
            households=households,
            agree=agree,
            present=request.present,
        )
        per_village = rules.count_commune(request.matter, request.form, villages)
        return CountResult(
            replace(
                total,
                villages=per_village.villages,
                villages_passed=per_village.villages_passed,
                villages_total=per_village.villages_total,
            ),
            warnings,
        )
    outcome = rules.count_village(
        request.matter,
        request.form,
        households=request.households,
        agree=request.agree,
        present=request.present,
    )
    return CountResult(outcome, warnings)


def format_text(request: CountRequest, outcome: Outcome) -> str:
    """The result in readable Vietnamese lines."""
    matter = request.matter
    scope = "xã" if request.scope is Scope.COMMUNE else "thôn"
    lines = [
        f"Việc: mục {rules.MATTER_NUMBER[matter]} — {rules.MATTER_LABEL[matter]}",
        f"Phạm vi: {scope}; hình thức: {rules.FORM_LABEL[request.form]}",
        f"Kết quả: {'ĐẠT' if outcome.passed else 'KHÔNG ĐẠT'}",
        f"Quy tắc: {outcome.rule} (ngưỡng {outcome.threshold})",
        f"Tổng số hộ: {number(outcome.households)}",
    ]
    if outcome.present is not None:
        lines.append(f"Số hộ dự họp/trả phiếu: {number(outcome.present)}")
    if outcome.agree is not None:
        lines.append(f"Số hộ đồng ý: {number(outcome.agree)}")
    lines.append(f"Số hộ đồng ý ít nhất để đạt: {number(outcome.needed)}")
    if outcome.villages_total is not None:
        lines.append(
            f"Số thôn đạt: {outcome.villages_passed}/{outcome.villages_total}"
            + (
                f" (cần ít nhất {outcome.villages_needed} thôn)"
                if outcome.villages_needed is not None
                else ""
            )
        )
        for v in outcome.villages:
            verdict = "đạt" if v.passed else "không đạt"
            lines.append(
                f"  - {v.village.name}: {number(v.village.agree)}/{number(v.village.households)}"
                f" hộ đồng ý (cần {number(v.needed)}) — {verdict}"
            )
    lines.append(f"Lý do: {outcome.why}")
    if outcome.next_step == rules.HOUSEHOLD_BALLOT:
        lines.append("Bước tiếp theo: phát phiếu lấy ý kiến hộ gia đình (Điều 19.1.b)")
    return "\n".join(lines)
