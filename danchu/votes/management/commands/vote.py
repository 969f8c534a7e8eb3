"""``danchu vote count``: count a confidence vote from two spreadsheet files; ``danchu vote
summary`` and ``danchu vote import-summary``: carry the non-secret facts of a vote held on the
offline laptop to the online installation (docs/offline-hall.md).

    danchu vote count --subjects S.csv --ballots B.csv --issued 45 \\
        [--issued-serials 1-45] [--convened 48] [--present 45] \\
        [--denominator returned|convened] [--board-decision "…"] [--json] [--minutes bien-ban.pdf]

The file formats are in docs/votes.md. Exit codes: 0 counted; 1 bad files or options (with the
row and column), or a failed quorum; 2 a usage error; 3 counted, but an anomaly of the counts
(returned > present, returned > issued, issued > present) needs the board's decision
(``--board-decision``), so no minutes were written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.votes import count_cli


class Command(BaseCommand):
    help = "Kiểm phiếu tín nhiệm (Quy định 96-QĐ/TW) từ tệp CSV/XLSX."
    # The count needs no URL, admin or model checks: skipping them saves most of a second on
    # the offline laptop (the platform's own commands still run them).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        from_shell = getattr(self, "_called_from_command_line", False)

        def action(name: str, text: str) -> CommandParser:
            parser: CommandParser = sub.add_parser(
                name, help=text, called_from_command_line=from_shell
            )
            return parser

        c = action("count", count_cli.HELP)
        count_cli.add_count_arguments(c)
        m = action(
            "summary",
            "Xuất phần không mật của một đợt (đã tổ chức, số người, số phiếu) ra JSON, "
            "để chuyển từ máy ngoại tuyến sang hệ thống trực tuyến.",
        )
        m.add_argument("round", type=int, help="Mã đợt lấy phiếu")
        m.add_argument("--out", type=Path, default=None, help="Tệp JSON (mặc định: in ra)")
        i = action(
            "import-summary",
            "Trên hệ thống trực tuyến: kiểm tra toàn bộ tệp tóm tắt rồi ghi nhận đợt lấy "
            "phiếu đã tổ chức và báo cáo cấp có thẩm quyền (CV12); chạy lại không ghi trùng.",
        )
        i.add_argument("file", type=Path, help="Tệp JSON do «danchu vote summary» ghi")
        i.add_argument("--as", dest="as_user", default=None, help="Tên đăng nhập của người nhập")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "count":
            self.count(opts)
        elif opts["action"] == "summary":
            self.summary(opts)
        elif opts["action"] == "import-summary":
            self.import_summary(opts)

    def summary(self, opts: dict[str, Any]) -> None:
        """On the offline laptop: the non-secret facts of a round (CV10/CV12), see
        :mod:`danchu.votes.summary` — never a subject's figures, which stay on the offline
        machine and in the sealed minutes."""
        from danchu.votes.models import VoteRound
        from danchu.votes.summary import build

        vote = (
            VoteRound.objects.filter(pk=opts["round"])
            .select_related("authority__superior", "office", "unit")
            .first()
        )
        if vote is None:
            raise CommandError(f"Không có đợt lấy phiếu số {opts['round']}.")
        if not vote.has_result:
            raise CommandError("Đợt này chưa kết thúc kiểm phiếu.")
        text = json.dumps(build(vote), ensure_ascii=False, indent=2)
        if opts["out"]:
            opts["out"].write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)

    def import_summary(self, opts: dict[str, Any]) -> None:
        """On the online installation: check the whole summary file, then record that the vote
        took place and was reported (CV12). Running it again with the same file changes
        nothing."""
        from danchu.accounts.models import User
        from danchu.votes import permissions, selectors, services
        from danchu.votes.summary import SummaryError, parse

        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp «{path}».")
        try:
            facts = parse(path.read_bytes())
        except SummaryError as exc:
            raise CommandError(
                f"Tệp «{path}» không hợp lệ, không ghi gì:\n"
                + "\n".join(f"  - {p}" for p in exc.problems)
            ) from None
        try:
            authority = selectors.held_vote_authority(
                facts.unit_code, facts.authority, facts.counted_on
            )
        except LookupError as exc:
            raise CommandError(f"{exc} Không ghi gì.") from None
        actor = None
        if opts["as_user"]:
            actor = User.objects.filter(username=opts["as_user"]).first()
            if actor is None:
                raise CommandError(f"Không có người dùng «{opts['as_user']}».")
            if not permissions.can_create_round(actor, authority.unit):
                raise CommandError(
                    f"«{actor}» không có quyền ghi nhận lấy phiếu tín nhiệm của "
                    f"{authority.unit.name}."
                )
        try:
            held, outcome = services.record_held_vote(actor=actor, authority=authority, facts=facts)
        except services.VoteError as exc:
            raise CommandError(str(exc)) from None
        said = {
            "created": "Đã ghi nhận",
            "updated": "Đã cập nhật (đã công bố kết quả)",
            "unchanged": "Đã ghi nhận từ trước, không thay đổi",
        }[outcome]
        self.stdout.write(
            f"{said}: «{held.title}» — {held.authority.name}, kiểm phiếu ngày "
            f"{held.counted_on:%d/%m/%Y}; báo cáo gửi {held.report_to} ngày "
            f"{held.report_on:%d/%m/%Y} (CV12). Mã kiểm toán máy ngoại tuyến: "
            f"vị trí {held.audit_seq}, {held.audit_hash[:16]}…"
        )

    def count(self, opts: dict[str, Any]) -> None:
        try:
            count_cli.run_count(opts, self.stdout.write)
        except count_cli.CountFailed as exc:
            raise CommandError(str(exc), returncode=exc.returncode) from None


render_table = count_cli.render_table  # issue 16: the count lives in ``count_cli``
OUTCOME_LABELS = count_cli.OUTCOME_LABELS
