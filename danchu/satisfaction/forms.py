from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.people.models import Person
from danchu.satisfaction.models import LevelChoice


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code printed on your receipt"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class RatingForm(forms.Form):
    level = forms.ChoiceField(
        label=_("How satisfied are you?"), choices=LevelChoice.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment or recommendation (optional, do not write your name)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a trap for bots


class OfficeForm(forms.Form):
    commune: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Commune"))
    name = forms.CharField(
        label=_("Name of the office"),
        max_length=200,
        help_text=_("For example: the one-stop office (Bộ phận Một cửa) of the commune."),
    )

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]


class MatterForm(forms.Form):
    procedure = forms.CharField(label=_("Procedure or matter handled"), max_length=300)
    official: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Person.objects.none(), label=_("Official who handled it")
    )
    handled_on = forms.DateField(
        label=_("Handled on"),
        required=False,
        help_text=_("Leave empty for today. An earlier day needs a reason and evidence."),
    )
    reason = forms.CharField(label=_("Reason for an earlier day"), required=False, max_length=500)
    evidence = forms.FileField(label=_("Evidence for an earlier day"), required=False)

    def __init__(self, *args: Any, officials: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in officials]
        ).order_by("full_name")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Register of the month (XLSX or CSV)"))
    reason = forms.CharField(
        label=_("Why the matters are entered after the day they were handled"),
        max_length=500,
        initial="Nhập sổ theo dõi hồ sơ của tháng",
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    published = forms.BooleanField(
        label=_("Publish the comment and the answer on the public page"),
        required=False,
        initial=True,
        help_text=_("Untick when the comment gives personal details."),
    )


class MonthForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
