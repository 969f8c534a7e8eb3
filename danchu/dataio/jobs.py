"""The roster import as a background job (issue 16): 20,000 rows take about 20 seconds, too
long for a web request. The page stores the upload and starts the job; the worker checks the
whole file and writes all rows or none, exactly as :func:`danchu.dataio.roster.import_roster`
does at the command line, while the job's page shows how far it is."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from danchu.dataio import roster
from danchu.dataio.imports import open_bytes
from danchu.jobs import registry
from danchu.jobs.registry import Outcome

ROSTER = "roster_import"
COMMITTED = "roster.committed"
"""The mark written in the import's own transaction: a retried job finds it and writes nothing."""


def _counts(outcome: roster.RosterOutcome) -> dict[str, int]:
    return {
        "people": outcome.people,
        "assignments": outcome.assignments,
        "accounts": outcome.accounts,
    }


def _done(counts: dict[str, Any], unit_name: str) -> Outcome:
    return Outcome(
        True,
        f"Đã nhập {counts['people']} người, {counts['assignments']} chức vụ, "
        f"{counts['accounts']} tài khoản vào {unit_name}.",
        data=counts,
    )


def roster_import(ctx: Any) -> Outcome:
    job = ctx.job
    unit = job.unit
    committed = ctx.marked(COMMITTED)
    if committed is not None:  # an earlier attempt committed the whole file
        return _done(committed, unit.name)
    ctx.step(0, 0, "Đang đọc tệp")
    source = open_bytes(ctx.input_bytes(), ctx.params["file_name"])
    try:
        outcome = roster.import_roster(
            actor=job.started_by,
            unit=unit,
            source=source,
            progress=ctx.step,
            within=lambda done: ctx.mark(COMMITTED, _counts(done)),
        )
    except PermissionDenied:
        return Outcome(False, f"Người nhập không có quyền nhập danh sách cho {unit.name}.")
    if not outcome.ok:
        errors = [
            {"row": e.row, "column": e.column, "message": e.message}
            for e in outcome.result.sorted_errors()
        ]
        return Outcome(False, f"Không ghi gì: tệp có {len(errors)} lỗi.", errors=errors)
    return _done(_counts(outcome), unit.name)


registry.register(ROSTER, _("Import a roster"), roster_import)
