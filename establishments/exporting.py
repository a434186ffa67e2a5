"""Streaming exports of the register, in the import column layout."""

import csv
import tempfile
from collections.abc import Iterator

from django.db.models import QuerySet
from openpyxl import Workbook

from core.spreadsheets import CSV_FORMULA_START, XLSX_FORMULA_START, neutralise
from establishments.models import Establishment
from establishments.resources import COLUMNS, EXPORT_ONLY

HEADERS = [c.header for c in (*COLUMNS, *EXPORT_ONLY)]


def _row(e: Establishment) -> list:
    yes = "có"
    no = "không"
    return [
        e.name,
        e.legal_form,
        e.size_class,
        e.tax_code,
        e.commune.code,
        e.legacy_commune.code if e.legacy_commune_id else "",
        e.address_line,
        e.sector,
        e.main_products,
        e.workers,
        e.local_material_share,
        yes if e.exports else no,
        yes if e.women_owned else no,
        yes if e.minority_owned else no,
        e.craft_village,
        e.contact_person,
        e.phone,
        e.email,
        yes if e.verified else no,
    ]


def _rows(queryset: QuerySet[Establishment], starts) -> Iterator[list]:
    qs = queryset.select_related(None).select_related("commune", "legacy_commune").order_by("pk")
    for establishment in qs.iterator(chunk_size=2000):
        yield [neutralise(v, starts) for v in _row(establishment)]


class _Echo:
    def write(self, value):
        return value


def csv_stream(queryset: QuerySet[Establishment]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel opens UTF-8 CSV correctly only with a BOM
    yield writer.writerow(HEADERS)
    for row in _rows(queryset, CSV_FORMULA_START):
        yield writer.writerow(row)


def xlsx_file(queryset: QuerySet[Establishment]):
    """Write rows in openpyxl's write-only mode to a temporary file; return it rewound."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cơ sở CNNT")
    sheet.append(HEADERS)
    for row in _rows(queryset, XLSX_FORMULA_START):
        sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle
