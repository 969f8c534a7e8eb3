"""Core API: the current user, administrative units, people. Process apps add their own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import RoleAssignment, User
from danchu.api.permissions import UnitScoped
from danchu.core.text import looks_like_legacy_encoding, nfc
from danchu.people import selectors
from danchu.people.models import Assignment, Person
from danchu.people.rules import validate_national_id
from danchu.units.models import AdminUnit


class UnitSerializer(serializers.ModelSerializer[AdminUnit]):
    class Meta:
        model = AdminUnit
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "level",
            "parent",
            "map_version",
            "valid_from",
            "valid_to",
        ]


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    position = serializers.CharField(source="position.name")
    agency = serializers.CharField(source="agency.name")

    class Meta:
        model = Assignment
        fields = ["id", "position", "agency", "start_date", "end_date", "how_started"]


class PersonSerializer(serializers.ModelSerializer[Person]):
    home_unit_code = serializers.SlugRelatedField(
        source="home_unit",
        slug_field="code",
        queryset=AdminUnit.objects.all(),
        error_messages={"does_not_exist": "Mã đơn vị «{value}» không tồn tại."},
    )
    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "gender",
            "date_of_birth",
            "national_id",
            "home_unit_code",
            "retirement_announced_on",
            "assignments",
        ]
        extra_kwargs = {"national_id": {"required": False, "allow_null": True, "validators": []}}

    def validate_full_name(self, value: str) -> str:
        value = nfc(value)
        if looks_like_legacy_encoding(value):
            raise serializers.ValidationError(
                "Họ tên có vẻ được gõ bằng bảng mã cũ (TCVN3/VNI); hãy chuyển sang Unicode."
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        national_id = attrs.get("national_id")
        if national_id:
            problems = validate_national_id(
                national_id, attrs.get("date_of_birth"), attrs.get("gender")
            )
            if problems:
                raise serializers.ValidationError({"national_id": problems})
            clash = Person.objects.filter(national_id=national_id)
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise serializers.ValidationError(
                    {"national_id": ["Số định danh cá nhân này đã có trong hệ thống."]}
                )
        request = self.context["request"]
        unit = attrs.get("home_unit") or getattr(self.instance, "home_unit", None)
        if not access.has_capability(request.user, Cap.MANAGE_UNIT, unit):
            raise PermissionDenied("Bạn không có quyền cập nhật hồ sơ của đơn vị này.")
        return attrs


class MeView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)
        roles = RoleAssignment.objects.current().filter(user=user).select_related("unit")
        return Response(
            {
                "username": user.get_username(),
                "display_name": user.display_name(),
                "roles": [{"role": r.role, "unit": r.unit.code if r.unit else None} for r in roles],
            }
        )


class TokenView(APIView):
    """Create (or return) the caller's API token; the caller must already be logged in."""

    @extend_schema(request=None, responses={200: dict})
    def post(self, request: Request) -> Response:
        assert isinstance(request.user, User)
        token, _ = Token.objects.get_or_create(user=request.user)
        return Response({"token": token.key})


@extend_schema(parameters=[OpenApiParameter("on", str, description="YYYY-MM-DD (default today)")])
class UnitViewSet(viewsets.ReadOnlyModelViewSet[AdminUnit]):
    serializer_class = UnitSerializer
    permission_classes = [UnitScoped]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = access.visible_units(self.request.user).order_by("level", "code")
        on = self.request.query_params.get("on")
        if self.action == "list":
            try:
                day = dt.date.fromisoformat(on) if on else timezone.localdate()
            except ValueError as exc:
                raise serializers.ValidationError({"on": "Ngày phải có dạng YYYY-MM-DD."}) from exc
            qs = qs.in_force(day)
            if code := self.request.query_params.get("parent"):
                qs = qs.filter(parent__code=code)
        return qs

    def unit_of(self, obj: AdminUnit) -> AdminUnit:
        return obj


class PersonViewSet(viewsets.ModelViewSet[Person]):
    serializer_class = PersonSerializer
    permission_classes = [UnitScoped]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = access.scope(
            self.request.user, Person.objects.select_related("home_unit"), "home_unit"
        ).prefetch_related("assignments__position", "assignments__agency")
        qs = selectors.search(qs, self.request.query_params.get("q", ""))
        return selectors.vietnamese_order(qs)

    def unit_of(self, obj: Person) -> AdminUnit:
        return obj.home_unit

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            return super().create(request, *args, **kwargs)


class UnitPeopleView(generics.ListAPIView[Person]):
    serializer_class = PersonSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        unit = AdminUnit.objects.filter(code=self.kwargs["code"]).first()
        if unit is None or not access.has_capability(self.request.user, Cap.VIEW_UNIT, unit):
            raise PermissionDenied("Bạn không có quyền xem đơn vị này.")
        return selectors.vietnamese_order(
            Person.objects.filter(home_unit__path__startswith=unit.path)
        )


__all__ = ["MeView", "PersonViewSet", "TokenView", "UnitPeopleView", "UnitViewSet", "status"]
