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


# What each column reads from the database (names through the joins, no model objects:
# the export of 100,000 rows stays close to a plain cursor's).
SOURCES = {
    "commune_code": "commune__code",
    "commune_name": "commune__name",
    "legacy_commune_code": "legacy_commune__code",
    "legacy_commune_name": "legacy_commune__name",
    "registered_on": "created_at",
}
YES_NO_FIELDS = ("exports", "women_owned", "minority_owned", "verified")


def _converters() -> dict[str, Callable[[object], object]]:
    with translation.override("vi"):
        labels = {
            "legal_form": {k: str(v) for k, v in LegalForm.choices},
            "size_class": {k: str(v) for k, v in SizeClass.choices},
            "sector": {k: str(v) for k, v in SectorChoices.choices},
        }
    converters: dict[str, Callable[[object], object]] = {
        field: (lambda v, names=names: names.get(v, v)) for field, names in labels.items()
    }
    converters |= {field: (lambda v: YES if v else NO) for field in YES_NO_FIELDS}
    converters["registered_on"] = lambda v: timezone.localdate(v) if v else None
    return converters


def _records(queryset: QuerySet[Establishment]) -> Iterator[list]:
    converters = _converters()
    convert = [(i, converters[c.field]) for i, c in enumerate(LAYOUT) if c.field in converters]
    qs = queryset.select_related(None).order_by("pk")
    values = qs.values_list(*[SOURCES.get(c.field, c.field) for c in LAYOUT])
    for record in values.iterator(chunk_size=2000):
        row = ["" if v is None else v for v in record]
        for i, function in convert:
            row[i] = function(record[i])
        yield row


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
