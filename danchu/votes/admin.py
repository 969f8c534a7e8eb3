"""Admin for the round's settings only. Ballots, codes, paper entries and results are not
registered: nobody — administrators included — reads them outside the CV11 pages."""

from django.contrib import admin

from danchu.votes.models import ROUND_SETTINGS, HeldVote, Subject, VoteRound


class SubjectInline(admin.TabularInline):
    model = Subject
    fields = ["order", "full_name", "position_name", "unit_name", "managed_by"]
    readonly_fields = ["order", "full_name", "position_name", "unit_name"]
    extra = 0
    can_delete = False


@admin.register(VoteRound)
class VoteRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "authority", "vote_day", "status"]
    list_filter = ["status"]
    fields = ["authority", *ROUND_SETTINGS, "status"]
    readonly_fields = ["status", "authority"]
    inlines = [SubjectInline]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False  # rounds are created on /votes/new/, through the services


@admin.register(HeldVote)
class HeldVoteAdmin(admin.ModelAdmin):
    """Votes held on the offline laptop, as imported by ``danchu vote import-summary``: read
    only, since the file (and its audit anchor) is the source."""

    list_display = ["title", "authority", "vote_day", "status", "report_to", "report_on"]
    list_filter = ["status"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
