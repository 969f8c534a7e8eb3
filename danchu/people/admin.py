"""People in the admin write through the same services as the pages, with an audit entry.

A person is created and edited with ``people.services.create_person`` / ``update_person`` (the
checks of ID1, NFC names, the audit entry); posts are shown but changed on the person's page
(appointments, transfers, retirement), where the SV2/CV1 histories are kept consistent. Positions
and terms are reference data, audited on every change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from danchu.core.admin import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from danchu.people import services
from danchu.people.forms import PersonForm
from danchu.people.models import Assignment, Person, Position, Term


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ("name", "code", "level", "category")
    list_filter = ("level", "category")
    search_fields = ("name", "code")


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ("name", "start", "end")


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fk_name = "person"
    fields = ("position", "agency", "start_date", "end_date", "how_started")
    readonly_fields = fields


class PersonAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """The page's checks, before the service is called: a name in NFC with a family and a
    given name (no legacy encoding), and ID1 still consistent with the birth date and gender."""

    class Meta:
        model = Person
        fields = ("full_name", "gender", "date_of_birth", "home_unit")

    clean_full_name = PersonForm.clean_full_name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        trial = Person(
            pk=self.instance.pk,
            national_id=self.instance.national_id,
            date_of_birth=cleaned.get("date_of_birth"),
            gender=cleaned.get("gender") or "",
        )
        try:
            services.check_person(trial)
        except ValidationError as error:
            raise ValidationError(
                [m for messages in error.message_dict.values() for m in messages]
            ) from None
        return cleaned


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = PersonAdminForm
    list_display = ("full_name", "gender", "date_of_birth", "home_unit", "retirement_announced_on")
    search_fields = ("full_name", "search_name")
    raw_id_fields = ("home_unit",)
    # ID1: the number is kept out of the generic admin; edit it on the person page.
    fields = ("full_name", "gender", "date_of_birth", "home_unit")
    inlines = [AssignmentInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a person with a history is never deleted; posts end instead

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        values = {name: form.cleaned_data.get(name) for name in self.fields}
        if change:
            fresh = Person.objects.get(pk=obj.pk)
            services.update_person(actor=request.user, person=fresh, request=request, **values)
        else:
            obj.pk = services.create_person(actor=request.user, request=request, **values).pk
        obj.refresh_from_db()


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("person", "position", "agency", "start_date", "end_date", "how_started")
    list_filter = ("how_started", "position")
    list_select_related = ("person", "position", "agency")
