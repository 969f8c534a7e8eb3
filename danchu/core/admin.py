"""The Django admin never bypasses a rule.

Process records (rounds, ballots, counts, survey forms, reports, consultations, opinions,
answers, documents, audit) change only through their services, which check the rules and write
the audit entry; in the admin they are read-only. Register them with :class:`ReadOnlyAdmin`
(or mix :class:`ReadOnlyAdminMixin` into an inline); a test walks every registered model and
fails if a process model is editable (``danchu/core/tests/test_admin.py``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """No add, change or delete: the record is shown, its service changes it."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    pass


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):  # type: ignore[type-arg]
    extra = 0


def _changed(form: Any) -> dict[str, Any]:
    """What the admin form changed, as text (never a password: Django's own forms hash it, and
    the audit trail refuses keys that look like secrets)."""
    changes: dict[str, Any] = {}
    for name in getattr(form, "changed_data", []):
        if "password" in name:
            changes["password_changed"] = True
            continue
        value = form.cleaned_data.get(name)
        changes[name] = str(getattr(value, "pk", value)) if value is not None else None
    return changes


class AuditedAdminMixin:
    """Reference data edited in the admin (units, agencies, positions, terms, users): every
    add, change and delete is written to the audit trail in the same transaction."""

    def _audit(self, request: HttpRequest, obj: Any, verb: str, changes: dict[str, Any]) -> None:
        from danchu.audit.services import log

        opts = obj._meta
        log(
            actor=request.user,
            action=f"admin.{opts.app_label}.{opts.model_name}.{verb}",
            target=obj,
            changes=changes,
            request=request,
            unit=_unit_of(obj),
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)  # type: ignore[misc]
            self._audit(request, obj, "changed" if change else "added", _changed(form))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self._audit(request, obj, "deleted", {"was": str(obj)})
            super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._audit(request, obj, "deleted", {"was": str(obj)})
            super().delete_queryset(request, queryset)  # type: ignore[misc]


def _unit_of(obj: Any) -> Any:
    from danchu.units.models import AdminUnit

    if isinstance(obj, AdminUnit):
        return obj
    for name in ("unit", "home_unit"):
        unit = getattr(obj, name, None)
        if isinstance(unit, AdminUnit):
            return unit
    return None


class AuditedAdmin(AuditedAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    pass
