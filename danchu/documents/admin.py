"""Numbers and issued documents are read-only in the admin: they are taken and issued only
through ``documents.services.issue_number`` and ``documents.issuing.issue`` (locked, audited)."""

from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin
from danchu.documents.models import DocumentSeries, IssuedDocument, IssuedNumber


@admin.register(DocumentSeries)
class DocumentSeriesAdmin(ReadOnlyAdmin):
    list_display = ["agency", "year", "secret", "last_number"]
    list_filter = ["year", "secret"]
    search_fields = ["agency__name"]


@admin.register(IssuedNumber)
class IssuedNumberAdmin(ReadOnlyAdmin):
    list_display = ["text", "series", "issued_at", "issued_by"]
    search_fields = ["text", "series__agency__name"]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    """The register of issued documents; the files are downloaded from the process pages,
    behind each app's check (a secret document's bytes never show here)."""

    list_display = ["number", "title", "kind", "issued_on", "agency", "secret", "replaces"]
    list_filter = ["kind", "secret"]
    search_fields = ["number", "title"]
    exclude = ["figures"]
