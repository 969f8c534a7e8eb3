from django.contrib import admin

from danchu.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is only ever appended to by services."""

    list_display = ["seq", "at", "actor_username", "action", "target_repr", "unit_code"]
    list_filter = ["action"]
    search_fields = ["actor_username", "action", "target_repr"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
