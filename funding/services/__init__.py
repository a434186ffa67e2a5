"""Every change of public money goes through here.

Each service locks what it changes, always in the same order (the allocation, then the
grant, then the disbursement), checks the rule it enforces, and refuses in Vietnamese
with the rule's name and the amount by which the request breaks it. The running totals
on Allocation and Grant are updated in the same transaction and are backed by CHECK
constraints, so a bug here fails loudly instead of losing a đồng.
"""

from .allocations import allocation_change, allocation_create
from .disbursements import (
    PAYABLE_IN,
    disbursement_approve,
    disbursement_cancel,
    disbursement_pay,
    disbursement_schedule,
    schedulable_kinds,
)
from .grants import grant_cancel_for_project, grant_change_amount, grant_create, grants_for_plan
from .locking import PENDING
from .refunds import refund_record
from .rules import Assessment, assess, check_cap, project_cost, support_rule_save
from .settlement import counterpart_record, grant_settle

__all__ = [
    "PAYABLE_IN",
    "PENDING",
    "Assessment",
    "allocation_change",
    "allocation_create",
    "assess",
    "check_cap",
    "counterpart_record",
    "disbursement_approve",
    "disbursement_cancel",
    "disbursement_pay",
    "disbursement_schedule",
    "grant_cancel_for_project",
    "grant_change_amount",
    "grant_create",
    "grant_settle",
    "grants_for_plan",
    "project_cost",
    "refund_record",
    "schedulable_kinds",
    "support_rule_save",
]
