from django.contrib import admin

from danchu.audit.models import AuditAnchor, AuditEntry
from danchu.core.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the trail is only ever appended to by services."""

    list_display = ["seq", "at", "actor_username", "action", "target_repr", "unit_code"]
    list_filter = ["action"]
    search_fields = ["actor_username", "action", "target_repr"]


@admin.register(AuditAnchor)
class AuditAnchorAdmin(ReadOnlyAdmin):
    """Signed anchors are made by ``danchu audit anchor`` and the services, never typed."""

    list_display = ["seq", "hash", "at", "key", "purpose"]
    search_fields = ["hash", "purpose"]
