from django.contrib import admin

from danchu.complaints.models import Case, Reception, ReceptionSlot
from danchu.core.admin import ReadOnlyAdmin


@admin.register(ReceptionSlot)
class ReceptionSlotAdmin(ReadOnlyAdmin):
    list_display = ("on", "leader", "commune", "cancelled")


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """No personal data in the admin (a denouncer's identity is kept confidential)."""

    list_display = ("__str__", "kind", "commune", "status", "received_on")
    exclude = (
        "citizen_name",
        "citizen_address",
        "citizen_phone",
        "citizen_id_number",
        "reference_hash",
        "content",
        "received_evidence",
    )


@admin.register(Reception)
class ReceptionAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "commune", "received_by")
    exclude = ("citizen_name", "citizen_address", "citizen_phone", "citizen_id_number")
