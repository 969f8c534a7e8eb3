from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.core import clock
from danchu.dataio.exports import xlsx_response
from danchu.units import permissions, selectors, services
from danchu.units.forms import VillageCloseForm, VillageEditForm, VillageForm
from danchu.units.models import AdminUnit, Level
from danchu.units.picker import PICKER_CAPS, picker_scope


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    today = clock.today()
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
    today = clock.today()
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "children": unit.children.in_force(today).order_by("code", "name"),
            "agencies": unit.agencies.all(),
            "can_manage": access.has_capability(request.user, Cap.MANAGE_UNIT, unit),
            "can_edit_village": permissions.can_edit_village(request.user, unit),
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


def _village_for_edit(request: HttpRequest, pk: int) -> AdminUnit:
    village = get_object_or_404(AdminUnit.objects.select_related("parent"), pk=pk)
    if not permissions.can_edit_village(request.user, village):
        raise PermissionDenied
    return village


def _village_page(
    request: HttpRequest,
    village: AdminUnit,
    *,
    edit_form: VillageEditForm | None = None,
    close_form: VillageCloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    edit_form = edit_form or VillageEditForm(initial={"kind": village.kind, "name": village.name})
    close_form = close_form or VillageCloseForm(
        village=village, initial={"valid_to": village.valid_to or clock.today()}
    )
    return render(
        request,
        "units/village_edit.html",
        {"unit": village, "edit_form": edit_form, "close_form": close_form},
        status=status,
    )


@login_required
def village_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a village or change its kind (Cap.MANAGE_UNIT on its commune)."""
    village = _village_for_edit(request, pk)
    if request.method != "POST":
        return _village_page(request, village)
    form = VillageEditForm(request.POST)
    if not form.is_valid():
        return _village_page(request, village, edit_form=form, status=400)
    services.update_village(
        actor=request.user, village=village, request=request, **form.cleaned_data
    )
    messages.success(request, _("Saved %(name)s.") % {"name": village.name})
    return redirect("units:detail", pk=village.pk)


@login_required
def village_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the last day a village is in force (Cap.MANAGE_UNIT on its commune)."""
    village = _village_for_edit(request, pk)
    if request.method != "POST":
        return redirect("units:village_edit", pk=village.pk)
    form = VillageCloseForm(request.POST, village=village)
    if not form.is_valid():
        return _village_page(request, village, close_form=form, status=400)
    services.close_village(
        actor=request.user, village=village, request=request, **form.cleaned_data
    )
    messages.success(
        request,
        _("%(name)s is in force until %(date)s.")
        % {"name": village.name, "date": village.valid_to.strftime("%d/%m/%Y")},  # type: ignore[union-attr]
    )
    return redirect("units:detail", pk=village.parent_id)


@login_required
def unit_search(request: HttpRequest) -> HttpResponse:
    """The unit picker's suggestions: only units the user has ``cap`` on (view or manage)."""
    try:
        cap = Cap(request.GET.get("cap", Cap.VIEW_UNIT))
        max_level = int(request.GET.get("max_level", Level.VILLAGE))
    except ValueError:
        raise Http404 from None
    if cap not in PICKER_CAPS:
        raise Http404
    scope = picker_scope(request.user, cap, max_level)
    if not scope.exists():
        raise PermissionDenied
    text = request.GET.get("q") or request.GET.get(request.GET.get("field", ""), "")
    found = list(selectors.search(scope, text)[: selectors.PICKER_LIMIT + 1])
    units = [{"unit": u, "pk": u.pk, "label": selectors.picker_label(u)} for u in found]
    return render(
        request,
        "units/_picker_results.html",
        {
            "units": units[: selectors.PICKER_LIMIT],
            "more": len(units) > selectors.PICKER_LIMIT,
            "q": text.strip(),
        },
    )


@login_required
def units_export(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Xuất Excel": every unit below ``pk`` in force today (the whole subtree), for those who may
    see the unit."""
    unit = get_object_or_404(AdminUnit, pk=pk)
    if not permissions.can_view(request.user, unit):
        raise PermissionDenied
    below = (
        AdminUnit.objects.in_force(clock.today())
        .within(unit)
        .exclude(pk=unit.pk)
        .select_related("parent")
        .order_by("level", "code")
    )
    headers = [
        _("Code"),
        _("Name"),
        _("Kind"),
        _("Level"),
        _("Parent unit"),
        _("Parent code"),
        _("Valid from"),
        _("Valid to"),
    ]
    rows = (
        [
            u.code,
            u.name,
            u.get_kind_display(),
            u.get_level_display(),
            u.parent.name if u.parent else "",
            u.parent.code if u.parent else "",
            u.valid_from,
            u.valid_to,
        ]
        for u in below
    )
    title = _("Units below %(name)s") % {"name": unit.name}
    return xlsx_response(f"don-vi-{unit.code}.xlsx", title, headers, rows)
