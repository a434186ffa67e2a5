"""What the report builders share: the projects a report counts, the progress callback,
the year range a report may cover, and the workbook writer (core's people's sheet:
streaming, widths, a frozen header, number formats, formula injection neutralised)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.spreadsheets import SheetColumn, people_bytes, people_sheet, people_workbook
from projects.models import IMPLEMENTED_STATUSES

# Projects the province actually ran: approved by the department and not cancelled.
COUNTED = IMPLEMENTED_STATUSES

Progress = Callable[[int], None]


def noop(_percent: int) -> None:
    pass


# --- writing ----------------------------------------------------------------------------


@dataclass
class Sheet:
    title: str
    columns: list[SheetColumn]
    rows: Iterable[Iterable]
    frozen_columns: int = 0  # the columns that name a row stay in view when scrolling

    @property
    def header(self) -> list[str]:
        return [column.header for column in self.columns]


def write_xlsx(sheets: Iterable[Sheet], *, title: str) -> bytes:
    """A people's workbook in write-only mode: rows stream through, none is held."""
    workbook = people_workbook(title=title)
    for sheet in sheets:
        people_sheet(
            workbook, sheet.title, sheet.columns, sheet.rows, frozen_columns=sheet.frozen_columns
        )
    return people_bytes(workbook)


def year_range_ok(from_year: int, to_year: int) -> bool:
    from django.utils import timezone

    return 2000 <= from_year <= to_year <= timezone.localdate().year + 1
