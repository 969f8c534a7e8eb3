from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danchu.consultations import rules, uploads
from danchu.consultations.models import (
    AnswerKind,
    Audience,
    Body,
    Channel,
    Form,
    MatterKind,
    Outcome,
    Phase,
    Scope,
    Source,
    Stance,
)
from danchu.consultations.rules import TEXT_LIMITS, Limit
from danchu.documents.model import Authority
from danchu.units.models import AdminUnit


def _upload_help(kind: uploads.UploadKind) -> str:
    return gettext("At most %(max)s MB; %(types)s.") % {
        "max": uploads.max_upload_mb(),
        "types": ", ".join(kind.extensions),
    }


def upload_field(label: Any, kind: uploads.UploadKind = uploads.EVIDENCE) -> forms.FileField:
    """An optional file with the size and type limits of ``uploads`` (the error names ``label``)."""
    return forms.FileField(
        label=label,
        required=False,
        validators=[uploads.UploadValidator(kind, label)],
        widget=forms.ClearableFileInput(attrs={"accept": kind.accept}),
        help_text=lazy(_upload_help, str)(kind),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: Any, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


BACKDATE_HELP = _(
    "Only if the day above is before today: why it is recorded late. It is marked "
    "'back-dated' wherever the date shows."
)


def backdate_reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason for back-dating"),
        max_length=TEXT_LIMITS[Limit.REASON],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=BACKDATE_HELP,
    )


def backdate_evidence_field() -> forms.FileField:
    return upload_field(_("Evidence of the date (only if back-dated)"))


class ConsultationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Commune"), queryset=AdminUnit.objects.none())
    title = forms.CharField(label=_("Title of the draft"), max_length=300)
    scope = forms.ChoiceField(
        label=_("Whose regulation"),
        choices=Scope.choices,
        help_text=_("DC1: the committee's regulation goes to citizens, the agency's to its staff."),
    )
    matter = forms.ChoiceField(label=_("Kind of matter (LD8)"), choices=MatterKind.choices)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class VersionForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the draft"),
        max_length=TEXT_LIMITS[Limit.DRAFT],
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
        help_text=_(
            "One line each: 'Chương I', the chapter title, 'Điều 1. Title', clauses "
            "'1. …', points 'a) …'."
        ),
    )
    file = upload_field(_("Or import a DOCX file"), uploads.DRAFT_DOCX)
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Enter the text or choose a DOCX file."))
        return data


class PlanForm(forms.Form):
    plan_number = forms.CharField(label=_("Plan number"), max_length=40, required=False)
    plan_date = date_field(_("Plan date"), required=False)
    content_published_on = date_field(
        _("Content published on"),
        required=False,
        help_text=_(
            "DC2: citizens have at least 20 days from this day (the day itself is not "
            "counted; a period ending on a day off runs to the next working day)."
        ),
    )


def gathering_choices(audience: str | None = None) -> list[tuple[str, str]]:
    out = []
    for aud, bodies in rules.LAWFUL_GATHERING.items():
        if audience and aud.value != audience:
            continue
        for body, forms_ in bodies.items():
            for f in sorted(forms_):
                out.append(
                    (f"{body.value}:{f.value}", f"{Body(body.value).label} — {Form(f.value).label}")
                )
    return list(dict.fromkeys(out))


class AudienceForm(forms.Form):
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    gatherings = forms.MultipleChoiceField(
        label=_("Ways of gathering"),
        choices=gathering_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "DC1: citizens through conferences of the People's Council and the "
            "Fatherland Front; staff through a staff conference with the trade union or "
            "another lawful form."
        ),
    )
    window_start = date_field(_("Opinions from"))
    window_end = date_field(_("Opinions until"))

    def pairs(self) -> list[tuple[str, str]]:
        return [tuple(v.split(":", 1)) for v in self.cleaned_data["gatherings"]]  # type: ignore[misc]


class SendDueForm(forms.Form):
    body = forms.ChoiceField(
        label=_("Body"), choices=[(b, lbl) for b, lbl in Body.choices if b != Body.COMMITTEE]
    )
    due = date_field(
        _("Due"), help_text=_("DC7: the plan's deadline; for 'before 26/3' enter 25/3.")
    )


class SendRecordForm(forms.Form):
    sent_on = date_field(_("Sent on"), required=False, help_text=_("Empty: today."))
    document_number = forms.CharField(label=_("Document number"), max_length=40, required=False)
    evidence = upload_field(_("Evidence"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    backdate_reason = backdate_reason_field()


class PublicationForm(forms.Form):
    phase = forms.ChoiceField(label=_("What"), choices=Phase.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    village = forms.ModelChoiceField(
        label=_("Village"),
        queryset=AdminUnit.objects.none(),
        required=False,
        help_text=_("For postings at village cultural houses and notices to village heads."),
    )
    start = date_field(_("From"), required=False, help_text=_("Empty: today."))
    end = date_field(
        _("Until"),
        required=False,
        help_text=_("Empty: still posted. A day to come: the posting counts once it has passed."),
    )
    evidence = upload_field(_("Evidence (file or photo)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    backdate_reason = backdate_reason_field()

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class PublicOpinionForm(forms.Form):
    article = forms.ChoiceField(label=_("Your opinion is about"), required=False)
    stance = forms.ChoiceField(
        label=_("Do you agree with the draft?"),
        choices=Stance.choices,
        initial=Stance.NONE,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your opinion"),
        max_length=TEXT_LIMITS[Limit.OPINION],
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    author_name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    contact = forms.CharField(
        label=_("Phone or email (optional)"),
        max_length=120,
        required=False,
        help_text=_("Only the commune sees it, to answer you."),
    )
    # Honeypot: hidden from people by CSS; bots fill it.
    website = forms.CharField(label=_("Leave this empty"), max_length=300, required=False)

    def __init__(self, *args: Any, articles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = articles  # type: ignore[attr-defined]


class GatheredOpinionForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"))
    source_detail = forms.CharField(
        label=_("Where and when gathered"),
        max_length=300,
        required=False,
        help_text=_("E.g. conference of village 1 on 05/03/2024."),
    )
    received_on = date_field(_("Received on"))
    article = forms.ChoiceField(label=_("Article"), required=False)
    stance = forms.ChoiceField(label=_("Stance"), choices=Stance.choices, initial=Stance.NONE)
    text = forms.CharField(
        label=_("Opinion"),
        max_length=TEXT_LIMITS[Limit.OPINION],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    author_name = forms.CharField(label=_("Who gave it (optional)"), max_length=120, required=False)
    represents = forms.IntegerField(
        label=_("People it speaks for"),
        min_value=1,
        max_value=100_000,
        initial=1,
        required=False,
        help_text=_(
            "LD8: an opinion agreed at a conference speaks for everyone who agreed (e.g. 120 "
            "voters); an opinion of one person, 1."
        ),
    )
    backdate_reason = backdate_reason_field()
    backdate_evidence = backdate_evidence_field()

    def __init__(
        self, *args: Any, sources: list[str], articles: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            (s, lbl) for s, lbl in Source.choices if s in sources
        ]
        self.fields["article"].choices = articles  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    ids = forms.CharField(widget=forms.HiddenInput, max_length=200_000)
    kind = forms.ChoiceField(
        label=_("Answer"), choices=AnswerKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Change made or reason"),
        max_length=TEXT_LIMITS[Limit.ANSWER],
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    article = forms.CharField(
        label=_("Article changed in the next version"),
        max_length=TEXT_LIMITS[Limit.ARTICLE],
        required=False,
    )

    def id_list(self) -> list[int]:
        return [int(x) for x in self.cleaned_data["ids"].split(",") if x.strip().isdigit()]


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding it from the public page"),
        max_length=TEXT_LIMITS[Limit.REASON],
        help_text=_(
            "Recorded and audited. The opinion still counts as received and still needs its "
            "answer (DC4); the public summary shows this reason instead of its text."
        ),
    )


class ReportNumberForm(forms.Form):
    on = date_field(_("Report dated"), required=False, help_text=_("Empty: today."))
    backdate_reason = backdate_reason_field()
    backdate_evidence = backdate_evidence_field()


class SummaryForm(forms.Form):
    on = date_field(_("Published on"), required=False, help_text=_("Empty: today."))
    backdate_reason = backdate_reason_field()
    backdate_evidence = backdate_evidence_field()


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=TEXT_LIMITS[Limit.REASON],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("DC4: recorded, audited and shown on the consultation's page."),
    )


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=TEXT_LIMITS[Limit.REASON],
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IssueForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    majority_reading = forms.ChoiceField(
        label=_("Majority counted"),
        choices=[
            (rules.Reading.PEOPLE.value, _("by the people the opinions speak for")),
            (rules.Reading.OPINIONS.value, _("one per opinion")),
        ],
        initial=rules.DEFAULT_READING.value,
        help_text=_("LD8: both readings are shown; this one decides the majority view."),
    )
    number = forms.CharField(label=_("Number and symbol"), max_length=40, required=False)
    issued_on = date_field(_("Issued on"))
    signer_authority = forms.ChoiceField(
        label=_("Signing authority"),
        choices=[
            (a.value, a.value or "—") for a in Authority if a.value in {"", "TM.", "KT.", "Q."}
        ],
        initial="TM.",
        required=False,
    )
    signer_position = forms.CharField(label=_("Signer's position"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=120, required=False)
    reason = forms.CharField(
        label=_("Reason for departing from the majority view"),
        max_length=TEXT_LIMITS[Limit.REASON],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "LD8: required, and published, when the decision goes against the majority of "
            "opinions that took a side."
        ),
    )
    unapplied_reason = forms.CharField(
        label=_("Why accepted opinions are not in the issued text"),
        max_length=TEXT_LIMITS[Limit.REASON],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only if an accepted opinion names no article, or its article is unchanged in the "
            "latest version: the reason is published with the decision."
        ),
    )
    backdate_reason = backdate_reason_field()
    backdate_evidence = backdate_evidence_field()


class ReportForm(forms.Form):
    session_on = date_field(_("Next regular session of the People's Council"), required=False)
    presented_on = date_field(_("Presented at the session on"), required=False)
    sent_to_front_on = date_field(_("Sent to the Fatherland Front on"), required=False)
    backdate_reason = backdate_reason_field()
    backdate_evidence = backdate_evidence_field()


def _state_choices() -> list[tuple[str, Any]]:
    return [
        ("", _("Every state")),
        ("unanswered", _("No answer yet")),
        ("answered", _("Answered")),
        *AnswerKind.choices,
        ("hidden", _("Hidden from the public page")),
    ]


class OpinionFilterForm(forms.Form):
    """Issue 18: filters and search of the opinions page (GET; a value out of its choices is
    ignored, never an error page)."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    article = forms.ChoiceField(label=_("Article"), required=False)
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("Every source")), *Source.choices]
    )
    stance = forms.ChoiceField(
        label=_("Stance"), required=False, choices=[("", _("Every stance")), *Stance.choices]
    )
    state = forms.ChoiceField(label=_("Answer state"), required=False, choices=_state_choices)

    def __init__(self, *args: Any, articles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = [  # type: ignore[attr-defined]
            ("", _("Every article")),
            ("0", _("The whole draft")),
            *[(n, label) for n, label in articles if n],
        ]

    def filters(self) -> dict[str, str]:
        """The valid filters; an invalid one (a tampered address) is dropped."""
        if self.is_valid():
            return {k: v for k, v in self.cleaned_data.items() if v}
        return {k: v for k, v in self.cleaned_data.items() if v and k not in self.errors}


class SuperviseFilterForm(forms.Form):
    """Issue 18: filters of the supervisor's summary (GET; an invalid value is ignored)."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    unit = forms.ModelChoiceField(
        label=_("Commune"), queryset=AdminUnit.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    state = forms.ChoiceField(label=_("Worst step"), required=False)

    def __init__(self, *args: Any, units: Any, states: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        from danchu.consultations.models import Status

        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["unit"].empty_label = _("Every commune")  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("Every status")), *Status.choices]  # type: ignore[attr-defined]
        self.fields["state"].choices = [("", _("Every state")), *states]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid one (a tampered address) is dropped."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v and k not in self.errors}


class FollowForm(forms.Form):
    code = forms.CharField(
        label=_("Reference code"),
        max_length=20,
        help_text=_("The code shown after you sent your opinion, e.g. K7M2Q-X9PAB."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class MeetingForm(forms.Form):
    body = forms.ChoiceField(
        label=_("Organised by"),
        choices=[(b, lbl) for b, lbl in Body.choices if b != Body.COMMITTEE],
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=300)
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=AdminUnit.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]
