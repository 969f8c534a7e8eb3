from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.http import HttpRequest

from danchu.accounts import services
from danchu.accounts.models import RoleAssignment, User
from danchu.core.admin import AuditedAdminMixin


class RoleInline(admin.TabularInline):  # type: ignore[type-arg]
    """Roles are shown here but given and ended on the audited roles page (/accounts/roles/)."""

    model = RoleAssignment
    fk_name = "user"
    fields = ("role", "unit", "record_type", "record_id", "valid_from", "valid_to")
    readonly_fields = ("role", "unit", "record_type", "record_id", "valid_from", "valid_to")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class UserCreationForm(AdminUserCreationForm):
    """Django's form names ``auth.User``; danchu's user model is ``accounts.User``."""

    class Meta(AdminUserCreationForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = ("username",)


class UserChangeForm(BaseUserChangeForm):  # type: ignore[type-arg]
    class Meta(BaseUserChangeForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):  # type: ignore[type-arg]
    add_form = UserCreationForm
    form = UserChangeForm
    inlines = [RoleInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("danchu", {"fields": ("person", "must_change_password")}),
    )  # type: ignore[misc]
    raw_id_fields = ["person"]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Issue 19: an account an administrator creates must choose its own password."""
        if not change:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """The administrator's reset (the offline laptop has no email): audited, and the user
        must choose their own password at the next login."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                services.record_password_set_by_admin(
                    actor=request.user, user=user, request=request
                )
        return response


# Issue 19: authenticator devices (TOTP) are administered with an audit entry for every change
# (deleting a lost phone's device is how a user enrols again).
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as BaseTOTPDeviceAdmin  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(AuditedAdminMixin, BaseTOTPDeviceAdmin):  # type: ignore[misc]
    pass
