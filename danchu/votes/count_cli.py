"""``danchu vote count`` without Django: the options, the count and its table (issue 16).

The Django command (``danchu.votes.management.commands.vote``) and the standalone run of
``danchu/__main__.py`` share this module, so both give the same output, messages and exit codes;
the standalone run imports neither Django nor any model, which was most of the count's time.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from danchu.formats import numbers
from danchu.votes import counting, rules
from danchu.votes.rules import LEVEL_LABELS, Level

OUTCOME_LABELS = {
    rules.Outcome.NONE: "—",
    rules.Outcome.OVER_HALF_LOW: "Trên 1/2 tín nhiệm thấp",
    rules.Outcome.TWO_THIRDS_LOW: "Từ 2/3 tín nhiệm thấp",
}

PROG = "danchu vote count"
HELP = "Kiểm phiếu từ tệp danh sách người được lấy phiếu và tệp phiếu."


class CountFailed(Exception):
    """A refused count: the message (Vietnamese) and the command's exit code."""

    def __init__(self, message: str, returncode: int = 1) -> None:
        super().__init__(message)
        self.returncode = returncode


def add_count_arguments(c: argparse.ArgumentParser) -> None:
    """The options of ``danchu vote count`` (the Django command's and the standalone run's)."""
    c.add_argument("--subjects", required=True, type=Path, help="Danh sách (stt, ho_ten, chuc_vu)")
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


def run_count(opts: dict[str, Any], write: Callable[[str], Any]) -> None:
    """The count itself: checks the options and files, counts, writes the result through
    ``write`` (a line at a time, as Django's command output does); raises :class:`CountFailed`
    with the message and exit code."""
    issued: int = opts["issued"]
    convened: int | None = opts["convened"]
    present: int | None = opts["present"]
    denominator = rules.Denominator(opts["denominator"])
    if issued < 0:
        raise CountFailed("--issued: số phiếu phát ra không được âm.")
    if convened is not None and present is None:
        raise CountFailed("--convened cần --present (số người có mặt).")
    if present is not None and present < 0:
        raise CountFailed("--present: số người có mặt không được âm.")
    from danchu.core.text import nfc

    decision = nfc(opts.get("board_decision") or "")
    if denominator is rules.Denominator.CONVENED and convened is None:
        raise CountFailed("--denominator convened cần --convened (số người được triệu tập).")
    if convened is not None and present is not None:
        if convened < 0 or present < 0 or present > convened:
            raise CountFailed(f"--present ({present}) phải từ 0 đến --convened ({convened}).")
        q = rules.quorum(convened, present)
        if not q.met:
            raise CountFailed(f"Không đủ điều kiện tiến hành hội nghị (CV3): {q.why}")
    serials = None
    if opts["issued_serials"] is not None:
        try:
            serials = rules.parse_serial_list(opts["issued_serials"])
        except ValueError as exc:
            raise CountFailed(f"--issued-serials: không hiểu «{exc}»; viết dạng 1-45,50.") from None
    for key in ("subjects", "ballots"):
        if not opts[key].is_file():
            raise CountFailed(f"--{key}: không tìm thấy tệp «{opts[key]}».")
    try:
        subjects = counting.read_subjects(opts["subjects"])
        ballots = counting.read_ballots(opts["ballots"], subjects)
    except counting.InputError as exc:
        raise CountFailed(
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
        write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        write(render_table(result, convened, present))
    if blocking and not decision:
        raise CountFailed(
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
            raise CountFailed(f"{OFFLINE_ONLY} Chưa ghi biên bản.", returncode=1)

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
            write(f"Đã ghi biên bản kiểm phiếu (MẬT): {opts['minutes']}")


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
