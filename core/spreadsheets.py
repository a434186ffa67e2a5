"""Cells written for spreadsheets: what Excel or LibreOffice would run as a formula is
written as text. Every export (the register, reports, the admin's) goes through here.

The people's sheet: every workbook the portal writes has a bold, shaded, wrapped header
row frozen at the top (and repeated on each printed page), column widths a person can
read, money as whole đồng grouped by thousands (`#,##0`, which Excel shows as
1.234.567 on a Vietnamese computer) and dates as dd/mm/yyyy.

And the importers' side: reading an uploaded workbook (or CSV) into rows, and the
row-by-row problem report of an all-or-nothing import."""

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

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


# --- writing: the people's sheet -------------------------------------------------------

TEXT, MONEY, COUNT, DATE, PERCENT, DECIMAL = "text", "money", "count", "date", "percent", "decimal"
CODE = "code"  # digits that are a name (a tax code, a commune code): Excel keeps the zeros
NUMBER_FORMATS = {
    CODE: "@",
    MONEY: "#,##0",
    COUNT: "#,##0",
    DATE: "dd/mm/yyyy",
    PERCENT: "0.0",
    DECIMAL: "0.00",
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E9ECEF")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
HEADER_BORDER = Border(bottom=Side(style="thin", color="808080"))
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class SheetColumn:
    """A column as a person reads it: its Vietnamese header, how wide, what it holds."""

    header: str
    width: float = 16
    kind: str = TEXT


@dataclass(frozen=True)
class Styled:
    """One cell whose kind differs from its column's (a row of percents among counts)."""

    value: object
    kind: str


def people_workbook(*, title: str = "") -> Workbook:
    """A write-only workbook: rows stream through, none is held in memory."""
    workbook = Workbook(write_only=True)
    if title:
        workbook.properties.title = title
    return workbook


class _Cells:
    """Formatted cells, one per column and kind, reused row after row: a write-only
    sheet writes a row as soon as it is appended, and making and styling a new cell for
    every figure would make an export of 100,000 rows half as fast again."""

    def __init__(self, ws, kinds: list[str], starts):
        self.ws, self.kinds, self.starts = ws, kinds, starts
        self.cells: dict[tuple[int, str], WriteOnlyCell] = {}

    def __call__(self, index: int, value) -> object:
        kind = self.kinds[index] if index < len(self.kinds) else TEXT
        if isinstance(value, Styled):
            value, kind = value.value, value.kind
        if isinstance(value, str):
            # An empty text is no cell at all: what a person leaves blank, and cheaper.
            return neutralise(value, self.starts) if value else None
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)  # a sheet holds no zone
        fmt = NUMBER_FORMATS.get(kind)
        if value is None or fmt is None or kind == CODE or isinstance(value, bool):
            return value
        cell = self.cells.get((index, kind))
        if cell is None:
            cell = self.cells[(index, kind)] = WriteOnlyCell(self.ws)
            cell.number_format = fmt
        cell.value = value
        return cell


def people_sheet(
    workbook: Workbook,
    title: str,
    columns: Iterable[SheetColumn],
    rows: Iterable[Iterable],
    *,
    frozen_columns: int = 0,
    starts=XLSX_FORMULA_START,
):
    """Add a sheet to a workbook from `people_workbook`: widths and the frozen header are
    set before the first row (a write-only sheet writes them first), then the rows
    stream through with each column's number format; text that a spreadsheet would run
    is neutralised. Returns the sheet."""
    columns = list(columns)
    ws = workbook.create_sheet(title[:31])
    for index, column in enumerate(columns, start=1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.kind in NUMBER_FORMATS:  # also what a person types below the rows
            dimension.number_format = NUMBER_FORMATS[column.kind]
    ws.freeze_panes = f"{get_column_letter(frozen_columns + 1)}2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape" if len(columns) > 6 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=neutralise(column.header, starts))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        cell.border = HEADER_BORDER
        header.append(cell)
    ws.append(header)
    cells = _Cells(ws, [column.kind for column in columns], starts)
    count = 0
    for row in rows:
        ws.append([cells(i, value) for i, value in enumerate(row)])
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{count + 1}"
    return ws


def people_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
