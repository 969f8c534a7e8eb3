"""JSON API of community decisions, with the same checks as the pages (``permissions``).

- ``GET /api/residents/decisions/`` — the decisions the user may see, paginated;
- ``GET /api/residents/decisions/<id>/`` — one decision with its village results and its steps
  on the legal calendar (LD2–LD7).

Household names are never in the API: counts only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core import clock
from danchu.residents import permissions, selectors
from danchu.residents.models import Decision, VillageResult


class ResidentsDecisionSerializer(serializers.ModelSerializer[Decision]):
    commune = serializers.CharField(source="commune.name", read_only=True)
    village = serializers.CharField(source="village.name", read_only=True, allow_null=True)
    # Codes as plain strings (the choices are in docs/residents.md): the schema's enum names stay
    # clear of other apps' "status" and "form".
    scope = serializers.CharField(read_only=True, help_text="thon or xa")
    matter = serializers.CharField(
        read_only=True,
        help_text="gop_cong_trinh, quy, huong_uoc, truong_thon, thanh_vien_ban or khac",
    )
    proposer = serializers.CharField(read_only=True)
    form = serializers.CharField(read_only=True, help_text="hop, phieu, truc_tuyen or empty")
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "commune",
            "village",
            "scope",
            "matter",
            "title",
            "proposer",
            "proposed_on",
            "form",
            "status",
            "held_on",
            "households_total",
            "present",
            "agree",
            "disagree",
            "other",
            "passed",
            "rule",
            "why",
            "sent_on",
            "answered_on",
            "effective_on",
        ]
        read_only_fields = fields


class ResidentsVillageResultSerializer(serializers.ModelSerializer[VillageResult]):
    village = serializers.CharField(source="village.name", read_only=True)

    class Meta:
        model = VillageResult
        fields = ["village", "households_total", "present", "agree", "disagree", "other", "passed"]
        read_only_fields = fields


class ResidentsStepSerializer(serializers.Serializer[Any]):
    rule = serializers.CharField()
    title = serializers.CharField()
    due = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    state = serializers.CharField(help_text="met, in_progress, late or missed")
    why = serializers.CharField()


class ResidentsDecisionDetailSerializer(ResidentsDecisionSerializer):
    content = serializers.CharField(read_only=True)
    decided = serializers.CharField(read_only=True)
    results = ResidentsVillageResultSerializer(many=True, read_only=True)
    steps = ResidentsStepSerializer(many=True, read_only=True)

    class Meta(ResidentsDecisionSerializer.Meta):
        fields = [
            *ResidentsDecisionSerializer.Meta.fields,
            "content",
            "decided",
            "results",
            "steps",
        ]
        read_only_fields = fields


class DecisionList(generics.ListAPIView[Decision]):
    permission_classes = [IsAuthenticated]
    serializer_class = ResidentsDecisionSerializer

    def get_queryset(self) -> QuerySet[Decision]:
        if not permissions.may_see_some(self.request.user):
            raise PermissionDenied
        return selectors.visible(self.request.user).order_by("-proposed_on", "-pk")


class DecisionDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ResidentsDecisionDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        decision = get_object_or_404(Decision.objects.select_related("commune", "village"), pk=pk)
        if not permissions.can_view(request.user, decision):
            raise PermissionDenied
        decision.steps = selectors.steps(decision, clock.today())  # type: ignore[attr-defined]
        return Response(ResidentsDecisionDetailSerializer(decision).data)
