from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.villages.models import STEP_CHOICES, DismissalGround

LINES_HELP = _("One per line.")
DAY_HELP = _("Leave empty for today. An earlier day needs a reason and evidence.")


def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class VillageChoiceForm(forms.Form):
    village: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Village"))

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class ElectionForm(VillageChoiceForm):
    election_on = forms.DateField(label=_("Election day"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class BackdateMixin(forms.Form):
    on = forms.DateField(label=_("Day"), required=False, help_text=DAY_HELP)
    reason = forms.CharField(
        label=_("Reason for an earlier day"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = forms.FileField(label=_("Evidence"), required=False)


class StepForm(BackdateMixin):
    step = forms.ChoiceField(label=_("Step"), choices=STEP_CHOICES)
    document_ref = forms.CharField(label=_("Document number"), max_length=100, required=False)
    names = forms.CharField(
        label=_("Names (election team members, or candidates of Form 05)"),
        required=False,
        help_text=LINES_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_note = forms.CharField(label=_("Evidence note"), max_length=2000, required=False)


class MeetingFields(forms.Form):
    secretary = forms.CharField(label=_("Secretary"), max_length=200)
    witnesses = forms.CharField(
        label=_("Two witnessing households"),
        help_text=LINES_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    present = forms.IntegerField(label=_("Households present"), min_value=0)
    reason = forms.CharField(
        label=_("Reason for recording after the day"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class VoteForm(MeetingFields):
    counting_board = forms.CharField(
        label=_("Counting board (3 to 5 people)"),
        help_text=LINES_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, candidates: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for c in candidates:
            self.fields[f"votes_{c.pk}"] = forms.IntegerField(
                label=_("Votes for %(name)s") % {"name": c.name}, min_value=0
            )

    def votes(self) -> dict[int, int]:
        return {
            int(name.removeprefix("votes_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("votes_")
        }


class RecordForm(forms.Form):
    discussed = forms.CharField(
        label=_("What was discussed"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    signed_by = forms.CharField(
        label=_(
            "Signatures: the village head, the head of the Front committee, two household "
            "representatives"
        ),
        help_text=LINES_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SendForm(forms.Form):
    on = forms.DateField(label=_("Sent on"), required=False, help_text=DAY_HELP)
    reason = forms.CharField(label=_("Reason for an earlier day"), max_length=2000, required=False)


class AnswerForm(forms.Form):
    recognised = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", _("Recognise")), ("0", _("Refuse in writing"))],
        coerce=lambda v: v == "1",
    )
    reasons = forms.CharField(
        label=_("Reasons (required for a refusal)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    on = forms.DateField(label=_("Answered on"), required=False, help_text=DAY_HELP)
    backdate_reason = forms.CharField(
        label=_("Reason for an earlier day"), max_length=2000, required=False
    )


class HeadForm(forms.Form):
    name = forms.CharField(label=_("Village head"), max_length=200)
    started_on = forms.DateField(label=_("In office since"))
    ends_on = forms.DateField(label=_("Term ends on"), required=False)
    reason = forms.CharField(label=_("Source (register, decision)"), max_length=2000)


class DismissalForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=DismissalGround.choices)
    ground_text = forms.CharField(
        label=_("Grounds"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestForm(forms.Form):
    household: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Household")
    )

    def __init__(self, *args: Any, households: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households  # type: ignore[attr-defined]


class DecideForm(BackdateMixin):
    interim_name = forms.CharField(label=_("Interim head"), max_length=200)


class CharterForm(VillageChoiceForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"), max_length=200000, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = forms.FileField(label=_("File"), required=False)


class PostForm(BackdateMixin):
    place = forms.CharField(label=_("Posted at"), max_length=200)


class CharterMeetingForm(MeetingFields):
    held_on = forms.DateField(label=_("Meeting day"), required=False, help_text=DAY_HELP)
    place = forms.CharField(label=_("Place"), max_length=200)
    notice_on = forms.DateField(label=_("Notice reached households on"), required=False)
    documents_on = forms.DateField(label=_("Documents reached households on"), required=False)
    agree = forms.IntegerField(label=_("Agree"), min_value=0)
    disagree = forms.IntegerField(label=_("Disagree"), min_value=0, initial=0)


class ReviewForm(BackdateMixin):
    finding = forms.CharField(
        label=_("Finding"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CycleForm(forms.Form):
    years = forms.IntegerField(label=_("Review charters every (years)"), min_value=0)
