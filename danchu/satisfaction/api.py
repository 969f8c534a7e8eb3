"""JSON API of the satisfaction channel (LD10), with the same checks as the pages.

- ``GET /api/satisfaction/offices/?year=&month=`` — the offices the user may see, with the
  month's figures;
- ``GET /api/satisfaction/communes/<id>/<year>/<month>/`` — :func:`selectors.monthly_figures`:
  per office, per official, general ratings, the whole commune;
- ``GET /api/satisfaction/communes/<id>/<year>/`` — :func:`selectors.yearly_rate`;
- ``POST /api/satisfaction/offices/<id>/matters/`` — record a handled matter handled today;
  the answer carries the receipt's one-time code, once (it is not stored);
- ``GET /api/satisfaction/offices/<id>/comments/`` — the comments (never who wrote them), with
  their week, due day, answer and state.

Rates are exact: ``rate`` is "numerator/denominator" (null when nobody rated) and ``rate_text``
the Vietnamese percentage.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core import clock
from danchu.people.models import Person
from danchu.satisfaction import permissions, rules, selectors, services
from danchu.satisfaction.models import Comment, Office
from danchu.units.models import AdminUnit

PAGE = 50


class FiguresSerializer(serializers.Serializer[Any]):
    very_satisfied = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    not_satisfied = serializers.IntegerField()
    very_dissatisfied = serializers.IntegerField()
    total = serializers.IntegerField()
    satisfied_count = serializers.IntegerField()
    rate = serializers.CharField(
        allow_null=True, help_text='The satisfied rate as an exact fraction, e.g. "2/3".'
    )
    rate_text = serializers.CharField(help_text='The rate the Vietnamese way, e.g. "66,67%".')


def _figures(f: rules.Figures) -> dict[str, Any]:
    rate = f.rate
    return {
        "very_satisfied": f.very_satisfied,
        "satisfied": f.satisfied,
        "not_satisfied": f.not_satisfied,
        "very_dissatisfied": f.very_dissatisfied,
        "total": f.total,
        "satisfied_count": f.satisfied_count,
        "rate": None if rate is None else f"{rate.numerator}/{rate.denominator}",
        "rate_text": f.rate_text,
    }


class OfficeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    commune_id = serializers.IntegerField()
    commune = serializers.CharField()
    active = serializers.BooleanField()
    month = serializers.CharField(help_text='"mm/yyyy"')
    figures = FiguresSerializer()


class OfficePageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = OfficeSerializer(many=True)


class LineSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    figures = FiguresSerializer()


class MonthSerializer(serializers.Serializer[Any]):
    commune_id = serializers.IntegerField()
    commune = serializers.CharField()
    month = serializers.CharField(help_text='"mm/yyyy"')
    total = FiguresSerializer()
    general = FiguresSerializer(help_text="Ratings from the offices' standing QR codes.")
    offices = LineSerializer(many=True)
    officials = LineSerializer(many=True)
    reading = serializers.CharField()


class YearSerializer(serializers.Serializer[Any]):
    commune_id = serializers.IntegerField()
    commune = serializers.CharField()
    year = serializers.IntegerField()
    figures = FiguresSerializer()


class MatterInSerializer(serializers.Serializer[Any]):
    procedure = serializers.CharField(max_length=300)
    official_id = serializers.IntegerField()


class MatterOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    procedure = serializers.CharField()
    official = serializers.CharField()
    handled_on = serializers.DateField()
    code = serializers.CharField(help_text="The receipt's one-time code: shown once, not stored.")
    valid_until = serializers.DateField()
    rate_url = serializers.CharField()


class CommentSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    week = serializers.DateField(help_text="Monday of the week the comment came in.")
    due = serializers.DateField()
    text = serializers.CharField()
    answer = serializers.CharField(allow_blank=True)
    answered_on = serializers.DateField(allow_null=True)
    published = serializers.BooleanField()
    state = serializers.ChoiceField(choices=[s.value for s in rules.AnswerState])


class CommentPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = CommentSerializer(many=True)


MONTH_PARAMS = [
    OpenApiParameter("year", int, description="Year (default: this year)."),
    OpenApiParameter("month", int, description="Month 1–12 (default: this month)."),
    OpenApiParameter("page", int, description="Page number (50 a page)."),
]


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw))
    except ValueError:
        raise ValidationError({name: f"«{raw}» không phải số nguyên."}) from None
    if not low <= value <= high:
        raise ValidationError({name: f"Phải từ {low} đến {high}."})
    return value


def _check_month(year: int, month: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "Năm phải từ 2000 đến 2100."})
    if not 1 <= month <= 12:
        raise ValidationError({"month": "Tháng phải từ 1 đến 12."})


def _commune(request: Request, pk: int) -> AdminUnit:
    commune = AdminUnit.objects.filter(pk=pk).first()
    if commune is None or not permissions.can_view(request.user, commune):
        raise NotFound("Không tìm thấy xã này.")
    return commune


class OfficeListView(APIView):
    @extend_schema(parameters=MONTH_PARAMS, responses=OfficePageSerializer)
    def get(self, request: Request) -> Response:
        today = clock.today()
        year = _int(request, "year", today.year, 2000, 2100)
        month = _int(request, "month", today.month, 1, 12)
        communes = permissions.visible_communes(request.user)
        if not permissions.run_communes(request.user) and not communes.exists():
            raise PermissionDenied
        offices = Office.objects.filter(commune__in=communes).select_related("commune")
        page = Paginator(offices, PAGE).get_page(request.query_params.get("page"))
        first = dt.date(year, month, 1)
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": [
                    {
                        "id": o.pk,
                        "name": o.name,
                        "commune_id": o.commune_id,
                        "commune": o.commune.name,
                        "active": o.active,
                        "month": rules.month_label(first),
                        "figures": _figures(f),
                    }
                    for o, f in selectors.offices_month(list(page.object_list), first)
                ],
            }
        )


class CommuneMonthView(APIView):
    @extend_schema(operation_id="satisfaction_commune_month", responses=MonthSerializer)
    def get(self, request: Request, pk: int, year: int, month: int) -> Response:
        _check_month(year, month)
        commune = _commune(request, pk)
        data = selectors.monthly_figures(commune, year, month)
        return Response(
            {
                "commune_id": commune.pk,
                "commune": commune.name,
                "month": data.month_label,
                "total": _figures(data.total),
                "general": _figures(data.general),
                "offices": [
                    {"id": x.key, "name": x.label, "figures": _figures(x.figures)}
                    for x in data.offices
                ],
                "officials": [
                    {"id": x.key, "name": x.label, "figures": _figures(x.figures)}
                    for x in data.officials
                ],
                "reading": rules.RATE_READING,
            }
        )


class CommuneYearView(APIView):
    @extend_schema(operation_id="satisfaction_commune_year", responses=YearSerializer)
    def get(self, request: Request, pk: int, year: int) -> Response:
        _check_month(year, 1)
        commune = _commune(request, pk)
        return Response(
            {
                "commune_id": commune.pk,
                "commune": commune.name,
                "year": year,
                "figures": _figures(selectors.yearly_rate(commune, year)),
            }
        )


def _office(request: Request, pk: int, *, run: bool) -> Office:
    office = Office.objects.select_related("commune").filter(pk=pk).first()
    if office is None or not permissions.can_view_office(request.user, office):
        raise NotFound("Không tìm thấy nơi tiếp nhận này.")
    if run and not permissions.can_run_office(request.user, office):
        raise PermissionDenied
    return office


class MatterCreateView(APIView):
    @extend_schema(request=MatterInSerializer, responses={201: MatterOutSerializer})
    def post(self, request: Request, pk: int) -> Response:
        office = _office(request, pk, run=True)
        data = MatterInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        official = Person.objects.filter(pk=data.validated_data["official_id"]).first()
        if official is None:
            raise ValidationError({"official_id": "Không có người này."})
        try:
            matter, code = services.record_matter(
                actor=request.user,
                office=office,
                procedure=data.validated_data["procedure"],
                official=official,
            )
        except services.SatisfactionError as exc:
            raise ValidationError({"non_field_errors": exc.problems}) from None
        return Response(
            {
                "id": matter.pk,
                "number": matter.number,
                "procedure": matter.procedure,
                "official": official.full_name,
                "handled_on": matter.handled_on,
                "code": code,
                "valid_until": rules.code_valid_until(matter.handled_on),
                "rate_url": request.build_absolute_uri(reverse("satisfaction:rate")),
            },
            status=status.HTTP_201_CREATED,
        )


class CommentListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("page", int, description="Page number (50 a page).")],
        responses=CommentPageSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        office = _office(request, pk, run=False)
        today = clock.today()
        comments = Comment.objects.filter(office=office).order_by("-week", "text")
        page = Paginator(comments, PAGE).get_page(request.query_params.get("page"))
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": [
                    {
                        "id": c.pk,
                        "week": c.week,
                        "due": c.due,
                        "text": c.text,
                        "answer": c.answer,
                        "answered_on": c.answered_on,
                        "published": c.published,
                        "state": c.state(today).value,
                    }
                    for c in page.object_list
                ],
            }
        )
