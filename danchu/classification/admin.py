from django.contrib import admin

from danchu.classification.models import (
    ApologyCase,
    Assessment,
    CommuneFacts,
    ConsequenceAction,
    Criterion,
    OfficialRating,
    Round,
    Scheme,
    Score,
    StaffQualification,
    Target,
)
from danchu.core.admin import ReadOnlyAdmin, ReadOnlyInline


class CriterionInline(ReadOnlyInline):
    model = Criterion


class TargetInline(ReadOnlyInline):
    model = Target


class ScoreInline(ReadOnlyInline):
    model = Score


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ("name", "province", "year", "version", "illustrative")
    inlines = (CriterionInline,)


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("province", "year", "status", "decision_number")
    inlines = (TargetInline,)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("commune", "round", "status")
    inlines = (ScoreInline,)


@admin.register(OfficialRating)
class OfficialRatingAdmin(ReadOnlyAdmin):
    list_display = ("person", "position", "assessment", "proposed_level", "decided_level")


@admin.register(ConsequenceAction)
class ConsequenceActionAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "kind", "due", "done_on")


@admin.register(ApologyCase)
class ApologyCaseAdmin(ReadOnlyAdmin):
    list_display = ("person", "commune", "citizen", "occurred_on", "visit_on")


@admin.register(CommuneFacts)
class CommuneFactsAdmin(ReadOnlyAdmin):
    list_display = ("commune", "year", "updated_at")


@admin.register(StaffQualification)
class StaffQualificationAdmin(ReadOnlyAdmin):
    list_display = ("person", "education", "political_theory")
