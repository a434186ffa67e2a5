"""Cells written for spreadsheets: what Excel or LibreOffice would run as a formula is
written as text. Every export (the register, reports, the admin's) goes through here.

And the importers' side: reading an uploaded workbook (or CSV) into rows, and the
row-by-row problem report of an all-or-nothing import."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_FORMULA_START = ("=",)  # openpyxl stores only these as formulas; others stay text


def neutralise(value, starts=CSV_FORMULA_START):
    """A cell that a spreadsheet would run as a formula is written as text (the
    importer strips the apostrophe again, so an export imports back unchanged). Control
    characters, which a worksheet cannot hold (openpyxl refuses the whole file), go."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(starts):
            return "'" + value
    return value


# --- reading ----------------------------------------------------------------------------


class FileUnreadable(ValidationError):
    """The upload is not a workbook (or a UTF-8 CSV) the importer can read."""


@dataclass
class Problem:
    """One line of an import's report: what is wrong, where the user sees it."""

    row: int  # as the user sees it in the spreadsheet (the header is row 1; 0: the file)
    column: str
    message: str


@dataclass
class ImportReport:
    """An all-or-nothing import's outcome: rows read, and every problem; nothing is
    written unless there is none. Each importer adds its own counts."""

    total: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _unreadable() -> FileUnreadable:
    # openpyxl's own messages are English internals ("File is not a zip file").
    return FileUnreadable(
        _("The file cannot be read as XLSX: %(error)s")
        % {"error": _("open it in Excel and save it again as an .xlsx workbook")}
    )


def read_rows(upload, *, max_rows: int, max_columns: int, csv_allowed: bool = False) -> list[list]:
    """The first sheet's rows as lists (values, not formulas), or a CSV's when allowed
    and the file is named .csv. Reading stops past `max_rows` filled rows (the importer
    then reports the file as too long); a stray cell far to the right does not widen
    every row to 16,384 cells. FileUnreadable when it is neither."""
    if csv_allowed and getattr(upload, "name", "").lower().endswith(".csv"):
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileUnreadable(_("The CSV file is not UTF-8 text.")) from exc
        rows = []
        filled = 0
        for row in csv.reader(io.StringIO(text)):
            rows.append(row[:max_columns])
            filled += any(c not in (None, "") for c in row)
            if filled > max_rows + 1:
                break
        return rows
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not XLSX
        raise _unreadable() from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        filled = 0
        for row in sheet.iter_rows(values_only=True, max_col=max_columns):
            rows.append(list(row))
            filled += any(c not in (None, "") for c in row)
            if filled > max_rows + 1:
                break
        return rows
    except Exception as exc:  # a damaged sheet inside a valid archive
        raise _unreadable() from exc
    finally:
        workbook.close()
