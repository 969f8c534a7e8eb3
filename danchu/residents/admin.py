from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin
from danchu.residents.models import (
    Decision,
    Household,
    HouseholdBallot,
    Meeting,
    OnlineVote,
    VillageResult,
)


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ("village", "number", "representative", "valid_from", "valid_to")
    list_select_related = ("village",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("title", "commune", "village", "matter", "form", "status", "passed")
    list_select_related = ("commune", "village")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("decision", "village", "held_on")


@admin.register(VillageResult)
class VillageResultAdmin(ReadOnlyAdmin):
    list_display = ("decision", "village", "households_total", "agree", "passed")


@admin.register(HouseholdBallot)
class HouseholdBallotAdmin(ReadOnlyAdmin):
    list_display = ("decision", "distributed_on", "deadline")


@admin.register(OnlineVote)
class OnlineVoteAdmin(ReadOnlyAdmin):
    list_display = ("decision", "opened_at", "closed_at")
