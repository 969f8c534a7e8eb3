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


class IssuedDocument(models.Model):
    """A document as it was issued (numbered, sent, published or announced), kept for ever.

    The files are stored here at the moment of issue and served byte for byte ever after
    (``danchu.documents.issuing``); a correction is a new document that names this one in
    ``replaces``, with its reason. What the document states is kept in ``figures`` so that what
    follows from it (a province aggregate, a flag) reads the issued figures, not live data.
    """

    kind = models.CharField(_("kind of document"), max_length=60, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(_("recorded at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("issuing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_label = models.CharField(max_length=120)
    target_id = models.CharField(max_length=64)
    secret = models.BooleanField(_("secret (MẬT)"), default=False)
    figures = models.JSONField(_("figures stated"), default=dict, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    audit_seq = models.PositiveBigIntegerField(_("audit position printed"), default=0)
    audit_hash = models.CharField(_("audit hash printed"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["target_label", "target_id", "kind"])]

    def __str__(self) -> str:
        return f"{self.number or self.kind} — {self.title}"


class IssuedFile(models.Model):
    """One file of an issued document: its format, the copy number of a secret document, and
    its bytes (encrypted at rest for a secret document) with the SHA-256 of the plain bytes."""

    document = models.ForeignKey(IssuedDocument, on_delete=models.PROTECT, related_name="files")
    fmt = models.CharField(max_length=8)
    copy = models.PositiveSmallIntegerField(default=0)  # 0: the only copy
    content = models.BinaryField()
    encrypted = models.BooleanField(default=False)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("issued file")
        verbose_name_plural = _("issued files")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "fmt", "copy"], name="issued_file_unique_format_copy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id}.{self.fmt}"
