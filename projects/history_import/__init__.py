"""All-or-nothing import of ten years of projects from a workbook, with a row-by-row
report of every problem (`manage.py import_projects FILE.xlsx` and /projects/import/).

First sheet, a header row, one project per row. Columns (field names or their Vietnamese
headers): code, title, year, fund_source (national | local), content_type (a code or its
label), establishment, tax_code, address, support_vnd, counterpart_vnd, status.

Addresses are free text of either era ("Xã Việt Lập, Huyện Tân Yên, Tỉnh Bắc Giang" or
"Xã Tân Yên, Tỉnh Bắc Ninh"), placed by localities.addresses. A record of before July 2025
keeps its commune of the time and is linked to the 2025 successor. Establishments are
matched by tax code, else by name and commune, else registered through the register's
service. Re-importing the same file changes nothing.
"""

from .parsing import COLUMNS, HEADERS_VI, read_rows
from .recording import ImportOutcome, import_projects

__all__ = ["COLUMNS", "HEADERS_VI", "ImportOutcome", "import_projects", "read_rows"]
