"""JSON API of confidence votes, through the same permissions as the pages (CV6, CV11)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.api.schema import NamedChoicesMixin
from danchu.votes import permissions, selectors, services
from danchu.votes.models import RosterEntry, SubjectResult, VoteRound
from danchu.votes.services import VoteError


class RoundSerializer(NamedChoicesMixin, serializers.ModelSerializer):
    authority = serializers.CharField(source="authority.name")

    class Meta:
        model = VoteRound
        fields = ["id", "title", "authority", "vote_day", "status", "denominator", "evoting"]


class SubjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    full_name = serializers.CharField()
    position_name = serializers.CharField()
    unit_name = serializers.CharField()


class QuorumSerializer(serializers.Serializer):
    convened = serializers.IntegerField()
    present = serializers.IntegerField()
    met = serializers.BooleanField()
    missing = serializers.IntegerField(help_text="How many more must be present.")
    why = serializers.CharField()


class RoundDetailSerializer(RoundSerializer):
    """The round with its subjects and its quorum (CV3)."""

    subjects = SubjectSerializer(many=True)
    quorum = QuorumSerializer()

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "subjects", "quorum"]


class CheckInResultSerializer(serializers.Serializer):
    met = serializers.BooleanField()
    missing = serializers.IntegerField()
    why = serializers.CharField()


class PaperBallotResultSerializer(serializers.Serializer):
    entered = serializers.DictField(
        child=serializers.IntegerField(), help_text="Ballots typed so far, by entry pass (1, 2)."
    )


class EBallotResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField()


class ResultSerializer(NamedChoicesMixin, serializers.ModelSerializer):
    order = serializers.IntegerField(source="subject.order")
    full_name = serializers.CharField(source="subject.full_name")
    position_name = serializers.CharField(source="subject.position_name")
    high_pct = serializers.CharField(read_only=True)
    confidence_pct = serializers.CharField(read_only=True)
    low_pct = serializers.CharField(read_only=True)

    class Meta:
        model = SubjectResult
        fields = [
            "order",
            "full_name",
            "position_name",
            "issued",
            "returned",
            "valid",
            "invalid",
            "high",
            "high_pct",
            "confidence",
            "confidence_pct",
            "low",
            "low_pct",
            "outcome",
            "why",
        ]


class CheckInSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    present = serializers.BooleanField(default=True)


class PaperBallotSerializer(serializers.Serializer):
    seq = serializers.IntegerField(min_value=1)
    serial = serializers.CharField(allow_blank=True, default="")
    lines = serializers.ListField(child=serializers.CharField(allow_blank=True))
    extra_names = serializers.IntegerField(min_value=0, default=0)
    pass_no = serializers.IntegerField(min_value=1, max_value=2, default=1)
    duplicate_ok = serializers.BooleanField(default=False)  # issue 11: a serial typed twice


class EBallotSerializer(serializers.Serializer):
    code = serializers.CharField()
    lines = serializers.ListField(child=serializers.CharField(allow_blank=True))
    signature = serializers.CharField(allow_blank=True, default="")


def _round(pk: int) -> VoteRound:
    return get_object_or_404(VoteRound.objects.select_related("unit", "authority"), pk=pk)


def _refused(exc: VoteError) -> Response:
    return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)


class RoundList(APIView):
    @extend_schema(responses=RoundSerializer(many=True))
    def get(self, request: Request) -> Response:
        rounds = selectors.rounds_for(request.user).order_by("-pk")
        return Response(RoundSerializer(rounds, many=True).data)


class RoundDetail(APIView):
    @extend_schema(responses=RoundDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        vote = _round(pk)
        if not permissions.can_view_round(request.user, vote):
            raise PermissionDenied
        q = selectors.quorum(vote)
        data: dict[str, Any] = dict(RoundSerializer(vote).data)
        data["subjects"] = SubjectSerializer(vote.subjects.order_by("order"), many=True).data
        data["quorum"] = {
            "convened": q.convened,
            "present": q.present,
            "met": q.met,
            "missing": q.missing,
            "why": q.why,
        }
        return Response(data)


class RoundResults(APIView):
    """CV11: the results the caller may see; 403 when none."""

    # The id it had before the answer was declared a list (issue 19): generated clients keep it.
    @extend_schema(
        responses=ResultSerializer(many=True), operation_id="votes_rounds_results_retrieve"
    )
    def get(self, request: Request, pk: int) -> Response:
        vote = _round(pk)
        rows = permissions.visible_results(request.user, vote)
        if not rows:
            raise PermissionDenied
        return Response(ResultSerializer([s.result for s in rows], many=True).data)


class CheckIn(APIView):
    @extend_schema(request=CheckInSerializer, responses=CheckInResultSerializer)
    def post(self, request: Request, pk: int) -> Response:
        vote = _round(pk)
        if not permissions.can_check_in(request.user, vote):
            raise PermissionDenied
        s = CheckInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        entry = get_object_or_404(RosterEntry, round=vote, pk=s.validated_data["entry"])
        try:
            services.check_in(actor=request.user, entry=entry, present=s.validated_data["present"])
        except VoteError as exc:
            return _refused(exc)
        q = selectors.quorum(vote)
        return Response({"met": q.met, "missing": q.missing, "why": q.why})


class PaperBallot(APIView):
    """CV6: counting-board members only."""

    @extend_schema(request=PaperBallotSerializer, responses={201: PaperBallotResultSerializer})
    def post(self, request: Request, pk: int) -> Response:
        vote = _round(pk)
        if not permissions.can_count(request.user, vote):
            raise PermissionDenied
        s = PaperBallotSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            services.enter_paper_ballot(actor=request.user, vote=vote, **s.validated_data)
        except VoteError as exc:
            return _refused(exc)
        return Response(
            {"entered": selectors.progress(vote).paper_entered}, status=status.HTTP_201_CREATED
        )


class ElectronicBallot(APIView):
    """CV5: one ballot per one-time code; no login, nothing that links the ballot to anyone."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(request=EBallotSerializer, responses={201: EBallotResultSerializer})
    def post(self, request: Request, pk: int) -> Response:
        vote = get_object_or_404(VoteRound, pk=pk, evoting=True)
        s = EBallotSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            services.submit_electronic_ballot(vote=vote, **s.validated_data)
        except VoteError as exc:
            return _refused(exc)
        return Response({"ok": True}, status=status.HTTP_201_CREATED)
