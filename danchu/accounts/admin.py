from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

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


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):  # type: ignore[type-arg]
    inlines = [RoleInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("danchu", {"fields": ("person",)}))  # type: ignore[misc]
    raw_id_fields = ["person"]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]
