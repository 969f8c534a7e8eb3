"""Admin: read-mostly views for support staff. Forms and codes are read-only (the services
write them); one-time codes show no code, only whether they were used."""

from __future__ import annotations

from django.contrib import admin

from danchu.surveys.models import (
    Committee,
    CommitteeMember,
    CommuneSurvey,
    Flag,
    FormTemplate,
    OnlineCode,
    Round,
    RoundPosition,
    Subject,
)


class RoundPositionInline(admin.TabularInline):
    model = RoundPosition
    extra = 0


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "plan_unit", "year", "report_before"]
    list_filter = ["year"]
    inlines = [RoundPositionInline]


@admin.register(CommuneSurvey)
class CommuneSurveyAdmin(admin.ModelAdmin):
    list_display = ["unit", "round", "survey_on", "reported_on"]
    list_filter = ["round__year"]
    readonly_fields = ["report_audit"]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["person", "position", "commune_survey", "surveyed", "reporting_unit"]
    list_filter = ["surveyed", "commune_survey__round__year"]


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["unit", "round", "level", "decision_number"]
    inlines = [MemberInline]


@admin.register(FormTemplate)
class FormTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "province", "version", "created_at"]
    readonly_fields = ["content"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["person", "year", "handling", "decided_on"]


@admin.register(OnlineCode)
class OnlineCodeAdmin(admin.ModelAdmin):
    list_display = ["pk", "commune_survey", "group", "used", "issued_on"]
    exclude = ["code_hash"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
