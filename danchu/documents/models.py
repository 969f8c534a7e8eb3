"""Yearly number series of each issuing body (DOC1, DOC2) and the numbers issued from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.units.models import Agency


class DocumentSeries(models.Model):
    """DOC1: one series per issuer and year, restarting at 01 each 1 January; secret documents
    keep their own series. The kind of document (KH, BB, QĐ…) does not start a new series."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("issuing agency"),
        on_delete=models.PROTECT,
        related_name="document_series",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    secret = models.BooleanField(_("secret documents"), default=False)
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("document number series")
        verbose_name_plural = _("document number series")
        ordering = ["agency__name", "-year", "secret"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "secret"], name="document_series_unique_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}{' (MẬT)' if self.secret else ''}"


class IssuedNumber(models.Model):
    """The register of numbers issued (sổ đăng ký văn bản đi), one row per number."""

    series = models.ForeignKey(
        DocumentSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        related_name="issued",
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.CharField(_("number and symbol"), max_length=60)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("issued number")
        verbose_name_plural = _("issued numbers")
        ordering = ["series", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="issued_number_unique")
        ]

    def __str__(self) -> str:
        return self.text
