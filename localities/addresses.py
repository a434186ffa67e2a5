"""Free-text addresses of either era to administrative units, offline (vietnamadminunits):
"Xã Việt Lập, Huyện Tân Yên, Tỉnh Bắc Giang" (before July 2025) or "Xã Tân Yên, Tỉnh Bắc
Ninh". A commune of before the 2025 merger comes with its 2025 successor."""

import re

from django.utils.translation import gettext as _
from unidecode import unidecode

from localities.models import AdminUnit, Era, Level
from localities.selectors import configured_province, current_unit


def _words(text) -> str:
    """'Xã  Việt-Lập' -> 'xa viet lap': diacritics, case and punctuation folded (the
    folding establishment names are compared on)."""
    folded = unidecode(str(text or "")).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


class AddressError(Exception):
    """Why an address names no commune of the province (the message says it)."""


DISTRICT_WORDS = re.compile(r"\b(huyen|quan|thi xa|thanh pho|tp|h|q|tx)\b")
UNIT_WORDS = re.compile(r"^(xa|phuong|thi tran|dac khu|p|x|tt) ")


class AddressResolver:
    """Free-text addresses to AdminUnit rows, with a cache for repeated addresses."""

    def __init__(self, province: AdminUnit):
        self.province = province
        self.cache: dict[str, tuple[AdminUnit, AdminUnit | None]] = {}
        legacy = AdminUnit.objects.filter(
            era=Era.LEGACY, level=Level.PROVINCE, successions__new=province
        )
        self.legacy_province_codes = set(legacy.values_list("code", flat=True))

    def resolve(self, address: str) -> tuple[AdminUnit, AdminUnit | None]:
        """(2025 commune, legacy commune or None) for an address, or AddressError."""
        key = address.casefold()
        if key not in self.cache:
            self.cache[key] = self._resolve(address)
        return self.cache[key]

    def _resolve(self, address: str) -> tuple[AdminUnit, AdminUnit | None]:
        from vietnamadminunits import parse_address

        parts = [_words(p) for p in address.split(",") if p.strip()]
        # The commune must be named before the province: the parser otherwise happily
        # reads "Tỉnh Bắc Giang" as the 2025 ward "Phường Bắc Giang".
        named = set(parts[:-1]) if len(parts) > 1 else set(parts)
        named |= {UNIT_WORDS.sub("", part, count=1) for part in named}
        has_district = len(parts) >= 3 and bool(DISTRICT_WORDS.search(parts[-2]))
        modes = (
            ("LEGACY", "FROM_2025") if has_district or len(parts) >= 3 else ("FROM_2025", "LEGACY")
        )
        for mode in modes:
            try:
                unit = parse_address(address, mode=mode)
            except Exception:  # the parser raises on text it cannot place
                continue
            if unit is None or not getattr(unit, "ward_code", None):
                continue
            if not {_words(unit.ward), _words(unit.short_ward)} & named:
                continue
            if mode == "LEGACY":
                legacy = (
                    AdminUnit.objects.filter(
                        era=Era.LEGACY, level=Level.COMMUNE, code=unit.ward_code
                    )
                    .select_related("parent__parent")
                    .first()
                )
                if legacy is None:
                    continue
                if legacy.parent.parent.code not in self.legacy_province_codes:
                    raise AddressError(
                        _("%(place)s is outside %(province)s")
                        % {"place": legacy.parent.parent.name, "province": self.province.name}
                    )
                commune = current_unit(legacy)
                if commune is None or commune.level != Level.COMMUNE:
                    raise AddressError(_("no 2025 commune is known for %(c)s") % {"c": legacy})
                return commune, legacy
            commune = (
                AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, code=unit.ward_code)
                .select_related("parent")
                .first()
            )
            if commune is None:
                continue
            if commune.parent_id != self.province.pk:
                raise AddressError(
                    _("%(place)s is outside %(province)s")
                    % {"place": commune.parent.name, "province": self.province.name}
                )
            return commune, None
        raise AddressError(_("the commune of this address is not found in either era"))


def resolve_commune(address: str, *, province: AdminUnit | None = None):
    """(2025 commune, commune of before the merger or None) of a free-text address in
    `province` (the configured one by default), or AddressError saying why not."""
    return AddressResolver(province or configured_province()).resolve(address)
