from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from danchu.jobs import permissions, registry, selectors
from danchu.jobs.models import Job

PAGE = 25


def _visible(request: HttpRequest, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("unit", "started_by", "document"), pk=pk)
    if not permissions.can_view(request.user, job):
        raise Http404  # the existence of someone else's job is not revealed
    return job


def _context(job: Job) -> dict[str, object]:
    return {
        "job": job,
        "kind_label": registry.label(job.kind),
        "reminders": job.reminders.select_related("user").order_by("pk")[:50]
        if job.kind == "deadline_reminders"
        else [],
    }


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.my_jobs(request.user), PAGE).get_page(request.GET.get("page"))
    rows = [(job, registry.label(job.kind)) for job in page]
    return render(request, "jobs/index.html", {"page": page, "rows": rows})


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible(request, pk)
    return render(request, "jobs/detail.html", _context(job))


@login_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the job page polls (htmx); once finished it stops polling and
    the page is reloaded by htmx to show the result and errors."""
    job = _visible(request, pk)
    response = render(request, "jobs/_progress.html", _context(job))
    if job.finished and request.htmx:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The document the job issued, byte for byte as issued; to its owner only (a job's page is
    seen by the unit, a document may be meant for fewer people), never a secret one."""
    from danchu.documents import issuing

    job = _visible(request, pk)
    doc = job.document
    if doc is None or job.started_by_id != request.user.pk or doc.secret:
        raise Http404
    if fmt not in issuing.formats(doc):
        raise Http404
    return issuing.response(doc, fmt, f"van-ban-{doc.pk}.{fmt}")
