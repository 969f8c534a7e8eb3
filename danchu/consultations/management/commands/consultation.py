"""``danchu consultation regroup [PK …]``: group the opinions of consultations again.

Opinions are grouped when they arrive (issue 16); after bulk changes (opinions loaded or moved
by hand) this regroups them in reading order, as a new installation would.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danchu.consultations import services
from danchu.consultations.models import Consultation


class Command(BaseCommand):
    help = "Lấy ý kiến dự thảo. Lệnh con: regroup (nhóm lại các ý kiến tương tự)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="regroup")
        regroup = sub.add_parser(
            "regroup",
            help="Nhóm lại các ý kiến tương tự, trùng lặp theo từng điều (mặc định: mọi dự thảo).",
        )
        regroup.add_argument("pk", nargs="*", type=int, help="Mã các dự thảo cần nhóm lại.")

    def handle(self, *args: Any, **options: Any) -> None:
        consultations = Consultation.objects.order_by("pk")
        if options["pk"]:
            consultations = consultations.filter(pk__in=options["pk"])
        total = 0
        for c in consultations:
            changed = services.regroup_opinions(consultation=c)
            total += changed
            if changed:
                self.stdout.write(f"Dự thảo {c.pk}: {changed} ý kiến đổi nhóm.")
        self.stdout.write(f"Đã nhóm lại; {total} ý kiến đổi nhóm.")
