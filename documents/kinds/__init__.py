"""The kinds of official papers the portal drafts: their defaults, the object each is
drafted from, and the facts of that object each template prints.

Kind codes are stable (scripts and `manage.py document render` name them). The defaults
seed the DocumentKind rows; the center edits the rows afterwards (legal bases change).

One module per family of papers (plans, projects, products, collaborators, reports); `base` holds
what they share."""

from documents.kinds import collaborators, plans, products, projects, reports
from documents.kinds.base import KindSpec, object_model

# The order the kinds are listed in (and numbered by: DocumentKind.position).
ORDER = (
    "plan_decision",
    "contract",
    "acceptance_minutes",
    "plan_adjustment_decision",
    "appraisal_minutes",
    "closure_minutes",
    "recognition_decision",
    "roster_decision",
    "progress_reminder",
    "allowance_sheet",
    "periodic_report",
)

_SPECS = {
    spec.code: spec
    for module in (plans, projects, products, collaborators, reports)
    for spec in module.SPECS
}
KINDS: dict[str, KindSpec] = {code: _SPECS[code] for code in ORDER}

__all__ = ["KINDS", "KindSpec", "object_model"]
