"""The swap table (TM4) in the Django admin: only ``Cap.MANAGE_REFERENCE`` holders edit it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from danchu.core.text import nfc
from danchu.legalcal import permissions, services
from danchu.legalcal.models import CalendarSwap


@admin.register(CalendarSwap)
class CalendarSwapAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "legal_basis", "note", "verified")
    list_filter = ("kind", "verified")
    search_fields = ("legal_basis", "note")
    date_hierarchy = "date"
    ordering = ("-date",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_manage_swaps(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_swaps(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.can_manage_swaps(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_swaps(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_swaps(request.user)

    def save_model(self, request: HttpRequest, obj: CalendarSwap, form: Any, change: bool) -> None:
        obj.legal_basis = nfc(obj.legal_basis)
        obj.note = nfc(obj.note)
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            services.record_swap_change(
                actor=request.user,
                swap=obj,
                action="changed" if change else "added",
                request=request,
            )

    def delete_model(self, request: HttpRequest, obj: CalendarSwap) -> None:
        with transaction.atomic():
            services.record_swap_change(
                actor=request.user, swap=obj, action="deleted", request=request
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for swap in queryset:
                services.record_swap_change(
                    actor=request.user, swap=swap, action="deleted", request=request
                )
            super().delete_queryset(request, queryset)
