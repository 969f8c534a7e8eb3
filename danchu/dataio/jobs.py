"""The roster import as a background job (issue 16): 20,000 rows take about 20 seconds, too
long for a web request. The page stores the upload and starts the job; the worker checks the
whole file and writes all rows or none, exactly as :func:`danchu.dataio.roster.import_roster`
does at the command line, while the job's page shows how far it is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danchu.accounts import access
from danchu.dataio import roster
from danchu.dataio.exports import xlsx_bytes
from danchu.dataio.imports import open_bytes
from danchu.jobs import registry
from danchu.jobs.registry import Outcome
from danchu.people import selectors
from danchu.people.models import Assignment, Person

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


PEOPLE_EXPORT = "people_export"
EXPORT_STEP = 500


def people_sheet(user: Any, q: str = "", step: Any = None) -> tuple[list[str], Iterator[list[Any]]]:
    """The people list as the user may see it (VIEW_UNIT), with the same search as the page:
    headers and rows for :func:`danchu.dataio.exports.xlsx_bytes`."""
    people = access.scope(user, Person.objects.select_related("home_unit"), "home_unit")
    people = selectors.vietnamese_order(selectors.search(people, q))
    posts: dict[int, list[str]] = {}
    active = Assignment.objects.filter(person__in=people, end_date__isnull=True).select_related(
        "position", "agency"
    )
    for a in active:
        posts.setdefault(a.person_id, []).append(f"{a.position.name} — {a.agency.name}")
    headers = [
        gettext("Full name"),
        gettext("Gender"),
        gettext("Date of birth"),
        gettext("Unit"),
        gettext("Unit code"),
        gettext("Current posts"),
    ]
    total = people.count() if step is not None else 0

    def rows() -> Iterator[list[Any]]:
        for i, p in enumerate(people.iterator(chunk_size=2000)):
            if step is not None and i % EXPORT_STEP == 0:
                step(i, total, "Đang ghi từng người vào bảng tính")
            yield [
                p.full_name,
                p.get_gender_display(),
                p.date_of_birth,
                p.home_unit.name,
                p.home_unit.code,
                "; ".join(posts.get(p.pk, [])),
            ]

    return headers, rows()


def people_export(ctx: Any) -> Outcome:
    """The people export in the background: the whole country for Home Affairs of the
    ministry is hundreds of thousands of rows. Nothing is written but the result file, so a
    retried export simply makes the file again."""
    job = ctx.job
    with translation.override(ctx.params.get("language") or "vi"):
        ctx.step(0, 0, "Đang chọn những người bạn được xem")
        headers, rows = people_sheet(job.started_by, ctx.params.get("q", ""), ctx.step)
        data = xlsx_bytes(gettext("People list"), headers, rows)
    total = ctx.progress.total
    job.result_file.save("danh-sach-nguoi.xlsx", ContentFile(data), save=False)
    type(job).objects.filter(pk=job.pk).update(result_file=job.result_file.name)
    ctx.step(total, total, "")
    return Outcome(True, f"Đã xuất {total} người ra tệp Excel.", data={"people": total})


registry.register(PEOPLE_EXPORT, _("People list"), people_export)
