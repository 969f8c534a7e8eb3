from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.dialogues.models import MeetingKind, QuestionSource

DAY_HELP = _("Leave empty for today. An earlier day needs a reason and evidence.")


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ChoiceForm(forms.Form):
    def __init__(self, *args: Any, choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (choices or {}).items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]


class DialogueForm(ChoiceForm):
    commune: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Commune"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    planned_on = forms.DateField(label=_("Planned day"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    topics = forms.CharField(label=_("Topics"), required=False, max_length=20000, widget=_area())


class BackdateForm(forms.Form):
    on = forms.DateField(label=_("Day"), required=False, help_text=DAY_HELP)
    reason = forms.CharField(
        label=_("Reason for an earlier day"), required=False, max_length=2000, widget=_area(2)
    )
    evidence = forms.FileField(label=_("Evidence"), required=False)


class PublicQuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question or proposal"), max_length=2000, widget=_area(5))
    named = forms.BooleanField(
        label=_("Give my name (leave unticked to ask anonymously)"), required=False
    )
    asker = forms.CharField(label=_("Full name"), max_length=200, required=False)
    village_name = forms.CharField(label=_("Village"), max_length=200, required=False)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=20000, widget=_area())
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[c for c in QuestionSource.choices if c[0] != QuestionSource.PUBLIC],
    )
    asker = forms.CharField(label=_("Asked by"), max_length=200, required=False)
    village_name = forms.CharField(label=_("Village"), max_length=200, required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=20000, widget=_area())
    answered_by = forms.CharField(label=_("Answered by"), max_length=200, required=False)
    published = forms.BooleanField(label=_("Show on the public page"), required=False, initial=True)


class HeldForm(BackdateForm):
    chair = forms.CharField(label=_("Chaired by"), max_length=200)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=0, required=False)
    summary = forms.CharField(label=_("Conclusions"), required=False, widget=_area())


class CommitmentForm(forms.Form):
    text = forms.CharField(label=_("Commitment"), max_length=20000, widget=_area(2))
    responsible = forms.CharField(label=_("Responsible"), max_length=200)
    due_on = forms.DateField(label=_("Deadline"))


class DoneForm(BackdateForm):
    note = forms.CharField(label=_("What was done"), max_length=20000, widget=_area(2))


class ConferenceForm(ChoiceForm):
    village: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Village"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    planned_on = forms.DateField(label=_("Conference day"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    inspection_member = forms.CharField(
        label=_("Inspection Board member of the village"), max_length=200, required=False
    )


class ConferenceHeldForm(BackdateForm):
    households_present = forms.IntegerField(
        label=_("Households present"), min_value=0, required=False
    )
    head_report = forms.CharField(label=_("Village head's report"), widget=_area())
    front_report = forms.CharField(label=_("Front working committee's report"), widget=_area())
    inspection_member = forms.CharField(
        label=_("Inspection Board member of the village"), max_length=200, required=False
    )
    inspection_report = forms.CharField(label=_("Inspection Board member's report"), widget=_area())
    conclusions = forms.CharField(label=_("Conclusions"), required=False, widget=_area())


class StaffForm(ChoiceForm):
    agency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Agency"))
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    planned_on = forms.DateField(label=_("Planned day"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class StaffHeldForm(BackdateForm):
    chair = forms.CharField(label=_("Chaired by"), max_length=200)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, required=False)
    results = forms.CharField(label=_("Results reviewed"), required=False, widget=_area())
    targets = forms.CharField(label=_("Targets set"), required=False, widget=_area())
    exchanges = forms.CharField(
        label=_("Staff's questions and the head's answers"), required=False, widget=_area()
    )
