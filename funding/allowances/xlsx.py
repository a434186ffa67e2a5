"""The allowance sheet as a workbook for people: Vietnamese headings, widths that fit,
the heading row frozen, amounts as numbers with thousands grouped, a total row."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.formatting import format_date
from core.spreadsheets import XLSX_FORMULA_START, neutralise

from .models import AllowanceSheet

MONEY = "#,##0"
BOLD = Font(bold=True)


def sheet_xlsx(sheet: AllowanceSheet, lines) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Allowances %(month)s") % {"month": f"{sheet.month:%m-%Y}"}
    ws.append(
        [_("Collaborator allowance sheet, month %(month)s") % {"month": f"{sheet.month:%m/%Y}"}]
    )
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(
        [
            _("Paid from: %(project)s — %(status)s")
            % {
                "project": f"{sheet.grant.project.code} {sheet.grant.project.title}",
                "status": sheet.get_status_display(),
            }
        ]
    )
    columns = [
        (_("No."), 6, None),
        (_("Collaborator"), 28, None),
        (_("Kind of collaborator"), 22, None),
        (_("Communes"), 40, None),
        (_("Monthly report"), 16, None),
        (_("Report sent at"), 18, None),
        (_("Visits"), 9, "0"),
        (_("Support requests"), 11, "0"),
        (_("Basic wage (VND)"), 16, MONEY),
        (_("Allowance (VND)"), 16, MONEY),
        (_("To pay (VND)"), 16, MONEY),
        (_("How it was computed"), 60, None),
        (_("Signature"), 16, None),
    ]
    header_row = 4
    ws.append([])
    ws.append([title for title, _width, _fmt in columns])
    for index, (_title, width, _fmt) in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=index)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"C{header_row + 1}"  # ws.cell() would create the row
    total = 0
    for number, line in enumerate(lines, start=1):
        row = [
            number,
            line.collaborator.full_name,
            line.get_kind_display(),
            line.communes,
            line.get_report_status_display(),
            format_date(line.report_sent_at) if line.report_sent_at else "",
            line.visit_count,
            line.request_count,
            line.wage_vnd,
            line.due_vnd,
            line.amount_vnd,
            line.explanation,
            "",
        ]
        ws.append([neutralise(v, XLSX_FORMULA_START) for v in row])
        total += line.amount_vnd
    ws.append([None, _("Total"), *[None] * 8, total])
    last = ws.max_row
    ws.cell(row=last, column=2).font = BOLD
    ws.cell(row=last, column=11).font = BOLD
    for row in ws.iter_rows(min_row=header_row + 1, max_row=last):
        for index, (_title, _width, fmt) in enumerate(columns):
            if fmt:
                row[index].number_format = fmt
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
        row[11].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
