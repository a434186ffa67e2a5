"""Writes to products, rounds, score sheets and certificates. Every change checks the
actor; round state changes go through `common.move`, which locks the round, checks the
table and writes an event. Nothing else assigns VotingRound.status."""

from .catalogue import (
    document_add,
    photo_add,
    photo_remove,
    product_create,
    product_identity_change,
    product_update,
)
from .complaints import complaint_answer, complaint_record
from .entries import entry_add, entry_remove, nominate
from .results import (
    awards_set,
    certificate_revoke,
    close_round,
    compute_results,
    establishment_address,
    publish_round,
    unscored_entries,
)
from .rounds import (
    council_member_add,
    council_member_remove,
    criterion_delete,
    criterion_group_delete,
    criterion_group_save,
    criterion_save,
    open_scoring,
    round_create,
    round_update,
)
from .scoring import conflict_declare, conflict_withdraw, sheet_save

__all__ = [
    "awards_set",
    "certificate_revoke",
    "close_round",
    "complaint_answer",
    "complaint_record",
    "compute_results",
    "conflict_declare",
    "conflict_withdraw",
    "council_member_add",
    "council_member_remove",
    "criterion_delete",
    "criterion_group_delete",
    "criterion_group_save",
    "criterion_save",
    "document_add",
    "entry_add",
    "entry_remove",
    "establishment_address",
    "nominate",
    "open_scoring",
    "photo_add",
    "photo_remove",
    "product_create",
    "product_identity_change",
    "product_update",
    "publish_round",
    "round_create",
    "round_update",
    "sheet_save",
    "unscored_entries",
]
