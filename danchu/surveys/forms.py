from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.dataio.forms import ImportForm
from danchu.people.models import Position
from danchu.surveys import rules
from danchu.surveys.models import Group, Handling
from danchu.units.models import AdminUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.Form):
    plan_unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=AdminUnit.objects.none(), label=_("Planning unit")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=255)
    plan_number = forms.CharField(label=_("Plan number"), max_length=60, required=False)
    plan_date = forms.DateField(label=_("Plan date"), required=False, widget=DATE)
    report_before = forms.DateField(
        label=_("Communes report before"),
        widget=DATE,
        help_text=_("As written in the plan ('trước ngày 25/11'): the day before is the last day."),
    )
    positions: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        queryset=Position.objects.none(),
        label=_("Positions surveyed (SV1)"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, units: Any, positions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["positions"].queryset = positions  # type: ignore[attr-defined]


def _evidence_field(label: Any) -> forms.FileField:
    from danchu.consultations import uploads

    return forms.FileField(
        label=label,
        required=False,
        validators=[uploads.UploadValidator(uploads.EVIDENCE, label)],
        widget=forms.ClearableFileInput(attrs={"accept": uploads.EVIDENCE.accept}),
        help_text=_("Only for an earlier day: a photo or scan of the document sent."),
    )


class NoticeForm(forms.Form):
    survey_on = forms.DateField(label=_("Survey date"), widget=DATE)
    notified_on = forms.DateField(
        label=_("Notice sent to the district on"),
        widget=DATE,
        required=False,
        help_text=_("Empty: today. An earlier day needs a reason and evidence."),
    )
    reason = forms.CharField(
        label=_("Why an earlier day (back-dated)"), max_length=500, required=False
    )
    evidence = _evidence_field(_("Evidence of the earlier day"))


class ReportForm(forms.Form):
    """Sending the commune's report: the day it was sent (today unless back-dated)."""

    number = forms.CharField(label=_("Report number (optional)"), max_length=60, required=False)
    on = forms.DateField(
        label=_("Report sent on"),
        widget=DATE,
        required=False,
        help_text=_("Empty: today. An earlier day needs a reason and evidence."),
    )
    reason = forms.CharField(
        label=_("Why an earlier day (back-dated)"), max_length=500, required=False
    )
    evidence = _evidence_field(_("Evidence of the earlier day"))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CountReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the forms collected are outside 100–150 (SV4)"),
        max_length=1000,
        required=False,
    )


class HandoverReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the report is sent before the hand-over arrived"),
        max_length=1000,
        required=False,
    )


class QuotaForm(forms.Form):
    officials = forms.IntegerField(label=_("Officials (CB + KCT)"), min_value=0)
    citizens = forms.IntegerField(label=_("Citizens (ND)"), min_value=0)


KIND_CHOICES = [("", "—")] + [(k.value, label) for k, label in rules.MEMBER_LABELS.items()]


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Capacity"), choices=KIND_CHOICES, required=False)
    role = forms.ChoiceField(
        label=_("Role in the committee"),
        choices=[
            ("member", _("Member")),
            ("leader", _("Committee leader")),
            ("secretary", _("Secretary")),
        ],
        required=False,
    )
    username = forms.CharField(label=_("User account (optional)"), max_length=150, required=False)


MemberFormSet = forms.formset_factory(MemberForm, extra=0, min_num=7, max_num=7)


class CommitteeForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    founded_on = forms.DateField(label=_("Decision date"), required=False, widget=DATE)


OVERALL_KEYS = {
    "1": rules.Overall.TRUST,
    "0": rules.Overall.DISTRUST,
    "": rules.Overall.BLANK,
    "2": rules.Overall.BOTH,
}


class EntryForm(forms.Form):
    """Keyboard entry: serial, group (1 CB, 2 KCT, 3 ND), overall (1, 0, empty, 2 = both),
    items marked (codes separated by spaces)."""

    serial = forms.CharField(label=_("Form serial"), max_length=40)
    group = forms.ChoiceField(
        label=_("Group"),
        choices=[("1", "1 — CB"), ("2", "2 — KCT"), ("3", "3 — ND")],
    )
    overall = forms.ChoiceField(
        label=_("Overall answer"),
        choices=[
            ("1", _("1 — Confidence")),
            ("0", _("0 — No confidence")),
            ("", _("empty — no answer")),
            ("2", _("2 — both marked")),
        ],
        required=False,
    )
    items = forms.CharField(label=_("Items marked (e.g. a4 b2)"), required=False)

    GROUPS = {"1": Group.CB.value, "2": Group.KCT.value, "3": Group.ND.value}

    def cleaned_items(self) -> tuple[str, ...]:
        return rules.parse_item_codes(self.cleaned_data.get("items", ""))


class CodesForm(forms.Form):
    group = forms.ChoiceField(label=_("Group"), choices=Group.choices, initial=Group.ND)
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=200, initial=10)


class DecisionForm(forms.Form):
    handling = forms.ChoiceField(label=_("Decision"), choices=Handling.choices)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("Reason for changing a decision already announced"),
        max_length=500,
        required=False,
    )


class TemplateOutlineForm(forms.Form):
    """SV5: the form editor — sections, items, their order and wording, one line each."""

    outline = forms.CharField(
        label=_("The form, line by line"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 36}),
    )
    note = forms.CharField(label=_("What changed"), max_length=255, required=False)


class TemplateForm(forms.Form):
    content = forms.CharField(
        label=_("Form content (JSON: sections a–d with items, overall question)"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}),
    )
    note = forms.CharField(label=_("What changed"), max_length=255, required=False)

    def clean_content(self) -> dict[str, Any]:
        try:
            value = json.loads(self.cleaned_data["content"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("Not valid JSON (line %(line)s, column %(col)s).")
                % {"line": exc.lineno, "col": exc.colno}
            ) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The content must be a JSON object."))
        return value


class OnlineForm(forms.Form):
    code = forms.CharField(label=_("One-time code"), max_length=20)


class FormsFileForm(forms.Form):
    """A file of forms in the ``danchu survey count`` format (see ``upload.py``)."""

    file = forms.FileField(
        label=_("File of forms (.xlsx or .csv)"),
        help_text=_("The same file as for the standalone count; CSV files must be saved as UTF-8."),
    )

    clean_file = ImportForm.clean_file  # the shared size and type checks
