"""JSON API of GR8, with the same checks as the pages (``permissions``); no personal data.

- ``GET /api/complaints/?commune=<id>`` — the commune's cases, paginated, each with its step
  states and due days (GR8);
- ``GET /api/complaints/figures/?commune=<id>&year=<y>`` — received, closed, on time (exact
  fraction and the Vietnamese percentage), backlog.
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

from danchu.complaints import permissions, selectors
from danchu.core import clock
from danchu.units.models import AdminUnit

PAGE = 50


class ComplaintCaseSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="Number in the commune's year, e.g. 007/2026.")
    kind = serializers.CharField(help_text="complaint, denunciation, petition")
    subject = serializers.CharField()
    status = serializers.CharField()
    received_on = serializers.DateField()
    remote = serializers.BooleanField()
    complexity = serializers.CharField()
    acceptance = serializers.CharField(help_text="met, in_progress, late, missed")
    acceptance_due = serializers.DateField()
    settlement = serializers.CharField(allow_null=True)
    settlement_due = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)


class ComplaintCasePageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = ComplaintCaseSerializer(many=True)


class ComplaintFiguresSerializer(serializers.Serializer[Any]):
    commune_id = serializers.IntegerField()
    year = serializers.IntegerField()
    received = serializers.IntegerField()
    closed = serializers.IntegerField()
    closed_on_time = serializers.IntegerField()
    on_time_rate = serializers.CharField(
        allow_null=True, help_text="Exact fraction 'n/d', null when nothing was closed."
    )
    on_time_rate_vi = serializers.CharField(help_text="As a Vietnamese reader reads it: 75,00%.")
    backlog = serializers.IntegerField()
    backlog_overdue = serializers.IntegerField()
    transferred = serializers.IntegerField()


def _int(request: Request, name: str, low: int, high: int) -> int | None:
    value = str(request.query_params.get(name, "")).strip()
    if not value:
        return None
    if (
        not value.isascii()
        or not value.isdigit()
        or len(value) > 10
        or not low <= int(value) <= high
    ):
        raise serializers.ValidationError({name: f"Giá trị phải là số từ {low} đến {high}."})
    return int(value)


def _commune(request: Request) -> AdminUnit:
    communes = permissions.visible_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    pk = _int(request, "commune", 1, 10**9)
    if pk is None:
        raise serializers.ValidationError({"commune": "Chọn xã (mã số)."})
    commune = communes.filter(pk=pk).first()
    if commune is None:
        raise NotFound("Không tìm thấy xã này.")
    return commune


COMMUNE = OpenApiParameter("commune", OpenApiTypes.INT, description="Commune id.", required=True)


class CaseListView(APIView):
    @extend_schema(
        operation_id="complaints_list",
        parameters=[COMMUNE, OpenApiParameter("page", OpenApiTypes.INT, description="Page.")],
        responses=ComplaintCasePageSerializer,
    )
    def get(self, request: Request) -> Response:
        commune = _commune(request)
        page = Paginator(selectors.cases(commune), PAGE).get_page(request.query_params.get("page"))
        rows = selectors.with_states(list(page.object_list))
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": [
                    {
                        "id": r.case.pk,
                        "code": r.case.code,
                        "kind": r.case.kind,
                        "subject": r.case.subject,
                        "status": r.case.status,
                        "received_on": r.case.received_on,
                        "remote": r.case.remote,
                        "complexity": r.case.complexity,
                        "acceptance": r.state.acceptance.value,
                        "acceptance_due": r.state.acceptance_due,
                        "settlement": r.state.settlement.value if r.state.settlement else None,
                        "settlement_due": r.state.settlement_due,
                        "closed_on": r.state.closed_on,
                    }
                    for r in rows
                ],
            }
        )


class FiguresView(APIView):
    @extend_schema(
        operation_id="complaints_figures",
        parameters=[COMMUNE, OpenApiParameter("year", OpenApiTypes.INT, description="Year.")],
        responses=ComplaintFiguresSerializer,
    )
    def get(self, request: Request) -> Response:
        commune = _commune(request)
        year = _int(request, "year", 2000, 2199) or clock.this_year()
        f = selectors.commune_figures(commune, year)
        rate = f.on_time_rate
        return Response(
            {
                "commune_id": commune.pk,
                "year": year,
                "received": f.figures.received,
                "closed": f.figures.closed,
                "closed_on_time": f.figures.closed_on_time,
                "on_time_rate": None if rate is None else f"{rate.numerator}/{rate.denominator}",
                "on_time_rate_vi": f.on_time_rate_vi,
                "backlog": f.figures.backlog,
                "backlog_overdue": f.figures.backlog_overdue,
                "transferred": f.figures.transferred,
            }
        )
