"""The yearly classification of commune governments (GR1–GR4): schemes as data, the year's
round, each commune's self-assessment and its review. The decision is an issued document
(:mod:`danchu.documents.issuing`, kind :data:`DECISION_KIND`)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.classification import rules
from danchu.units.models import AdminUnit

DECISION_KIND = "classification.decision"


class Scheme(models.Model):
    """A version of a province's criteria and thresholds for a year. A version used by a round
    never changes: editing makes the next version."""

    province = models.ForeignKey(
        AdminUnit, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=255)
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    tot_from = models.DecimalField(
        _("good from"), null=True, blank=True, max_digits=6, decimal_places=2
    )
    kha_from = models.DecimalField(
        _("fair from"), null=True, blank=True, max_digits=6, decimal_places=2
    )
    trung_binh_from = models.DecimalField(
        _("average from"), null=True, blank=True, max_digits=6, decimal_places=2
    )
    yeu_from = models.DecimalField(
        _("weak from"), null=True, blank=True, max_digits=6, decimal_places=2
    )
    tsvm_from = models.DecimalField(
        _("clean and strong from"), null=True, blank=True, max_digits=6, decimal_places=2
    )
    level_xuat_sac = models.CharField(
        _("name of the best rating level"),
        max_length=200,
        default=rules.LEVEL_LABELS[rules.Level.XUAT_SAC],
    )
    level_tot = models.CharField(
        _("name of the second rating level"),
        max_length=200,
        default=rules.LEVEL_LABELS[rules.Level.TOT],
    )
    level_hoan_thanh_han_che = models.CharField(
        _("name of the third rating level"),
        max_length=200,
        default=rules.LEVEL_LABELS[rules.Level.HOAN_THANH_HAN_CHE],
    )
    level_khong_hoan_thanh = models.CharField(
        _("name of the lowest rating level"),
        max_length=200,
        default=rules.LEVEL_LABELS[rules.Level.KHONG_HOAN_THANH],
    )
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("classification scheme")
        verbose_name_plural = _("classification schemes")
        ordering = ["province__name", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "version"], name="classification_scheme_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year}, v{self.version})"

    def level_labels(self) -> dict[rules.Level, str]:
        """The rating levels' names as this scheme's decree words them (the seed's four by
        default; later decrees renamed them). Their order, and so the GR2 caps, stay."""
        return {lv: getattr(self, f"level_{lv.value}") for lv in rules.Level}

    def thresholds(self) -> rules.Thresholds:
        grades: dict[rules.Grade, Decimal] = {}
        for grade in rules.GRADE_ORDER:
            value = getattr(self, f"{grade.value}_from")
            if value is not None:
                grades[grade] = value
        return rules.Thresholds(grades=grades, tsvm=self.tsvm_from)


class Criterion(models.Model):
    """GR2: a criterion (tiêu thức) with its maximum points and the responsible position."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    position = models.CharField(_("responsible position"), max_length=200, blank=True)
    sub_items = models.TextField(_("sub-items"), blank=True, help_text=_("One per line."))

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="classification_criterion_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def sub_item_list(self) -> list[str]:
        return [line.strip() for line in self.sub_items.splitlines() if line.strip()]


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")


class Round(models.Model):
    """GR1: a province's classification of its communes for a year."""

    province = models.ForeignKey(
        AdminUnit, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="rounds"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    self_assessment_due = models.DateField(_("self-assessment due"))
    review_due = models.DateField(_("review due"))
    decision_due = models.DateField(_("decision due"))
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("classification round")
        verbose_name_plural = _("classification rounds")
        ordering = ["-year", "province__name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="classification_round_year")
        ]

    def __str__(self) -> str:
        return f"{self.province.name} — {self.year}"

    @property
    def decided(self) -> bool:
        return self.status == RoundStatus.DECIDED


class Target(models.Model):
    """GR1: e.g. ≥ 63 TSVM communes."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="targets")
    subject = models.CharField(
        _("subject"),
        max_length=12,
        choices=[(s, s) for s in rules.TARGET_SUBJECTS],
    )
    comparison = models.CharField(
        _("comparison"), max_length=2, choices=[(c.value, c.value) for c in rules.Comparison]
    )
    number = models.PositiveIntegerField(_("number"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["round", "pk"]

    def __str__(self) -> str:
        return f"{self.subject} {self.comparison} {self.number}"

    def as_rule(self) -> rules.Target:
        return rules.Target(self.subject, rules.Comparison(self.comparison), self.number)


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared by the commune")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for correction")
    REVIEWED = "reviewed", _("Reviewed")


EVALUATION_CHOICES = [
    ("", _("Neither")),
    (rules.Evaluation.PHE_BINH.value, _("Criticised")),
    (rules.Evaluation.NHAC_NHO.value, _("Reminded")),
]


class Assessment(models.Model):
    """One commune's file in a round: its self-assessment, then the province's review."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assessments")
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    explanation = models.TextField(_("explanation"), blank=True)
    last_year = models.CharField(
        _("last year's evaluation"), max_length=10, blank=True, choices=EVALUATION_CHOICES
    )
    year_before = models.CharField(
        _("the year before's evaluation"), max_length=10, blank=True, choices=EVALUATION_CHOICES
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commended = models.BooleanField(_("on the commendation list"), default=False)

    class Meta:
        verbose_name = _("commune assessment")
        verbose_name_plural = _("commune assessments")
        ordering = ["round", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "commune"], name="classification_assessment_commune"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune.name} — {self.round.year}"

    @property
    def editable_by_commune(self) -> bool:
        return self.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)


class Score(models.Model):
    """Points of one criterion: the commune's, and the reviewer's when changed (with a reason)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(
        _("self-assessed points"), null=True, blank=True, max_digits=6, decimal_places=2
    )
    explanation = models.TextField(_("explanation"), blank=True)
    link = models.CharField(_("link to a record"), max_length=500, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="classification/evidence/", blank=True)
    reviewed_points = models.DecimalField(
        _("reviewed points"), null=True, blank=True, max_digits=6, decimal_places=2
    )
    review_reason = models.TextField(_("reason for the change"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assessment", "criterion__order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="classification_score_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.final_points}"

    @property
    def final_points(self) -> Decimal | None:
        return self.reviewed_points if self.reviewed_points is not None else self.points

    @property
    def changed(self) -> bool:
        return self.reviewed_points is not None and self.reviewed_points != self.points


class OfficialRating(models.Model):
    """GR2/GR3: the yearly rating of a commune official: the commune's proposal (never above
    the GR2 cap), then the deciding authority's decision (above the cap only with a reason)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("official"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(_("position"), max_length=200)
    position_code = models.CharField(max_length=60, blank=True)
    criteria = models.CharField(_("criteria in charge"), max_length=200, blank=True)
    cap = models.CharField(
        _("cap (GR2)"), max_length=20, blank=True, choices=[(v.value, v.value) for v in rules.Level]
    )
    proposed_level = models.CharField(
        _("proposed level"), max_length=20, choices=[(v.value, v.value) for v in rules.Level]
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_level = models.CharField(
        _("decided level"),
        max_length=20,
        blank=True,
        choices=[(v.value, v.value) for v in rules.Level],
    )
    override_reason = models.TextField(_("reason for going above the cap"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("official's rating")
        verbose_name_plural = _("officials' ratings")
        ordering = ["assessment", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "person"], name="classification_rating_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.position}"

    def criterion_codes(self) -> list[str]:
        return [c for c in self.criteria.split(",") if c]

    def _label(self, code: str) -> str:
        if not code:
            return ""
        return self.assessment.round.scheme.level_labels()[rules.Level(code)]

    @property
    def proposed_label(self) -> str:
        return self._label(self.proposed_level)

    @property
    def decided_label(self) -> str:
        return self._label(self.decided_level)

    @property
    def cap_label(self) -> str:
        return self._label(self.cap)


GR4_ACTIONS = (
    rules.Consequence.DIEU_DONG_CHU_TICH_UBND,
    rules.Consequence.KIEM_DIEM_LANH_DAO_UBND,
    rules.Consequence.KIEM_DIEM_CHU_TICH_HDND_UBND,
)
"""GR4 consequences that call for an action (the fourth, no commendation, is enforced by the
commendation list)."""


class ConsequenceAction(models.Model):
    """GR4: a consequence of last years' evaluations, due by a date, with what was done."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(
        _("consequence"), max_length=40, choices=[(c.value, c.value) for c in GR4_ACTIONS]
    )
    due = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("what was done"), blank=True)
    backdate_reason = models.TextField(_("reason for an earlier day"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="classification/evidence/", blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consequence to carry out")
        verbose_name_plural = _("consequences to carry out")
        ordering = ["due", "assessment", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "kind"], name="classification_action_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment.commune.name}: {self.kind}"

    @property
    def label(self) -> str:
        return rules.CONSEQUENCE_LABELS[rules.Consequence(self.kind)]


class FaultKind(models.TextChoices):
    """GR9: the faults that open an apology case."""

    ARROGANCE = "arrogance", _("Arrogance towards the citizen")
    HARASSMENT = "harassment", _("Harassment")
    WRONG = "wrong", _("Wrong handling")
    LATE = "late", _("Deliberately late handling")


class ApologyCase(models.Model):
    """GR9 "Xin lỗi nhân dân": a civil servant's fault harmed a citizen; the chairman requires a
    written apology and a self-criticism; a UBND leader goes with the civil servant to the
    citizen's home, with the Party cell, the Front committee, the village and some households
    invited; minutes are kept. The case feeds the official's rating and the commune's
    self-assessment of its year."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("civil servant"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    citizen = models.CharField(_("citizen harmed"), max_length=200)
    fault = models.CharField(_("fault"), max_length=12, choices=FaultKind.choices)
    facts = models.TextField(_("what happened"))
    occurred_on = models.DateField(_("occurred on"))
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    required_on = models.DateField(_("chairman's requirement on"), null=True, blank=True)
    required_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    apology_letter = models.FileField(
        _("apology letter"), upload_to="classification/apology/", blank=True
    )
    self_criticism = models.FileField(
        _("self-criticism"), upload_to="classification/apology/", blank=True
    )
    visit_on = models.DateField(_("visit on"), null=True, blank=True)
    visit_leader = models.CharField(_("UBND leader who went"), max_length=200, blank=True)
    invited = models.TextField(_("invited"), blank=True)
    minutes = models.FileField(
        _("minutes of the visit"), upload_to="classification/apology/", blank=True
    )

    class Meta:
        verbose_name = _("apology case")
        verbose_name_plural = _("apology cases")
        ordering = ["-occurred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.person} — {self.citizen} ({self.occurred_on:%d/%m/%Y})"

    @property
    def step(self) -> str:
        if self.visit_on:
            return "visited"
        if self.apology_letter and self.self_criticism:
            return "letters"
        if self.required_on:
            return "required"
        return "opened"

    @property
    def step_label(self) -> str:
        return str(APOLOGY_STEPS[self.step])


APOLOGY_STEPS = {
    "opened": _("Opened: the chairman's requirement is awaited"),
    "required": _("Required: the apology letter and self-criticism are awaited"),
    "letters": _("Letters written: the visit is awaited"),
    "visited": _("Visit held, minutes kept"),
}


class Education(models.TextChoices):
    NONE = "", _("Below intermediate / not known")
    TRUNG_CAP = "trung_cap", _("Intermediate")
    CAO_DANG = "cao_dang", _("College")
    DAI_HOC = "dai_hoc", _("University")
    SAU_DAI_HOC = "sau_dai_hoc", _("Postgraduate")


class PoliticalTheory(models.TextChoices):
    NONE = "", _("None / not known")
    SO_CAP = "so_cap", _("Elementary")
    TRUNG_CAP = "trung_cap", _("Intermediate")
    CAO_CAP = "cao_cap", _("Advanced")


class StaffQualification(models.Model):
    """GR5: a commune official's professional and political-theory levels (kept beside the
    people register, which holds no such facts)."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="qualification"
    )
    education = models.CharField(
        _("professional qualification"), max_length=12, blank=True, choices=Education.choices
    )
    political_theory = models.CharField(
        _("political theory"), max_length=12, blank=True, choices=PoliticalTheory.choices
    )
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("staff qualification")
        verbose_name_plural = _("staff qualifications")

    def __str__(self) -> str:
        return str(self.person)


class CommuneFacts(models.Model):
    """GR5: the facts the platform does not hold, typed per commune and year with evidence."""

    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    solid_office = models.BooleanField(_("solid office building"), null=True, blank=True)
    office_area = models.BooleanField(_("office meets area standards"), null=True, blank=True)
    networked = models.BooleanField(_("networked computers"), null=True, blank=True)
    mailbox_hotline = models.BooleanField(_("feedback mailbox and hotline"), null=True, blank=True)
    procedures = models.PositiveIntegerField(_("procedures received"), null=True, blank=True)
    procedures_on_time = models.PositiveIntegerField(
        _("procedures posted and settled on time"), null=True, blank=True
    )
    evidence = models.FileField(_("evidence"), upload_to="classification/evidence/", blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("commune facts (GR5)")
        verbose_name_plural = _("commune facts (GR5)")
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="classification_facts_year")
        ]

    def __str__(self) -> str:
        return f"{self.commune} — {self.year}"
