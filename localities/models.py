from django.db import models
from django.utils.translation import gettext_lazy as _

from core.urls import object_url

# Provinces and communes merged on 01/07/2025: records of before keep their former units.
MERGER_YEAR = 2025


class Era(models.TextChoices):
    LEGACY = "legacy", _("Before 07/2025 (63 provinces)")
    CURRENT = "2025", _("From 07/2025 (34 provinces)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class DivisionType(models.TextChoices):
    PROVINCE = "province", _("Province (tỉnh)")
    MUNICIPALITY = "municipality", _("Centrally-run city")
    PROVINCIAL_CITY = "provincial_city", _("Provincial city")
    URBAN_DISTRICT = "urban_district", _("Urban district (quận)")
    RURAL_DISTRICT = "rural_district", _("Rural district (huyện)")
    TOWN = "town", _("Town (thị xã)")
    COMMUNE = "commune", _("Commune (xã)")
    WARD = "ward", _("Ward (phường)")
    TOWNSHIP = "township", _("Township (thị trấn)")
    SPECIAL_ZONE = "special_zone", _("Special zone (đặc khu)")


class AdminUnit(models.Model):
    """A province, district or commune of one era.

    Codes were reused across eras (2025 Bắc Ninh is 24, legacy Bắc Giang's code), so a
    code means nothing without its era and level.
    """

    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=100)
    division_type = models.CharField(_("division type"), max_length=20, choices=DivisionType)
    level = models.CharField(_("level"), max_length=10, choices=Level)
    era = models.CharField(_("era"), max_length=10, choices=Era)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Diacritic-free keys as in vietnamadminunits ("xavietlap" / "vietlap"), for search
    # and for matching the package's old->new mapping.
    key = models.CharField(_("key"), max_length=120)
    short_key = models.CharField(_("short key"), max_length=100, db_index=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ("era", "level", "code")
        constraints = [
            models.UniqueConstraint(
                fields=("era", "level", "code"), name="adminunit_era_level_code"
            )
        ]
        indexes = [
            models.Index(fields=("era", "level", "parent", "name"), name="adminunit_children"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("localities:unit_detail", self.pk)

    @property
    def is_current(self) -> bool:
        return self.era == Era.CURRENT


class AdminUnitSuccession(models.Model):
    """A legacy unit folded into a 2025 unit. A split commune has several successors,
    exactly one of them the default (the one that keeps its records)."""

    old = models.ForeignKey(
        AdminUnit,
        verbose_name=_("legacy unit"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    new = models.ForeignKey(
        AdminUnit,
        verbose_name=_("2025 unit"),
        on_delete=models.CASCADE,
        related_name="predecessors",
    )
    is_default = models.BooleanField(_("default successor"), default=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(fields=("old", "new"), name="succession_old_new"),
            models.UniqueConstraint(
                fields=("old",),
                condition=models.Q(is_default=True),
                name="succession_one_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"
