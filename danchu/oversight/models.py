"""Residents' oversight: the People's Inspection Board (LD11), the Community Investment
Supervision Boards (LD12) and inspections of grassroots democracy (QD3).

Members of the Inspection Board are elected at village meetings: a member links to the
community decision of matter 5 (``thanh_vien_ban``) of :mod:`danchu.residents` where one
exists, or keeps the meeting's minutes as evidence. Every write goes through
:mod:`danchu.oversight.services`; documents (plans, reports, answers, conclusions) are issued
through :mod:`danchu.documents.issuing`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.documents.models import IssuedDocument
from danchu.oversight import rules
from danchu.people.models import Person
from danchu.residents.models import Decision
from danchu.units.models import AdminUnit


def evidence_path(instance: models.Model, filename: str) -> str:
    return f"oversight/evidence/{filename}"


OFFICER_CHOICES = [
    (rules.Officer.HEAD.value, _("Head")),
    (rules.Officer.DEPUTY.value, _("Deputy head")),
    (rules.Officer.MEMBER.value, _("Member")),
]


# --------------------------------------------------------------------------------------------
# LD11 — People's Inspection Board
# --------------------------------------------------------------------------------------------


class InspectionBoard(models.Model):
    """LD11: a commune's People's Inspection Board for one term (the village heads' term)."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"))
    deputies_allowed = models.PositiveSmallIntegerField(
        _("deputies (set by the Front committee)"), default=rules.DEPUTIES_MAX
    )
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("People's Inspection Board")
        verbose_name_plural = _("People's Inspection Boards")
        ordering = ["-term_starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "term_starts_on"], name="oversight_board_one_per_term"
            )
        ]

    def __str__(self) -> str:
        years = f"{self.term_starts_on:%Y}–{self.term_ends_on:%Y}"
        return f"Ban Thanh tra nhân dân {self.commune.name} {years}"


class BoardMember(models.Model):
    """LD11: a member elected at a village's community meeting, from the people records."""

    board = models.ForeignKey(InspectionBoard, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        AdminUnit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    officer = models.CharField(
        _("office"), max_length=8, choices=OFFICER_CHOICES, default=rules.Officer.MEMBER.value
    )
    elected_on = models.DateField(_("elected on"))
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("community decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    minutes_ref = models.CharField(_("minutes of the meeting"), max_length=200, blank=True)
    minutes = models.FileField(_("minutes (file)"), upload_to=evidence_path, blank=True)
    by_election = models.BooleanField(_("by-election"), default=False)
    recorded_on = models.DateField(editable=False)
    reason = models.TextField(_("reason for an earlier date"), blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.TextField(_("why the seat fell vacant"), blank=True)

    class Meta:
        verbose_name = _("Inspection Board member")
        verbose_name_plural = _("Inspection Board members")
        ordering = ["board", "village__name", "elected_on"]

    def __str__(self) -> str:
        return f"{self.person} ({self.village.name})"

    @property
    def officer_enum(self) -> rules.Officer:
        return rules.Officer(self.officer)


PERIOD_CHOICES = [
    (rules.Period.QUARTER.value, _("Quarter")),
    (rules.Period.HALF.value, _("Half-year")),
    (rules.Period.YEAR.value, _("Year")),
    (rules.Period.TERM.value, _("Term")),
    (rules.Period.AD_HOC.value, _("Ad hoc")),
]


class BoardPaper(models.Model):
    """LD11: the board's plan or its report to the Front committee for a quarter, half-year,
    year or term (reports also ad hoc), issued as a document."""

    board = models.ForeignKey(InspectionBoard, on_delete=models.CASCADE, related_name="papers")
    is_plan = models.BooleanField(_("plan (otherwise a report)"))
    period = models.CharField(_("period"), max_length=8, choices=PERIOD_CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    part = models.PositiveSmallIntegerField(_("quarter or half"), default=1)
    content = models.TextField(_("content"))
    document = models.OneToOneField(
        IssuedDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("Inspection Board plan or report")
        verbose_name_plural = _("Inspection Board plans and reports")
        ordering = ["-year", "-part", "pk"]

    def __str__(self) -> str:
        return f"{'Kế hoạch' if self.is_plan else 'Báo cáo'} {self.period} {self.part}/{self.year}"


class BoardInspection(models.Model):
    """LD11: one inspection by the board — its plan, sent ≥ 5 working days before, its
    findings and recommendations, its report to the Front committee."""

    board = models.ForeignKey(InspectionBoard, on_delete=models.CASCADE, related_name="inspections")
    subject = models.CharField(_("what is inspected"), max_length=300)
    target = models.CharField(_("inspected body or person"), max_length=300)
    inspection_on = models.DateField(_("inspection day"))
    plan_sent_on = models.DateField(_("plan sent on"), null=True, blank=True)
    plan_sent_reason = models.TextField(blank=True)
    plan_evidence = models.FileField(upload_to=evidence_path, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("Inspection Board inspection")
        verbose_name_plural = _("Inspection Board inspections")
        ordering = ["-inspection_on"]

    def __str__(self) -> str:
        return self.subject


# --------------------------------------------------------------------------------------------
# LD12 — projects and their Community Investment Supervision Boards
# --------------------------------------------------------------------------------------------


PROJECT_KIND_CHOICES = [
    (rules.ProjectKind.PUBLIC.value, _("Public investment")),
    (rules.ProjectKind.PPP.value, _("Public-private partnership")),
    (rules.ProjectKind.RESIDENTS.value, _("Funded by residents")),
    (rules.ProjectKind.SPONSORSHIP.value, _("Direct sponsorship")),
]

ORIGIN_CHOICES = [
    (rules.Origin.FRONT.value, _("Fatherland Front")),
    (rules.Origin.INSPECTION_BOARD.value, _("People's Inspection Board")),
    (rules.Origin.RESIDENT.value, _("Residents of an affected village")),
]


class Project(models.Model):
    """LD12: a project residents supervise: investor, funding, villages affected, dates."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("project"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=PROJECT_KIND_CHOICES)
    investor = models.CharField(_("investor"), max_length=300)
    funding = models.CharField(_("funding"), max_length=300)
    amount = models.PositiveBigIntegerField(_("total investment (VND)"), null=True, blank=True)
    villages = models.ManyToManyField(
        AdminUnit, verbose_name=_("villages affected"), related_name="+"
    )
    consultants = models.TextField(_("consultants (one per line)"), blank=True)
    contractors = models.TextField(_("contractors (one per line)"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("planned end"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("supervised project")
        verbose_name_plural = _("supervised projects")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return rules.PROJECT_KIND_LABEL[rules.ProjectKind(self.kind)]


class SupervisionBoard(models.Model):
    """LD12: the board of one project, set up by the Front committee; dissolved when the
    project ends."""

    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="board")
    established_on = models.DateField(_("set up on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("Community Investment Supervision Board")
        verbose_name_plural = _("Community Investment Supervision Boards")

    def __str__(self) -> str:
        return f"Ban Giám sát đầu tư của cộng đồng — {self.project}"


class SupervisionMember(models.Model):
    """LD12: a member with their origin and their declaration."""

    board = models.ForeignKey(SupervisionBoard, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("full name"), max_length=200)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin = models.CharField(_("represents"), max_length=20, choices=ORIGIN_CHOICES)
    village = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    officer = models.CharField(
        _("office"), max_length=8, choices=OFFICER_CHOICES, default=rules.Officer.MEMBER.value
    )
    no_relatives = models.BooleanField(
        _("declares no relatives among the investor, consultants or contractors")
    )
    not_commune_official = models.BooleanField(_("declares not being a commune official"))
    declared_on = models.DateField(_("declared on"))

    class Meta:
        verbose_name = _("Supervision Board member")
        verbose_name_plural = _("Supervision Board members")
        ordering = ["board", "pk"]

    def __str__(self) -> str:
        return self.name


class Supervision(models.Model):
    """LD12: one supervision: the investor told ≥ 45 days before, the findings."""

    board = models.ForeignKey(
        SupervisionBoard, on_delete=models.CASCADE, related_name="supervisions"
    )
    supervision_on = models.DateField(_("supervision day"))
    content = models.CharField(_("what is supervised"), max_length=300)
    investor_notified_on = models.DateField(_("investor told on"), null=True, blank=True)
    notified_reason = models.TextField(blank=True)
    notified_evidence = models.FileField(upload_to=evidence_path, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        ordering = ["-supervision_on"]

    def __str__(self) -> str:
        return self.content


# --------------------------------------------------------------------------------------------
# QD3 — inspections of grassroots democracy
# --------------------------------------------------------------------------------------------


INSPECTION_KIND_CHOICES = [
    (rules.InspectionKind.PERIODIC.value, _("Periodic")),
    (rules.InspectionKind.UNANNOUNCED.value, _("Unannounced")),
    (rules.InspectionKind.SELF.value, _("Self-inspection")),
]

TARGET_KIND_CHOICES = [
    (rules.TargetKind.DEPARTMENT.value, _("Department")),
    (rules.TargetKind.PUBLIC_UNIT.value, _("Public service unit")),
    (rules.TargetKind.PEOPLES_COMMITTEE.value, _("People's Committee")),
]


class Inspection(models.Model):
    """QD3: an inspection of a body's grassroots-democracy work: plan, team, findings per rule,
    recommendations with deadlines, the conclusion as an issued document."""

    inspecting_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("inspecting unit"), on_delete=models.PROTECT, related_name="+"
    )
    target_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("unit inspected"), on_delete=models.PROTECT, related_name="+"
    )
    target_kind = models.CharField(_("kind of body"), max_length=20, choices=TARGET_KIND_CHOICES)
    target_name = models.CharField(_("body inspected"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=INSPECTION_KIND_CHOICES)
    title = models.CharField(_("title"), max_length=300)
    planned_on = models.DateField(_("planned for"))
    team = models.TextField(_("team (one per line)"))
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    conclusion = models.OneToOneField(
        IssuedDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_on"]

    def __str__(self) -> str:
        return self.title


class Finding(models.Model):
    """QD3: what the team found against one rule of the law."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(_("rule"), max_length=8)
    met = models.BooleanField(_("complied"))
    text = models.TextField(_("finding"))

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return f"{self.rule}: {self.text[:60]}"


# --------------------------------------------------------------------------------------------
# Recommendations of all three, and their answers or follow-up
# --------------------------------------------------------------------------------------------


class Recommendation(models.Model):
    """A recommendation of the Inspection Board (LD11), a Supervision Board (LD12, possibly
    to suspend the project) or an inspection's conclusion (QD3). LD11/LD12: the commune People's
    Committee answers within 15 days of receiving it; QD3: carried out by the deadline the
    conclusion sets."""

    rule = models.CharField(max_length=4)
    board_inspection = models.ForeignKey(
        BoardInspection,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    supervision = models.ForeignKey(
        Supervision, null=True, blank=True, on_delete=models.CASCADE, related_name="recommendations"
    )
    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.CASCADE, related_name="recommendations"
    )
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("recommendation"))
    suspension = models.BooleanField(_("recommends suspending the project"), default=False)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("due on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_reason = models.TextField(blank=True)
    answer_evidence = models.FileField(upload_to=evidence_path, blank=True)
    answer_document = models.OneToOneField(
        IssuedDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["commune", "answered_on", "due_on"])]

    def __str__(self) -> str:
        return self.text[:80]
