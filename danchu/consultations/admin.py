from django.contrib import admin

from danchu.consultations.models import (
    AggregateSend,
    AudiencePlan,
    Consultation,
    DraftVersion,
    Opinion,
    PublicationRecord,
)


class AudienceInline(admin.TabularInline):
    model = AudiencePlan
    extra = 0


class SendInline(admin.TabularInline):
    model = AggregateSend
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "status", "issued_on"]
    list_filter = ["status", "scope", "matter"]
    search_fields = ["title", "slug"]
    inlines = [AudienceInline, SendInline]
    raw_id_fields = ["unit", "issuer", "consulted_version", "issued_version", "created_by"]


@admin.register(DraftVersion)
class DraftVersionAdmin(admin.ModelAdmin):
    list_display = ["consultation", "number", "note", "created_at"]
    raw_id_fields = ["consultation", "created_by"]


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["consultation", "article_number", "source", "answer_kind", "received_on"]
    list_filter = ["source", "answer_kind"]
    raw_id_fields = ["consultation", "entered_by", "answered_by"]


@admin.register(PublicationRecord)
class PublicationRecordAdmin(admin.ModelAdmin):
    list_display = ["consultation", "phase", "channel", "village", "start", "end"]
    list_filter = ["phase", "channel"]
    raw_id_fields = ["consultation", "village", "recorded_by"]
