"""A consultation: the draft and its versions, the plan (audiences, windows, channels), opinions
and their answers, the issued decision and the report (DC1–DC7, LD8).

Statuses and choices are data here; the rules that judge them are in ``rules.py``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.consultations import rules
from danchu.units.models import AdminUnit, Agency


class MatterKind(models.TextChoices):
    """LD8 (Law 10/2022, Arts 25–28): matters put to residents before the authority decides."""

    DEMOCRACY_REGULATION = "democracy_regulation", _("Draft democracy regulation")
    SOCIOECONOMIC_PLAN = "socioeconomic_plan", _("Socio-economic development plan")
    LAND_USE = "land_use", _("Land-use plan or its adjustment")
    INFRASTRUCTURE = "infrastructure", _("Policy and contributions for local infrastructure")
    UNIT_CHANGE = "unit_change", _("Change of administrative unit or boundary")
    LAND_RECOVERY = "land_recovery", _("Land recovery, compensation and resettlement")
    PROJECT = "project", _("Investment project carried out in the commune")
    DRAFT_DECISION = "draft_decision", _("Draft decision affecting residents")
    OTHER = "other", _("Other matter under the law")


class Scope(models.TextChoices):
    COMMUNE = rules.Scope.COMMUNE.value, _("Regulation of the commune People's Committee")
    AGENCY = rules.Scope.AGENCY.value, _("Regulation of the commune agency (for its staff)")


class Audience(models.TextChoices):
    CITIZENS = rules.Audience.CITIZENS.value, _("Citizens")
    STAFF = rules.Audience.STAFF.value, _("Officials, civil servants and workers")


class Body(models.TextChoices):
    COUNCIL = rules.Body.COUNCIL.value, _("People's Council")
    FRONT = rules.Body.FRONT.value, _("Fatherland Front Committee")
    UNION = rules.Body.UNION.value, _("Grassroots trade union")
    COMMITTEE = rules.Body.COMMITTEE.value, _("People's Committee")


class Form(models.TextChoices):
    CONFERENCE = rules.Form.CONFERENCE.value, _("Conference")
    SEMINAR = rules.Form.SEMINAR.value, _("Seminar")
    STAFF_CONFERENCE = rules.Form.STAFF_CONFERENCE.value, _("Staff conference")
    CHAT_GROUP = rules.Form.CHAT_GROUP.value, _("Union chat group")
    PUBLIC_PAGE = rules.Form.PUBLIC_PAGE.value, _("Public page of this platform")
    WRITTEN = rules.Form.WRITTEN.value, _("Written opinions")


class Channel(models.TextChoices):
    RADIO = rules.Channel.RADIO.value, _("Commune radio")
    POSTING_OFFICE = (
        rules.Channel.POSTING_OFFICE.value,
        _("Posted at the People's Council / Committee office"),
    )
    POSTING_VILLAGE = rules.Channel.POSTING_VILLAGE.value, _("Posted at the village cultural house")
    SOFTWARE = rules.Channel.SOFTWARE.value, _("Democracy-information software (public page)")
    VILLAGE_HEAD = rules.Channel.VILLAGE_HEAD.value, _("Sent to the village head")
    NOTICE_BOARD = rules.Channel.NOTICE_BOARD.value, _("Agency notice board")
    INTERNAL_SYSTEM = rules.Channel.INTERNAL_SYSTEM.value, _("Internal information system")
    ALL_STAFF = rules.Channel.ALL_STAFF.value, _("Sent to all staff")


class Phase(models.TextChoices):
    PLAN = "plan", _("Publication of the plan (DC3)")
    REGULATION = "regulation", _("Publication of the issued regulation (DC5)")


class Status(models.TextChoices):
    PREPARING = "preparing", pgettext_lazy("consultation status", "Preparing")
    PUBLISHED = "published", pgettext_lazy("consultation status", "Published for opinions")
    ISSUED = "issued", pgettext_lazy("consultation status", "Issued")


class Source(models.TextChoices):
    PUBLIC_PAGE = "public_page", _("Public page")
    COUNCIL_CONFERENCE = "council_conference", _("People's Council conference")
    FRONT_CONFERENCE = "front_conference", _("Fatherland Front conference")
    UNION_CONFERENCE = "union_conference", _("Staff conference (trade union)")
    UNION_CHAT = "union_chat", _("Trade union chat group")
    WRITTEN = "written", _("Written opinion to the commune")


SOURCE_BODY: dict[str, str] = {
    Source.PUBLIC_PAGE: Body.COMMITTEE,
    Source.WRITTEN: Body.COMMITTEE,
    Source.COUNCIL_CONFERENCE: Body.COUNCIL,
    Source.FRONT_CONFERENCE: Body.FRONT,
    Source.UNION_CONFERENCE: Body.UNION,
    Source.UNION_CHAT: Body.UNION,
}
"""Which body gathered an opinion of each source (DC1, DC7)."""


class Stance(models.TextChoices):
    SUPPORT = rules.Stance.SUPPORT.value, _("Agrees")
    OPPOSE = rules.Stance.OPPOSE.value, _("Disagrees")
    NONE = rules.Stance.NONE.value, _("Comment only")


class AnswerKind(models.TextChoices):
    ACCEPT = rules.AnswerKind.ACCEPT.value, _("Accepted (tiếp thu)")
    EXPLAIN = rules.AnswerKind.EXPLAIN.value, _("Explained (giải trình)")
    NOT_OPINION = rules.AnswerKind.NOT_OPINION.value, _("Not an opinion on the draft")


class Outcome(models.TextChoices):
    ADOPTED = rules.Outcome.ADOPTED.value, _("Adopted / issued")
    REJECTED = rules.Outcome.REJECTED.value, _("Not adopted")


class Consultation(models.Model):
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="consultations"
    )
    issuer = models.ForeignKey(
        Agency, verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    matter = models.CharField(
        _("kind of matter"),
        max_length=30,
        choices=MatterKind.choices,
        default=MatterKind.DEMOCRACY_REGULATION,
    )
    scope = models.CharField(
        _("whose regulation"),
        max_length=20,
        choices=Scope.choices,
        default=Scope.COMMUNE,
        help_text=_(
            "DC1: the People's Committee's regulation is put to citizens; the agency's own "
            "regulation to its staff."
        ),
    )
    slug = models.SlugField(_("public address"), max_length=80, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREPARING
    )
    plan_number = models.CharField(_("plan number"), max_length=40, blank=True)
    plan_date = models.DateField(_("plan date"), null=True, blank=True)
    content_published_on = models.DateField(
        _("content published on"),
        null=True,
        blank=True,
        help_text=_("DC2: the citizens' 20 days run from the day after this date."),
    )
    consulted_version = models.ForeignKey(
        "DraftVersion",
        verbose_name=_("version put to consultation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary_published_on = models.DateField(_("summary published on"), null=True, blank=True)
    summary_number = models.CharField(
        _("summary number"),
        max_length=40,
        blank=True,
        help_text=_("Taken from the issuer's yearly series when the summary is published."),
    )
    # Issuing (DC5) and the decision (LD8)
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices, blank=True)
    majority_reading = models.CharField(
        _("majority counted"),
        max_length=10,
        choices=[
            (rules.Reading.PEOPLE.value, _("by the people the opinions speak for")),
            (rules.Reading.OPINIONS.value, _("one per opinion")),
        ],
        default=rules.DEFAULT_READING.value,
        help_text=_("LD8: both readings are shown; this one decides the majority view."),
    )
    outcome_reason = models.TextField(
        _("reason for departing from the majority view"),
        blank=True,
        help_text=_("LD8: required and published when the decision departs from the majority."),
    )
    issued_version = models.ForeignKey(
        "DraftVersion",
        verbose_name=_("issued version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    regulation_number = models.CharField(_("number and symbol"), max_length=40, blank=True)
    unapplied_reason = models.TextField(
        _("why accepted opinions are not in the issued text"),
        blank=True,
        help_text=_(
            "Issue 18: given when issuing while an accepted opinion's change is not found in "
            "the text; published with the decision."
        ),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    signer_authority = models.CharField(_("signing authority"), max_length=10, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=120, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    # Report to the People's Council (DC6)
    council_session_on = models.DateField(
        _("next regular session of the People's Council"), null=True, blank=True
    )
    report_number = models.CharField(
        _("report number"),
        max_length=40,
        blank=True,
        help_text=_("Taken from the issuer's yearly series when the report is issued."),
    )
    report_dated_on = models.DateField(_("report dated"), null=True, blank=True)
    report_presented_on = models.DateField(_("report presented on"), null=True, blank=True)
    report_sent_to_front_on = models.DateField(
        _("report sent to the Fatherland Front on"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status != Status.PREPARING

    @property
    def display_title(self) -> str:
        """Issue 18: once issued (adopted), the title no longer says "Dự thảo"."""
        if self.status == Status.ISSUED and self.outcome == Outcome.ADOPTED:
            for prefix in ("Dự thảo ", "dự thảo "):
                if self.title.startswith(prefix):
                    rest = self.title[len(prefix) :]
                    return rest[:1].upper() + rest[1:]
        return self.title

    def latest_version(self) -> DraftVersion | None:
        return self.versions.order_by("-number").first()

    def backdated_facts(self) -> dict[str, RecordedFact]:
        """The latest recorded fact of each kind that was back-dated (for the "ghi lùi ngày"
        marks on pages, the API and documents)."""
        latest: dict[str, RecordedFact] = {}
        for fact in self.facts.all():
            latest[fact.kind] = fact
        return {k: f for k, f in latest.items() if f.backdated}

    def public_version(self) -> DraftVersion | None:
        if self.status == Status.ISSUED and self.issued_version_id:
            return self.issued_version
        return self.consulted_version or self.latest_version()


class DraftVersion(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text of the draft"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    source_file = models.FileField(
        _("imported file"), upload_to="consultations/drafts/", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="consultation_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} — v{self.number}"


class ProvisionKind(models.TextChoices):
    CHAPTER = "chapter", _("Chapter")
    ARTICLE = "article", _("Article")
    CLAUSE = "clause", _("Clause")


class Provision(models.Model):
    """One chapter, article or clause of a version, in reading order (``position``)."""

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="provisions")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(max_length=10, choices=ProvisionKind.choices)
    number = models.CharField(max_length=10)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == ProvisionKind.CHAPTER:
            return f"Chương {self.number}" if self.number else ""
        if self.kind == ProvisionKind.ARTICLE:
            return f"Điều {self.number}"
        return f"Khoản {self.number}"


class AudiencePlan(models.Model):
    """DC1–DC2: one audience of the plan, how its opinions are gathered, and its window."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="audiences"
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    gatherings = models.JSONField(
        _("ways of gathering"),
        default=list,
        help_text=_("Pairs of body and form, e.g. People's Council conference."),
    )
    window_start = models.DateField(_("opinions from"))
    window_end = models.DateField(_("opinions until"))

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "audience"], name="consultation_audience_unique"
            ),
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")),
                name="consultation_window_not_inverted",
            ),
        ]

    def __str__(self) -> str:
        return self.get_audience_display()

    def gathering_rules(self) -> list[rules.Gathering]:
        return [rules.Gathering(rules.Body(b), rules.Form(f)) for b, f in self.gatherings]

    def state(self, today: dt.date) -> str:
        return rules.window_state(self.window_start, self.window_end, today)


class AggregateSend(models.Model):
    """DC7: a body's aggregate of the opinions it gathered, due by the plan's deadline."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="sends")
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    due = models.DateField(
        _("due"), help_text=_("The plan's deadline; for 'before 26/3' enter 25/3.")
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="consultations/sends/", blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    sent_recorded_on = models.DateField(_("sending recorded on"), null=True, blank=True)
    backdate_reason = models.TextField(_("reason for back-dating"), blank=True)

    class Meta:
        verbose_name = _("aggregate sent")
        verbose_name_plural = _("aggregates sent")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "body"], name="consultation_send_body")
        ]

    def __str__(self) -> str:
        return self.get_body_display()

    def state(self, today: dt.date) -> rules.StepState:
        return rules.aggregate_send_state(self.due, self.sent_on, today)

    @property
    def backdated(self) -> bool:
        """Sent on a day earlier than the day the platform was told (``danchu.core.facts``)."""
        return bool(self.sent_on and self.sent_recorded_on and self.sent_on < self.sent_recorded_on)


class PublicationRecord(models.Model):
    """DC3 / DC5: the plan or the regulation on one channel (and village), with evidence."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="publications"
    )
    phase = models.CharField(_("what"), max_length=20, choices=Phase.choices)
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    village = models.ForeignKey(
        AdminUnit,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: still up."))
    evidence = models.FileField(
        _("evidence (file or photo)"), upload_to="consultations/evidence/", blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    backdate_reason = models.TextField(_("reason for back-dating"), blank=True)

    class Meta:
        verbose_name = _("publication record")
        verbose_name_plural = _("publication records")
        ordering = ["phase", "channel", "village__name", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="consultation_publication_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.start:%d/%m/%Y}"

    def as_rule(self) -> rules.ChannelRecord:
        return rules.ChannelRecord(
            rules.Channel(self.channel),
            self.start,
            self.end,
            self.village_id,
            bool(self.evidence),
        )

    @property
    def backdated(self) -> bool:
        """Started on a day earlier than the day the platform was told."""
        return bool(self.recorded_on and self.start < self.recorded_on)


class Opinion(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="opinions"
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    article_number = models.CharField(
        _("article"), max_length=10, blank=True, help_text=_("Empty: on the whole draft.")
    )
    text = models.TextField(_("opinion"))
    stance = models.CharField(
        _("stance"), max_length=10, choices=Stance.choices, default=Stance.NONE
    )
    author_name = models.CharField(_("name (optional)"), max_length=120, blank=True)
    contact = models.CharField(_("contact (optional)"), max_length=120, blank=True)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    source_detail = models.CharField(_("where and when gathered"), max_length=300, blank=True)
    represents = models.PositiveIntegerField(
        _("people it speaks for"),
        default=1,
        help_text=_(
            "LD8: an opinion agreed at a conference speaks for everyone who agreed (e.g. 120 "
            "voters); an opinion of one person, 1."
        ),
    )
    received_on = models.DateField(_("received on"))
    recorded_on = models.DateField(
        _("recorded on"),
        null=True,
        blank=True,
        help_text=_("The day only: nothing times an opinion finer than its day."),
    )
    backdate_reason = models.TextField(_("reason for back-dating"), blank=True)
    backdate_evidence = models.FileField(
        _("evidence for back-dating"), upload_to="consultations/opinions/", blank=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference_hash = models.CharField(
        _("reference code (SHA-256)"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_(
            "Issue 18: the citizen is shown a reference code once; only its hash is kept, so "
            "the code (and nothing else) finds the opinion's state and answer."
        ),
    )
    # DC4: the answer
    answer_kind = models.CharField(
        _("answer"), max_length=20, choices=AnswerKind.choices, blank=True
    )
    answer_text = models.TextField(_("change made or reason"), blank=True)
    accepted_article = models.CharField(
        _("article changed"),
        max_length=10,
        blank=True,
        help_text=_(
            "Issue 18: for an accepted opinion, the article of the next version that carries the "
            "change; issuing checks that this article did change."
        ),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # Moderation: hidden from the public page, still received and answered (DC4)
    hidden_reason = models.TextField(_("reason for hiding from the public page"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    # Issue 16: similar opinions grouped once, when the opinion arrives (``grouping``), never per
    # page view. ``group`` is the group's representative (itself for the first of a group).
    group = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("grouped with"),
    )
    duplicate = models.BooleanField(
        _("duplicate"),
        default=False,
        editable=False,
        help_text=_("The same text as the group's first opinion (tones and punctuation ignored)."),
    )

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["consultation", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def body(self) -> str:
        return SOURCE_BODY[self.source]

    @property
    def is_answered(self) -> bool:
        return bool(self.answer_kind and self.answer_text.strip())

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def article_label(self) -> str:
        return f"Điều {self.article_number}" if self.article_number else ""

    @property
    def backdated(self) -> bool:
        return bool(self.recorded_on and self.received_on < self.recorded_on)

    @property
    def accepted_label(self) -> str:
        return f"Điều {self.accepted_article}" if self.accepted_article else ""


class FactKind(models.TextChoices):
    """Dates of a consultation that record events (issue 10, point 3)."""

    SUMMARY_PUBLISHED = "summary_published", _("Summary published")
    REGULATION_ISSUED = "regulation_issued", _("Regulation issued")
    REPORT_DATED = "report_dated", _("Report dated")
    REPORT_PRESENTED = "report_presented", _("Report presented to the People's Council")
    REPORT_SENT_TO_FRONT = "report_sent_to_front", _("Report sent to the Fatherland Front")


class RecordedFact(models.Model):
    """One event day of the consultation as the platform was told it: on which day it happened,
    on which day it was recorded, and — when earlier (back-dated) — why, with evidence."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="facts")
    kind = models.CharField(_("what"), max_length=30, choices=FactKind.choices)
    on = models.DateField(_("on"))
    recorded_on = models.DateField(_("recorded on"))
    reason = models.TextField(_("reason for back-dating"), blank=True)
    evidence = models.FileField(
        _("evidence for back-dating"), upload_to="consultations/facts/", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("recorded date")
        verbose_name_plural = _("recorded dates")
        ordering = ["consultation", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"

    @property
    def backdated(self) -> bool:
        return self.on < self.recorded_on


class Reopening(models.Model):
    """DC4: the published summary reopened for a reason (audited, shown on the page)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="reopenings"
    )
    on = models.DateField(_("reopened on"))
    reason = models.TextField(_("reason"))
    replaced_number = models.CharField(_("summary reopened"), max_length=40, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")
        ordering = ["consultation", "pk"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y}: {self.reason[:60]}"


class Meeting(models.Model):
    """Issue 18: a conference or seminar of the plan (DC1) — when and where — shown on the public
    page and in its calendar, so citizens know where to bring their opinion."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="meetings"
    )
    body = models.CharField(_("organised by"), max_length=20, choices=Body.choices)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=300)
    village = models.ForeignKey(
        AdminUnit,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["consultation", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_body_display()} — {self.place}"
