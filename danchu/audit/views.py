from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.audit import outside, permissions, services, signing
from danchu.audit.models import AuditAnchor
from danchu.dataio.exports import xlsx_response


def _filtered(request: HttpRequest):  # type: ignore[no-untyped-def]
    entries = permissions.visible_entries(request.user)
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    who = request.GET.get("who", "").strip()
    if who:
        entries = entries.filter(actor_username__iexact=who)
    return entries.order_by("-seq"), action, who


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_audit(request.user):
        raise PermissionDenied
    entries, action, who = _filtered(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    seq, digest = services.anchor()
    public = outside.public_key(create=False)
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "action": action,
            "who": who,
            "anchor": (seq, digest),
            "public_key": signing.public_text(public) if public else "",
            "key_fingerprint": signing.fingerprint(public) if public else "",
            "signed": AuditAnchor.objects.order_by("-seq", "-pk").first(),
        },
    )


@login_required
def entry_export(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_audit(request.user):
        raise PermissionDenied
    entries, _action, _who = _filtered(request)
    headers = [
        _("Chain position"),
        _("Time"),
        _("User"),
        _("IP address"),
        _("Action"),
        _("Record"),
        _("Unit"),
        _("Changes"),
        _("Hash"),
    ]
    rows = (
        [
            e.seq,
            timezone.localtime(e.at).replace(tzinfo=None),
            e.actor_username,
            e.ip or "",
            e.action,
            e.target_repr,
            e.unit.name if e.unit else e.unit_code,
            services.changes_text(e.changes),
            e.hash,
        ]
        for e in entries[:50000]
    )
    return xlsx_response("nhat-ky-kiem-toan.xlsx", _("Audit trail"), headers, rows)


@login_required
def check(request: HttpRequest) -> HttpResponse:
    """Check a position and hash printed on a document, or a published signed line, against
    the trail."""
    if not permissions.can_check_anchor(request.user):
        raise PermissionDenied
    report = None
    seq_text = request.GET.get("seq", "").strip()
    digest = request.GET.get("hash", "").strip()
    error = ""
    line = request.GET.get("line", "").strip()[:400]
    if line:
        report = services.check_line(line)
    elif seq_text or digest:
        if not seq_text.isdigit() or len(digest) != 64:
            error = _("Enter the position (a number) and the 64-character code as printed.")
        else:
            report = services.check_anchor(int(seq_text), digest)
    return render(
        request,
        "audit/check.html",
        {"report": report, "seq": seq_text, "hash": digest, "line": line, "error": error},
    )
