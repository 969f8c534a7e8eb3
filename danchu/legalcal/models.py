"""The yearly swap table (TM4) and each user's calendar-feed token."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.legalcal.calendar import SwapKind


class CalendarSwap(models.Model):
    """A date the government's yearly notice makes a day off or a working day (TM4)."""

    class Kind(models.TextChoices):
        DAY_OFF = SwapKind.DAY_OFF.value, _("Day off")
        WORKING_DAY = SwapKind.WORKING_DAY.value, _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        help_text=_("The notice or decision, e.g. “Thông báo 6150/TB-BLĐTBXH”."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    verified = models.BooleanField(
        _("checked against the original text"),
        default=True,
        help_text=_("Untick when the date comes from press reports and the notice is unchecked."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar swap")
        verbose_name_plural = _("calendar swaps")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret in a user's iCalendar feed URL; resetting it revokes old subscriptions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return str(self.user)
