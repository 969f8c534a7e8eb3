"""Admin: read-only views for support staff. Every survey record changes through its service
(which checks the rules and writes the audit entry), never here. Collected forms and paper
typings are not shown at all; one-time codes show no code, only whether they were used."""

from __future__ import annotations

from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin, ReadOnlyInline
from danchu.surveys.models import (
    Committee,
    CommitteeMember,
    CommuneSurvey,
    Flag,
    FormTemplate,
    OnlineCode,
    Reopening,
    Round,
    RoundPosition,
    Subject,
)


class RoundPositionInline(ReadOnlyInline):
    model = RoundPosition


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["title", "plan_unit", "year", "report_before"]
    list_filter = ["year"]
    inlines = [RoundPositionInline]


class ReopeningInline(ReadOnlyInline):
    model = Reopening


@admin.register(CommuneSurvey)
class CommuneSurveyAdmin(ReadOnlyAdmin):
    list_display = ["unit", "round", "survey_on", "reported_on", "report_recorded_on"]
    list_filter = ["round__year"]
    inlines = [ReopeningInline]


@admin.register(Subject)
class SubjectAdmin(ReadOnlyAdmin):
    list_display = ["person", "position", "commune_survey", "surveyed", "reporting_unit"]
    list_filter = ["surveyed", "commune_survey__round__year"]


class MemberInline(ReadOnlyInline):
    model = CommitteeMember


@admin.register(Committee)
class CommitteeAdmin(ReadOnlyAdmin):
    list_display = ["unit", "round", "level", "decision_number"]
    inlines = [MemberInline]


@admin.register(FormTemplate)
class FormTemplateAdmin(ReadOnlyAdmin):
    list_display = ["title", "province", "version", "created_at"]


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["person", "year", "handling", "decided_on", "withdrawn_on"]


@admin.register(OnlineCode)
class OnlineCodeAdmin(ReadOnlyAdmin):
    list_display = ["pk", "commune_survey", "group", "used", "issued_on"]
    exclude = ["code_hash"]
