"""Grants: created and adjusted with the plans that approve them, within the rule's cap
and what is left of the allocation; released when their project is cancelled."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import is_official
from core.formatting import format_vnd
from projects.models import AnnualPlan, Project, ProjectStatus

from .. import workflow
from ..models import Allocation, Grant, GrantStatus
from ..rules import format_percent, percent_of
from .disbursements import cancel_pending_disbursement
from .locking import PENDING, lock_allocation, lock_grant, pending_vnd, sync_committed
from .rules import assess, check_cap


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
    allocation = lock_allocation(_allocation_for(project).pk)
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
    allocation, grant = lock_grant(grant)
    project = grant.project
    if grant.status != GrantStatus.OPEN:
        raise ValidationError(
            _("%(code)s: the grant is %(status)s; its amount cannot change.")
            % {"code": project.code, "status": grant.get_status_display()}
        )
    floor = grant.net_paid_vnd + pending_vnd(grant)
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
    sync_committed(allocation, grant)
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
    allocation, grant = lock_grant(grant)
    if grant.status != GrantStatus.OPEN:
        return grant
    for disbursement in grant.disbursements.select_for_update().filter(status__in=PENDING):
        cancel_pending_disbursement(grant, disbursement, actor, note or _("Project cancelled"))
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
    sync_committed(allocation, grant)  # what a closed grant holds depends on its status
    grant.save(update_fields=["committed_vnd"])
    allocation.save(update_fields=["committed_vnd"])
    return grant
