"""Writes to the establishment register, support requests and field visits. Every
function checks its actor; views only call these."""

from .proposals import change_proposal_apply, change_proposal_refuse, change_proposal_submit
from .register import (
    establishment_archive,
    establishment_clear_duplicate_flag,
    establishment_merge,
    establishment_prepare,
    establishment_register,
    establishment_restore,
    establishment_update,
    establishment_validate,
    establishment_verify,
    normalize_name,
)
from .representatives import (
    establishment_candidates,
    representative_confirm,
    representative_end,
    representative_link,
    representative_request,
)
from .requests import (
    MAX_DESIRED_YEARS_AHEAD,
    desired_year_choices,
    support_request_comment,
    support_request_submit,
    support_request_transition,
)
from .visits import field_visit_log

__all__ = [
    "MAX_DESIRED_YEARS_AHEAD",
    "change_proposal_apply",
    "change_proposal_refuse",
    "change_proposal_submit",
    "desired_year_choices",
    "establishment_archive",
    "establishment_candidates",
    "establishment_clear_duplicate_flag",
    "establishment_merge",
    "establishment_prepare",
    "establishment_register",
    "establishment_restore",
    "establishment_update",
    "establishment_validate",
    "establishment_verify",
    "field_visit_log",
    "normalize_name",
    "representative_confirm",
    "representative_end",
    "representative_link",
    "representative_request",
    "support_request_comment",
    "support_request_submit",
    "support_request_transition",
]
