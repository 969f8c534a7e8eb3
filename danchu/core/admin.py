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
