"""Builds the default DOCX templates in documents/templates_docx/ with python-docx, so
their layout is exact and reviewable: Decree 30/2020/NĐ-CP, Phụ lục I.

Run `python -m documents.docx_build` after changing this package and commit the
templates. `layout` holds the Decree's rules; one module per family of papers builds its
templates from them. The templates carry docxtpl tags ({{ … }}, {%p … %}, {%tr … %});
documents/kinds/ fills them. The center may download a template, edit it in Word and
upload it again.
"""

from collections.abc import Callable

from docx import Document

from documents.docx_build.collaborators import allowance_sheet, roster_decision
from documents.docx_build.layout import OUT, new_document
from documents.docx_build.plans import plan_adjustment_decision, plan_decision
from documents.docx_build.products import recognition_decision
from documents.docx_build.projects import (
    acceptance_minutes,
    appraisal_minutes,
    closure_minutes,
    contract,
    progress_reminder,
)
from documents.docx_build.reports import periodic_report

BUILDERS: dict[str, Callable] = {
    "plan_decision": plan_decision,
    "contract": contract,
    "acceptance_minutes": acceptance_minutes,
    "plan_adjustment_decision": plan_adjustment_decision,
    "appraisal_minutes": appraisal_minutes,
    "closure_minutes": closure_minutes,
    "recognition_decision": recognition_decision,
    "roster_decision": roster_decision,
    "progress_reminder": progress_reminder,
    "allowance_sheet": allowance_sheet,
    "periodic_report": periodic_report,
}


def build(code: str) -> "Document":
    doc = new_document()
    BUILDERS[code](doc)
    return doc


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for code in BUILDERS:
        build(code).save(OUT / f"{code}.docx")
        print(OUT / f"{code}.docx")
