"""DRF glue for danchu.accounts.access: the API checks exactly what the pages check."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from danchu.accounts import access
from danchu.accounts.access import Cap

NO_ROLE_MESSAGE = "Tài khoản của bạn chưa được giao vai trò trên đơn vị nào."


class UnitScoped(BasePermission):
    message = "Bạn không có quyền với dữ liệu của đơn vị này."

    # Must be logged in and hold a role on some unit (as the pages ask); then object checks below.
    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if not access.visible_units(request.user).exists():
            raise PermissionDenied(NO_ROLE_MESSAGE)
        return True

    """Object permission for objects that belong to a unit: read needs VIEW_UNIT, write
    MANAGE_UNIT. The view names the unit with ``unit_of(obj)``."""

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        unit = view.unit_of(obj)
        cap = Cap.VIEW_UNIT if request.method in SAFE_METHODS else Cap.MANAGE_UNIT
        return access.has_capability(request.user, cap, unit)
