"""Register records in the Django admin: shown, never changed there (every change goes through
``services`` with its audit entry)."""

from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin, ReadOnlyInline
from danchu.disclosures.models import (
    ChannelFact,
    CouncilSession,
    Disclosure,
    DisclosureFile,
    QuarterlyList,
)


class FactInline(ReadOnlyInline):
    model = ChannelFact


class FileInline(ReadOnlyInline):
    model = DisclosureFile


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    list_display = ("title", "commune", "category", "decided_on", "disclosed_on", "source")
    list_filter = ("category", "source")
    search_fields = ("title",)
    inlines = [FactInline, FileInline]


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnlyAdmin):
    list_display = ("name", "commune", "on", "regular")


@admin.register(QuarterlyList)
class QuarterlyListAdmin(ReadOnlyAdmin):
    list_display = ("commune", "year", "quarter")
