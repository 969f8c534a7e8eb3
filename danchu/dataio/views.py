from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.dataio import permissions, roster, villages
from danchu.dataio.exports import XLSX_MIME, xlsx_response
from danchu.dataio.forms import ImportForm
from danchu.dataio.imports import template_bytes
from danchu.dataio.jobs import PEOPLE_EXPORT, ROSTER, people_sheet
from danchu.jobs import services as jobs
from danchu.web.responses import CSV, file_response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not permissions.can_export_people(request.user):
        raise PermissionDenied
    return render(
        request, "dataio/index.html", {"can_import": permissions.can_import(request.user)}
    )


@login_required
def people_export(request: HttpRequest) -> HttpResponse:
    """The people list as XLSX: the same people (scoped by access) and the same search."""
    if not permissions.can_export_people(request.user):
        raise PermissionDenied
    headers, rows = people_sheet(request.user, request.GET.get("q", ""))
    return xlsx_response("danh-sach-nguoi.xlsx", _("People list"), headers, rows)


@login_required
@require_POST
def people_export_job(request: HttpRequest) -> HttpResponse:
    """The same export made by a background job (issue 16): the page shows its progress and
    then the file to download, however many people the user may see."""
    if not permissions.can_export_people(request.user):
        raise PermissionDenied
    job = jobs.start(
        kind=PEOPLE_EXPORT,
        params={"q": request.POST.get("q", "")[:200], "language": request.LANGUAGE_CODE},
        user=request.user,
        unit=None,
        request=request,
    )
    return redirect("jobs:detail", job.pk)


def _template_response(kind: str, fmt: str) -> HttpResponse:
    module: Any = roster if kind == "roster" else villages
    fmt = "csv" if fmt == "csv" else "xlsx"
    data = template_bytes(module.COLUMNS, module.EXAMPLE_ROWS, fmt)
    name = f"mau-{'danh-sach-nguoi' if kind == 'roster' else 'thon-to-dan-pho'}.{fmt}"
    return file_response(data, name, CSV if fmt == "csv" else XLSX_MIME)


@login_required
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    if not permissions.can_import(request.user):
        raise PermissionDenied
    if kind not in {"roster", "villages"}:
        raise Http404
    return _template_response(kind, request.GET.get("format", "xlsx"))


def _import_page(request: HttpRequest, kind: str) -> HttpResponse:
    if not permissions.can_import(request.user):
        raise PermissionDenied
    communes_only = kind == "villages"
    outcome: roster.RosterOutcome | villages.VillageOutcome | None = None
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        communes_only=communes_only,
        initial={"unit": getattr(request, "active_unit", None)},
    )
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        if not permissions.can_import_to(request.user, unit):
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        if kind == "roster":
            # Issue 16: the check and the all-or-nothing write run in a background job; its
            # page shows the progress bar, then the result or every problem with its row.
            job = jobs.start(
                kind=ROSTER,
                params={"file_name": upload.name},
                user=request.user,
                unit=unit,
                input_file=(upload.name, upload.read()),
                request=request,
            )
            return redirect("jobs:detail", job.pk)
        else:
            outcome = villages.import_villages(
                actor=request.user, commune=unit, source=upload, request=request
            )
    module: Any = roster if kind == "roster" else villages
    return render(
        request,
        "dataio/import.html",
        {
            "form": form,
            "kind": kind,
            "outcome": outcome,
            "errors": outcome.result.sorted_errors() if outcome else [],
            "columns": module.COLUMNS,
        },
        status=422 if outcome is not None and not outcome.ok else 200,
    )


@login_required
def roster_import(request: HttpRequest) -> HttpResponse:
    return _import_page(request, "roster")


@login_required
def village_import(request: HttpRequest) -> HttpResponse:
    return _import_page(request, "villages")
