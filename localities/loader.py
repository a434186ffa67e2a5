"""Load both eras of administrative units, and the legacy->2025 mapping, from the
`vietnamadminunits` package's own files (its SQLite dataset and converter JSON).

Never calls the package's geocoding: the machines have no network.
"""

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from django.db import transaction

from localities.models import AdminUnit, AdminUnitSuccession, DivisionType, Era, Level

DATASET_FILES = ("dataset.db", "converter_2025.json")

_PROVINCE_TYPES = {"Tỉnh": DivisionType.PROVINCE, "Thành phố": DivisionType.MUNICIPALITY}
_DISTRICT_TYPES = {
    "Quận": DivisionType.URBAN_DISTRICT,
    "Huyện": DivisionType.RURAL_DISTRICT,
    "Thị xã": DivisionType.TOWN,
    "Thành phố": DivisionType.PROVINCIAL_CITY,
}
_COMMUNE_TYPES = {
    "Xã": DivisionType.COMMUNE,
    "Phường": DivisionType.WARD,
    "Thị trấn": DivisionType.TOWNSHIP,
    "Đặc khu": DivisionType.SPECIAL_ZONE,
}
_FIELDS = ("name", "short_name", "division_type", "key", "short_key", "lat", "lon", "parent_id")


class DatasetMissing(Exception):
    """The vietnamadminunits files cannot be found or read."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted_successions: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values()) or sum(self.updated.values()) or self.deleted_successions
        )


def dataset_dir() -> Path:
    spec = find_spec("vietnamadminunits")
    if spec is None or spec.origin is None:
        raise DatasetMissing(
            "The vietnamadminunits package is not installed. "
            "Install the project (make install) to get it."
        )
    return Path(spec.origin).parent / "data"


def _read_dataset(directory: Path) -> tuple[list[sqlite3.Row], list[sqlite3.Row], dict]:
    missing = [name for name in DATASET_FILES if not (directory / name).is_file()]
    if missing:
        raise DatasetMissing(
            f"The vietnamadminunits dataset is incomplete: {', '.join(missing)} not found in "
            f"{directory}. Reinstall the package (pip install --force-reinstall "
            "vietnamadminunits==1.0.4)."
        )
    try:
        with sqlite3.connect(f"file:{directory / 'dataset.db'}?mode=ro", uri=True) as conn:
            conn.row_factory = sqlite3.Row
            legacy = conn.execute("SELECT * FROM admin_units_legacy").fetchall()
            current = conn.execute("SELECT * FROM admin_units").fetchall()
        mapping = json.loads((directory / "converter_2025.json").read_text(encoding="utf-8"))
    except (sqlite3.Error, ValueError, OSError) as exc:
        raise DatasetMissing(f"The vietnamadminunits dataset cannot be read: {exc}") from exc
    return legacy, current, mapping


def _prefix_type(name: str, table: dict[str, str]) -> str:
    # "Thành phố" and "Thị xã" are two words: try the longest prefix first.
    for prefix in sorted(table, key=len, reverse=True):
        if name.startswith(prefix + " "):
            return table[prefix]
    raise DatasetMissing(f"Unknown division type in unit name {name!r}")


class _Upserter:
    """Insert missing units and update changed ones, one level at a time."""

    def __init__(self, report: LoadReport) -> None:
        self.report = report
        self.ids: dict[tuple[str, str, str], int] = {}

    def run(self, era: str, level: str, rows: Iterable[dict]) -> None:
        existing = {u.code: u for u in AdminUnit.objects.filter(era=era, level=level)}
        to_create, to_update = [], []
        for row in rows:
            unit = existing.get(row["code"])
            if unit is None:
                to_create.append(AdminUnit(era=era, level=level, **row))
                continue
            changed = False
            for name in _FIELDS:
                if getattr(unit, name) != row[name]:
                    setattr(unit, name, row[name])
                    changed = True
            if changed:
                to_update.append(unit)
        AdminUnit.objects.bulk_create(to_create, batch_size=1000)
        AdminUnit.objects.bulk_update(to_update, _FIELDS, batch_size=1000)
        label = f"{era} {level}"
        self.report.created[label] = len(to_create)
        self.report.updated[label] = len(to_update)
        for code, pk in AdminUnit.objects.filter(era=era, level=level).values_list("code", "id"):
            self.ids[(era, level, code)] = pk


def _unit(code, name, short_name, division_type, key, short_key, lat, lon, parent_id) -> dict:
    return {
        "code": code,
        "name": name,
        "short_name": short_name,
        "division_type": division_type,
        "key": key,
        "short_key": short_key,
        "lat": lat,
        "lon": lon,
        "parent_id": parent_id,
    }


@transaction.atomic
def load_localities(directory: Path | None = None) -> LoadReport:
    """Load or refresh all units and successions. A second run changes nothing."""
    legacy, current, mapping = _read_dataset(directory or dataset_dir())
    report = LoadReport()
    up = _Upserter(report)
    L, C = Era.LEGACY, Era.CURRENT
    P, D, W = Level.PROVINCE, Level.DISTRICT, Level.COMMUNE

    # --- legacy era: 63 provinces, 696 districts, ~10,035 communes -------------------
    provinces, districts, communes = {}, {}, {}
    for r in legacy:
        provinces.setdefault(r["provinceCode"], r)
        districts.setdefault(r["districtCode"], r)
        if r["wardCode"]:
            communes[r["wardCode"]] = r
    up.run(
        L,
        P,
        (
            _unit(
                code,
                r["province"],
                r["provinceShort"],
                _prefix_type(r["province"], _PROVINCE_TYPES),
                r["provinceKey"],
                r["provinceShortKey"],
                r["provinceLat"],
                r["provinceLon"],
                None,
            )
            for code, r in provinces.items()
        ),
    )
    up.run(
        L,
        D,
        (
            _unit(
                code,
                r["district"],
                r["districtShort"],
                _DISTRICT_TYPES[r["districtType"]],
                r["districtKey"],
                r["districtShortKey"],
                r["districtLat"],
                r["districtLon"],
                up.ids[(L, P, r["provinceCode"])],
            )
            for code, r in districts.items()
        ),
    )
    up.run(
        L,
        W,
        (
            _unit(
                code,
                r["ward"],
                r["wardShort"],
                _COMMUNE_TYPES[r["wardType"]],
                r["wardKey"],
                r["wardShortKey"],
                r["wardLat"],
                r["wardLon"],
                up.ids[(L, D, r["districtCode"])],
            )
            for code, r in communes.items()
        ),
    )

    # --- 2025 era: 34 provinces, 3,321 communes (no districts) ----------------------
    new_provinces = {}
    for r in current:
        new_provinces.setdefault(r["provinceCode"], r)
    up.run(
        C,
        P,
        (
            _unit(
                code,
                r["province"],
                r["provinceShort"],
                _prefix_type(r["province"], _PROVINCE_TYPES),
                r["provinceKey"],
                r["provinceShortKey"],
                r["provinceLat"],
                r["provinceLon"],
                None,
            )
            for code, r in new_provinces.items()
        ),
    )
    up.run(
        C,
        W,
        (
            _unit(
                r["wardCode"],
                r["ward"],
                r["wardShort"],
                _COMMUNE_TYPES[r["wardType"]],
                r["wardKey"],
                r["wardShortKey"],
                r["wardLat"],
                r["wardLon"],
                up.ids[(C, P, r["provinceCode"])],
            )
            for r in current
        ),
    )

    # --- successions ----------------------------------------------------------------
    ids = up.ids
    legacy_province_by_key = {r["provinceKey"]: ids[(L, P, r["provinceCode"])] for r in legacy}
    # The package keys a legacy commune as province_district_ward; an island district
    # without communes appears as province_district_ (it became a special zone).
    legacy_by_key = {}
    for r in legacy:
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        if r["wardCode"]:
            legacy_by_key[key] = ids[(L, W, r["wardCode"])]
        else:
            legacy_by_key[key] = ids[(L, D, r["districtCode"])]
    new_province_by_key = {r["provinceKey"]: ids[(C, P, r["provinceCode"])] for r in current}
    new_commune_by_key = {
        (r["provinceKey"], r["wardKey"]): ids[(C, W, r["wardCode"])] for r in current
    }

    wanted: dict[tuple[int, int], bool] = {}
    try:
        for new_key, old_keys in mapping["DICT_PROVINCE"].items():
            for old_key in old_keys:
                wanted[(legacy_province_by_key[old_key], new_province_by_key[new_key])] = True
        for new_province, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_ward, old_keys in wards.items():
                new_id = new_commune_by_key[(new_province, new_ward)]
                for old_key in old_keys:
                    wanted[(legacy_by_key[old_key], new_id)] = True
        for new_province, olds in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old_key, targets in olds.items():
                for target in targets:
                    new_id = new_commune_by_key[(new_province, target["newWardKey"])]
                    wanted[(legacy_by_key[old_key], new_id)] = bool(target["isDefaultNewWard"])
    except KeyError as exc:
        raise DatasetMissing(f"The vietnamadminunits mapping names an unknown unit: {exc}") from exc

    existing = {(s.old_id, s.new_id): s for s in AdminUnitSuccession.objects.all()}
    stale = [s.pk for pair, s in existing.items() if pair not in wanted]
    report.deleted_successions = len(stale)
    AdminUnitSuccession.objects.filter(pk__in=stale).delete()
    changed = []
    for pair, is_default in wanted.items():
        s = existing.get(pair)
        if s is not None and s.is_default != is_default:
            s.is_default = is_default
            changed.append(s)
    # Clear defaults before setting new ones, so the one-default constraint holds throughout.
    AdminUnitSuccession.objects.filter(pk__in=[s.pk for s in changed if not s.is_default]).update(
        is_default=False
    )
    AdminUnitSuccession.objects.filter(pk__in=[s.pk for s in changed if s.is_default]).update(
        is_default=True
    )
    AdminUnitSuccession.objects.bulk_create(
        [
            AdminUnitSuccession(old_id=old, new_id=new, is_default=d)
            for (old, new), d in wanted.items()
            if (old, new) not in existing
        ],
        batch_size=2000,
    )
    report.created["successions"] = sum(1 for pair in wanted if pair not in existing)
    report.updated["successions"] = len(changed)
    return report
