"""``danchu calendar add-days DATE N [--working]``, ``is-working DATE``, ``days-off YEAR``.

For scripts and support: ``add-days`` prints the resulting date in ISO form, ``is-working``
prints ``yes`` or ``no``. Both use the swap table in the database (TM4).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.legalcal import calendar
from danchu.legalcal.models import CalendarSwap


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"Tham số {field}: «{value}» không phải ngày hợp lệ "
            "(dạng YYYY-MM-DD, ví dụ 2026-02-13)."
        ) from None


def _int(value: str, field: str, *, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise CommandError(f"Tham số {field}: «{value}» không phải số nguyên.") from None
    if not low <= number <= high:
        raise CommandError(f"Tham số {field}: {number} phải nằm trong khoảng {low} đến {high}.")
    return number


class Command(BaseCommand):
    help = "Lịch pháp lý: cộng ngày (TM1–TM3) và tra ngày làm việc (TM4)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser(
            "add-days",
            help="In ngày sau (hoặc trước, nếu N âm) DATE N ngày; --working: N ngày làm việc.",
        )
        add.add_argument("date", help="Ngày bắt đầu, không được tính (TM1), dạng YYYY-MM-DD.")
        add.add_argument("n", help="Số ngày; âm để đếm lùi («trước ít nhất N ngày»).")
        add.add_argument("--working", action="store_true", help="Chỉ đếm ngày làm việc (TM3).")
        check = sub.add_parser(
            "is-working", help="In «yes» nếu DATE là ngày làm việc, «no» nếu không."
        )
        check.add_argument("date", help="Ngày cần tra, dạng YYYY-MM-DD.")
        year = sub.add_parser(
            "days-off", help="Liệt kê ngày nghỉ trong tuần và thứ Bảy làm bù của một năm."
        )
        year.add_argument("year", help="Năm, ví dụ 2026.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "add-days":
            start = _date(options["date"], "DATE")
            n = _int(options["n"], "N", low=-36500, high=36500)
            try:
                result = calendar.add_days(start, n, working=options["working"])
            except calendar.DateOutOfRange as error:
                raise CommandError(str(error)) from None
            self.stdout.write(result.isoformat())
        elif action == "is-working":
            day = _date(options["date"], "DATE")
            try:
                calendar.check_range(day)
            except calendar.DateOutOfRange as error:
                raise CommandError(str(error)) from None
            self.stdout.write("yes" if calendar.is_working_day(day) else "no")
            if not CalendarSwap.objects.filter(date__year=day.year).exists():
                # stdout keeps its one word for scripts; the caveat goes to stderr.
                self.stderr.write(
                    f"Lưu ý: danchu chưa có bảng ngày nghỉ bù, làm bù của năm {day.year}; kết quả "
                    "chỉ tính thứ Bảy, Chủ nhật và ngày lễ theo Bộ luật Lao động (TM4)."
                )
        else:
            year = _int(options["year"], "YEAR", low=1995, high=2100)
            for day, reason in calendar.days_off_in(year):
                self.stdout.write(f"{day.isoformat()}\t{reason}")
