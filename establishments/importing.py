"""All-or-nothing import of the establishment register from XLSX or CSV, with a
row-by-row report of every problem."""

from dataclasses import dataclass

import tablib
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.spreadsheets import FileUnreadable, ImportReport, Problem, read_rows
from establishments import permissions
from establishments.resources import COLUMNS, EstablishmentResource, header_aliases
from establishments.services import normalize_name

MAX_ROWS = 20_000


@dataclass
class ImportOutcome(ImportReport):
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _clean_cell(value):
    if not isinstance(value, str):
        return value
    value = value.replace("\x00", "").strip()  # a NUL (from a CSV) crashes PostgreSQL
    # Our exports write '=... for a text that starts like a formula; take it back.
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
        return value[1:]
    return value


def dataset_from_rows(rows: list[list]) -> tuple[tablib.Dataset, list[Problem]]:
    """Map headers (Vietnamese or field names) to fields; refuse unknown or missing ones."""
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        return tablib.Dataset(), [Problem(1, "", _("The file has no header row."))]
    aliases = header_aliases()
    headers, problems = [], []
    for index, cell in enumerate(rows[0]):
        key = normalize_name(str(cell or ""))
        if not key:
            headers.append(f"_blank_{index}")
            continue
        if key not in aliases:
            problems.append(Problem(1, str(cell), _("unknown column")))
        elif aliases[key] in headers:  # which of the two would win is anyone's guess
            problems.append(Problem(1, str(cell), _("this column appears twice")))
        headers.append(aliases.get(key, f"_unknown_{index}"))
    for column in COLUMNS:
        if column.required and column.field not in headers:
            problems.append(Problem(1, column.header, _("required column is missing")))
    if len(rows) - 1 > MAX_ROWS:
        problems.append(Problem(1, "", _("At most %(n)s rows per file.") % {"n": MAX_ROWS}))
    dataset = tablib.Dataset(headers=headers)
    width = len(headers)
    for row in rows[1:]:
        cells = [_clean_cell(c) for c in row[:width]]
        dataset.append(cells + [None] * (width - len(cells)))
    return dataset, problems


def _field_header(field_name: str) -> str:
    lookup = {c.field: c.header for c in COLUMNS}
    lookup |= {"commune": lookup["commune_code"], "legacy_commune": lookup["legacy_commune_code"]}
    return lookup.get(field_name, field_name)


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            (_field_header(name), " ".join(str(m) for e in errs for m in e.messages))
            for name, errs in error.error_dict.items()
        ]
    return [("", " ".join(error.messages))]


def establishment_import(*, actor, upload) -> ImportOutcome:
    """Import every row, or none: any problem rolls the whole file back."""
    if not permissions.can_manage_register(actor):
        raise PermissionDenied
    outcome = ImportOutcome()
    try:
        rows = read_rows(upload, max_rows=MAX_ROWS, max_columns=len(COLUMNS) + 20, csv_allowed=True)
    except FileUnreadable as exc:
        outcome.problems.append(Problem(0, "", " ".join(exc.messages)))
        return outcome
    dataset, outcome.problems = dataset_from_rows(rows)
    outcome.total = len(dataset)
    if outcome.problems:
        return outcome
    seen_tax_codes: dict[str, int] = {}
    for number, row in enumerate(dataset.dict, start=2):
        code = str(row.get("tax_code") or "").strip()
        if code and code in seen_tax_codes:
            outcome.problems.append(
                Problem(
                    number,
                    _field_header("tax_code"),
                    _("the same tax code is on row %(row)s") % {"row": seen_tax_codes[code]},
                )
            )
        seen_tax_codes.setdefault(code, number)
    resource = EstablishmentResource(actor=actor)
    with transaction.atomic():
        # One savepoint for the file: a database error in one row cannot poison the
        # report of the others, and any problem rolls everything back.
        result = resource.import_data(
            dataset,
            dry_run=False,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        flagged = {(p.row, p.column) for p in outcome.problems}
        for invalid in result.invalid_rows:
            for column, message in _messages(invalid.error):
                if (invalid.number + 1, column) not in flagged:  # already said better
                    outcome.problems.append(Problem(invalid.number + 1, column, message))
        for number, errors in result.row_errors():
            for error in errors:
                outcome.problems.append(Problem(number + 1, "", str(error.error)))
        outcome.problems.sort(key=lambda p: p.row)
        if outcome.problems:
            transaction.set_rollback(True)
            return outcome
        totals = result.totals
        outcome.created = totals.get("new", 0)
        outcome.updated = totals.get("update", 0)
        outcome.unchanged = totals.get("skip", 0)
    return outcome
