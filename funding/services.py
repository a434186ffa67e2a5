"""Every change of public money goes through here.

Each service locks what it changes, always in the same order (the allocation, then the
grant, then the disbursement), checks the rule it enforces, and refuses in Vietnamese
with the rule's name and the amount by which the request breaks it. The running totals
on Allocation and Grant are updated in the same transaction and are backed by CHECK
constraints, so a bug here fails loudly instead of losing a đồng.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_center_staff, is_official
from core.formatting import format_vnd
from projects.models import AnnualPlan, DocumentKind, Project, ProjectStatus
from projects.services import project_transition_via

from . import workflow
from .models import (
    Allocation,
    Disbursement,
    DisbursementKind,
    DisbursementStatus,
    Grant,
    GrantStatus,
    Refund,
    SupportRule,
)
from .rules import cap_for, format_percent, percent_of, rule_in_force

D = DisbursementStatus
PENDING = (D.SCHEDULED, D.APPROVED)
# Which project states allow which payments: an advance once the contract is signed,
# interim payments while the work goes on, the final payment after acceptance.
PAYABLE_IN = {
    DisbursementKind.ADVANCE: (ProjectStatus.CONTRACTED, ProjectStatus.IN_PROGRESS),
    DisbursementKind.INTERIM: (ProjectStatus.IN_PROGRESS, ProjectStatus.ACCEPTED),
    DisbursementKind.FINAL: (ProjectStatus.ACCEPTED, ProjectStatus.SETTLED),
}


def _staff(actor) -> None:
    if not is_center_staff(actor):
        raise PermissionDenied


def _positive(amount, field: str = "amount_vnd") -> int:
    if amount is None or isinstance(amount, bool) or int(amount) != amount or amount <= 0:
        raise ValidationError({field: _("Enter a whole number of đồng greater than zero.")})
    return int(amount)


def _lock_allocation(pk: int) -> Allocation:
    return Allocation.objects.select_for_update().get(pk=pk)


def _lock_grant(grant: Grant) -> tuple[Allocation, Grant]:
    """Lock the grant's allocation, then the grant (the one order every service uses)."""
    allocation = _lock_allocation(grant.allocation_id)
    return allocation, Grant.objects.select_for_update().select_related("project").get(pk=grant.pk)


def _sync_committed(allocation: Allocation, grant: Grant) -> None:
    """Recompute what the grant holds of its allocation and carry the difference."""
    if grant.status == GrantStatus.OPEN:
        committed = grant.amount_vnd
    else:
        committed = max(grant.ceiling_vnd, grant.net_paid_vnd)
    allocation.committed_vnd += committed - grant.committed_vnd
    grant.committed_vnd = committed


def _pending_vnd(grant: Grant) -> int:
    return grant.disbursements.filter(status__in=PENDING).aggregate(s=Sum("amount_vnd"))["s"] or 0


# --- allocations ----------------------------------------------------------------------


@transaction.atomic
def allocation_create(
    *,
    actor,
    year: int,
    fund_source: str,
    amount_vnd: int,
    legal_basis: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Allocation:
    _staff(actor)
    if Allocation.objects.filter(year=year, fund_source=fund_source).exists():
        raise ValidationError(
            _("An allocation for %(year)s and this fund source exists; change its amount.")
            % {"year": year}
        )
    allocation = Allocation(
        year=year,
        fund_source=fund_source,
        amount_vnd=amount_vnd,
        legal_basis=legal_basis.strip(),
        decided_on=decided_on,
        note=note,
        created_by=actor,
    )
    allocation.full_clean()
    allocation.save()
    return allocation


@transaction.atomic
def allocation_change(
    *,
    actor,
    allocation: Allocation,
    amount_vnd: int,
    legal_basis: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Allocation:
    """A supplementary or reduced allocation: never below what grants already hold."""
    _staff(actor)
    allocation = _lock_allocation(allocation.pk)
    if amount_vnd < allocation.committed_vnd:
        raise ValidationError(
            {
                "amount_vnd": _(
                    "Grants already hold %(committed)s of this allocation; it cannot be "
                    "lowered to %(amount)s (short by %(short)s)."
                )
                % {
                    "committed": format_vnd(allocation.committed_vnd),
                    "amount": format_vnd(amount_vnd),
                    "short": format_vnd(allocation.committed_vnd - amount_vnd),
                }
            }
        )
    allocation.amount_vnd = amount_vnd
    allocation.legal_basis = legal_basis.strip()
    allocation.decided_on = decided_on
    allocation.note = note
    allocation.full_clean()
    allocation.save()
    return allocation


@transaction.atomic
def support_rule_save(*, actor, rule: SupportRule) -> SupportRule:
    """Add or edit a rule. Grants already made keep the caps they were given."""
    _staff(actor)
    rule.full_clean()
    rule._change_reason = _("Edited by %(user)s") % {"user": actor.display_name}
    rule.save()
    return rule


# --- grants ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """What the rules say about a proposed grant, before anything is written."""

    rule_reason: str
    cap: int
    cap_explanation: str
    cost: int
    counterpart: int
    rule: object


def project_cost(project: Project) -> tuple[int, int]:
    totals = project.budget_lines.aggregate(
        support=Sum("state_support_vnd"), counterpart=Sum("counterpart_vnd")
    )
    support, counterpart = totals["support"] or 0, totals["counterpart"] or 0
    return support + counterpart, counterpart


def assess(project: Project, on: dt.date) -> Assessment:
    applied = rule_in_force(
        content_type=project.content_type, fund_source=project.fund_source, on=on
    )
    cost, counterpart = project_cost(project)
    cap = cap_for(applied.rule, cost)
    return Assessment(applied.reason, cap.amount, cap.explanation, cost, counterpart, applied.rule)


def check_cap(project: Project, amount: int, assessment: Assessment) -> None:
    if amount > assessment.cap:
        basis = assessment.rule.legal_basis if assessment.rule else _("the project's cost")
        raise ValidationError(
            {
                "amount_vnd": _(
                    "%(code)s: %(amount)s exceeds the support cap of %(basis)s — %(why)s — "
                    "by %(excess)s."
                )
                % {
                    "code": project.code,
                    "amount": format_vnd(amount),
                    "basis": basis,
                    "why": assessment.cap_explanation,
                    "excess": format_vnd(amount - assessment.cap),
                }
            }
        )


def _check_available(allocation: Allocation, extra: int, project: Project) -> None:
    if extra > allocation.available_vnd:
        raise ValidationError(
            {
                "amount_vnd": _(
                    "%(code)s: %(allocation)s has %(available)s left; %(amount)s asked, "
                    "%(excess)s more than is left."
                )
                % {
                    "code": project.code,
                    "allocation": allocation,
                    "available": format_vnd(allocation.available_vnd),
                    "amount": format_vnd(extra),
                    "excess": format_vnd(extra - allocation.available_vnd),
                }
            }
        )


def _allocation_for(project: Project) -> Allocation:
    allocation = Allocation.objects.filter(
        year=project.plan_year, fund_source=project.fund_source
    ).first()
    if allocation is None:
        raise ValidationError(
            _(
                "%(code)s: no allocation is recorded for %(year)s (%(fund)s); "
                "record it under Funding first."
            )
            % {
                "code": project.code,
                "year": project.plan_year,
                "fund": project.get_fund_source_display(),
            }
        )
    return allocation


def _approve(grant: Grant, plan, approved_on: dt.date, amount: int, assessment) -> None:
    """Set the amount and the snapshot of the rule it was checked against."""
    grant.plan = plan
    grant.approved_on = approved_on
    grant.amount_vnd = amount
    grant.rule = assessment.rule
    grant.rule_reason = assessment.rule_reason
    grant.project_cost_vnd = assessment.cost
    grant.counterpart_planned_vnd = assessment.counterpart
    grant.cap_vnd = assessment.cap
    grant.advance_max_percent = assessment.rule.advance_max_percent if assessment.rule else None


@transaction.atomic
def grant_create(
    *, actor, project: Project, plan: AnnualPlan, amount_vnd: int, approved_on: dt.date
) -> Grant:
    """Commit state support to a project approved in a plan (fired by the plan's
    approval; an official's act)."""
    if not is_official(actor):
        raise PermissionDenied
    amount_vnd = int(amount_vnd)
    if amount_vnd < 0:
        raise ValidationError({"amount_vnd": _("Amounts cannot be negative.")})
    allocation = _lock_allocation(_allocation_for(project).pk)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != ProjectStatus.APPROVED:
        raise ValidationError(
            _("%(code)s is not approved; only an approved project gets a grant.")
            % {"code": project.code}
        )
    if Grant.objects.filter(project=project).exists():
        raise ValidationError(_("%(code)s already has a grant.") % {"code": project.code})
    assessment = assess(project, approved_on)
    check_cap(project, amount_vnd, assessment)
    _check_available(allocation, amount_vnd, project)
    grant = Grant(project=project, allocation=allocation, committed_vnd=amount_vnd)
    _approve(grant, plan, approved_on, amount_vnd, assessment)
    grant.save()
    allocation.committed_vnd += amount_vnd
    allocation.grant_count += 1
    allocation.save(update_fields=["committed_vnd", "grant_count"])
    return grant


@transaction.atomic
def grant_change_amount(
    *, actor, grant: Grant, plan: AnnualPlan, amount_vnd: int, approved_on: dt.date
) -> Grant:
    """A plan adjustment changed the project's amount: re-check against the rule in
    force on the adjustment's date, the allocation, and the money already out."""
    if not is_official(actor):
        raise PermissionDenied
    allocation, grant = _lock_grant(grant)
    project = grant.project
    if grant.status != GrantStatus.OPEN:
        raise ValidationError(
            _("%(code)s: the grant is %(status)s; its amount cannot change.")
            % {"code": project.code, "status": grant.get_status_display()}
        )
    floor = grant.net_paid_vnd + _pending_vnd(grant)
    if amount_vnd < floor:
        raise ValidationError(
            {
                "amount_vnd": _(
                    "%(code)s: %(floor)s is already paid or scheduled; the grant cannot "
                    "drop to %(amount)s (short by %(short)s)."
                )
                % {
                    "code": project.code,
                    "floor": format_vnd(floor),
                    "amount": format_vnd(amount_vnd),
                    "short": format_vnd(floor - amount_vnd),
                }
            }
        )
    assessment = assess(project, approved_on)
    check_cap(project, amount_vnd, assessment)
    advance_limit = (
        percent_of(amount_vnd, assessment.rule.advance_max_percent)
        if assessment.rule and assessment.rule.advance_max_percent is not None
        else None
    )
    if advance_limit is not None and grant.advance_vnd > advance_limit:
        raise ValidationError(
            {
                "amount_vnd": _(
                    "%(code)s: advances of %(advance)s exceed %(percent)s%% of %(amount)s."
                )
                % {
                    "code": project.code,
                    "advance": format_vnd(grant.advance_vnd),
                    "percent": format_percent(assessment.rule.advance_max_percent),
                    "amount": format_vnd(amount_vnd),
                }
            }
        )
    _check_available(allocation, amount_vnd - grant.amount_vnd, project)
    _approve(grant, plan, approved_on, amount_vnd, assessment)
    _sync_committed(allocation, grant)
    grant._change_reason = str(plan)[:100]
    grant.save()
    allocation.save(update_fields=["committed_vnd"])
    return grant


@transaction.atomic
def grants_for_plan(*, actor, plan: AnnualPlan) -> list[Grant]:
    """The plan was approved: create or adjust the grant of every approved project in
    it. Called inside plan_approve's transaction; any refusal undoes the approval."""
    grants = []
    items = plan.items.select_related("project").order_by("project__code")
    for item in items:
        project = item.project
        existing = Grant.objects.filter(project=project).first()
        if existing is None:
            if project.status == ProjectStatus.APPROVED:
                grants.append(
                    grant_create(
                        actor=actor,
                        project=project,
                        plan=plan,
                        amount_vnd=item.amount_vnd,
                        approved_on=plan.decision_date,
                    )
                )
        elif existing.status == GrantStatus.OPEN and existing.amount_vnd != item.amount_vnd:
            grants.append(
                grant_change_amount(
                    actor=actor,
                    grant=existing,
                    plan=plan,
                    amount_vnd=item.amount_vnd,
                    approved_on=plan.decision_date,
                )
            )
    return grants


def grant_cancel_for_project(*, actor, project: Project, note: str = "") -> Grant | None:
    """The project was cancelled (called by the project's workflow, in its transaction):
    pending payments are cancelled, the grant releases all it holds beyond the money
    already paid, and that money is due back as a refund."""
    grant = Grant.objects.filter(project=project).first()
    if grant is None:
        return None
    allocation, grant = _lock_grant(grant)
    if grant.status != GrantStatus.OPEN:
        return grant
    for disbursement in grant.disbursements.select_for_update().filter(status__in=PENDING):
        _cancel_disbursement(grant, disbursement, actor, note or _("Project cancelled"))
    grant.closed_by = actor
    grant.closing_note = note
    grant._change_reason = _("Project cancelled")
    workflow.GRANT.fire(
        grant,
        GrantStatus.CANCELLED,
        actor=actor,
        via="project",
        by_portal=True,
        update_fields=["closed_by", "closing_note"],
    )
    _sync_committed(allocation, grant)  # what a closed grant holds depends on its status
    grant.save(update_fields=["committed_vnd"])
    allocation.save(update_fields=["committed_vnd"])
    return grant


@transaction.atomic
def counterpart_record(*, actor, grant: Grant, amount_vnd: int) -> Grant:
    """The beneficiary's own money actually spent so far (vốn đối ứng thực hiện)."""
    _staff(actor)
    if amount_vnd is None or amount_vnd < 0:
        raise ValidationError({"counterpart_actual_vnd": _("Amounts cannot be negative.")})
    _allocation, grant = _lock_grant(grant)
    if grant.status == GrantStatus.CANCELLED:
        raise ValidationError(_("The grant is cancelled."))
    grant.counterpart_actual_vnd = amount_vnd
    grant.save(update_fields=["counterpart_actual_vnd"])
    return grant


@transaction.atomic
def grant_settle(
    *,
    actor,
    grant: Grant,
    settled_vnd: int,
    counterpart_actual_vnd: int,
    settled_on: dt.date,
    settlement_number: str,
    note: str = "",
) -> Grant:
    """Final settlement (quyết toán) of an accepted project: the state's share as
    settled, the counterpart actually spent; money paid beyond the settled amount is
    due back. The project moves to settled."""
    _staff(actor)

    allocation, grant = _lock_grant(grant)
    project = grant.project
    if grant.status != GrantStatus.OPEN or project.status != ProjectStatus.ACCEPTED:
        raise ValidationError(_("Only the grant of an accepted project can be settled."))
    if not settlement_number.strip():
        raise ValidationError({"settlement_number": _("Give the settlement decision's number.")})
    if settled_on > timezone.localdate():
        raise ValidationError({"settled_on": _("The date is in the future.")})
    if not project.documents.filter(kind=DocumentKind.SETTLEMENT).exists():
        raise ValidationError(_("Attach the settlement papers to the project first."))
    pending = _pending_vnd(grant)
    if pending:
        raise ValidationError(
            _("%(amount)s is scheduled but not paid; pay or cancel it before settling.")
            % {"amount": format_vnd(pending)}
        )
    if settled_vnd is None or settled_vnd < 0:
        raise ValidationError({"settled_vnd": _("Amounts cannot be negative.")})
    if settled_vnd > grant.amount_vnd:
        raise ValidationError(
            {
                "settled_vnd": _("The settled amount exceeds the grant of %(grant)s by %(excess)s.")
                % {
                    "grant": format_vnd(grant.amount_vnd),
                    "excess": format_vnd(settled_vnd - grant.amount_vnd),
                }
            }
        )
    if counterpart_actual_vnd is None or counterpart_actual_vnd < 0:
        raise ValidationError({"counterpart_actual_vnd": _("Amounts cannot be negative.")})
    grant.settled_vnd = settled_vnd
    grant.settled_on = settled_on
    grant.settlement_number = settlement_number.strip()
    grant.counterpart_actual_vnd = counterpart_actual_vnd
    grant.closed_by = actor
    grant.closing_note = note
    grant._change_reason = grant.settlement_number[:100]
    workflow.GRANT.fire(grant, GrantStatus.SETTLED, actor=actor, update_fields=None)
    _sync_committed(allocation, grant)  # what a closed grant holds depends on its status
    grant.save(update_fields=["committed_vnd"])
    allocation.save(update_fields=["committed_vnd"])
    project_transition_via(
        actor=actor,
        project=project,
        target=ProjectStatus.SETTLED,
        via="settlement",
        note=grant.settlement_number,
    )
    return grant


# --- disbursements --------------------------------------------------------------------


def _lock_disbursement(disbursement: Disbursement) -> tuple[Allocation, Grant, Disbursement]:
    allocation, grant = _lock_grant(disbursement.grant)
    return allocation, grant, Disbursement.objects.select_for_update().get(pk=disbursement.pk)


@transaction.atomic
def disbursement_schedule(
    *,
    actor,
    grant: Grant,
    kind: str,
    amount_vnd: int,
    due_on: dt.date | None = None,
    note: str = "",
) -> Disbursement:
    _staff(actor)
    amount_vnd = _positive(amount_vnd)
    _allocation, grant = _lock_grant(grant)
    project = grant.project
    if grant.status == GrantStatus.CANCELLED:
        raise ValidationError(_("The grant is cancelled; nothing more can be paid on it."))
    if project.status not in PAYABLE_IN[kind]:
        raise ValidationError(
            {
                "kind": _("%(kind)s cannot be paid while the project is %(status)s.")
                % {
                    "kind": DisbursementKind(kind).label,
                    "status": project.get_status_display(),
                }
            }
        )
    room = grant.ceiling_vnd - grant.net_paid_vnd - _pending_vnd(grant)
    if amount_vnd > room:
        raise ValidationError(
            {
                "amount_vnd": _(
                    "Paid and scheduled money may not exceed the grant (%(ceiling)s): "
                    "%(room)s is left, %(amount)s asked, %(excess)s too much."
                )
                % {
                    "ceiling": format_vnd(grant.ceiling_vnd),
                    "room": format_vnd(max(room, 0)),
                    "amount": format_vnd(amount_vnd),
                    "excess": format_vnd(amount_vnd - max(room, 0)),
                }
            }
        )
    if kind == DisbursementKind.ADVANCE and grant.advance_max_percent is not None:
        limit = percent_of(grant.amount_vnd, grant.advance_max_percent)
        if grant.advance_vnd + amount_vnd > limit:
            basis = grant.rule.legal_basis if grant.rule else ""
            raise ValidationError(
                {
                    "amount_vnd": _(
                        "Advances may not exceed %(percent)s%% of the grant under %(basis)s "
                        "(%(limit)s); %(done)s already advanced, %(amount)s asked, "
                        "%(excess)s too much."
                    )
                    % {
                        "percent": format_percent(grant.advance_max_percent),
                        "basis": basis,
                        "limit": format_vnd(limit),
                        "done": format_vnd(grant.advance_vnd),
                        "amount": format_vnd(amount_vnd),
                        "excess": format_vnd(grant.advance_vnd + amount_vnd - limit),
                    }
                }
            )
    disbursement = Disbursement.objects.create(
        grant=grant,
        kind=kind,
        amount_vnd=amount_vnd,
        due_on=due_on,
        note=note,
        scheduled_by=actor,
    )
    if kind == DisbursementKind.ADVANCE:
        grant.advance_vnd += amount_vnd
        grant.save(update_fields=["advance_vnd"])
    return disbursement


@transaction.atomic
def disbursement_approve(*, actor, disbursement: Disbursement) -> Disbursement:
    """Four eyes: the one who scheduled a payment does not approve it."""
    _staff(actor)
    _allocation, _grant, disbursement = _lock_disbursement(disbursement)
    if disbursement.status != D.SCHEDULED:
        raise ValidationError(_("Only a scheduled payment can be approved."))
    if disbursement.scheduled_by_id == actor.pk:
        raise ValidationError(
            _("You scheduled this payment; another staff member must approve it.")
        )
    disbursement.approved_by = actor
    workflow.DISBURSEMENT.fire(disbursement, D.APPROVED, actor=actor, update_fields=["approved_by"])
    return disbursement


@transaction.atomic
def disbursement_pay(
    *, actor, disbursement: Disbursement, paid_on: dt.date, reference: str
) -> Disbursement:
    _staff(actor)
    allocation, grant, disbursement = _lock_disbursement(disbursement)
    if disbursement.status != D.APPROVED:
        raise ValidationError(_("Only an approved payment can be marked paid."))
    if not (reference or "").strip():
        raise ValidationError({"reference": _("Give the treasury voucher number.")})
    if paid_on is None or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("Give the payment date; it cannot be in the future.")})
    if grant.net_paid_vnd + disbursement.amount_vnd > grant.ceiling_vnd:
        raise ValidationError(
            _("Paying %(amount)s would put paid money above the grant by %(excess)s.")
            % {
                "amount": format_vnd(disbursement.amount_vnd),
                "excess": format_vnd(
                    grant.net_paid_vnd + disbursement.amount_vnd - grant.ceiling_vnd
                ),
            }
        )
    disbursement.paid_on = paid_on
    disbursement.reference = reference.strip()
    disbursement.paid_by = actor
    workflow.DISBURSEMENT.fire(
        disbursement, D.PAID, actor=actor, update_fields=["paid_on", "reference", "paid_by"]
    )
    grant.paid_vnd += disbursement.amount_vnd
    grant.save(update_fields=["paid_vnd"])
    allocation.paid_vnd += disbursement.amount_vnd
    allocation.save(update_fields=["paid_vnd"])
    return disbursement


def _cancel_disbursement(grant: Grant, disbursement: Disbursement, actor, note: str) -> None:
    disbursement.note = "\n".join(filter(None, [disbursement.note, note]))
    disbursement._change_reason = note[:100]
    workflow.DISBURSEMENT.fire(
        disbursement, D.CANCELLED, actor=actor, by_portal=True, update_fields=["note"]
    )
    if disbursement.kind == DisbursementKind.ADVANCE:
        grant.advance_vnd -= disbursement.amount_vnd
        grant.save(update_fields=["advance_vnd"])


@transaction.atomic
def disbursement_cancel(*, actor, disbursement: Disbursement, note: str) -> Disbursement:
    """Withdraw a payment not yet made. A paid one is reversed by a refund instead."""
    _staff(actor)
    _allocation, grant, disbursement = _lock_disbursement(disbursement)
    if disbursement.status not in PENDING:
        raise ValidationError(
            _("Only a scheduled or approved payment can be cancelled; record a refund instead.")
        )
    if not (note or "").strip():
        raise ValidationError({"note": _("Give a reason; it is kept in the history.")})
    _cancel_disbursement(grant, disbursement, actor, note.strip())
    return disbursement


# --- refunds --------------------------------------------------------------------------


@transaction.atomic
def refund_record(
    *,
    actor,
    grant: Grant,
    amount_vnd: int,
    reason: str,
    refunded_on: dt.date,
    reference: str = "",
) -> Refund:
    _staff(actor)
    amount_vnd = _positive(amount_vnd)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the refund.")})
    if refunded_on is None or refunded_on > timezone.localdate():
        raise ValidationError(
            {"refunded_on": _("Give the refund date; it cannot be in the future.")}
        )
    allocation, grant = _lock_grant(grant)
    if amount_vnd > grant.net_paid_vnd:
        raise ValidationError(
            {
                "amount_vnd": _(
                    "Only %(net)s has been paid and not yet refunded; %(amount)s is "
                    "%(excess)s too much."
                )
                % {
                    "net": format_vnd(grant.net_paid_vnd),
                    "amount": format_vnd(amount_vnd),
                    "excess": format_vnd(amount_vnd - grant.net_paid_vnd),
                }
            }
        )
    refund = Refund.objects.create(
        grant=grant,
        amount_vnd=amount_vnd,
        reason=reason.strip(),
        refunded_on=refunded_on,
        reference=(reference or "").strip(),
        recorded_by=actor,
    )
    grant.refunded_vnd += amount_vnd
    allocation.refunded_vnd += amount_vnd
    _sync_committed(allocation, grant)
    grant.save(update_fields=["refunded_vnd", "committed_vnd"])
    allocation.save(update_fields=["committed_vnd", "refunded_vnd"])
    return refund
