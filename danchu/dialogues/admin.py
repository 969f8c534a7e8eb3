from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin
from danchu.dialogues.models import (
    Commitment,
    Dialogue,
    Question,
    StaffMeeting,
    VillageConference,
)


@admin.register(Dialogue)
class DialogueAdmin(ReadOnlyAdmin):
    list_display = ("commune", "year", "planned_on", "status", "held_on", "reported_on")


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ("dialogue", "source", "received_on", "answered_on")


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ("dialogue", "responsible", "due_on", "done_on")


@admin.register(VillageConference)
class VillageConferenceAdmin(ReadOnlyAdmin):
    list_display = ("village", "year", "planned_on", "notice_on", "held_on", "reported_on")


@admin.register(StaffMeeting)
class StaffMeetingAdmin(ReadOnlyAdmin):
    list_display = ("agency", "kind", "year", "planned_on", "held_on")
