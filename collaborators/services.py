import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborators import permissions
from collaborators.models import (
    AllowanceOverride,
    AllowanceRule,
    BasicWage,
    Collaborator,
    CollaboratorRoster,
    MissingReport,
    RosterMembership,
)
from localities.models import AdminUnit
from localities.selectors import commune_list, configured_province


@transaction.atomic
def roster_approve(*, actor, roster: CollaboratorRoster) -> CollaboratorRoster:
    """Approve a roster: from 1 January of its year its communes are the areas."""
    roster = CollaboratorRoster.objects.select_for_update().get(pk=roster.pk)
    if not permissions.can_approve_roster(actor, roster):
        raise PermissionDenied
    if CollaboratorRoster.objects.filter(year=roster.year, approved_at__isnull=False).exists():
        raise ValidationError(
            _("A roster for %(year)s is already approved.") % {"year": roster.year}
        )
    if not roster.memberships.exists():
        raise ValidationError(_("Add at least one collaborator before approving."))
    roster.approved_at = timezone.now()
    roster.approved_by = actor
    roster.save(update_fields=["approved_at", "approved_by"])
    return roster


def _require_roster_manager(actor) -> None:
    if not permissions.can_manage_rosters(actor):
        raise PermissionDenied


@transaction.atomic
def collaborator_save(*, actor, collaborator: Collaborator) -> Collaborator:
    """Add or edit a collaborator of the register (name, phone, workplace, login)."""
    _require_roster_manager(actor)
    collaborator.full_clean()
    collaborator.save()
    return collaborator


def _lock_draft(roster_pk: int) -> CollaboratorRoster:
    roster = CollaboratorRoster.objects.select_for_update().get(pk=roster_pk)
    if roster.is_approved:
        raise ValidationError(_("An approved roster is in force; it cannot be changed."))
    return roster


@transaction.atomic
def roster_save(*, actor, roster: CollaboratorRoster) -> CollaboratorRoster:
    """Prepare a draft roster (its decision). Only `roster_approve` approves it, and an
    approved roster no longer changes: its communes are the collaborators' areas."""
    _require_roster_manager(actor)
    if roster.pk is not None:
        _lock_draft(roster.pk)
    roster.approved_at = None
    roster.approved_by = None
    roster.full_clean()
    roster.save()
    return roster


@transaction.atomic
def roster_membership_save(
    *, actor, membership: RosterMembership, communes: Iterable[AdminUnit]
) -> RosterMembership:
    """Name a collaborator and their communes on a draft roster."""
    _require_roster_manager(actor)
    _lock_draft(membership.roster_id)
    communes = list(communes)
    ours = set(
        commune_list(province=configured_province())
        .filter(pk__in=[c.pk for c in communes])
        .values_list("pk", flat=True)
    )
    if any(c.pk not in ours for c in communes):
        raise ValidationError({"communes": _("Choose communes of the province.")})
    membership.full_clean()
    membership.save()
    membership.communes.set(communes)
    return membership


@transaction.atomic
def roster_membership_remove(*, actor, membership: RosterMembership) -> None:
    _require_roster_manager(actor)
    _lock_draft(membership.roster_id)
    membership.delete()


@transaction.atomic
def basic_wage_save(*, actor, wage: BasicWage) -> BasicWage:
    """Record the basic wage a decree sets from a date (or correct one). Sheets already
    prepared keep the amounts they were computed with until they are recomputed."""
    if not permissions.can_manage_allowances(actor):
        raise PermissionDenied
    wage.legal_basis = (wage.legal_basis or "").strip()
    wage.full_clean()
    wage._change_reason = _("Edited by %(user)s") % {"user": actor.display_name}
    wage.save()
    return wage


@transaction.atomic
def allowance_rule_save(*, actor, rule: AllowanceRule) -> AllowanceRule:
    """Add or edit an allowance rule."""
    if not permissions.can_manage_allowances(actor):
        raise PermissionDenied
    rule.legal_basis = (rule.legal_basis or "").strip()
    if rule.missing_report != MissingReport.PRORATED:
        rule.missing_report_percent = None
    rule.full_clean()
    rule._change_reason = _("Edited by %(user)s") % {"user": actor.display_name}
    rule.save()
    return rule


@transaction.atomic
def allowance_override_set(
    *, actor, membership: RosterMembership, month: dt.date, amount_vnd: int, reason: str
) -> AllowanceOverride:
    """Set a membership's allowance for one month by hand, with the reason."""
    if not permissions.can_manage_allowances(actor):
        raise PermissionDenied
    month = month.replace(day=1)
    if month.year != membership.roster.year:
        raise ValidationError(
            _("%(month)s is outside the roster's year %(year)s.")
            % {"month": f"{month:%m/%Y}", "year": membership.roster.year}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason; it is kept with the amount.")})
    if amount_vnd is None or amount_vnd < 0:
        raise ValidationError({"amount_vnd": _("Amounts cannot be negative.")})
    override = (
        AllowanceOverride.objects.select_for_update()
        .filter(membership=membership, month=month)
        .first()
    ) or AllowanceOverride(membership=membership, month=month)
    override.amount_vnd = int(amount_vnd)
    override.reason = reason.strip()
    override.set_by = actor
    override.full_clean()
    override.save()
    return override
