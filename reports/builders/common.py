"""What the report builders share: the projects a report counts, the progress callback,
the year range a report may cover, and the workbook writer (streaming, formula
injection neutralised)."""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import XLSX_FORMULA_START, neutralise
from projects.models import IMPLEMENTED_STATUSES

# Projects the province actually ran: approved by the department and not cancelled.
COUNTED = IMPLEMENTED_STATUSES

Progress = Callable[[int], None]


def noop(_percent: int) -> None:
    pass


# --- writing ----------------------------------------------------------------------------

BOLD = Font(bold=True)


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: Iterable[Iterable]


def write_xlsx(sheets: Iterable[Sheet], *, title: str) -> bytes:
    """A workbook in write-only mode: rows stream through, none is held in memory."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title[:31])
        ws.append([_bold(ws, h) for h in sheet.header])
        for row in sheet.rows:
            ws.append([neutralise(v, XLSX_FORMULA_START) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(ws, value):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.font = BOLD
    return cell


def year_range_ok(from_year: int, to_year: int) -> bool:
    from django.utils import timezone

    return 2000 <= from_year <= to_year <= timezone.localdate().year + 1
