"""``danchu demo``: build the demo world on the real map, idempotently, and print the logins.

The shared part (units, agencies, people, accounts) is ``danchu.testing.demo.build_demo``; each
process app with a ``danchu/<app>/demo.py`` adds its records through ``build(demo)``.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from danchu.testing.demo import DemoWorld, build_demo, demo_people

PROCESS_APPS = (
    "votes",
    "surveys",
    "consultations",
    "classification",
    "disclosures",
    "residents",
    "villages",
    "oversight",
    "satisfaction",
    "dialogues",
    "complaints",
)


def app_builders() -> list[tuple[str, Any]]:
    """``build`` of each process app that has a ``demo`` module."""
    found = []
    for app in PROCESS_APPS:
        name = f"danchu.{app}.demo"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        found.append((app, module.build))
    return found


def run_demo(today: dt.date | None = None) -> tuple[DemoWorld, list[tuple[str, str, str]]]:
    """Build everything in one transaction; return the world and the apps' (app, user, what)."""
    with transaction.atomic():
        demo = build_demo(today)
        extra: list[tuple[str, str, str]] = []
        for app, build in app_builders():
            for username, description in build(demo) or []:
                extra.append((app, username, description))
    return demo, extra


class Command(BaseCommand):
    help = "Tạo dữ liệu trình diễn trên bản đồ thật (tỉnh Quảng Ngãi); chạy lại an toàn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", default=None, help="Ngày coi là hôm nay (YYYY-MM-DD), mặc định hôm nay."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"Tham số --today: «{options['today']}» không phải ngày (YYYY-MM-DD)."
                ) from None
        demo, extra = run_demo(today)
        self.stdout.write(
            f"{demo.province.name}: {len(demo.communes)} đơn vị cấp xã, "
            f"{sum(len(v) for v in demo.villages.values())} thôn/tổ dân phố, "
            f"{demo_people(demo)} người, nhiệm kỳ {demo.term.name}."
        )
        rows = [(x.username, x.password, x.role, x.where) for x in demo.login_table()]
        header = ("Tên đăng nhập", "Mật khẩu", "Vai trò", "Đơn vị / hồ sơ")
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(4)]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write("")
        self.stdout.write(line.format(*header))
        self.stdout.write(line.format(*("-" * w for w in widths)))
        for row in rows:
            self.stdout.write(line.format(*row))
        if extra:
            self.stdout.write("")
            self.stdout.write("Dữ liệu của các quy trình:")
            for app, username, description in extra:
                self.stdout.write(f"  [{app}] {username}: {description}")
