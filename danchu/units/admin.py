from django.contrib import admin

from danchu.core.admin import AuditedAdmin
from danchu.units.models import AdminUnit, Agency, UnitSuccession


@admin.register(AdminUnit)
class AdminUnitAdmin(AuditedAdmin):
    list_display = ("name", "code", "kind", "level", "map_version", "valid_from", "valid_to")
    list_filter = ("map_version", "level", "kind")
    search_fields = ("name", "code")
    raw_id_fields = ("parent",)
    readonly_fields = ("level", "path")
    list_select_related = ("parent",)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(AuditedAdmin):
    list_display = ("predecessor", "successor", "effective")
    search_fields = ("predecessor__name", "successor__name")
    raw_id_fields = ("predecessor", "successor")
    list_select_related = ("predecessor", "successor")


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ("name", "kind", "short_name", "unit")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "unit__name")
    raw_id_fields = ("unit", "superior")
    list_select_related = ("unit",)
