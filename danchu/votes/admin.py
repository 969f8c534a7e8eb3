"""The admin shows a round's settings and its subjects, read only (issue 10): every change to a
round goes through its services — the settings page refuses what would contradict a recorded
fact, and writes the audit entry. Ballots, codes, paper entries and results are not registered:
nobody — administrators included — reads them outside the CV11 pages."""

from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin, ReadOnlyInline
from danchu.votes.models import ROUND_SETTINGS, HeldVote, Reopening, Subject, VoteRound


class SubjectInline(ReadOnlyInline):
    model = Subject
    fields = ["order", "full_name", "position_name", "unit_name", "managed_by"]


class ReopeningInline(ReadOnlyInline):
    model = Reopening
    fields = ["reopened_at", "reopened_by", "from_status", "reason"]


@admin.register(VoteRound)
class VoteRoundAdmin(ReadOnlyAdmin):
    list_display = ["title", "authority", "vote_day", "status"]
    list_filter = ["status"]
    fields = ["authority", *ROUND_SETTINGS, "status", "minutes_number"]
    inlines = [SubjectInline, ReopeningInline]


@admin.register(HeldVote)
class HeldVoteAdmin(ReadOnlyAdmin):
    """Votes held on the offline laptop, as imported by ``danchu vote import-summary``: read
    only, since the file (and its audit anchor) is the source."""

    list_display = ["title", "authority", "vote_day", "status", "report_to", "report_on"]
    list_filter = ["status"]
