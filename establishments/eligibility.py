"""Where a rural industrial establishment may be (Decree 45 Art. 1.2 as amended by
Decree 235/2025, in force from 15/10/2025): any xã, phường or đặc khu of a province
(tỉnh); only the xã and đặc khu of the six centrally-run cities; anywhere inside a
craft village recognised by the provincial People's Committee."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from localities.models import AdminUnit, DivisionType, Era, Level


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str | Promise


def location_eligibility(*, commune: AdminUnit, craft_village: str = "") -> Eligibility:
    """Eligibility by location of a 2025 commune-level unit (its parent must be loaded)."""
    if commune.era != Era.CURRENT or commune.level != Level.COMMUNE:
        return Eligibility(False, _("Choose a commune of the 2025 administrative map."))
    if commune.division_type in (DivisionType.COMMUNE, DivisionType.SPECIAL_ZONE):
        return Eligibility(True, _("Communes and special zones are eligible."))
    province = commune.parent
    if commune.division_type == DivisionType.WARD and province.division_type == (
        DivisionType.PROVINCE
    ):
        return Eligibility(True, _("Wards of a province are eligible."))
    if craft_village.strip():
        return Eligibility(True, _("Inside a recognised craft village: eligible."))
    return Eligibility(
        False,
        _(
            "Wards of a centrally-run city are not eligible, unless the establishment is "
            "inside a recognised craft village."
        ),
    )
