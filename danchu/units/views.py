from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.units import permissions, services
from danchu.units.forms import VillageForm
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
    if not permissions.can_view(request.user, unit):
        raise PermissionDenied
    can_add_village = permissions.can_add_village(request.user, unit)
    return _render_detail(request, unit, VillageForm(commune=unit) if can_add_village else None)


def _render_detail(
    request: HttpRequest, unit: AdminUnit, village_form: VillageForm | None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "children": unit.children.in_force(today).order_by("code", "name"),
            "agencies": unit.agencies.all(),
            "can_manage": access.has_capability(request.user, Cap.MANAGE_UNIT, unit),
            "village_form": village_form,
            "successors": [s.successor for s in unit.successions.select_related("successor")],
            "predecessors": [
                p.predecessor for p in unit.predecessions.select_related("predecessor")
            ],
            "ancestors": [a for a in unit.ancestors() if permissions.can_view(request.user, a)],
        },
        status=status,
    )


@login_required
def village_create(request: HttpRequest, pk: int) -> HttpResponse:
    commune = get_object_or_404(AdminUnit, pk=pk)
    if not permissions.can_add_village(request.user, commune):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("units:detail", pk=commune.pk)
    form = VillageForm(request.POST, commune=commune)
    if not form.is_valid():
        return _render_detail(request, commune, form, status=400)
    village = services.add_village(
        actor=request.user, commune=commune, request=request, **form.cleaned_data
    )
    messages.success(request, _("Added %(name)s.") % {"name": village.name})
    return redirect("units:detail", pk=commune.pk)
