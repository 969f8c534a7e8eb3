"""Forms check the input and show Vietnamese messages; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danchu.accounts.access import Cap
from danchu.core import clock
from danchu.core.text import nfc
from danchu.people.models import Assignment, Gender, HowStarted, Person, Position, Term
from danchu.people.rules import birth_date_problem, validate_national_id
from danchu.people.services import duplicate_id_message
from danchu.units.forms import unicode_text
from danchu.units.models import AdminUnit, Agency, Level
from danchu.units.picker import UnitPickerField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    national_id = forms.CharField(
        label=_("Personal identification number"),
        max_length=12,
        required=False,
        help_text=_("12 digits. Enter it only where a process needs it (ID1)."),
    )
    home_unit = UnitPickerField(
        label=_("Unit of record"),
        cap=Cap.MANAGE_UNIT,
        max_level=Level.COMMUNE,
        help_text=_("Type the unit's code or part of its name, then pick it from the list."),
    )

    def __init__(
        self, *args: Any, units: QuerySet[AdminUnit], person: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["home_unit"].queryset = units  # type: ignore[attr-defined]

    def clean_full_name(self) -> str:
        name = unicode_text(self.cleaned_data["full_name"])
        if len(name.split(" ")) < 2:
            raise forms.ValidationError(_("Enter the family name and the given name."))
        return name

    def clean_national_id(self) -> str | None:
        return nfc(self.cleaned_data.get("national_id") or "").replace(" ", "") or None

    def clean_date_of_birth(self) -> Any:
        value = self.cleaned_data.get("date_of_birth")
        if problem := birth_date_problem(value, clock.today()):
            raise forms.ValidationError(problem)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = data.get("national_id")
        if number:
            problems = validate_national_id(number, data.get("date_of_birth"), data.get("gender"))
            for problem in problems:
                self.add_error("national_id", problem)
            clash = Person.objects.filter(national_id=number)
            if self.person is not None:
                clash = clash.exclude(pk=self.person.pk)
            if not problems and clash.exists():
                self.add_error("national_id", duplicate_id_message())
        return data


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.unit.name})"


class AssignmentForm(forms.Form):
    position = forms.ModelChoiceField(label=_("Position"), queryset=Position.objects.all())
    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    start_date = forms.DateField(label=_("From"), widget=DATE)
    end_date = forms.DateField(label=_("To"), required=False, widget=DATE)
    how_started = forms.ChoiceField(
        label=_("How it started"), choices=HowStarted.choices, initial=HowStarted.APPOINTED
    )
    term = forms.ModelChoiceField(
        label=_("Term of office"), queryset=Term.objects.all(), required=False
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.select_related("unit")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("An assignment cannot end before it starts."))
        return data


class EndAssignmentForm(forms.Form):
    end_date = forms.DateField(
        label=_("Last day in the post"),
        widget=DATE,
        help_text=_("The post is shown as held until this day, inclusive."),
    )

    def __init__(self, *args: Any, assignment: Assignment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assignment = assignment

    def clean_end_date(self) -> Any:
        end = self.cleaned_data["end_date"]
        if end < self.assignment.start_date:
            raise forms.ValidationError(_("An assignment cannot end before it starts."))
        return end


class TransferForm(forms.Form):
    old = forms.ModelChoiceField(label=_("Post being left"), queryset=Assignment.objects.none())
    agency = AgencyChoiceField(label=_("New agency"), queryset=Agency.objects.none())
    position = forms.ModelChoiceField(label=_("New position"), queryset=Position.objects.all())
    start_date = forms.DateField(
        label=_("Starts at the new unit on"),
        widget=DATE,
        help_text=_("The old post ends the day before."),
    )
    term = forms.ModelChoiceField(
        label=_("Term of office"), queryset=Term.objects.all(), required=False
    )
    move_record = forms.BooleanField(
        label=_("Move the person's record to the new unit"), required=False, initial=True
    )

    def __init__(
        self, *args: Any, person: Person, agencies: QuerySet[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old"].queryset = person.assignments.filter(  # type: ignore[attr-defined]
            end_date__isnull=True
        ).select_related("position", "agency")
        self.fields["agency"].queryset = agencies.select_related("unit")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        old, start = data.get("old"), data.get("start_date")
        if old and start and start <= old.start_date:
            self.add_error(
                "start_date", _("The transfer must be dated after the old post started.")
            )
        return data


class RetirementForm(forms.Form):
    announced_on = forms.DateField(
        label=_("Retirement announced on"),
        required=False,
        widget=DATE,
        help_text=_(
            "Leave empty to clear. A person with an announced retirement is not voted on (CV1)."
        ),
    )
