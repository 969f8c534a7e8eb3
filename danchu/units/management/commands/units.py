"""``danchu units load [--map 2025|legacy|all]`` and ``danchu units stats [--json] [--on DATE]``."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from danchu.core import clock
from danchu.units import selectors, services


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"Tham số --on: «{value}» không phải ngày hợp lệ (dạng YYYY-MM-DD)."
        ) from None


def _num(n: int) -> str:
    """Vietnamese thousands separator: 10.035."""
    return f"{n:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Danh mục đơn vị hành chính: nạp bản đồ chính thức (load) và thống kê (stats)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load", help="Nạp hoặc cập nhật danh mục từ gói vietnamadminunits (chạy lại an toàn)."
        )
        load.add_argument(
            "--map",
            dest="which",
            default="all",
            choices=["2025", "legacy", "all"],
            help="2025: 34 tỉnh / 3.321 xã; legacy: 63 tỉnh / 696 huyện / 10.035 xã; all: cả hai.",
        )
        stats = sub.add_parser("stats", help="Đếm đơn vị có hiệu lực vào một ngày.")
        stats.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
        stats.add_argument(
            "--on", type=str, default=None, help="Ngày (YYYY-MM-DD), mặc định hôm nay."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            self._load(options["which"])
        else:
            on = _date(options["on"]) if options["on"] else clock.today()
            with translation.override(settings.LANGUAGE_CODE):
                self._stats(on, as_json=options["json"])

    def _load(self, which: str) -> None:
        from danchu.people.seed import ensure_positions

        started = time.monotonic()
        report = services.load_official_units(which=which)
        positions = ensure_positions()
        for version in report.created:
            self.stdout.write(
                f"Bản đồ {version}: thêm {report.created[version]}, cập nhật "
                f"{report.updated[version]}, giữ nguyên {report.unchanged[version]}."
            )
        self.stdout.write(f"Liên kết kế thừa 01/07/2025 mới: {report.successions_created}.")
        self.stdout.write(f"Chức danh mẫu: {positions} mới.")
        self.stdout.write(self.style.SUCCESS(f"Xong trong {time.monotonic() - started:.1f} giây."))

    def _stats(self, on: dt.date, *, as_json: bool) -> None:
        data = selectors.stats(on)
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Đơn vị có hiệu lực ngày {on:%d/%m/%Y}:")
        labels = {
            "province": "Cấp tỉnh",
            "district": "Cấp huyện",
            "commune": "Cấp xã",
            "village": "Thôn, tổ dân phố",
        }
        for key, n in data["by_level"].items():
            self.stdout.write(f"  {labels[key]}: {_num(n)}")
        for kind, n in data["by_kind"].items():
            self.stdout.write(f"    {selectors.kind_label(kind)}: {_num(n)}")
