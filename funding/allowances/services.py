"""The monthly allowance sheet's services: prepare (and recompute while prepared), set a
line by hand, approve (four eyes: never the one who prepared it), pay with the voucher,
or return an approved sheet for correction.

Approving reserves the total on the network project's grant as an approved payment of
the kind "collaborator allowances"; paying pays that payment, so the grant's and the
allocation's running totals, the ledger and the period reports carry it to the đồng.
Locks are taken in the money services' order: the allocation, the grant, then the sheet
(and its payment)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_center_staff
from collaborators.allowances import after_report, allowance_due, tables_for
from collaborators.models import CollaboratorRoster, RosterMembership
from collaborators.selectors import roster_in_force
from collaborators.services import allowance_override_set
from core.formatting import format_vnd
from establishments.content_types import PromotionContent
from establishments.models import ReportStatus
from establishments.selectors import monthly_activity

from .. import workflow
from ..models import Disbursement, DisbursementKind, DisbursementStatus, Grant, GrantStatus
from ..services.disbursements import PAYABLE_IN, cancel_pending_disbursement, pay_locked
from ..services.locking import PENDING, lock_grant, pending_vnd
from .models import AllowanceLine, AllowanceSheet, AllowanceSheetEvent, SheetStatus

S = SheetStatus
NETWORK_CONTENT = PromotionContent.CAPACITY_COLLABORATORS


def _require_staff(actor) -> None:
    if not is_center_staff(actor):
        raise PermissionDenied


def network_grants(year: int | None = None):
    """Open grants of network projects (promotion capacity and the collaborator network)
    that may be paid from."""
    grants = Grant.objects.filter(
        status=GrantStatus.OPEN,
        project__content_type=NETWORK_CONTENT,
        project__status__in=PAYABLE_IN[DisbursementKind.ALLOWANCE],
    ).select_related("project", "allocation")
    if year is not None:
        grants = grants.filter(project__plan_year=year)
    return grants.order_by("-project__plan_year", "project__code")


def _record(sheet: AllowanceSheet, actor, note: str = ""):
    def record(previous: str, new: str):
        return AllowanceSheetEvent.objects.create(
            sheet=sheet, from_status=previous, to_status=new, actor=actor, note=note
        )

    return record


def _compute_lines(sheet: AllowanceSheet) -> int:
    """(Re)write the sheet's lines from the roster, the rules and the reports; return the
    total. A line per membership of the sheet's roster, kept in place when recomputed."""
    memberships = list(
        RosterMembership.objects.filter(roster=sheet.roster)
        .select_related("collaborator")
        .prefetch_related("communes")
        .order_by("collaborator__full_name", "pk")
    )
    tables = tables_for(sheet.month, [m.pk for m in memberships])
    activity = monthly_activity(
        [m.collaborator for m in memberships], year=sheet.month.year, month=sheet.month.month
    )
    existing = {line.membership_id: line for line in sheet.lines.all()}
    total = 0
    for membership in memberships:
        due = allowance_due(membership, sheet.month, tables)
        month = activity[membership.collaborator_id]
        amount, note = after_report(due, report_missing=month.status == ReportStatus.MISSING)
        communes = sorted(c.name for c in membership.communes.all())
        line = existing.pop(membership.pk, None) or AllowanceLine(
            sheet=sheet, membership=membership
        )
        line.collaborator = membership.collaborator
        line.kind = membership.kind
        line.communes = ", ".join(communes)
        line.commune_count = len(communes)
        line.report_status = month.status
        line.report_sent_at = month.submitted_at
        line.visit_count = month.visits
        line.request_count = month.requests
        line.rule = due.rule
        line.wage_vnd = due.wage.amount_vnd if due.wage else None
        line.overridden = due.override is not None
        line.due_vnd = due.amount_vnd
        line.amount_vnd = amount
        line.explanation = " ".join(filter(None, [due.explanation, note]))
        line.full_clean(exclude=["sheet", "membership"])
        line.save()
        total += amount
    for stale in existing.values():
        stale.delete()
    return total


@transaction.atomic
def allowance_sheet_prepare(*, actor, month: dt.date, grant: Grant) -> AllowanceSheet:
    """Prepare the sheet of a month that has ended, for every collaborator of the roster
    in force on its first day, to be paid from that year's network project."""
    _require_staff(actor)
    month = month.replace(day=1)
    today = timezone.localdate()
    if month >= today.replace(day=1):
        raise ValidationError({"month": _("A month's sheet is prepared once the month is over.")})
    if AllowanceSheet.objects.filter(month=month).exclude(status=S.CANCELLED).exists():
        raise ValidationError(
            {"month": _("The sheet for %(month)s exists already.") % {"month": f"{month:%m/%Y}"}}
        )
    if not network_grants(month.year).filter(pk=grant.pk).exists():
        raise ValidationError(
            {
                "grant": _(
                    "Choose the open grant of %(year)s's collaborator network project; "
                    "a sheet is paid from the project of its own year."
                )
                % {"year": month.year}
            }
        )
    roster: CollaboratorRoster | None = roster_in_force(on=month)
    if roster is None or roster.year != month.year:
        raise ValidationError(
            {"month": _("No roster of %(year)s is approved.") % {"year": month.year}}
        )
    sheet = AllowanceSheet(
        month=month, grant=grant, roster=roster, prepared_by=actor, prepared_at=timezone.now()
    )
    sheet.full_clean()
    sheet.save()
    sheet.total_vnd = _compute_lines(sheet)
    sheet.save(update_fields=["total_vnd"])
    AllowanceSheetEvent.objects.create(sheet=sheet, to_status=S.PREPARED, actor=actor)
    return sheet


def _lock_prepared(sheet: AllowanceSheet) -> AllowanceSheet:
    sheet = AllowanceSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status != S.PREPARED:
        raise ValidationError(
            _("The sheet is %(status)s; return it for correction first.")
            % {"status": sheet.get_status_display()}
        )
    return sheet


@transaction.atomic
def allowance_sheet_recompute(*, actor, sheet: AllowanceSheet) -> AllowanceSheet:
    """Recompute a prepared sheet: reports sent since, a rule or wage corrected. Whoever
    recomputes becomes its preparer (and so may not approve it)."""
    _require_staff(actor)
    sheet = _lock_prepared(sheet)
    sheet.total_vnd = _compute_lines(sheet)
    sheet.prepared_by = actor
    sheet.prepared_at = timezone.now()
    sheet.save(update_fields=["total_vnd", "prepared_by", "prepared_at"])
    return sheet


@transaction.atomic
def allowance_line_set(
    *, actor, line: AllowanceLine, amount_vnd: int, reason: str
) -> AllowanceLine:
    """Set one collaborator's amount for the month by hand, with the reason; the sheet is
    recomputed (and its preparer is whoever set it)."""
    _require_staff(actor)
    sheet = _lock_prepared(line.sheet)
    line = sheet.lines.select_related("membership__roster").get(pk=line.pk)
    allowance_override_set(
        actor=actor,
        membership=line.membership,
        month=sheet.month,
        amount_vnd=amount_vnd,
        reason=reason,
    )
    allowance_sheet_recompute(actor=actor, sheet=sheet)
    line.refresh_from_db()
    return line


def _lock_for_money(sheet: AllowanceSheet):
    allocation, grant = lock_grant(sheet.grant)
    return allocation, grant, AllowanceSheet.objects.select_for_update().get(pk=sheet.pk)


@transaction.atomic
def allowance_sheet_approve(*, actor, sheet: AllowanceSheet) -> AllowanceSheet:
    """Four eyes: another staff member than the one who prepared it approves the sheet;
    its total is then held on the network project's grant as an approved payment."""
    _require_staff(actor)
    _allocation, grant, sheet = _lock_for_money(sheet)
    if sheet.status != S.PREPARED:
        raise ValidationError(
            _("The sheet is %(status)s already.") % {"status": sheet.get_status_display()}
        )
    if sheet.prepared_by_id == actor.pk:
        raise ValidationError(_("You prepared this sheet; another staff member must approve it."))
    total = sheet.lines.aggregate(total=Sum("amount_vnd"))["total"] or 0
    if total != sheet.total_vnd:  # a line changed behind the sheet: refuse, never guess
        raise ValidationError(_("The sheet's total no longer matches its lines; recompute it."))
    if total <= 0:
        raise ValidationError(_("Nothing is due on this sheet; there is nothing to approve."))
    project = grant.project
    if (
        grant.status != GrantStatus.OPEN
        or project.status not in PAYABLE_IN[DisbursementKind.ALLOWANCE]
    ):
        raise ValidationError(
            _("%(code)s cannot pay allowances while it is %(status)s.")
            % {"code": project.code, "status": project.get_status_display()}
        )
    room = grant.ceiling_vnd - grant.net_paid_vnd - pending_vnd(grant)
    if total > room:
        raise ValidationError(
            _(
                "%(code)s has %(room)s left of its grant; the sheet's %(total)s is "
                "%(excess)s too much."
            )
            % {
                "code": project.code,
                "room": format_vnd(max(room, 0)),
                "total": format_vnd(total),
                "excess": format_vnd(total - max(room, 0)),
            }
        )
    disbursement = Disbursement.objects.create(
        grant=grant,
        kind=DisbursementKind.ALLOWANCE,
        amount_vnd=total,
        due_on=None,
        note=str(sheet),
        scheduled_by=sheet.prepared_by,
    )
    disbursement.approved_by = actor
    workflow.DISBURSEMENT.fire(
        disbursement, DisbursementStatus.APPROVED, actor=actor, update_fields=["approved_by"]
    )
    sheet.approved_by = actor
    sheet.approved_at = timezone.now()
    sheet.disbursement = disbursement
    workflow.ALLOWANCE_SHEET.fire(
        sheet,
        S.APPROVED,
        actor=actor,
        update_fields=["approved_by", "approved_at", "disbursement"],
        record=_record(sheet, actor),
    )
    return sheet


@transaction.atomic
def allowance_sheet_pay(
    *, actor, sheet: AllowanceSheet, paid_on: dt.date, voucher: str
) -> AllowanceSheet:
    """Pay the approved sheet as a whole, with the voucher: its payment is paid from the
    grant and counted in the grant's and the allocation's paid money."""
    _require_staff(actor)
    allocation, grant, sheet = _lock_for_money(sheet)
    if sheet.status != S.APPROVED:
        raise ValidationError(
            _("Only an approved sheet can be paid; this one is %(status)s.")
            % {"status": sheet.get_status_display()}
        )
    if not (voucher or "").strip():
        raise ValidationError({"voucher": _("Give the voucher number.")})
    if paid_on is None or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("Give the payment date; it cannot be in the future.")})
    disbursement = Disbursement.objects.select_for_update().get(pk=sheet.disbursement_id)
    pay_locked(allocation, grant, disbursement, actor, paid_on, voucher)
    sheet.paid_by = actor
    sheet.paid_on = paid_on
    sheet.voucher = voucher.strip()
    workflow.ALLOWANCE_SHEET.fire(
        sheet,
        S.PAID,
        actor=actor,
        update_fields=["paid_by", "paid_on", "voucher"],
        record=_record(sheet, actor, sheet.voucher),
    )
    return sheet


@transaction.atomic
def allowance_sheet_return(*, actor, sheet: AllowanceSheet, note: str) -> AllowanceSheet:
    """Send an approved sheet back to be corrected: its reserved payment is cancelled."""
    _require_staff(actor)
    _allocation, grant, sheet = _lock_for_money(sheet)
    if not (note or "").strip():
        raise ValidationError({"note": _("Give a reason; it is kept in the history.")})
    if sheet.status != S.APPROVED:
        raise ValidationError(_("Only an approved sheet can be returned."))
    disbursement = Disbursement.objects.select_for_update().get(pk=sheet.disbursement_id)
    if disbursement.status in PENDING:
        cancel_pending_disbursement(grant, disbursement, actor, note.strip())
    sheet.approved_by = None
    sheet.approved_at = None
    sheet.disbursement = None
    workflow.ALLOWANCE_SHEET.fire(
        sheet,
        S.PREPARED,
        actor=actor,
        note=note.strip(),
        update_fields=["approved_by", "approved_at", "disbursement"],
        record=_record(sheet, actor, note.strip()),
    )
    return sheet


@transaction.atomic
def allowance_sheet_cancel(*, actor, sheet: AllowanceSheet, note: str) -> AllowanceSheet:
    """Cancel a prepared sheet (prepared by mistake: a wrong grant, a month settled another
    way), with the reason. Nothing was reserved on a prepared sheet, so no money moves;
    the sheet and its lines stay for the record, and the month can be prepared again."""
    _require_staff(actor)
    if not (note or "").strip():
        raise ValidationError({"note": _("Give a reason; it is kept in the history.")})
    sheet = AllowanceSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status != S.PREPARED:
        raise ValidationError(
            _("Only a prepared sheet can be cancelled; this one is %(status)s.")
            % {"status": sheet.get_status_display()}
        )
    workflow.ALLOWANCE_SHEET.fire(
        sheet,
        S.CANCELLED,
        actor=actor,
        note=note.strip(),
        record=_record(sheet, actor, note.strip()),
    )
    return sheet
