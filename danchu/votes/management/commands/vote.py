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

from danchu.formats import numbers
from danchu.votes import counting, rules
from danchu.votes.rules import LEVEL_LABELS, Level

OUTCOME_LABELS = {
    rules.Outcome.NONE: "—",
    rules.Outcome.OVER_HALF_LOW: "Trên 1/2 tín nhiệm thấp",
    rules.Outcome.TWO_THIRDS_LOW: "Từ 2/3 tín nhiệm thấp",
}


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

        c = action("count", "Kiểm phiếu từ tệp danh sách người được lấy phiếu và tệp phiếu.")
        c.add_argument(
            "--subjects", required=True, type=Path, help="Danh sách (stt, ho_ten, chuc_vu)"
        )
        c.add_argument(
            "--ballots", required=True, type=Path, help="Phiếu thu về (so_phieu, 1.., ghi_them)"
        )
        c.add_argument("--issued", required=True, type=int, help="Số phiếu phát ra")
        c.add_argument("--issued-serials", default=None, help="Số phiếu đã phát, vd. 1-45,50")
        c.add_argument("--convened", type=int, default=None, help="Số người được triệu tập")
        c.add_argument(
            "--present",
            type=int,
            default=None,
            help="Số người có mặt (đã điểm danh): số phiếu phát ra và thu về không được vượt",
        )
        c.add_argument(
            "--board-decision",
            default="",
            help="Quyết định của Ban kiểm phiếu về bất thường số phiếu (thu về hoặc phát ra "
            "nhiều hơn số người có mặt, thu về nhiều hơn phát ra); thiếu thì dừng với mã 3.",
        )
        c.add_argument(
            "--denominator",
            choices=[d.value for d in rules.Denominator],
            default=rules.Denominator.RETURNED.value,
            help="Mẫu số tính tỉ lệ CV9: returned (phiếu thu về, mặc định) hoặc convened "
            "(tổng số người được triệu tập, bỏ phiếu tín nhiệm tại HĐND).",
        )
        c.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
        c.add_argument("--minutes", type=Path, default=None, help="Ghi biên bản kiểm phiếu (PDF)")
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
        issued: int = opts["issued"]
        convened: int | None = opts["convened"]
        present: int | None = opts["present"]
        denominator = rules.Denominator(opts["denominator"])
        if issued < 0:
            raise CommandError("--issued: số phiếu phát ra không được âm.")
        if convened is not None and present is None:
            raise CommandError("--convened cần --present (số người có mặt).")
        if present is not None and present < 0:
            raise CommandError("--present: số người có mặt không được âm.")
        from danchu.core.text import nfc

        decision = nfc(opts.get("board_decision") or "")
        if denominator is rules.Denominator.CONVENED and convened is None:
            raise CommandError("--denominator convened cần --convened (số người được triệu tập).")
        if convened is not None and present is not None:
            if convened < 0 or present < 0 or present > convened:
                raise CommandError(f"--present ({present}) phải từ 0 đến --convened ({convened}).")
            q = rules.quorum(convened, present)
            if not q.met:
                raise CommandError(f"Không đủ điều kiện tiến hành hội nghị (CV3): {q.why}")
        serials = None
        if opts["issued_serials"] is not None:
            try:
                serials = rules.parse_serial_list(opts["issued_serials"])
            except ValueError as exc:
                raise CommandError(
                    f"--issued-serials: không hiểu «{exc}»; viết dạng 1-45,50."
                ) from None
        for key in ("subjects", "ballots"):
            if not opts[key].is_file():
                raise CommandError(f"--{key}: không tìm thấy tệp «{opts[key]}».")
        try:
            subjects = counting.read_subjects(opts["subjects"])
            ballots = counting.read_ballots(opts["ballots"], subjects)
        except counting.InputError as exc:
            raise CommandError(
                "Tệp không hợp lệ, chưa kiểm phiếu:\n" + "\n".join(exc.problems)
            ) from None
        result = counting.count(
            subjects,
            ballots,
            issued=issued,
            issued_serials=serials,
            denominator=denominator,
            convened=convened,
            present=present,
        )
        result.board_decision = decision
        blocking = result.needs_board_decision
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(result, convened, present))
        if blocking and not decision:
            raise CommandError(
                "Bất thường về số phiếu, Ban kiểm phiếu phải quyết định trước khi kết thúc "
                "kiểm phiếu: "
                + " ".join(a.text for a in blocking)
                + ' Chạy lại với --board-decision "…" (ghi vào biên bản). Chưa ghi biên bản.',
                returncode=3,
            )
        if opts["minutes"]:
            from dataclasses import replace

            from django.conf import settings

            from danchu.votes.services import OFFLINE_ONLY

            if not getattr(settings, "DANCHU_OFFLINE_HALL", False):
                raise CommandError(f"{OFFLINE_ONLY} Chưa ghi biên bản.", returncode=1)

            from danchu.votes.minutes import file_sha256, standalone_minutes_pdf

            shown = result
            if decision:  # the minutes list the board's decision with the anomalies
                note = rules.AnomalyNote(
                    rules.Anomaly.BOARD_DECISION, f"Quyết định của Ban kiểm phiếu: {decision}"
                )
                shown = replace(result, anomalies=[*result.anomalies, note])
            pdf = standalone_minutes_pdf(
                shown, convened, present, ballots_sha256=file_sha256(opts["ballots"])
            )
            opts["minutes"].write_bytes(pdf)
            if not opts["json"]:
                self.stdout.write(f"Đã ghi biên bản kiểm phiếu (MẬT): {opts['minutes']}")


def render_table(result: counting.CountResult, convened: int | None, present: int | None) -> str:
    lines = ["KẾT QUẢ KIỂM PHIẾU TÍN NHIỆM", ""]
    if convened is not None and present is not None:
        lines.append(rules.quorum(convened, present).why)
    elif present is not None:
        lines.append(f"Số người có mặt: {present}")
    lines.append(f"Số phiếu phát ra: {result.issued}    Số phiếu thu về: {result.returned}")
    lines.append(f"Tỉ lệ tính trên: {rules.DENOMINATOR_LABELS[result.denominator]}")
    lines.append("")
    head = (
        f"{'STT':>3}  {'Họ và tên':<28} {'Hợp lệ':>7} {'K.hợp lệ':>8} "
        + " ".join(f"{LEVEL_LABELS[lv]:>20}" for lv in Level)
        + "  Kết luận (CV9)"
    )
    lines.append(head)
    lines.append("-" * len(head))
    for s, t, d in zip(result.subjects, result.tallies, result.decisions, strict=True):
        levels = " ".join(
            f"{numbers.count_with_percent(t.counts[lv], t.pct(lv)):>20}" for lv in Level
        )
        lines.append(
            f"{s.stt:>3}  {s.full_name[:28]:<28} {t.valid:>7} {t.invalid:>8} {levels}  "
            f"{OUTCOME_LABELS[d.outcome]}"
        )
        lines.append(f"     {s.position}")
    lines.append("")
    if result.anomalies:
        lines.append("Bất thường:")
        lines.extend(f"  - {a.text}" for a in result.anomalies)
    else:
        lines.append("Không có bất thường.")
    if result.board_decision:
        lines.append(f"Quyết định của Ban kiểm phiếu: {result.board_decision}")
    return "\n".join(lines)
