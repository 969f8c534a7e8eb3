"""``danchu vote count``: count a confidence vote from two spreadsheet files.

    danchu vote count --subjects S.csv --ballots B.csv --issued 45 \\
        [--issued-serials 1-45] [--convened 48 --present 45] [--denominator returned|convened] \\
        [--json] [--minutes bien-ban.pdf]

The file formats are in docs/votes.md. Bad files stop with the row and column and exit code 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
        c = sub.add_parser(
            "count",
            help="Kiểm phiếu từ tệp danh sách người được lấy phiếu và tệp phiếu.",
            called_from_command_line=getattr(self, "_called_from_command_line", False),
        )
        c.add_argument(
            "--subjects", required=True, type=Path, help="Danh sách (stt, ho_ten, chuc_vu)"
        )
        c.add_argument(
            "--ballots", required=True, type=Path, help="Phiếu thu về (so_phieu, 1.., ghi_them)"
        )
        c.add_argument("--issued", required=True, type=int, help="Số phiếu phát ra")
        c.add_argument("--issued-serials", default=None, help="Số phiếu đã phát, vd. 1-45,50")
        c.add_argument("--convened", type=int, default=None, help="Số người được triệu tập")
        c.add_argument("--present", type=int, default=None, help="Số người có mặt")
        c.add_argument(
            "--denominator",
            choices=[d.value for d in rules.Denominator],
            default=rules.Denominator.RETURNED.value,
            help="Mẫu số tính tỉ lệ CV9: returned (phiếu thu về, mặc định) hoặc convened "
            "(tổng số người được triệu tập, bỏ phiếu tín nhiệm tại HĐND).",
        )
        c.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
        c.add_argument("--minutes", type=Path, default=None, help="Ghi biên bản kiểm phiếu (PDF)")
        m = sub.add_parser(
            "summary",
            help="Xuất phần không mật của một đợt (đã tổ chức, số người, số phiếu) ra JSON, "
            "để chuyển từ máy ngoại tuyến sang hệ thống trực tuyến.",
            called_from_command_line=getattr(self, "_called_from_command_line", False),
        )
        m.add_argument("round", type=int, help="Mã đợt lấy phiếu")
        m.add_argument("--out", type=Path, default=None, help="Tệp JSON (mặc định: in ra)")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "count":
            self.count(opts)
        elif opts["action"] == "summary":
            self.summary(opts)

    def summary(self, opts: dict[str, Any]) -> None:
        """The non-secret facts of a round (CV10/CV12): that it took place, when, where, how
        many were convened, present, issued and returned, and the audit anchor — never a
        subject's figures, which stay on the offline machine and in the sealed minutes."""
        from danchu.votes.models import VoteRound

        vote = VoteRound.objects.filter(pk=opts["round"]).select_related("authority").first()
        if vote is None:
            raise CommandError(f"Không có đợt lấy phiếu số {opts['round']}.")
        if not vote.has_result:
            raise CommandError("Đợt này chưa kết thúc kiểm phiếu.")
        data = {
            "title": vote.title,
            "authority": vote.authority.name,
            "vote_day": vote.vote_day.isoformat() if vote.vote_day else None,
            "place": vote.place,
            "status": vote.status,
            "convened": vote.convened_count,
            "present": vote.present_count,
            "issued": vote.issued_count,
            "returned": vote.returned_count,
            "subjects": [
                {"stt": s.order, "ho_ten": s.full_name, "chuc_vu": s.position_name}
                for s in vote.subjects.order_by("order")
            ],
            "minutes_number": vote.minutes_number,
            "audit": {"seq": vote.audit_seq, "hash": vote.audit_hash},
        }
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if opts["out"]:
            opts["out"].write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)

    def count(self, opts: dict[str, Any]) -> None:
        issued: int = opts["issued"]
        convened: int | None = opts["convened"]
        present: int | None = opts["present"]
        denominator = rules.Denominator(opts["denominator"])
        if issued < 0:
            raise CommandError("--issued: số phiếu phát ra không được âm.")
        if (convened is None) != (present is None):
            raise CommandError("--convened và --present phải đi cùng nhau.")
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
        )
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(result, convened, present))
        if opts["minutes"]:
            from danchu.votes.minutes import file_sha256, standalone_minutes_pdf

            pdf = standalone_minutes_pdf(
                result, convened, present, ballots_sha256=file_sha256(opts["ballots"])
            )
            opts["minutes"].write_bytes(pdf)
            if not opts["json"]:
                self.stdout.write(f"Đã ghi biên bản kiểm phiếu (MẬT): {opts['minutes']}")


def render_table(result: counting.CountResult, convened: int | None, present: int | None) -> str:
    lines = ["KẾT QUẢ KIỂM PHIẾU TÍN NHIỆM", ""]
    if convened is not None and present is not None:
        lines.append(rules.quorum(convened, present).why)
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
        levels = " ".join(f"{f'{t.counts[lv]} ({t.pct(lv)}%)':>20}" for lv in Level)
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
    return "\n".join(lines)
