"""Report builders, one module per report. Each aggregates in the database (a fixed
number of queries whatever the number of rows) and writes its file in streaming mode
(openpyxl write-only). Callers reach them through this package (`builders.period_summary`),
so the names below are the builders' interface.

`period_summary` returns the stable JSON interface of `manage.py report period_summary`:

    {"province": {"code", "name"}, "from_year", "to_year", "projects", "support_vnd",
     "counterpart_vnd", "by_fund_source": {"national": {...}, "local": {...}},
     "by_content_type": [...], "by_year": [...], "by_commune": [...],
     "by_legacy_province": [{"code", "name", "projects", "support_vnd", "counterpart_vnd"}],
     "by_legacy_district": [...]}
"""

from .collaborator_activity import collaborator_activity_sheets
from .common import COUNTED, Progress, Sheet, write_xlsx, year_range_ok
from .plan_implementation import plan_implementation_sheets
from .summary import (
    FIGURE_COLUMNS,
    period_summary,
    period_summary_pdf,
    period_summary_xlsx,
    summary_projects,
    summary_sheets,
    totals_by,
)
from .voting_results import voting_results_sheets

__all__ = [
    "COUNTED",
    "FIGURE_COLUMNS",
    "Progress",
    "Sheet",
    "collaborator_activity_sheets",
    "period_summary",
    "period_summary_pdf",
    "period_summary_xlsx",
    "plan_implementation_sheets",
    "summary_projects",
    "summary_sheets",
    "totals_by",
    "voting_results_sheets",
    "write_xlsx",
    "year_range_ok",
]
