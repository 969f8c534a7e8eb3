"""Role management for those who may give roles (Home Affairs, system administrators).

Every grant and revocation goes through ``danchu.accounts.services`` and so into the audit trail.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danchu.accounts import access, services
from danchu.accounts.access import ROLE_CAPABILITIES, Cap
from danchu.accounts.models import Role, RoleAssignment, User
from danchu.core import clock
from danchu.dataio.exports import xlsx_response
from danchu.units import selectors as unit_selectors
from danchu.units.models import AdminUnit

UNIT_ROLES = [(value, label) for value, label in Role.choices if value in ROLE_CAPABILITIES]


class GrantRoleForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=UNIT_ROLES)
    unit_code = forms.CharField(label=gettext_lazy("Unit code"), max_length=20)

    def __init__(self, *args, actor: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(_("No account with this username."))
        return user

    def clean_unit_code(self) -> AdminUnit:
        code = self.cleaned_data["unit_code"].strip()
        scope = access.visible_units(self.actor, Cap.MANAGE_ACCOUNTS)
        found = unit_selectors.by_code(scope, code, clock.today())
        if not found:
            raise forms.ValidationError(
                _("Unit code %(code)s does not exist or is outside your area.") % {"code": code}
            )
        if len(found) > 1:
            raise forms.ValidationError(
                _("Unit code %(code)s names several units in your area.") % {"code": code}
            )
        return found[0]

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        role, unit = data.get("role"), data.get("unit_code")
        if role and unit and not access.can_grant(self.actor, role, unit):
            raise forms.ValidationError(_("You may not give this role on this unit."))
        return data


def _require_manager(request: HttpRequest) -> None:
    if not access.visible_units(request.user, Cap.MANAGE_ACCOUNTS).exists():
        raise PermissionDenied


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    actor = request.user
    assert isinstance(actor, User)
    form = GrantRoleForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        services.grant_role(
            actor=actor,
            user=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
            unit=form.cleaned_data["unit_code"],
            request=request,
        )
        messages.success(request, _("Role given."))
        return redirect("accounts:roles")
    roles = access.scope(actor, RoleAssignment.objects.current(), "unit", Cap.MANAGE_ACCOUNTS)
    if access.is_system_admin(actor):
        roles = RoleAssignment.objects.current()
    roles = roles.select_related("user", "unit").order_by("unit__code", "role", "user__username")
    if request.GET.get("format") == "xlsx":
        headers = [_("Username"), _("Role"), _("Unit code"), _("Unit"), _("From"), _("To")]
        rows = (
            [
                r.user.username,
                r.get_role_display(),
                r.unit.code if r.unit else "",
                r.unit.name if r.unit else _("whole system"),
                r.valid_from,
                r.valid_to,
            ]
            for r in roles
        )
        return xlsx_response("phan-quyen.xlsx", _("Roles"), headers, rows)
    return render(request, "accounts/roles.html", {"form": form, "roles": roles})


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    assignment = get_object_or_404(RoleAssignment, pk=pk)
    actor = request.user
    assert isinstance(actor, User)
    services.revoke_role(actor=actor, assignment=assignment, request=request)
    messages.success(request, _("Role ended."))
    return redirect("accounts:roles")
