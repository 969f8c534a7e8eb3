"""JSON API of the legal calendar: count days and look up working days (TM1–TM4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.legalcal import calendar, permissions
from danchu.legalcal.models import CalendarSwap


def _date(request: Request, name: str) -> dt.date:
    value = request.query_params.get(name, "")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            {name: f"«{value}» không phải ngày hợp lệ (dạng YYYY-MM-DD)."}
        ) from None


def _int(request: Request, name: str, low: int, high: int) -> int:
    value = request.query_params.get(name, "")
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({name: f"«{value}» không phải số nguyên."}) from None
    if not low <= number <= high:
        raise ValidationError({name: f"{number} phải nằm trong khoảng {low} đến {high}."})
    return number


def _check(request: Request) -> None:
    if not permissions.can_view_calendar(request.user):
        raise PermissionDenied


class AddDaysResult(serializers.Serializer[Any]):
    start = serializers.DateField()
    n = serializers.IntegerField()
    working = serializers.BooleanField()
    date = serializers.DateField()


class AddDaysView(APIView):
    @extend_schema(
        summary="Count N calendar or working days from a date (TM1–TM3)",
        parameters=[
            OpenApiParameter("date", str, required=True, description="YYYY-MM-DD, not counted"),
            OpenApiParameter("n", int, required=True, description="negative counts back"),
            OpenApiParameter("working", bool, required=False),
        ],
        responses=AddDaysResult,
    )
    def get(self, request: Request) -> Response:
        _check(request)
        start = _date(request, "date")
        n = _int(request, "n", -36500, 36500)
        working = request.query_params.get("working", "").lower() in {"1", "true", "yes", "on"}
        try:
            result = calendar.add_days(start, n, working=working)
        except calendar.DateOutOfRange as error:
            raise ValidationError({"date": str(error)}) from None
        return Response({"start": start, "n": n, "working": working, "date": result})


class IsWorkingResult(serializers.Serializer[Any]):
    date = serializers.DateField()
    working = serializers.BooleanField()
    holiday = serializers.CharField(allow_null=True)


class IsWorkingView(APIView):
    @extend_schema(
        summary="Is this date a working day? (TM4)",
        parameters=[OpenApiParameter("date", str, required=True, description="YYYY-MM-DD")],
        responses=IsWorkingResult,
    )
    def get(self, request: Request) -> Response:
        _check(request)
        day = _date(request, "date")
        try:
            calendar.check_range(day)
        except calendar.DateOutOfRange as error:
            raise ValidationError({"date": str(error)}) from None
        return Response(
            {
                "date": day,
                "working": calendar.is_working_day(day),
                "holiday": calendar.holiday_name(day),
            }
        )


class SwapSerializer(serializers.ModelSerializer[CalendarSwap]):
    class Meta:
        model = CalendarSwap
        fields = ["date", "kind", "legal_basis", "note", "verified"]


class SwapListView(APIView):
    @extend_schema(
        summary="The yearly swap table: days off and working Saturdays (TM4)",
        parameters=[OpenApiParameter("year", int, required=True)],
        responses=SwapSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        _check(request)
        year = _int(request, "year", 1995, 2100)
        rows = CalendarSwap.objects.filter(date__year=year).order_by("date")
        return Response(SwapSerializer(rows, many=True).data)
