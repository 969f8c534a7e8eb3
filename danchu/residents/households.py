"""Households of a village (Art. 18.2): typed one by one or imported from a spreadsheet.

A household row is never deleted: joining opens a row, moving or leaving closes it (``valid_to``,
the last day in the village), a new representative or address closes the row and opens the next
version. :func:`households_on` counts the households in force on a day: the denominator of every
community decision (LD7). Every write is one transaction with an audit entry.

Design choice (a commune office keeps a register, not a process step): a join, move or departure
typed for an earlier day needs a reason, shown in the audit trail; the first import of a
village's register may carry each household's start day without one (the register predates the
platform); a day still to come is always refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from danchu.audit.services import log
from danchu.core import clock
from danchu.core.text import TextRefused, clean_text, fold
from danchu.dataio.imports import Column, ImportResult, date, read_rows
from danchu.residents import permissions
from danchu.residents.models import EndReason, Household
from danchu.units.models import AdminUnit, Level


class HouseholdError(Exception):
    """A refused change: every problem in Vietnamese."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


def households_on(village: AdminUnit, on: dt.date) -> int:
    """LD7: the number of households of ``village`` in force on ``on``."""
    return Household.objects.filter(village=village).in_force(on).count()


def households_by_village(villages: list[AdminUnit], on: dt.date) -> dict[int, int]:
    """LD7: households in force on ``on`` per village id, in one query."""
    from django.db.models import Count

    rows = (
        Household.objects.filter(village__in=villages)
        .in_force(on)
        .values("village")
        .annotate(n=Count("id"))
    )
    counts = {v.pk: 0 for v in villages}
    counts.update({r["village"]: r["n"] for r in rows})
    return counts


def _text(value: str, label: str, problems: list[str], max_length: int) -> str:
    try:
        cleaned = clean_text(value or "", max_length=max_length)
    except TextRefused as refused:
        problems.append(f"{label}: {refused}")
        return ""
    if not cleaned:
        problems.append(f"{label}: không được để trống.")
    return cleaned


def _day_problems(on: dt.date, today: dt.date, reason: str, what: str) -> list[str]:
    if on > today:
        return [f"{what} {on:%d/%m/%Y} chưa đến: không ghi được việc chưa xảy ra."]
    if on < today and not reason.strip():
        return [f"{what} {on:%d/%m/%Y} sớm hơn hôm nay: ghi lùi ngày cần nêu lý do."]
    return []


def _check_village(actor: Any, village: AdminUnit) -> None:
    if village.level != Level.VILLAGE:
        raise HouseholdError("Hộ gia đình thuộc một thôn, tổ dân phố.")
    if actor is not None and not permissions.can_manage_households(actor, village):
        raise PermissionDenied


def add_household(
    *,
    actor: Any,
    village: AdminUnit,
    number: str,
    representative: str,
    address: str,
    on: dt.date | None = None,
    reason: str = "",
    previous: Household | None = None,
) -> Household:
    """A household joins ``village`` on ``on`` (default today)."""
    _check_village(actor, village)
    today = clock.today()
    on = on or today
    problems: list[str] = []
    number = _text(number, "Số hộ", problems, 30)
    representative = _text(representative, "Chủ hộ (người đại diện)", problems, 200)
    address = _text(address, "Địa chỉ", problems, 300)
    problems += _day_problems(on, today, reason, "Ngày đến")
    if number and (
        Household.objects.filter(village=village, number=number)
        .filter(valid_to__isnull=True)
        .exclude(pk=previous.pk if previous is not None else 0)
        .exists()
    ):
        problems.append(f"Số hộ «{number}» đang có trong thôn.")
    if problems:
        raise HouseholdError(problems)
    with transaction.atomic():
        household = Household.objects.create(
            village=village,
            number=number,
            representative=representative,
            address=address,
            valid_from=on,
            previous=previous,
            created_at=clock.now(),
        )
        log(
            actor=actor,
            action="residents.household.added",
            target=household,
            unit=village,
            changes={"from": on.isoformat(), **({"reason": reason} if reason else {})},
        )
    return household


def _close(household: Household, on: dt.date, why: EndReason) -> None:
    if household.valid_to is not None:
        raise HouseholdError("Hộ này đã kết thúc; sửa phiên bản đang có hiệu lực.")
    if on < household.valid_from:
        raise HouseholdError(
            f"Ngày {on:%d/%m/%Y} trước ngày hộ vào thôn ({household.valid_from:%d/%m/%Y})."
        )
    household.valid_to = on
    household.end_reason = why
    household.save(update_fields=["valid_to", "end_reason"])


def change_household(
    *,
    actor: Any,
    household: Household,
    representative: str,
    address: str,
    on: dt.date | None = None,
    reason: str = "",
) -> Household:
    """A new representative or address from ``on``: the old version ends the day before."""
    _check_village(actor, household.village)
    today = clock.today()
    on = on or today
    problems = _day_problems(on, today, reason, "Ngày thay đổi")
    if on <= household.valid_from:
        problems.append(
            f"Ngày thay đổi phải sau ngày bắt đầu của phiên bản hiện tại "
            f"({household.valid_from:%d/%m/%Y})."
        )
    if problems:
        raise HouseholdError(problems)
    with transaction.atomic():
        _close(household, on - dt.timedelta(days=1), EndReason.CHANGED)
        return add_household(
            actor=None,
            village=household.village,
            number=household.number,
            representative=representative,
            address=address,
            on=on,
            reason=reason or "thay đổi thông tin hộ",
            previous=household,
        )


def move_household(
    *,
    actor: Any,
    household: Household,
    to_village: AdminUnit,
    number: str,
    address: str,
    on: dt.date | None = None,
    reason: str = "",
) -> Household:
    """The household moves to ``to_village`` on ``on``: its last day in the old village is the
    day before."""
    _check_village(actor, household.village)
    _check_village(actor, to_village)
    today = clock.today()
    on = on or today
    problems = _day_problems(on, today, reason, "Ngày chuyển")
    if to_village.pk == household.village_id:
        problems.append("Thôn chuyển đến trùng thôn hiện tại.")
    if problems:
        raise HouseholdError(problems)
    with transaction.atomic():
        _close(household, on - dt.timedelta(days=1), EndReason.MOVED)
        moved = add_household(
            actor=None,
            village=to_village,
            number=number,
            representative=household.representative,
            address=address,
            on=on,
            reason=reason or "chuyển thôn",
            previous=household,
        )
        log(
            actor=actor,
            action="residents.household.moved",
            target=household,
            unit=household.village,
            changes={"to": to_village.pk, "on": on.isoformat()},
        )
    return moved


def end_household(
    *, actor: Any, household: Household, on: dt.date | None = None, reason: str = ""
) -> Household:
    """The household leaves the commune (or is dissolved): ``on`` is its last day."""
    _check_village(actor, household.village)
    today = clock.today()
    on = on or today
    problems = _day_problems(on, today, reason, "Ngày rời đi")
    if problems:
        raise HouseholdError(problems)
    with transaction.atomic():
        _close(household, on, EndReason.LEFT)
        log(
            actor=actor,
            action="residents.household.left",
            target=household,
            unit=household.village,
            changes={"to": on.isoformat(), **({"reason": reason} if reason else {})},
        )
    return household


# --------------------------------------------------------------------------------------------
# Import (whole-file check, all or nothing)
# --------------------------------------------------------------------------------------------

COLUMNS = (
    Column("number", "so_ho", aliases=("số hộ", "ma_ho", "mã hộ")),
    Column("representative", "chu_ho", aliases=("chủ hộ", "dai_dien", "người đại diện")),
    Column("address", "dia_chi", aliases=("địa chỉ",)),
    Column("valid_from", "tu_ngay", aliases=("từ ngày",), required=False, parse=date),
)


@dataclass
class HouseholdImport:
    result: ImportResult
    rows: list[dict[str, Any]] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        return self.result.ok


def check_households(*, actor: Any, village: AdminUnit, source: Any) -> HouseholdImport:
    """Read and check the whole file; nothing is written."""
    _check_village(actor, village)
    result = read_rows(source, COLUMNS)
    outcome = HouseholdImport(result)
    today = clock.today()
    in_force = set(
        Household.objects.filter(village=village, valid_to__isnull=True).values_list(
            "number", flat=True
        )
    )
    in_force_folded = {fold(n) for n in in_force}
    seen: dict[str, int] = {}
    for line, row in result.numbered():
        number = row.get("number")
        if number:
            if len(number) > 30:
                result.add(line, "so_ho", "Số hộ dài quá 30 ký tự.")
            key = fold(number)
            if key in seen:
                result.add(line, "so_ho", f"Số hộ «{number}» đã có ở dòng {seen[key]}.")
            else:
                seen[key] = line
            if key in in_force_folded:
                result.add(line, "so_ho", f"Số hộ «{number}» đang có trong thôn.")
        if row.get("representative") and len(row["representative"]) > 200:
            result.add(line, "chu_ho", "Tên chủ hộ dài quá 200 ký tự.")
        if row.get("address") and len(row["address"]) > 300:
            result.add(line, "dia_chi", "Địa chỉ dài quá 300 ký tự.")
        start = row.get("valid_from")
        if isinstance(start, dt.date) and start > today:
            result.add(line, "tu_ngay", f"Ngày {start:%d/%m/%Y} chưa đến.")
        outcome.rows.append(row)
    return outcome


def import_households(*, actor: Any, village: AdminUnit, source: Any) -> HouseholdImport:
    """Check the whole file, then write every household, or nothing if any row has a problem."""
    outcome = check_households(actor=actor, village=village, source=source)
    if not outcome.ok:
        return outcome
    today = clock.today()
    now = clock.now()
    with transaction.atomic():
        created = Household.objects.bulk_create(
            [
                Household(
                    village=village,
                    number=row["number"],
                    representative=row["representative"],
                    address=row["address"],
                    valid_from=row.get("valid_from") or today,
                    created_at=now,
                )
                for row in outcome.rows
            ]
        )
        outcome.created = len(created)
        log(
            actor=actor,
            action="residents.households.imported",
            target=village,
            unit=village,
            changes={"created": outcome.created},
        )
    return outcome
