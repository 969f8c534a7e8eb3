"""The OpenAPI schema's defaults for every endpoint (issue 19: a complete API contract).

- Every operation documents its error answers — 400 (refused input), 401 (not logged in),
  403 (no right), 404 (not there or not visible) — with the shape every error has
  (``{"detail": …}`` or field → messages, in Vietnamese: ``danchu.api.errors``).
- A plain ``APIView`` that names no serializer is described as answering a JSON object (and,
  for POST/PUT/PATCH, taking one) instead of being dropped from the schema with "unable to guess
  serializer"; views that declare their shapes with ``@extend_schema`` keep them.
- Operation ids are unique: a plain ``APIView`` whose class name says it lists (``…List…``) is
  ``…_list`` like a generic list view, not ``…_retrieve`` beside its detail view.

``scripts/test.sh`` runs ``danchu spectacular --validate --fail-on-warn``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
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
    def _names_a_serializer(self) -> bool:
        return hasattr(self.view, "get_serializer") or bool(
            getattr(self.view, "serializer_class", None)
        )

    def get_request_serializer(self) -> Any:
        if self._names_a_serializer():
            return super().get_request_serializer()
        return OpenApiTypes.OBJECT if self.method in {"POST", "PUT", "PATCH"} else None

    def get_response_serializers(self) -> Any:
        if self._names_a_serializer():
            return super().get_response_serializers()
        return OpenApiTypes.OBJECT

    def _is_list_view(self, serializer: Any = None) -> bool:
        if not self._names_a_serializer() and self.method == "GET":
            return "List" in type(self.view).__name__
        return bool(super()._is_list_view(serializer))

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
