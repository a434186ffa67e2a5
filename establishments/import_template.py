"""The import template a person downloads: the register's columns ready to fill, with
drop-down lists of the coded columns (in Vietnamese), an instructions sheet, and the
lists themselves. The importer reads the first sheet, so the rows go there."""

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.spreadsheets import (
    CODE,
    COUNT,
    TEXT,
    SheetColumn,
    people_bytes,
    people_sheet,
    people_workbook,
)
from establishments.importing import MAX_ROWS
from establishments.resources import CHOICES, COLUMNS, choice_labels
from localities.models import AdminUnit, Era, Level
from localities.selectors import configured_province

DATA_SHEET = "Cơ sở CNNT"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
YES_NO = ("có", "không")
WIDTHS = {
    "name": 36,
    "legal_form": 26,
    "size_class": 14,
    "tax_code": 15,
    "commune_code": 30,
    "legacy_commune_code": 30,
    "address_line": 30,
    "sector": 40,
    "main_products": 32,
    "craft_village": 24,
    "contact_person": 22,
    "email": 26,
}
NUMBERS = ("workers", "local_material_share")
CODES = ("tax_code", "commune_code", "legacy_commune_code", "phone")
YES_NO_FIELDS = ("exports", "women_owned", "minority_owned")


def unit_entries(units) -> list[str]:
    """How a commune reads in a drop-down: its code, then its name."""
    return [f"{unit.code} - {unit.name}" for unit in units]


def _communes():
    province = configured_province()
    current = AdminUnit.objects.filter(
        era=Era.CURRENT, level=Level.COMMUNE, parent=province
    ).order_by("name", "code")
    legacy = (
        AdminUnit.objects.filter(
            era=Era.LEGACY, level=Level.COMMUNE, parent__parent__successions__new=province
        )
        .distinct()
        .order_by("name", "code")
    )
    return unit_entries(current), unit_entries(legacy)


def _lists() -> dict[str, list[str]]:
    """The allowed values of each coded column, in the order of the lists sheet."""
    current, legacy = _communes()
    lists = {field: choice_labels(choices) for field, choices in CHOICES.items()}
    lists["commune_code"] = current
    lists["legacy_commune_code"] = legacy
    return lists


def _list_header(field: str) -> str:
    return next(c.header for c in COLUMNS if c.field == field)


def _notes() -> list[str]:
    return [
        _(
            "Write one establishment per row on the sheet “%(sheet)s”, from row 2; keep "
            "the header row as it is. Columns marked “required” must be filled."
        )
        % {"sheet": DATA_SHEET},
        _(
            "Choose coded values from the drop-down list of the cell; the sheet "
            "“%(sheet)s” lists every value allowed."
        )
        % {"sheet": LISTS_SHEET},
        _(
            "The import is all or nothing: if any row has a problem, nothing is imported "
            "and every problem is listed by row and column."
        ),
        _(
            "Rows are matched to existing records by tax code, else by name and commune; "
            "an empty cell does not erase what the register holds."
        ),
        _("At most %(n)s rows per file.") % {"n": f"{MAX_ROWS:,}".replace(",", ".")},
    ]


def _instructions(lists: dict[str, list[str]]) -> list[list]:
    """One line per column (what to write, the values allowed), then the rules."""
    rows = []
    for column in COLUMNS:
        if column.field in CHOICES:
            allowed = "; ".join(lists[column.field])
        elif column.field in YES_NO_FIELDS:
            allowed = "; ".join(YES_NO)
        elif column.field in lists:
            allowed = _("see the sheet “%(sheet)s”") % {"sheet": LISTS_SHEET}
        else:
            allowed = ""
        rows.append(
            [column.header, _("required") if column.required else "", str(column.meaning), allowed]
        )
    return [*rows, [], *[[note] for note in _notes()]]


def _validation(formula: str, *, strict: bool, header: str) -> DataValidation:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.showErrorMessage = True
    validation.showInputMessage = True
    validation.errorStyle = "stop" if strict else "warning"
    validation.errorTitle = header[:32]
    validation.error = _("Choose a value from the list.")
    validation.promptTitle = header[:32]
    validation.prompt = _("Choose from the list.")
    return validation


def import_template() -> bytes:
    """The template as XLSX bytes."""
    with translation.override("vi"):
        lists = _lists()
        workbook = people_workbook(title=_("Establishment register: import template"))
        data = people_sheet(
            workbook,
            DATA_SHEET,
            [
                SheetColumn(
                    column.header,
                    WIDTHS.get(column.field, 14),
                    COUNT if column.field in NUMBERS else CODE if column.field in CODES else TEXT,
                )
                for column in COLUMNS
            ],
            [],
            frozen_columns=1,
        )
        last = MAX_ROWS + 1
        order = list(lists)
        for index, column in enumerate(COLUMNS, start=1):
            letter = get_column_letter(index)
            if column.field in lists:
                source = get_column_letter(order.index(column.field) + 1)
                size = max(len(lists[column.field]), 1) + 1
                formula = f"'{LISTS_SHEET}'!${source}$2:${source}${size}"
                strict = column.field in CHOICES
            elif column.field in YES_NO_FIELDS:
                formula, strict = '"' + ",".join(YES_NO) + '"', True
            else:
                continue
            validation = _validation(formula, strict=strict, header=column.header)
            validation.add(f"{letter}2:{letter}{last}")
            data.data_validations.append(validation)
        people_sheet(
            workbook,
            HELP_SHEET,
            [
                SheetColumn(_("Column"), 30),
                SheetColumn(_("Required"), 12),
                SheetColumn(_("What to write"), 48),
                SheetColumn(_("Allowed values"), 80),
            ],
            _instructions(lists),
        )
        longest = max((len(v) for v in lists.values()), default=0)
        people_sheet(
            workbook,
            LISTS_SHEET,
            [SheetColumn(_list_header(field), WIDTHS.get(field, 24)) for field in order],
            (
                [lists[field][i] if i < len(lists[field]) else None for field in order]
                for i in range(longest)
            ),
        )
    return people_bytes(workbook)
