"""The OpenAPI schema's defaults for every endpoint (issue 19: a complete API contract).

- Every operation documents its error answers — 400 (refused input), 401 (not logged in),
  403 (no right), 404 (not there or not visible) — with the shape every error has
  (``{"detail": …}`` or field → messages, in Vietnamese: ``danchu.api.errors``).
- There is no generic fallback any more: every view names its request and answer serializers
  (a generic view through ``serializer_class``, an ``APIView`` through ``@extend_schema``). A
  view that names none makes drf-spectacular warn "unable to guess serializer", which
  ``--fail-on-warn`` refuses, and ``danchu/api/tests/test_contract.py`` fails on any operation
  whose answer or body is a bare JSON object.
- Choice sets that would collide by field name across apps (``status``, ``kind``) are named
  components of their own: :class:`NamedChoiceField`, :class:`NamedChoicesMixin`.

``scripts/test.sh`` runs ``danchu spectacular --validate --fail-on-warn``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_choice_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": 'Vietnamese messages: {"detail": "…"} or {"field": ["…"]}',
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
_ERRORS = {
    "400": "Dữ liệu gửi lên không hợp lệ (thông báo theo từng trường).",
    "401": "Chưa đăng nhập hoặc mã API không hợp lệ, hết hạn, đã thu hồi.",
    "403": "Không có quyền với đơn vị hoặc hồ sơ này.",
    "404": "Không tìm thấy, hoặc bạn không được xem.",
}


class DanchuAutoSchema(AutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        operation = super().get_operation(*args, **kwargs)
        if not operation:
            return operation
        responses = operation.setdefault("responses", {})
        public = any(isinstance(p, AllowAny) for p in getattr(self.view, "get_permissions", list)())
        codes = ["400"]
        if not public:
            codes += ["401", "403"]
        if "{" in self.path:
            codes.append("404")
        for code in codes:
            responses.setdefault(
                code,
                {
                    "description": _ERRORS[code],
                    "content": {"application/json": {"schema": ERROR_SCHEMA}},
                },
            )
        return operation


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choice set is one named component of the schema (``enum_name``).

    drf-spectacular names an enum after the *field* (``status``, ``kind``) across the whole
    schema, so two apps' ``status`` fields collide and ``--fail-on-warn`` fails unless
    ``ENUM_NAME_OVERRIDES`` lists them. A field declared with this class names its set itself
    (``ConsultationStatusEnum``), wherever it is used; it validates and answers exactly as a
    ``ChoiceField``."""

    def __init__(self, *, enum_name: str, answers_blank: bool = False, **kwargs: Any) -> None:
        self.enum_name = enum_name
        self.answers_blank = answers_blank  # a read-only field of a ``blank=True`` model field
        super().__init__(**kwargs)


class NamedChoicesMixin:
    # For a ``ModelSerializer``: each model field with choices becomes a NamedChoiceField named
    # after the model and the field (``OpinionStance``). No docstring: the schema would take it
    # as the description of every serializer using the mixin.

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[Any, Any]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)  # type: ignore[misc]
        if field_class is serializers.ChoiceField:
            model = model_field.model.__name__
            name = "".join(part.capitalize() for part in field_name.split("_"))
            field_class = NamedChoiceField
            kwargs = {**kwargs, "enum_name": f"{model}{name}", "answers_blank": model_field.blank}
        return field_class, kwargs


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def get_name(self) -> str | None:
        field = self.target
        blank = "OrBlank" if field.allow_blank or field.answers_blank else ""
        null = "OrNull" if field.allow_null else ""
        return f"{field.enum_name}{blank}{null}Enum"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        schema = build_choice_field(self.target)
        schema.pop("x-spec-enum-id", None)
        if self.target.answers_blank and "" not in schema["enum"]:
            schema["enum"].insert(len(schema["enum"]) - (None in schema["enum"]), "")
        return schema
