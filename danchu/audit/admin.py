from django.contrib import admin

from danchu.audit.models import AuditEntry
from danchu.core.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the trail is only ever appended to by services."""

    list_display = ["seq", "at", "actor_username", "action", "target_repr", "unit_code"]
    list_filter = ["action"]
    search_fields = ["actor_username", "action", "target_repr"]
