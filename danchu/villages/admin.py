from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin
from danchu.villages.models import (
    Candidate,
    Charter,
    CharterReview,
    Dismissal,
    Election,
    HeadTerm,
    ReviewCycle,
    StepRecord,
)


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = ("village", "election_on", "status", "elected_name")
    list_select_related = ("village",)


@admin.register(StepRecord)
class StepRecordAdmin(ReadOnlyAdmin):
    list_display = ("election", "step", "done_on", "recorded_on")


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ("election", "name", "votes")


@admin.register(HeadTerm)
class HeadTermAdmin(ReadOnlyAdmin):
    list_display = ("village", "name", "interim", "started_on", "ends_on", "ended_on")
    list_select_related = ("village",)


@admin.register(Dismissal)
class DismissalAdmin(ReadOnlyAdmin):
    list_display = ("village", "term", "ground", "opened_on", "decided_on")


@admin.register(Charter)
class CharterAdmin(ReadOnlyAdmin):
    list_display = ("village", "title", "version", "status", "in_force_from")
    list_select_related = ("village",)


@admin.register(CharterReview)
class CharterReviewAdmin(ReadOnlyAdmin):
    list_display = ("charter", "reviewed_on")


@admin.register(ReviewCycle)
class ReviewCycleAdmin(ReadOnlyAdmin):
    list_display = ("commune", "years")
