from django.contrib import admin

from danchu.documents.models import DocumentSeries, IssuedNumber


@admin.register(DocumentSeries)
class DocumentSeriesAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "secret", "last_number"]
    list_filter = ["year", "secret"]
    search_fields = ["agency__name"]
    # Numbers are taken only through services.issue_number (locked, audited).
    readonly_fields = ["agency", "year", "secret", "last_number"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(IssuedNumber)
class IssuedNumberAdmin(admin.ModelAdmin):
    list_display = ["text", "series", "issued_at", "issued_by"]
    search_fields = ["text", "series__agency__name"]
    readonly_fields = ["series", "number", "text", "issued_at", "issued_by"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
