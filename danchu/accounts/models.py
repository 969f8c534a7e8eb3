"""Accounts and roles scoped to units or to one process record."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core import clock
from danchu.people.models import Person
from danchu.units.models import AdminUnit


class User(AbstractUser):
    email = models.EmailField(_("email address"), blank=True)
    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    # Issue 19 (ASVS V2.1): an account created by an import or by an administrator, or whose
    # password an administrator set, must choose its own password at the next login.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="user_email_unique_when_set"
            )
        ]

    def display_name(self) -> str:
        if self.person_id:
            return str(self.person)
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    """Every role the platform knows. What each may do is in ``danchu.accounts.access``."""

    SYSTEM_ADMIN = "system_admin", _("System administrator")
    HOME_AFFAIRS = "home_affairs", _("Home Affairs officer")
    CHAIRMAN = "chairman", _("People's Committee chairman")
    VICE_CHAIRMAN = "vice_chairman", _("People's Committee vice-chairman")
    OFFICER = "officer", _("Unit officer")
    SUPERVISOR = "supervisor", _("Supervisor (People's Council, Fatherland Front)")
    COUNCIL_REP = "council_rep", _("People's Council representative")
    FRONT_REP = "front_rep", _("Fatherland Front representative")
    UNION_REP = "union_rep", _("Trade union representative")
    VILLAGE_HEAD = "village_head", _("Village head")
    # Roles on one process record (a vote round, a survey round, a consultation…)
    VOTE_ORGANIZER = "vote_organizer", _("Organizing office of a vote")
    COUNTING_BOARD = "counting_board", _("Counting board member")
    SURVEY_COMMITTEE = "survey_committee", _("Survey committee member")
    SURVEY_SECRETARY = "survey_secretary", _("Survey committee secretary")
    DRAFTING_TEAM = "drafting_team", _("Drafting team member")


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def current(self, on: dt.date | None = None) -> RoleAssignmentQuerySet:
        on = on or clock.today()
        return self.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class RoleAssignment(models.Model):
    """A user holds a role on a unit (and everything below it) or on one process record."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=_("Empty only for a system administrator."),
    )
    record_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    valid_from = models.DateField(_("valid from"), default=clock.today)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        where = self.unit or _("whole system")
        return f"{self.get_role_display()} — {where}"

    def clean(self) -> None:
        if self.role != Role.SYSTEM_ADMIN and self.unit_id is None and self.record_id is None:
            raise ValidationError({"unit": _("Choose the unit this role applies to.")})
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("A role cannot end before it starts.")})


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=clock.now())


class ApiToken(models.Model):
    """An API token (issue 19, ASVS V3.5): only its SHA-256 digest is stored; it expires and its
    owner may revoke it. The key itself is shown once, when it is made."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("first characters"), max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > clock.now()
