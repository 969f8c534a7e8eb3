"""Core API: the current user, administrative units, people. Process apps add their own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.accounts import access
from danchu.accounts import services as account_services
from danchu.accounts.access import Cap
from danchu.accounts.models import ApiToken, RoleAssignment, User
from danchu.api.permissions import UnitScoped
from danchu.core import clock
from danchu.core.text import TextRefused, clean_text, looks_like_legacy_encoding
from danchu.people import permissions as people_permissions
from danchu.people import selectors
from danchu.people import services as people_services
from danchu.people.models import Assignment, Person
from danchu.people.rules import birth_date_problem, validate_national_id
from danchu.units import selectors as unit_selectors
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


@extend_schema_field(OpenApiTypes.STR)
class UnitCodeField(serializers.Field):  # type: ignore[type-arg]
    """A unit named by its official code, resolved as ``units.selectors.by_code`` says (the unit
    in force today wins: codes repeat between the two maps and between communes' villages)."""

    default_error_messages = {
        "does_not_exist": "Mã đơn vị «{value}» không tồn tại.",
        "ambiguous": "Mã đơn vị «{value}» khớp với nhiều đơn vị; hãy dùng mã của bản đồ hiện hành.",
    }

    def to_representation(self, value: AdminUnit) -> str:
        return value.code

    def to_internal_value(self, data: Any) -> AdminUnit:
        code = str(data).strip()
        found = unit_selectors.by_code(AdminUnit.objects.all(), code, clock.today())
        if not found:
            self.fail("does_not_exist", value=code)
        if len(found) > 1:
            self.fail("ambiguous", value=code)
        return found[0]


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    position = serializers.CharField(source="position.name")
    agency = serializers.CharField(source="agency.name")

    class Meta:
        model = Assignment
        fields = ["id", "position", "agency", "start_date", "end_date", "how_started"]


class PersonSerializer(serializers.ModelSerializer[Person]):
    home_unit_code = UnitCodeField(source="home_unit")
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
        try:
            value = clean_text(value, max_length=200)
        except TextRefused as refused:
            raise serializers.ValidationError(str(refused)) from None
        if looks_like_legacy_encoding(value):
            raise serializers.ValidationError(
                "Họ tên có vẻ được gõ bằng bảng mã cũ (TCVN3/VNI); hãy chuyển sang Unicode."
            )
        return value

    def validate_date_of_birth(self, value: dt.date | None) -> dt.date | None:
        if problem := birth_date_problem(value, clock.today()):
            raise serializers.ValidationError(problem)
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

    def to_representation(self, instance: Person) -> dict[str, Any]:
        """ID1: the number is shown only to those who may manage the person's record (as on the
        pages, where only the edit form carries it)."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not people_permissions.can_manage_person(request.user, instance):
            data["national_id"] = None
        return data

    # Writes go through danchu.people.services, like the pages: one transaction, audited.
    def create(self, validated_data: dict[str, Any]) -> Person:
        request = self.context["request"]
        retirement = validated_data.pop("retirement_announced_on", None)
        with transaction.atomic(), _as_drf_errors():
            person = people_services.create_person(
                actor=request.user, request=request, **validated_data
            )
            if retirement is not None:
                people_services.record_retirement(
                    actor=request.user, person=person, announced_on=retirement, request=request
                )
        return person

    def update(self, instance: Person, validated_data: dict[str, Any]) -> Person:
        request = self.context["request"]
        with transaction.atomic(), _as_drf_errors():
            if "retirement_announced_on" in validated_data:
                announced_on = validated_data.pop("retirement_announced_on")
                if announced_on != instance.retirement_announced_on:
                    people_services.record_retirement(
                        actor=request.user,
                        person=instance,
                        announced_on=announced_on,
                        request=request,
                    )
            people_services.update_person(
                actor=request.user, person=instance, request=request, **validated_data
            )
        return instance


@contextmanager
def _as_drf_errors() -> Iterator[None]:
    """A service's Django ValidationError (e.g. a number taken concurrently) → a 400 answer."""
    try:
        yield
    except DjangoValidationError as error:
        raise serializers.ValidationError(serializers.as_serializer_error(error)) from None


class MeRoleSerializer(serializers.Serializer[Any]):
    role = serializers.CharField()
    unit = serializers.CharField(allow_null=True, help_text="The unit's code; null: no unit.")


class MeSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    display_name = serializers.CharField()
    roles = MeRoleSerializer(many=True)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
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


class TokenCreated(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="The key, shown this once only.")
    id = serializers.IntegerField()
    expires_at = serializers.DateTimeField()


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
        read_only_fields = fields


class TokenView(APIView):
    """Make a new API token for the caller (issue 19: stored hashed, expiring after
    ``DANCHU_API_TOKEN_DAYS``, listed at /api/tokens/ and revocable by its owner). The caller
    must already be logged in; the key is in the answer only."""

    @extend_schema(request=None, responses={200: TokenCreated})
    def post(self, request: Request) -> Response:
        assert isinstance(request.user, User)
        if request.user.must_change_password:
            raise PermissionDenied("Hãy đổi mật khẩu trước khi tạo mã API.")
        token, key = account_services.create_api_token(user=request.user, request=request)
        return Response({"token": key, "id": token.pk, "expires_at": token.expires_at})


class TokenListView(generics.ListAPIView[ApiToken]):
    """The caller's own API tokens (never their keys)."""

    serializer_class = ApiTokenSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return ApiToken.objects.filter(user=self.request.user)  # type: ignore[misc]


class TokenRevokeView(APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        """Revoke one of the caller's tokens: it stops working at once."""
        assert isinstance(request.user, User)
        token = ApiToken.objects.filter(pk=pk, user=request.user).first()
        if token is None:
            raise NotFound("Không tìm thấy mã API này trong các mã của bạn.")
        account_services.revoke_api_token(actor=request.user, token=token, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[OpenApiParameter("on", str, description="YYYY-MM-DD (default today)")])
class UnitViewSet(viewsets.ReadOnlyModelViewSet[AdminUnit]):
    serializer_class = UnitSerializer
    permission_classes = [UnitScoped]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = access.visible_units(self.request.user).order_by("level", "code")
        on = self.request.query_params.get("on")
        if self.action == "list":
            try:
                day = dt.date.fromisoformat(on) if on else clock.today()
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
    permission_classes = [UnitScoped]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        code, today = self.kwargs["code"], clock.today()
        found = unit_selectors.by_code(access.visible_units(self.request.user), code, today)
        if not found:
            if unit_selectors.by_code(AdminUnit.objects.all(), code, today):
                raise PermissionDenied("Bạn không có quyền xem đơn vị này.")
            raise NotFound(f"Mã đơn vị «{code}» không tồn tại.")
        if len(found) > 1:
            raise serializers.ValidationError(
                {"code": f"Mã đơn vị «{code}» khớp với nhiều đơn vị bạn được xem."}
            )
        return selectors.vietnamese_order(
            Person.objects.filter(home_unit__path__startswith=found[0].path)
        )


__all__ = [
    "MeView",
    "PersonViewSet",
    "TokenListView",
    "TokenRevokeView",
    "TokenView",
    "UnitPeopleView",
    "UnitViewSet",
    "status",
]
