"""Cells written for spreadsheets: what Excel or LibreOffice would run as a formula is
written as text. Every export (the register, reports, the admin's) goes through here."""

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
