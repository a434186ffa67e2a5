"""Reads of administrative units. Units are public facts: no user scoping is needed."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from unidecode import unidecode

from localities.models import AdminUnit, AdminUnitSuccession, Era, Level


class LocalityNotConfigured(ImproperlyConfigured):
    """The configured province does not exist, or localities are not loaded."""


def normalise_query(text: str) -> str:
    """'Việt Lập' -> 'vietlap', the form of AdminUnit.short_key / key."""
    return re.sub(r"[^a-z0-9]", "", unidecode(text or "").lower())


def configured_province() -> AdminUnit:
    """The 2025 province this portal serves (settings.KHUYENCONG_PROVINCE_CODE)."""
    code = str(settings.KHUYENCONG_PROVINCE_CODE).strip()
    unit = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE, code=code).first()
    if unit is not None:
        return unit
    known = list(
        AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE)
        .order_by("code")
        .values_list("code", "short_name")
    )
    if not known:
        raise LocalityNotConfigured(
            "Localities are not loaded yet: run `python manage.py load_localities`."
        )
    choices = ", ".join(f"{c} {n}" for c, n in known)
    raise LocalityNotConfigured(
        f"KHUYENCONG_PROVINCE_CODE={code!r} is not a province code of 2025. Use one of: {choices}."
    )


def province_list(*, era: str = Era.CURRENT) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(era=era, level=Level.PROVINCE).order_by("name")


def commune_list(*, province: AdminUnit, query: str = "") -> QuerySet[AdminUnit]:
    """Communes (xã, phường, đặc khu) of a 2025 province, searchable without diacritics."""
    qs = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, parent=province)
    needle = normalise_query(query)
    if needle:
        qs = qs.filter(key__contains=needle)
    return qs.order_by("short_name", "code")


def commune_list_with_predecessors(
    *, province: AdminUnit, query: str = "", legacy_province: AdminUnit | None = None
) -> QuerySet[AdminUnit]:
    """Communes of a 2025 province with the legacy communes that folded into each."""
    qs = commune_list(province=province, query=query)
    if legacy_province is not None:
        qs = qs.filter(predecessors__old__parent__parent=legacy_province).distinct()
    return qs.prefetch_related(
        Prefetch(
            "predecessors",
            queryset=AdminUnitSuccession.objects.select_related("old__parent__parent").order_by(
                "old__name"
            ),
        )
    )


def legacy_units(current_province: AdminUnit) -> QuerySet[AdminUnit]:
    """The legacy provinces that fold into a 2025 province (Bắc Ninh: Bắc Giang, Bắc Ninh)."""
    return AdminUnit.objects.filter(
        era=Era.LEGACY, level=Level.PROVINCE, successions__new=current_province
    ).order_by("name")


def legacy_district_list(current_province: AdminUnit) -> QuerySet[AdminUnit]:
    """Legacy districts of the legacy provinces that fold into a 2025 province."""
    return (
        AdminUnit.objects.filter(
            era=Era.LEGACY,
            level=Level.DISTRICT,
            parent__successions__new=current_province,
        )
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def current_unit(legacy_unit: AdminUnit) -> AdminUnit | None:
    """The 2025 unit a legacy unit now belongs to.

    A province or commune maps to its default successor. Districts were abolished:
    an island district maps to the special zone it became, any other to the 2025
    province of its legacy province.
    """
    if legacy_unit.era == Era.CURRENT:
        return legacy_unit
    succession = (
        AdminUnitSuccession.objects.filter(old=legacy_unit, is_default=True)
        .select_related("new")
        .first()
    )
    if succession is not None:
        return succession.new
    if legacy_unit.level == Level.DISTRICT and legacy_unit.parent_id:
        return current_unit(legacy_unit.parent)
    return None


@dataclass
class UnitPage:
    unit: AdminUnit
    successions: QuerySet[AdminUnitSuccession]
    predecessors: QuerySet[AdminUnitSuccession]
    children: QuerySet[AdminUnit] | None
    current: AdminUnit | None


def unit_get_for_page(pk: int) -> UnitPage:
    """A unit with what became of it, what it came from, and its subdivisions (404 if
    there is no such unit)."""
    unit = get_object_or_404(AdminUnit.objects.select_related("parent__parent"), pk=pk)
    return UnitPage(
        unit=unit,
        successions=AdminUnitSuccession.objects.filter(old=unit).select_related("new__parent"),
        predecessors=AdminUnitSuccession.objects.filter(new=unit).select_related(
            "old__parent__parent"
        ),
        children=unit.children.order_by("name") if unit.level != Level.COMMUNE else None,
        current=current_unit(unit) if unit.era == Era.LEGACY else None,
    )


def province_get(pk: int) -> AdminUnit:
    """A 2025 province (404 for any other unit)."""
    return get_object_or_404(province_list(), pk=pk)


def unit_counts() -> dict[str, int]:
    """How many units and successions are loaded (the status page)."""
    return {
        "unit_count": AdminUnit.objects.count(),
        "succession_count": AdminUnitSuccession.objects.count(),
    }
