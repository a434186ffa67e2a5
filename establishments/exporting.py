"""Streaming exports of the register for people: the import columns, with labels instead
of codes, each commune's name beside its code, and the date of registration. Read
back by the importer unchanged (names and dates are export-only columns it skips)."""

import csv
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone, translation

from core.formatting import format_date
from core.spreadsheets import (
    CODE,
    COUNT,
    CSV_FORMULA_START,
    DATE,
    TEXT,
    SheetColumn,
    neutralise,
    people_sheet,
    people_workbook,
)
from establishments.models import Establishment, LegalForm, SizeClass
from establishments.models import Sector as SectorChoices
from establishments.resources import COLUMNS, EXPORT_ONLY

_HEADERS = {c.field: c.header for c in (*COLUMNS, *EXPORT_ONLY)}
YES, NO = "có", "không"


@dataclass(frozen=True)
class ExportColumn:
    field: str
    width: float
    kind: str = TEXT

    @property
    def header(self) -> str:
        return _HEADERS[self.field]


# The order a person reads: who, what kind, where (code and name side by side), what.
LAYOUT: tuple[ExportColumn, ...] = (
    ExportColumn("name", 36),
    ExportColumn("legal_form", 24),
    ExportColumn("size_class", 12),
    ExportColumn("tax_code", 15, CODE),
    ExportColumn("commune_code", 9, CODE),
    ExportColumn("commune_name", 24),
    ExportColumn("legacy_commune_code", 9, CODE),
    ExportColumn("legacy_commune_name", 24),
    ExportColumn("address_line", 30),
    ExportColumn("sector", 34),
    ExportColumn("main_products", 32),
    ExportColumn("workers", 10, COUNT),
    ExportColumn("local_material_share", 12, COUNT),
    ExportColumn("exports", 10),
    ExportColumn("women_owned", 10),
    ExportColumn("minority_owned", 14),
    ExportColumn("craft_village", 24),
    ExportColumn("contact_person", 22),
    ExportColumn("phone", 14, CODE),
    ExportColumn("email", 26),
    ExportColumn("verified", 10),
    ExportColumn("registered_on", 12, DATE),
)
HEADERS = [c.header for c in LAYOUT]


def _labels() -> dict[str, dict[str, str]]:
    with translation.override("vi"):
        return {
            "legal_form": {k: str(v) for k, v in LegalForm.choices},
            "size_class": {k: str(v) for k, v in SizeClass.choices},
            "sector": {k: str(v) for k, v in SectorChoices.choices},
        }


def _getters(labels: dict[str, dict[str, str]]) -> dict[str, Callable[[Establishment], object]]:
    def yes_no(field: str):
        return lambda e: YES if getattr(e, field) else NO

    def label(field: str):
        return lambda e: labels[field].get(getattr(e, field), getattr(e, field))

    legacy = lambda e: e.legacy_commune if e.legacy_commune_id else None  # noqa: E731
    return {
        "legal_form": label("legal_form"),
        "size_class": label("size_class"),
        "sector": label("sector"),
        "commune_code": lambda e: e.commune.code,
        "commune_name": lambda e: e.commune.name,
        "legacy_commune_code": lambda e: legacy(e).code if legacy(e) else "",
        "legacy_commune_name": lambda e: legacy(e).name if legacy(e) else "",
        "exports": yes_no("exports"),
        "women_owned": yes_no("women_owned"),
        "minority_owned": yes_no("minority_owned"),
        "verified": yes_no("verified"),
        "registered_on": lambda e: timezone.localdate(e.created_at) if e.created_at else None,
    }


def _records(queryset: QuerySet[Establishment]) -> Iterator[list]:
    getters = _getters(_labels())
    plain = lambda field: lambda e: getattr(e, field)  # noqa: E731
    row_of = [getters.get(c.field) or plain(c.field) for c in LAYOUT]
    qs = queryset.select_related(None).select_related("commune", "legacy_commune").order_by("pk")
    for establishment in qs.iterator(chunk_size=2000):
        yield [get(establishment) for get in row_of]


class _Echo:
    def write(self, value):
        return value


def csv_stream(queryset: QuerySet[Establishment]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel opens UTF-8 CSV correctly only with a BOM
    yield writer.writerow(HEADERS)
    dates = {i for i, c in enumerate(LAYOUT) if c.kind == DATE}
    for row in _records(queryset):
        yield writer.writerow(
            [
                format_date(v) if i in dates and v else neutralise(v, CSV_FORMULA_START)
                for i, v in enumerate(row)
            ]
        )


def xlsx_file(queryset: QuerySet[Establishment]):
    """Write rows in openpyxl's write-only mode to a temporary file; return it rewound."""
    workbook = people_workbook(title="Danh sách cơ sở công nghiệp nông thôn")
    people_sheet(
        workbook,
        "Cơ sở CNNT",
        [SheetColumn(c.header, c.width, c.kind) for c in LAYOUT],
        _records(queryset),
        frozen_columns=1,
    )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle
