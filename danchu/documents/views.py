"""Sample documents for officials: see what the platform prints, as PDF and as DOCX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from danchu.documents.permissions import can_preview_samples
from danchu.documents.render import render_docx, render_pdf
from danchu.documents.samples import SAMPLES
from danchu.web.responses import DOCX, PDF, file_response

LABELS = {
    "plan": _("Plan of a commune People's Committee (Decree 30/2020/NĐ-CP)"),
    "minutes": _("Minutes of a ballot count, with a tally table and the audit line"),
    "party": _("Decision of a Party committee, marked secret, copy 1 of 3"),
}


@login_required
def samples(request: HttpRequest) -> HttpResponse:
    if not can_preview_samples(request.user):
        raise PermissionDenied
    return render(request, "documents/samples.html", {"samples": [(k, LABELS[k]) for k in SAMPLES]})


@login_required
def sample_file(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if not can_preview_samples(request.user):
        raise PermissionDenied
    if name not in SAMPLES or fmt not in ("pdf", "docx"):
        raise Http404
    doc = SAMPLES[name]()
    copy = 1 if doc.copies else None
    if fmt == "pdf":
        return file_response(render_pdf(doc, copy=copy), f"mau-{name}.pdf", PDF, inline=True)
    return file_response(render_docx(doc, copy=copy), f"mau-{name}.docx", DOCX)
