"""Consultation records in the Django admin: shown, never changed there (issue 10, point 2).

Every change goes through ``services`` (rules checked, audit entry written); the admin is a
read-only window on them (:mod:`danchu.core.admin`)."""

from django.contrib import admin

from danchu.consultations.models import (
    AggregateSend,
    AudiencePlan,
    Consultation,
    DraftVersion,
    Meeting,
    Opinion,
    PublicationRecord,
)
from danchu.core.admin import ReadOnlyAdmin, ReadOnlyInline


class AudienceInline(ReadOnlyInline):
    model = AudiencePlan


class SendInline(ReadOnlyInline):
    model = AggregateSend


class MeetingInline(ReadOnlyInline):
    model = Meeting


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "status", "issued_on"]
    list_filter = ["status", "scope", "matter"]
    search_fields = ["title", "slug"]
    inlines = [AudienceInline, SendInline, MeetingInline]
    raw_id_fields = ["unit", "issuer", "consulted_version", "issued_version", "created_by"]


@admin.register(DraftVersion)
class DraftVersionAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "number", "note", "created_at"]
    raw_id_fields = ["consultation", "created_by"]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "article_number", "source", "answer_kind", "received_on"]
    list_filter = ["source", "answer_kind"]
    raw_id_fields = ["consultation", "entered_by", "answered_by"]


@admin.register(PublicationRecord)
class PublicationRecordAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "phase", "channel", "village", "start", "end"]
    list_filter = ["phase", "channel"]
    raw_id_fields = ["consultation", "village", "recorded_by"]
