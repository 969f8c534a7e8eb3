"""JSON API of residents' oversight, with the same checks as the pages.

- ``GET /api/oversight/boards/`` — People's Inspection Boards the user may see (LD11), with their
  sitting members, paginated;
- ``GET /api/oversight/projects/`` — supervised projects the user may see (LD12), paginated;
- ``GET /api/oversight/projects/<id>/`` — one project: its board, each supervision with the
  investor notice (45 days) and the recommendations with the commune's answer (15 days);
- ``GET /api/oversight/inspections/`` — inspections (QD3) by or of units the user sees, with
  findings per rule and recommendations with their follow-up;
- ``GET /api/oversight/recommendations/`` — open recommendations the user's commune must answer.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core import clock
from danchu.oversight import permissions, selectors
from danchu.oversight.models import (
    Inspection,
    InspectionBoard,
    Project,
    Recommendation,
    SupervisionBoard,
)
from danchu.oversight.rules import StepState
from danchu.oversight.selectors import Step

PAGE = 50
STATES = ", ".join(s.value for s in StepState)
PAGE_PARAM = [OpenApiParameter("page", OpenApiTypes.INT, description="Page number.")]


class OversightStepSerializer(serializers.Serializer[Any]):
    rule = serializers.CharField(help_text="RULES.md rule ID (LD11, LD12, QD3).")
    title = serializers.CharField()
    due = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    state = serializers.CharField(help_text=STATES)
    why = serializers.CharField()


class OversightRecommendationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    rule = serializers.CharField(help_text="LD11, LD12 (answer in 15 days) or QD3 (follow-up).")
    commune_id = serializers.IntegerField()
    text = serializers.CharField()
    suspension = serializers.BooleanField(help_text="LD12: recommends suspending the project.")
    received_on = serializers.DateField()
    answer = serializers.CharField(allow_blank=True)
    answer_document_id = serializers.IntegerField(allow_null=True)
    step = OversightStepSerializer()


class OversightMemberSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    village = serializers.CharField()
    officer = serializers.CharField(help_text="head, deputy, member.")
    elected_on = serializers.DateField()
    decision_id = serializers.IntegerField(
        allow_null=True, help_text="The village's community decision (matter 5) electing them."
    )


class OversightBoardSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    commune_id = serializers.IntegerField()
    commune = serializers.CharField()
    term_starts_on = serializers.DateField()
    term_ends_on = serializers.DateField()
    members = OversightMemberSerializer(many=True)
    problems = serializers.ListField(
        child=serializers.CharField(), help_text="LD11: size and officers, in Vietnamese."
    )


class OversightBoardPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = OversightBoardSerializer(many=True)


class OversightProjectSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    commune_id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text="public, ppp, residents, sponsorship.")
    investor = serializers.CharField()
    funding = serializers.CharField()
    amount = serializers.IntegerField(allow_null=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)


class OversightProjectPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = OversightProjectSerializer(many=True)


class OversightSupervisionMemberSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    origin = serializers.CharField(help_text="front, inspection_board, resident.")
    officer = serializers.CharField()
    declared = serializers.BooleanField(help_text="LD12: both declarations made.")


class OversightSupervisionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    content = serializers.CharField()
    supervision_on = serializers.DateField()
    investor_notice = OversightStepSerializer()
    findings = serializers.CharField(allow_blank=True)
    recommendations = OversightRecommendationSerializer(many=True)


class OversightProjectDetailSerializer(OversightProjectSerializer):
    villages = serializers.ListField(child=serializers.CharField())
    board_established_on = serializers.DateField(allow_null=True)
    board_dissolved_on = serializers.DateField(allow_null=True)
    members = OversightSupervisionMemberSerializer(many=True)
    supervisions = OversightSupervisionSerializer(many=True)


class OversightFindingSerializer(serializers.Serializer[Any]):
    rule = serializers.CharField()
    met = serializers.BooleanField()
    text = serializers.CharField()


class OversightInspectionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField(help_text="periodic, unannounced, self.")
    inspecting_unit_id = serializers.IntegerField()
    target_unit_id = serializers.IntegerField()
    target_kind = serializers.CharField(help_text="department, public_unit, peoples_committee.")
    target_name = serializers.CharField()
    planned_on = serializers.DateField()
    concluded_on = serializers.DateField(allow_null=True)
    conclusion_number = serializers.CharField(allow_blank=True)
    findings = OversightFindingSerializer(many=True)
    recommendations = OversightRecommendationSerializer(many=True)


class OversightInspectionPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = OversightInspectionSerializer(many=True)


class OversightRecommendationPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = OversightRecommendationSerializer(many=True)


def _step(s: Step) -> dict[str, Any]:
    return {
        "rule": s.rule,
        "title": s.title,
        "due": s.due,
        "done_on": s.done_on,
        "state": s.state.value,
        "why": s.why,
    }


def _rec(r: Recommendation) -> dict[str, Any]:
    return {
        "id": r.pk,
        "rule": r.rule,
        "commune_id": r.commune_id,
        "text": r.text,
        "suspension": r.suspension,
        "received_on": r.received_on,
        "answer": r.answer,
        "answer_document_id": r.answer_document_id,
        "step": _step(selectors.answer_step(r)),
    }


def _page(request: Request, qs: Any, item: Any) -> Response:
    if not permissions.has_any_access(request.user):
        raise PermissionDenied
    page = Paginator(qs, PAGE).get_page(request.query_params.get("page"))
    return Response(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [item(x) for x in page.object_list],
        }
    )


def _board(b: InspectionBoard) -> dict[str, Any]:
    members = [m for m in b.members.all() if m.left_on is None]
    return {
        "id": b.pk,
        "commune_id": b.commune_id,
        "commune": b.commune.name,
        "term_starts_on": b.term_starts_on,
        "term_ends_on": b.term_ends_on,
        "members": [
            {
                "name": m.person.full_name,
                "village": m.village.name,
                "officer": m.officer,
                "elected_on": m.elected_on,
                "decision_id": m.decision_id,
            }
            for m in members
        ],
        "problems": selectors.board_summary(b),
    }


def _project(p: Project) -> dict[str, Any]:
    return {
        "id": p.pk,
        "commune_id": p.commune_id,
        "name": p.name,
        "kind": p.kind,
        "investor": p.investor,
        "funding": p.funding,
        "amount": p.amount,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "ended_on": p.ended_on,
    }


def _inspection(i: Inspection) -> dict[str, Any]:
    return {
        "id": i.pk,
        "title": i.title,
        "kind": i.kind,
        "inspecting_unit_id": i.inspecting_unit_id,
        "target_unit_id": i.target_unit_id,
        "target_kind": i.target_kind,
        "target_name": i.target_name,
        "planned_on": i.planned_on,
        "concluded_on": i.concluded_on,
        "conclusion_number": i.conclusion.number if i.conclusion else "",
        "findings": [{"rule": f.rule, "met": f.met, "text": f.text} for f in i.findings.all()],
        "recommendations": [_rec(r) for r in i.recommendations.all()],
    }


class BoardListView(APIView):
    @extend_schema(
        operation_id="oversight_boards_list",
        parameters=PAGE_PARAM,
        responses=OversightBoardPageSerializer,
    )
    def get(self, request: Request) -> Response:
        qs = (
            selectors.boards(request.user)
            .prefetch_related("members__person", "members__village")
            .order_by("commune__name", "-term_starts_on")
        )
        return _page(request, qs, _board)


class ProjectListView(APIView):
    @extend_schema(
        operation_id="oversight_projects_list",
        parameters=PAGE_PARAM,
        responses=OversightProjectPageSerializer,
    )
    def get(self, request: Request) -> Response:
        qs = selectors.projects(request.user).order_by("-starts_on", "pk")
        return _page(request, qs, _project)


class ProjectView(APIView):
    @extend_schema(operation_id="oversight_project", responses=OversightProjectDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        p = selectors.projects(request.user).filter(pk=pk).first()
        if p is None:
            raise NotFound("Không tìm thấy dự án này.")
        board = SupervisionBoard.objects.filter(project=p).first()
        today = clock.today()
        supervisions = (
            board.supervisions.prefetch_related("recommendations").order_by("supervision_on")
            if board
            else []
        )
        return Response(
            {
                **_project(p),
                "villages": [v.name for v in p.villages.order_by("code")],
                "board_established_on": board.established_on if board else None,
                "board_dissolved_on": board.dissolved_on if board else None,
                "members": [
                    {
                        "name": m.name,
                        "origin": m.origin,
                        "officer": m.officer,
                        "declared": m.no_relatives and m.not_commune_official,
                    }
                    for m in (board.members.all() if board else [])
                ],
                "supervisions": [
                    {
                        "id": s.pk,
                        "content": s.content,
                        "supervision_on": s.supervision_on,
                        "investor_notice": _step(selectors.investor_step(s, today)),
                        "findings": s.findings,
                        "recommendations": [_rec(r) for r in s.recommendations.all()],
                    }
                    for s in supervisions
                ],
            }
        )


class InspectionListView(APIView):
    @extend_schema(
        operation_id="oversight_inspections_list",
        parameters=PAGE_PARAM,
        responses=OversightInspectionPageSerializer,
    )
    def get(self, request: Request) -> Response:
        qs = (
            selectors.inspections(request.user)
            .prefetch_related("findings", "recommendations")
            .order_by("-planned_on", "pk")
        )
        return _page(request, qs, _inspection)


class RecommendationListView(APIView):
    @extend_schema(
        operation_id="oversight_recommendations_list",
        parameters=PAGE_PARAM,
        responses=OversightRecommendationPageSerializer,
    )
    def get(self, request: Request) -> Response:
        return _page(request, selectors.to_answer(request.user), _rec)
