from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.units.models import AdminUnit


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    roots = access.home_units(request.user)  # type: ignore[arg-type]
    if not roots and access.is_system_admin(request.user):
        roots = list(AdminUnit.objects.in_force(today).filter(parent__isnull=True))
    if not roots:
        raise PermissionDenied
    return render(request, "units/list.html", {"roots": roots, "today": today})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(AdminUnit, pk=pk)
    if not access.has_capability(request.user, Cap.VIEW_UNIT, unit):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "children": unit.children.in_force(today).order_by("name"),
            "agencies": unit.agencies.all(),
            "can_manage": access.has_capability(request.user, Cap.MANAGE_UNIT, unit),
            "ancestors": [
                a for a in unit.ancestors() if access.has_capability(request.user, Cap.VIEW_UNIT, a)
            ],
        },
    )
