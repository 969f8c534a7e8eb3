from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin
from danchu.oversight.models import (
    BoardInspection,
    BoardMember,
    BoardPaper,
    Finding,
    Inspection,
    InspectionBoard,
    Project,
    Recommendation,
    Supervision,
    SupervisionBoard,
    SupervisionMember,
)


@admin.register(InspectionBoard)
class InspectionBoardAdmin(ReadOnlyAdmin):
    list_display = ("commune", "term_starts_on", "term_ends_on")
    list_select_related = ("commune",)


@admin.register(BoardMember)
class BoardMemberAdmin(ReadOnlyAdmin):
    list_display = ("board", "person", "village", "officer", "elected_on", "left_on")


@admin.register(BoardInspection)
class BoardInspectionAdmin(ReadOnlyAdmin):
    list_display = ("board", "subject", "inspection_on", "plan_sent_on", "reported_on")


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("commune", "name", "kind", "starts_on", "ended_on")
    list_select_related = ("commune",)


@admin.register(SupervisionBoard)
class SupervisionBoardAdmin(ReadOnlyAdmin):
    list_display = ("project", "established_on", "dissolved_on")


@admin.register(SupervisionMember)
class SupervisionMemberAdmin(ReadOnlyAdmin):
    list_display = ("board", "name", "origin", "officer")


@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyAdmin):
    list_display = ("board", "content", "supervision_on", "investor_notified_on")


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("title", "inspecting_unit", "target_unit", "kind", "planned_on", "concluded_on")


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "rule", "met")


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("rule", "commune", "received_on", "due_on", "answered_on")


@admin.register(BoardPaper)
class BoardPaperAdmin(ReadOnlyAdmin):
    list_display = ("board", "is_plan", "period", "year", "part")
