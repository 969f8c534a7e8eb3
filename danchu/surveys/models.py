"""Citizen opinion surveys on commune civil servants (seed 000, RULES.md SV1–SV8).

A :class:`Round` is a district or province plan for a year. Each commune has a
:class:`CommuneSurvey` (its notice, its committee, its list of civil servants, its forms and its
report). Forms are filled on a versioned :class:`FormTemplate`; a collected :class:`Form` keeps
the version it was filled on and carries nothing that identifies the respondent.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.people.models import Assignment, Person, Position
from danchu.surveys import rules
from danchu.units.models import AdminUnit


class FormTemplate(models.Model):
    """SV5: the form as data. ``province`` empty = the platform default (seed 000)."""

    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_templates",
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=255)
    content = models.JSONField(_("content"))
    note = models.CharField(_("what changed"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("form template")
        verbose_name_plural = _("form templates")
        ordering = ["province_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "version"], name="survey_template_version_unique"
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(province__isnull=True),
                name="survey_default_template_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def sections(self) -> list[dict]:
        return list(self.content.get("sections", []))

    @property
    def item_codes(self) -> list[str]:
        return rules.item_codes(self.content)


class Round(models.Model):
    """A survey round set by a district or province plan for one year (SV8)."""

    plan_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("planning unit"),
        on_delete=models.PROTECT,
        related_name="survey_rounds",
        help_text=_("The district (or, on the two-level map, the province) that sets the plan."),
    )
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    plan_number = models.CharField(_("plan number"), max_length=60, blank=True)
    plan_date = models.DateField(_("plan date"), null=True, blank=True)
    report_before = models.DateField(
        _("report before"),
        help_text=_(
            "Communes report before this date (as written in the plan: 'trước ngày 25/11'); "
            "a report on the day before is still on time."
        ),
    )
    template = models.ForeignKey(
        FormTemplate,
        verbose_name=_("form template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
        help_text=_("Empty: the province's current template when forms are printed."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-year", "plan_unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan_unit", "year"], name="survey_round_unique")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def unit(self) -> AdminUnit:
        return self.plan_unit


class RoundPosition(models.Model):
    """SV1: a position surveyed in this round (data), with its SV3 low-contact flag."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="positions")
    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.PROTECT)
    low_contact = models.BooleanField(
        _("low contact with citizens"),
        default=False,
        help_text=_("Officials may give 50–60 forms instead of 30–40 (SV3)."),
    )

    class Meta:
        verbose_name = _("position surveyed")
        verbose_name_plural = _("positions surveyed")
        ordering = ["position__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="survey_round_position")
        ]

    def __str__(self) -> str:
        return str(self.position)


class CommuneSurvey(models.Model):
    """One commune's part of a round: notice (SV8), committee (SV6), forms, report."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="communes")
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    notified_on = models.DateField(_("notice sent on"), null=True, blank=True)
    survey_on = models.DateField(_("survey held on"), null=True, blank=True)
    double_entry = models.BooleanField(
        _("double entry of paper forms"),
        default=True,
        help_text=_("Two different people type each paper form; it counts when both agree."),
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    report_number = models.CharField(_("report number"), max_length=60, blank=True)
    report_audit = models.CharField(max_length=120, blank=True, editable=False)
    report_recorded_on = models.DateField(
        _("report recorded on"), null=True, blank=True, editable=False
    )
    report_backdate_reason = models.TextField(_("why the report is back-dated"), blank=True)
    report_evidence = models.FileField(
        _("evidence of the report's date"), upload_to="surveys/evidence/", blank=True
    )
    notice_recorded_on = models.DateField(
        _("notice recorded on"), null=True, blank=True, editable=False
    )
    notice_backdate_reason = models.TextField(_("why the notice is back-dated"), blank=True)
    notice_evidence = models.FileField(
        _("evidence of the notice's date"), upload_to="surveys/evidence/", blank=True
    )

    class Meta:
        verbose_name = _("commune survey")
        verbose_name_plural = _("commune surveys")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="survey_commune_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.unit}"

    @property
    def reported(self) -> bool:
        return self.reported_on is not None

    @property
    def report_backdated(self) -> bool:
        """The report's date was typed earlier than the day the platform was told."""
        return bool(
            self.reported_on
            and self.report_recorded_on
            and self.reported_on < self.report_recorded_on
        )

    @property
    def notice_backdated(self) -> bool:
        return bool(
            self.notified_on
            and self.notice_recorded_on
            and self.notified_on < self.notice_recorded_on
        )


class Reopening(models.Model):
    """A sent report reopened (its forms and counts unlocked), with who, when and why. The
    report stays readable; the report sent again replaces it as a correction naming it."""

    commune_survey = models.ForeignKey(
        CommuneSurvey, on_delete=models.CASCADE, related_name="reopenings"
    )
    reopened_on = models.DateField(_("reopened on"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"))
    report = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("report reopened"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report_number = models.CharField(_("report number"), max_length=60, blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)

    class Meta:
        verbose_name = _("report reopening")
        verbose_name_plural = _("report reopenings")
        ordering = ["commune_survey", "pk"]

    def __str__(self) -> str:
        return f"{self.commune_survey} ({self.reopened_on:%d/%m/%Y})"


class Subject(models.Model):
    """A civil servant on a commune's list, surveyed or not, with the SV2 reason.

    ``commune_survey`` is the commune that surveys; ``reporting_unit`` the commune that reports
    the result (different after a recent transfer, SV2).
    """

    commune_survey = models.ForeignKey(
        CommuneSurvey, on_delete=models.CASCADE, related_name="subjects"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("civil servant"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.PROTECT)
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporting_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("reporting commune"), on_delete=models.PROTECT, related_name="+"
    )
    surveyed = models.BooleanField(_("surveyed"), default=True)
    reason = models.CharField(_("reason"), max_length=255)
    low_contact = models.BooleanField(_("low contact"), default=False)
    officials_quota = models.PositiveIntegerField(_("officials' forms"), default=0)
    citizens_quota = models.PositiveIntegerField(_("citizens' forms"), default=0)
    count_reason = models.TextField(
        _("why the forms collected are outside SV4"),
        blank=True,
        help_text=_("Recorded by the committee; printed in the report."),
    )
    handover_reason = models.TextField(
        _("why the report is sent without the hand-over"),
        blank=True,
        help_text=_(
            "Recorded by the reporting commune when the surveying commune's result has not "
            "arrived; printed in the report."
        ),
    )

    class Meta:
        verbose_name = _("civil servant surveyed")
        verbose_name_plural = _("civil servants surveyed")
        ordering = ["position__name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune_survey", "person", "position"], name="survey_subject_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.position}"

    @property
    def quota_total(self) -> int:
        return self.officials_quota + self.citizens_quota

    @property
    def transferred(self) -> bool:
        return self.reporting_unit_id != self.commune_survey.unit_id

    def serial(self, number: int) -> str:
        """Printed form serial: subject and running number ("S12-007")."""
        return f"S{self.pk}-{number:03d}"


class Channel(models.TextChoices):
    PAPER = "paper", _("Paper")
    ONLINE = "online", _("Online")


class Group(models.TextChoices):
    CB = "CB", _("Full-time commune official")
    KCT = "KCT", _("Part-time official of the commune or village")
    ND = "ND", _("Citizen who came to the commune office")


class Overall(models.TextChoices):
    TRUST = rules.Overall.TRUST.value, _("Confidence")
    DISTRUST = rules.Overall.DISTRUST.value, _("No confidence")
    BLANK = rules.Overall.BLANK.value, _("No answer")
    BOTH = rules.Overall.BOTH.value, _("Both answers marked")


class Form(models.Model):
    """One collected form. Nothing on it identifies the respondent or orders it against other
    forms: a random id (UUID4), no user, no code, no time of day (only the survey's date)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    commune_survey = models.ForeignKey(
        CommuneSurvey, on_delete=models.CASCADE, related_name="forms"
    )
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="forms")
    serial = models.CharField(_("serial"), max_length=40)
    template = models.ForeignKey(
        FormTemplate, verbose_name=_("template version"), on_delete=models.PROTECT
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    group = models.CharField(_("respondent group"), max_length=3, choices=Group.choices)
    overall = models.CharField(_("overall answer"), max_length=5, choices=Overall.choices)
    valid = models.BooleanField(_("valid"))
    flagged_items = models.JSONField(_("items marked"), default=list, blank=True)
    collected_on = models.DateField(_("collected on"))

    class Meta:
        verbose_name = _("collected form")
        verbose_name_plural = _("collected forms")
        constraints = [
            models.UniqueConstraint(
                fields=["commune_survey", "serial"], name="survey_form_serial_unique"
            )
        ]
        indexes = [models.Index(fields=["subject", "overall"])]

    def __str__(self) -> str:
        return self.serial


class PaperEntry(models.Model):
    """One typing of a paper form (double entry: two different people, it counts when both
    agree). A random id and no time: the typing order of the pile is not kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    commune_survey = models.ForeignKey(
        CommuneSurvey, on_delete=models.CASCADE, related_name="entries"
    )
    serial = models.CharField(_("serial"), max_length=40)
    pass_no = models.PositiveSmallIntegerField(_("pass"))
    data = models.JSONField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("paper entry")
        verbose_name_plural = _("paper entries")
        constraints = [
            models.UniqueConstraint(
                fields=["commune_survey", "serial", "pass_no"], name="survey_entry_pass_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.serial} ({self.pass_no})"


class OnlineCode(models.Model):
    """A one-time code handed to a respondent at the office. Only its hash is stored; using it
    marks it used and creates a form that does not point back to it."""

    commune_survey = models.ForeignKey(
        CommuneSurvey, on_delete=models.CASCADE, related_name="codes"
    )
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="codes")
    group = models.CharField(_("respondent group"), max_length=3, choices=Group.choices)
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)
    issued_on = models.DateField()

    class Meta:
        verbose_name = _("one-time form code")
        verbose_name_plural = _("one-time form codes")

    def __str__(self) -> str:
        return f"#{self.pk}"  # never the code


class ReportTally(models.Model):
    """Issue 16: what the province's dashboard shows for a commune, as its report in force states
    it (:func:`rules.report_tally`), written with the report in the same transaction — a few
    integers read per commune instead of every report's figures."""

    commune_survey = models.OneToOneField(
        CommuneSurvey, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    document_id = models.PositiveBigIntegerField(help_text="The issued report it is taken from.")
    subjects = models.PositiveIntegerField(default=0)
    not_surveyed = models.PositiveIntegerField(default=0)
    collected = models.PositiveIntegerField(default=0)
    valid = models.PositiveIntegerField(default=0)
    trust = models.PositiveIntegerField(default=0)
    low = models.PositiveIntegerField(default=0)
    quota_problems = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.commune_survey_id}: {self.trust}/{self.collected}"


class FormReceipt(models.Model):
    """Issue 16: while a commune still collects forms, a keyed digest of (code, answers) for
    each online form received (:mod:`danchu.core.receipts`), so a respondent whose connection
    dropped and who sends the same answers with the same code again is told the form was
    recorded. No form, time or order: a random key and the digest. Deleted, with its key file,
    when the commune sends its report."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    commune_survey = models.ForeignKey(CommuneSurvey, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return "Biên nhận phiếu"  # never its digest


class Committee(models.Model):
    """SV6: a survey committee (tổ lấy ý kiến) of a commune or of the district."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="committees")
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=[
            (rules.CommitteeLevel.COMMUNE.value, _("Commune")),
            (rules.CommitteeLevel.DISTRICT.value, _("District")),
        ],
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey committee")
        verbose_name_plural = _("survey committees")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="survey_committee_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} — {self.unit}"

    def rule_members(self) -> list[rules.Member]:
        return [
            rules.Member(m.full_name, rules.MemberKind(m.kind), m.leader, m.secretary)
            for m in self.members.all()
        ]

    def problems(self) -> list[str]:
        return rules.committee_problems(rules.CommitteeLevel(self.level), self.rule_members())


class CommitteeMember(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=200)
    kind = models.CharField(
        _("capacity"),
        max_length=30,
        choices=[(k.value, label) for k, label in rules.MEMBER_LABELS.items()],
    )
    leader = models.BooleanField(_("leader"), default=False)
    secretary = models.BooleanField(_("secretary"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["-leader", "-secretary", "pk"]

    def __str__(self) -> str:
        return self.full_name


class Handling(models.TextChoices):
    DISCIPLINE = (
        rules.Handling.DISCIPLINE.value,
        _("Handle under the Law on Cadres and Civil Servants"),
    )
    TRANSFER = rules.Handling.TRANSFER.value, _("Transfer to another position")
    NO_ACTION = rules.Handling.NO_ACTION.value, _("No measure after the annual evaluation")


class Flag(models.Model):
    """SV7: below 50% in two consecutive years (followed across transfers), for the chairman."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("year"))
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="flags")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")
    why = models.TextField(_("why"))
    handling = models.CharField(
        _("chairman's decision"), max_length=20, choices=Handling.choices, blank=True
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.TextField(_("why the flag was withdrawn"), blank=True)

    class Meta:
        verbose_name = _("low-confidence flag")
        verbose_name_plural = _("low-confidence flags")
        ordering = ["-year", "person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="survey_flag_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.year})"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_on is not None
