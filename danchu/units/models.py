"""Administrative units as data, valid over dates, so that both maps fit.

The two-level map in force since 1 July 2025 (34 provinces, 3,321 communes, no districts) and the
district-era map (63 provinces, 696 districts, 10,035 communes) live side by side: each unit has
``valid_from``/``valid_to``, and "in force on a date" is a query. Villages are added by communes.
The reporting chain is the ``parent`` link — never hard-coded.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.text import fold


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Province level")
    DISTRICT = 2, _("District level")
    COMMUNE = 3, _("Commune level")
    VILLAGE = 4, _("Village level")


class UnitKind(models.TextChoices):
    TINH = "tinh", _("Province")
    THANH_PHO_TW = "thanh_pho_tw", _("Centrally-run city")
    HUYEN = "huyen", _("District")
    QUAN = "quan", _("Urban district")
    THI_XA = "thi_xa", _("Town")
    THANH_PHO_THUOC_TINH = "thanh_pho_thuoc_tinh", _("Provincial city")
    THANH_PHO_THUOC_TP = "thanh_pho_thuoc_tp", _("City within a centrally-run city")
    XA = "xa", _("Commune")
    PHUONG = "phuong", _("Ward")
    THI_TRAN = "thi_tran", _("Township")
    DAC_KHU = "dac_khu", _("Special zone")
    THON = "thon", _("Village (thôn)")
    BAN = "ban", _("Village (bản)")
    AP = "ap", _("Hamlet (ấp)")
    LANG = "lang", _("Village (làng)")
    BUON = "buon", _("Village (buôn)")
    PHUM = "phum", _("Village (phum)")
    SOC = "soc", _("Village (sóc)")
    TO_DAN_PHO = "to_dan_pho", _("Residential group")
    KHU_PHO = "khu_pho", _("Neighbourhood")
    KHOM = "khom", _("Neighbourhood (khóm)")


KIND_LEVEL: dict[str, int] = {
    UnitKind.TINH: Level.PROVINCE,
    UnitKind.THANH_PHO_TW: Level.PROVINCE,
    UnitKind.HUYEN: Level.DISTRICT,
    UnitKind.QUAN: Level.DISTRICT,
    UnitKind.THI_XA: Level.DISTRICT,
    UnitKind.THANH_PHO_THUOC_TINH: Level.DISTRICT,
    UnitKind.THANH_PHO_THUOC_TP: Level.DISTRICT,
    UnitKind.XA: Level.COMMUNE,
    UnitKind.PHUONG: Level.COMMUNE,
    UnitKind.THI_TRAN: Level.COMMUNE,
    UnitKind.DAC_KHU: Level.COMMUNE,
}
VILLAGE_KINDS = [
    UnitKind.THON,
    UnitKind.BAN,
    UnitKind.AP,
    UnitKind.LANG,
    UnitKind.BUON,
    UnitKind.PHUM,
    UnitKind.SOC,
    UnitKind.TO_DAN_PHO,
    UnitKind.KHU_PHO,
    UnitKind.KHOM,
]
for _kind in VILLAGE_KINDS:
    KIND_LEVEL[_kind] = Level.VILLAGE


class MapVersion(models.TextChoices):
    LEGACY = "legacy", _("District-era map (before 1 July 2025)")
    Y2025 = "2025", _("Two-level map (from 1 July 2025)")
    LOCAL = "local", _("Added by the commune")


class UnitQuerySet(models.QuerySet["AdminUnit"]):
    def in_force(self, on: dt.date) -> UnitQuerySet:
        return self.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def within(self, unit: AdminUnit) -> UnitQuerySet:
        """The unit itself and every unit below it."""
        return self.filter(path__startswith=unit.path)


class AdminUnit(models.Model):
    code = models.CharField(_("official code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    map_version = models.CharField(_("map"), max_length=10, choices=MapVersion.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Materialised path "id/id/…/" for fast subtree queries (scope checks).
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    # The name folded for search ("hoa" finds "Xã An Hòa"), kept by ``save`` and ``units load``.
    search_name = models.CharField(max_length=200, editable=False, db_index=True, default="")
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "code"]
        constraints = [
            # Official codes are unique within their map; a village's code only within its
            # commune (two communes may both have a "Thôn 1" with code "01").
            models.UniqueConstraint(
                fields=["map_version", "code"],
                condition=~Q(map_version="local"),
                name="unit_code_unique_per_map",
            ),
            models.UniqueConstraint(
                fields=["parent", "code"],
                condition=Q(map_version="local"),
                name="village_code_unique_per_commune",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.level = KIND_LEVEL[self.kind]
        self.search_name = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:  # keep the derived columns with what they derive from
            derived = {"name": "search_name", "kind": "level"}
            kwargs["update_fields"] = {
                *update_fields,
                *(derived[f] for f in update_fields if f in derived),
            }
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent else ''}{self.pk}/"
        if new_path != self.path:
            self.path = new_path
            AdminUnit.objects.filter(pk=self.pk).update(path=new_path)

    @property
    def is_village(self) -> bool:
        return self.level == Level.VILLAGE

    def in_force_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)

    def ancestors(self) -> list[AdminUnit]:
        """From the top (province) down to the parent."""
        chain: list[AdminUnit] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def province(self) -> AdminUnit:
        return (self.ancestors() or [self])[0] if self.level != Level.PROVINCE else self


class UnitSuccession(models.Model):
    """Which old unit became (part of) which new unit on a date (mergers of 2025)."""

    predecessor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessions")
    effective = models.DateField(_("effective date"))

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_succession_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class AgencyKind(models.TextChoices):
    UBND = "ubnd", _("People's Committee")
    HDND = "hdnd", _("People's Council")
    MTTQ = "mttq", _("Fatherland Front Committee")
    DANG_UY = "dang_uy", _("Party Committee")
    UBKT = "ubkt", _("Party Inspection Committee")
    NOI_VU = "noi_vu", _("Home Affairs (office or department)")
    THANH_TRA = "thanh_tra", _("Inspectorate")
    CONG_DOAN = "cong_doan", _("Trade union")
    DOAN_TN = "doan_tn", _("Youth Union")
    QUAN_SU = "quan_su", _("Military command")
    OTHER = "other", _("Other agency")


PARTY_AGENCY_KINDS = {AgencyKind.DANG_UY, AgencyKind.UBKT}


class Agency(models.Model):
    """An agency or body attached to a unit (UBND, HĐND, MTTQ, Đảng ủy, Phòng/Sở Nội vụ…)."""

    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="agencies"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("abbreviation"),
        max_length=30,
        blank=True,
        help_text=_("Used in document numbers, e.g. UBND, NV."),
    )
    superior = models.ForeignKey(
        "self",
        verbose_name=_("managing agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["unit__code", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_party_body(self) -> bool:
        return self.kind in PARTY_AGENCY_KINDS
