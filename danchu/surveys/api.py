"""JSON API of surveys, with the same checks as the pages (``permissions``).

- ``GET  /api/surveys/rounds/`` — survey plans whose dashboard the user may see;
- ``GET  /api/surveys/rounds/<id>/dashboard/`` — every commune's progress and counts (SV8), the
  counts as the communes' sent reports state them (``typed``: forms typed so far, progress only);
- ``GET  /api/surveys/communes/<id>/results/`` — results per civil servant (SV7), split by
  respondent group and by item a–d (forms that marked it);
- ``POST /api/surveys/communes/<id>/forms/`` — enter a paper form (double entry applies).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.api.schema import NamedChoiceField
from danchu.core import clock
from danchu.surveys import permissions, rules, selectors, services
from danchu.surveys.models import CommuneSurvey, Round


class SurveyRoundSerializer(serializers.ModelSerializer[Round]):
    plan_unit = serializers.CharField(source="plan_unit.name")

    class Meta:
        model = Round
        fields = ["id", "year", "title", "plan_number", "plan_unit", "report_before"]


# The answers' shapes (issue 19: a complete API contract). The views build the same keys; the
# contract test checks real answers against these.


class SurveyCommuneRowSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="The commune's survey (for /communes/<id>/…).")
    commune = serializers.CharField()
    code = serializers.CharField()
    progress = serializers.CharField(help_text="SV8 state of the commune's survey.")
    late = serializers.BooleanField()
    survey_on = serializers.DateField(allow_null=True)
    reported_on = serializers.DateField(allow_null=True)
    reported_backdated = serializers.BooleanField()
    typed = serializers.IntegerField(help_text="Forms typed so far (progress only).")
    civil_servants = serializers.IntegerField()
    not_surveyed = serializers.IntegerField()
    collected = serializers.IntegerField()
    valid = serializers.IntegerField()
    tin_nhiem = serializers.IntegerField()
    rate_pct = serializers.CharField(help_text='Two decimals with a point, e.g. "58.33".')
    low = serializers.IntegerField(help_text="Civil servants under 50% (SV7).")
    flags = serializers.IntegerField()


class SurveyFlagSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    person = serializers.CharField()
    year = serializers.IntegerField()
    handling = serializers.CharField(allow_blank=True)


class SurveyDashboardSerializer(serializers.Serializer[Any]):
    round = SurveyRoundSerializer()
    last_day = serializers.DateField()
    late = serializers.IntegerField()
    reported = serializers.IntegerField()
    communes = SurveyCommuneRowSerializer(many=True)
    flags = SurveyFlagSerializer(many=True)


class SurveyQuotaSerializer(serializers.Serializer[Any]):
    officials = serializers.IntegerField()
    citizens = serializers.IntegerField()


def _counts_by_key() -> serializers.DictField:
    return serializers.DictField(child=serializers.IntegerField())


class SurveyCivilServantSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    cong_chuc = serializers.CharField()
    chuc_danh = serializers.CharField()
    surveyed = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)
    surveyed_by = serializers.CharField()
    quota = SurveyQuotaSerializer()
    collected = serializers.IntegerField()
    valid = serializers.IntegerField()
    invalid = serializers.IntegerField()
    tin_nhiem = serializers.IntegerField()
    rate_pct = serializers.CharField(help_text='Two decimals with a point, e.g. "58.33".')
    low = serializers.BooleanField()
    by_group = _counts_by_key()
    trust_by_group = _counts_by_key()
    by_item = _counts_by_key()


class SurveyResultsSerializer(serializers.Serializer[Any]):
    commune = serializers.CharField()
    year = serializers.IntegerField()
    reported_on = serializers.DateField(allow_null=True)
    validity_rule = serializers.CharField()
    rate_reading = serializers.CharField()
    civil_servants = SurveyCivilServantSerializer(many=True)


class SurveyFormEntrySerializer(serializers.Serializer[Any]):
    serial = serializers.CharField(max_length=40)
    group = NamedChoiceField(choices=[g.value for g in rules.Group], enum_name="SurveyFormGroup")
    overall = NamedChoiceField(
        choices=[o.value for o in rules.Overall], enum_name="SurveyFormOverall"
    )
    items = serializers.ListField(child=serializers.CharField(max_length=10), required=False)


class SurveyFormEntryResultSerializer(serializers.Serializer[Any]):
    status = serializers.CharField(
        help_text="saved (201), first_pass (202: the second entry is awaited), mismatch (409)."
    )
    serial = serializers.CharField()
    differences = serializers.ListField(child=serializers.CharField())


class RoundListView(APIView):
    @extend_schema(responses=SurveyRoundSerializer(many=True))
    def get(self, request: Request) -> Response:
        rounds = [
            r
            for r in selectors.rounds_for(request.user)
            if permissions.can_view_round(request.user, r)
        ]
        return Response(SurveyRoundSerializer(rounds, many=True).data)


class DashboardView(APIView):
    @extend_schema(responses=SurveyDashboardSerializer)
    def get(self, request: Request, pk: int) -> Response:
        round_ = get_object_or_404(Round, pk=pk)
        if not permissions.can_view_round(request.user, round_):
            raise PermissionDenied
        board = selectors.dashboard(round_, clock.today())
        return Response(
            {
                "round": SurveyRoundSerializer(round_).data,
                "last_day": rules.last_day(round_.report_before),
                "late": board.late_count,
                "reported": board.reported_count,
                "communes": [
                    {
                        "id": r.commune_survey.pk,
                        "commune": r.commune_survey.unit.name,
                        "code": r.commune_survey.unit.code,
                        "progress": r.progress.value,
                        "late": r.late,
                        "survey_on": r.commune_survey.survey_on,
                        "reported_on": r.commune_survey.reported_on,
                        "reported_backdated": r.commune_survey.report_backdated,
                        "typed": r.typed,
                        "civil_servants": r.subjects,
                        "not_surveyed": r.not_surveyed,
                        "collected": r.collected,
                        "valid": r.valid,
                        "tin_nhiem": r.trust,
                        "rate_pct": r.rate_pct,
                        "low": r.low,
                        "flags": r.flags,
                    }
                    for r in board.rows
                ],
                "flags": [
                    {
                        "id": f.pk,
                        "person": f.person.full_name,
                        "year": f.year,
                        "handling": f.handling,
                    }
                    for f in board.flags
                ],
            }
        )


class ResultsView(APIView):
    @extend_schema(responses=SurveyResultsSerializer)
    def get(self, request: Request, pk: int) -> Response:
        cs = get_object_or_404(CommuneSurvey, pk=pk)
        if not permissions.can_view_commune(request.user, cs):
            raise PermissionDenied
        subjects = list(selectors.subjects_reported_by(cs))
        counts = selectors.tallies(s.pk for s in subjects)
        items = selectors.item_counts_by_subject(s.pk for s in subjects)
        return Response(
            {
                "commune": cs.unit.name,
                "year": cs.round.year,
                "reported_on": cs.reported_on,
                "validity_rule": rules.VALIDITY_RULE,
                "rate_reading": rules.RATE_READING,
                "civil_servants": [
                    {
                        "id": s.pk,
                        "cong_chuc": s.person.full_name,
                        "chuc_danh": s.position.name,
                        "surveyed": s.surveyed,
                        "reason": s.reason,
                        "surveyed_by": s.commune_survey.unit.name,
                        "quota": {"officials": s.officials_quota, "citizens": s.citizens_quota},
                        **counts[s.pk].as_json(),
                        "trust_by_group": dict(counts[s.pk].trust_by_group),
                        "by_item": dict(sorted(items[s.pk].items())),
                    }
                    for s in subjects
                ],
            }
        )


class FormEntryView(APIView):
    @extend_schema(
        request=SurveyFormEntrySerializer,
        responses={
            201: SurveyFormEntryResultSerializer,
            202: SurveyFormEntryResultSerializer,
            409: SurveyFormEntryResultSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        cs = get_object_or_404(CommuneSurvey, pk=pk)
        if not permissions.can_enter_forms(request.user, cs):
            raise PermissionDenied
        data = SurveyFormEntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        try:
            result = services.enter_paper_form(
                actor=request.user,
                commune_survey=cs,
                serial=d["serial"],
                data=services.FormData(
                    d["group"], rules.Overall(d["overall"]), tuple(d.get("items", []))
                ),
                collected_on=cs.survey_on or clock.today(),
            )
        except services.SurveyError as exc:
            return Response({"errors": exc.problems}, status=status.HTTP_400_BAD_REQUEST)
        code: int = {
            "saved": status.HTTP_201_CREATED,
            "first_pass": status.HTTP_202_ACCEPTED,
        }.get(result.status, status.HTTP_409_CONFLICT)
        return Response(
            {"status": result.status, "serial": result.serial, "differences": result.differences},
            status=code,
        )
