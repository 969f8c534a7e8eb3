from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.residents.models import FORM_CHOICES, MATTER_CHOICES, PROPOSER_CHOICES
from danchu.units.models import AdminUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LINES = forms.Textarea(attrs={"rows": 3})


def _set_villages(form: forms.Form, villages: Any) -> None:
    field = form.fields["village"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = villages if villages is not None else AdminUnit.objects.none()


def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class HouseholdForm(forms.Form):
    number = forms.CharField(label=_("household number"), max_length=30)
    representative = forms.CharField(label=_("household representative"), max_length=200)
    address = forms.CharField(label=_("address"), max_length=300)
    on = forms.DateField(label=_("From"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Reason for an earlier date"), required=False, max_length=500)


class HouseholdImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv: so_ho, chu_ho, dia_chi, tu_ngay)"))


class ProposeForm(forms.Form):
    village = forms.ModelChoiceField(
        label=_("village"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("Whole commune"),
    )
    matter = forms.ChoiceField(label=_("matter"), choices=MATTER_CHOICES)
    proposer = forms.ChoiceField(label=_("proposed by"), choices=PROPOSER_CHOICES)
    front_agreed = forms.BooleanField(label=_("agreed with the Front"), required=False)
    title = forms.CharField(label=_("Title"), max_length=300)
    content = forms.CharField(
        label=_("what is put to the community"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, villages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_villages(self, villages)


class ChooseFormForm(forms.Form):
    form = forms.ChoiceField(label=_("form"), choices=FORM_CHOICES)


class MeetingForm(forms.Form):
    village = forms.ModelChoiceField(label=_("village"), queryset=AdminUnit.objects.none())
    held_on = forms.DateField(label=_("meeting day"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Reason for an earlier date"), required=False, max_length=500)
    place = forms.CharField(label=_("Place"), max_length=200)
    notice_on = forms.DateField(
        label=_("notice reached households on"), widget=DATE, required=False
    )
    documents_on = forms.DateField(
        label=_("documents reached households on"), widget=DATE, required=False
    )
    secretary = forms.CharField(label=_("Secretary"), max_length=200)
    secret_ballot = forms.BooleanField(label=_("secret ballot"), required=False)
    counting_board = forms.CharField(
        label=_("counting board (one per line)"), required=False, widget=LINES, max_length=2000
    )
    witnesses = forms.CharField(
        label=_("witnessing households (one per line)"), widget=LINES, max_length=1000
    )
    present = forms.IntegerField(label=_("households present"), min_value=0, max_value=10**6)
    agree = forms.IntegerField(label=_("agree"), min_value=0, max_value=10**6)
    disagree = forms.IntegerField(label=_("disagree"), min_value=0, max_value=10**6, initial=0)

    def __init__(self, *args: Any, villages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_villages(self, villages)


class BallotPlanForm(forms.Form):
    team_chair = forms.CharField(label=_("team chair (Front representative)"), max_length=200)
    team = forms.CharField(label=_("ballot team (one per line)"), widget=LINES, max_length=2000)
    question = forms.CharField(
        label=_("question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    notice_on = forms.DateField(label=_("public notice on"), widget=DATE, required=False)
    distributed_on = forms.DateField(label=_("distributed on"), widget=DATE)
    deadline = forms.DateField(label=_("return deadline"), widget=DATE)


class BallotResultForm(forms.Form):
    village = forms.ModelChoiceField(label=_("village"), queryset=AdminUnit.objects.none())
    returned = forms.IntegerField(label=_("ballots returned"), min_value=0, max_value=10**6)
    agree = forms.IntegerField(label=_("agree"), min_value=0, max_value=10**6)
    disagree = forms.IntegerField(label=_("disagree"), min_value=0, max_value=10**6)
    other = forms.IntegerField(label=_("other opinion"), min_value=0, max_value=10**6, initial=0)
    witnesses = forms.CharField(
        label=_("witnessing households (one per line)"), widget=LINES, max_length=1000
    )

    def __init__(self, *args: Any, villages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_villages(self, villages)


class TeamForm(forms.Form):
    team_chair = forms.CharField(label=_("team chair (Front representative)"), max_length=200)
    team = forms.CharField(
        label=_("online-vote team (one per line)"), widget=LINES, max_length=2000
    )


class RecordForm(forms.Form):
    discussed = forms.CharField(label=_("what was discussed"), widget=LINES, max_length=20000)
    decided = forms.CharField(label=_("what was decided"), widget=LINES, max_length=20000)
    signed_by = forms.CharField(
        label=_("Signatures: village head, head of the Front committee, two households"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class DayForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Reason for an earlier date"), required=False, max_length=500)


class AnswerForm(forms.Form):
    recognised = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", _("Recognise")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
    )
    reasons = forms.CharField(label=_("reasons"), widget=LINES, required=False, max_length=5000)
    effective_on = forms.DateField(label=_("takes effect on"), widget=DATE, required=False)


class SupportForm(forms.Form):
    number = forms.CharField(label=_("household number"), max_length=30)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("One-time code"), max_length=40)
    choice = forms.ChoiceField(
        label=_("Your choice"),
        choices=[
            ("consent", _("I agree to vote online")),
            ("no_consent", _("I do not agree to vote online")),
            ("agree", _("agree")),
            ("disagree", _("disagree")),
            ("other", _("other opinion")),
        ],
    )
    opinion = forms.CharField(
        label=_("other opinion"), required=False, max_length=2000, widget=LINES
    )
