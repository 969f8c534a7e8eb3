"""The hash-chained audit trail.

Each :class:`AuditEntry` carries the SHA-256 of its own canonical JSON (which includes the hash
of the entry before it), so editing or deleting any entry breaks the chain at that point.
:class:`AuditHead` is one row holding the last position and hash: appending locks it, which
serialises writers on PostgreSQL (row lock) and SQLite (the write transaction), and it also lets
``verify`` notice when the newest entries were deleted. :class:`AuditAnchor` keeps the signed
anchors made on purpose (``danchu audit anchor``, documents); a copy lives outside the database
(:mod:`danchu.audit.outside`), since whoever rewrites the database can rewrite the head too.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.audit.signing import SignedAnchor

GENESIS_HASH = "0" * 64


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(_("chain position"), unique=True)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_label = models.CharField(max_length=120, blank=True)  # "app_label.model", hashed
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("record"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit_code = models.CharField(max_length=20, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Version 2 of the hashed form (chain.py) also covers the actor's and unit's ids: copies,
    # since the foreign keys are nulled when a user or unit is deleted.
    version = models.PositiveSmallIntegerField(default=2)
    actor_ref = models.CharField(max_length=64, blank=True, default="")
    unit_ref = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["target_label", "target_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditHead(models.Model):
    """The single row (pk=1) holding the newest position and hash of the chain."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"


class AuditAnchor(models.Model):
    """A signed anchor: the chain had ``hash`` at position ``seq`` at time ``at``, signed with
    the installation's Ed25519 key (fingerprint ``key``); see :mod:`danchu.audit.signing`."""

    seq = models.PositiveBigIntegerField(_("chain position"))
    hash = models.CharField(_("hash"), max_length=64)
    at = models.CharField(_("signed at (UTC)"), max_length=20)
    key = models.CharField(_("key fingerprint"), max_length=16)
    signature = models.CharField(_("signature"), max_length=88)
    purpose = models.CharField(_("purpose"), max_length=120, blank=True)
    created = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("signed audit anchor")
        verbose_name_plural = _("signed audit anchors")
        ordering = ["-seq", "-pk"]

    def __str__(self) -> str:
        return f"{self.seq} {self.hash[:12]}"

    def as_signed(self) -> SignedAnchor:
        return SignedAnchor(
            seq=self.seq, hash=self.hash, at=self.at, key=self.key, sig=self.signature
        )

    @property
    def line(self) -> str:
        """The line as published (``danchu-anchor v1 … sig=…``)."""
        return self.as_signed().line
