"""Representative links: a person who acts for an establishment in its own portal.

A person signing in with the national identity asks for a link (`representative_request`):
confirmed at once when the provider's facts matched the register exactly (a tax code, a
household owner's identity number), otherwise pending until center staff confirm it.
Staff confirm, refuse and end links; staff may also link a person themselves. The
`establishment_user` role follows the live links: held while at least one link is
confirmed.
"""

import re
from collections.abc import Mapping

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, forget_roles, is_center_staff
from establishments.models import (
    LIVE_STATUSES,
    Establishment,
    LinkedVia,
    Representative,
    RepresentativeEvent,
    RepresentativeStatus,
)
from establishments.workflow import REPRESENTATIVE_WORKFLOW, VIA_EXACT_MATCH

R = RepresentativeStatus


def _digits(value) -> str:
    return re.sub(r"[\s.]", "", str(value or "")).strip()


def establishment_candidates(
    *, tax_code: str | None = None, identity_number: str | None = None
) -> QuerySet[Establishment]:
    """Establishments of the register that match the identity provider's facts exactly:
    the tax code of an enterprise or cooperative (branches "-001" included when asked
    by their full code), the identity number of a household business owner. Merged
    and archived records never match."""
    tax_code = _digits(tax_code)
    identity_number = _digits(identity_number)
    match = Q(pk__in=[])
    if tax_code:
        match |= Q(tax_code=tax_code)
    if identity_number:
        match |= Q(owner_identity_number=identity_number)
    return (
        Establishment.objects.filter(match, merged_into__isnull=True, archived_at__isnull=True)
        .select_related("commune")
        .order_by("normalized_name", "id")
    )


def _record(representative: Representative, actor, note: str = ""):
    def write(previous: str, new: str) -> None:
        RepresentativeEvent.objects.create(
            representative=representative,
            from_status=previous,
            to_status=new,
            actor=actor,
            note=note,
        )

    return write


def _sync_role(user) -> None:
    """Give or take the establishment_user role so that it follows the confirmed links."""
    group = Group.objects.get(name=Role.ESTABLISHMENT_USER)
    confirmed = Representative.objects.filter(user=user, status=R.CONFIRMED).exists()
    if confirmed:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    forget_roles([user])


@transaction.atomic
def representative_request(
    *, user, establishment: Establishment, via: str, facts: Mapping, exact: bool
) -> Representative:
    """The person `user` asks to act for `establishment`. With `exact` (the provider's
    tax code or identity number is the establishment's), the link is confirmed at once;
    otherwise it waits for the center. Asking again for a live link returns it (and
    confirms a pending one that now matches exactly)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied
    if via not in LinkedVia.values:
        raise ValueError(f"unknown link channel {via!r}")
    establishment = Establishment.objects.select_for_update().get(pk=establishment.pk)
    if establishment.archived_at is not None or establishment.merged_into_id is not None:
        raise ValidationError(_("This establishment is no longer in the register."))
    if (
        exact
        and not establishment_candidates(
            tax_code=facts.get("tax_code"), identity_number=facts.get("identity_number")
        )
        .filter(pk=establishment.pk)
        .exists()
    ):
        # "Exact" is a claim about the facts: the register must agree.
        exact = False
    representative = (
        Representative.objects.select_for_update()
        .filter(user=user, establishment=establishment, status__in=LIVE_STATUSES)
        .first()
    )
    if representative is None:
        representative = Representative(
            user=user,
            establishment=establishment,
            linked_via=via,
            facts=dict(facts),
            exact_match=exact,
        )
        representative.full_clean()
        representative.save()
        RepresentativeEvent.objects.create(
            representative=representative, from_status="", to_status=R.PENDING, actor=user
        )
    elif representative.status == R.PENDING:
        representative.facts = dict(facts)
        representative.exact_match = exact
        representative.save(update_fields=["facts", "exact_match"])
    if exact and representative.status == R.PENDING:
        representative.confirmed_at = timezone.now()
        REPRESENTATIVE_WORKFLOW.fire(
            representative,
            R.CONFIRMED,
            actor=user,
            via=VIA_EXACT_MATCH,
            by_portal=True,
            update_fields=["confirmed_at"],
            record=_record(representative, user, _("The identity matched the register.")),
        )
        _sync_role(user)
    return representative


@transaction.atomic
def representative_link(*, actor, user, establishment: Establishment) -> Representative:
    """Center staff link a person to an establishment themselves (confirmed at once)."""
    if not is_center_staff(actor):
        raise PermissionDenied
    representative = representative_request(
        user=user, establishment=establishment, via=LinkedVia.STAFF, facts={}, exact=False
    )
    if representative.status == R.PENDING:
        representative = representative_confirm(representative, by=actor)
    return representative


def _locked(representative: Representative) -> Representative:
    return (
        Representative.objects.select_for_update().select_related("user").get(pk=representative.pk)
    )


@transaction.atomic
def representative_confirm(representative: Representative, *, by) -> Representative:
    """Center staff confirm a pending link: the person then acts for the establishment."""
    if not is_center_staff(by):
        raise PermissionDenied
    representative = _locked(representative)
    representative.confirmed_by = by
    representative.confirmed_at = timezone.now()
    REPRESENTATIVE_WORKFLOW.fire(
        representative,
        R.CONFIRMED,
        actor=by,
        update_fields=["confirmed_by", "confirmed_at"],
        record=_record(representative, by),
    )
    _sync_role(representative.user)
    return representative


@transaction.atomic
def representative_end(representative: Representative, *, by, reason: str) -> Representative:
    """Center staff end a link (or refuse a pending one), saying why; the person loses
    the role once no confirmed link is left."""
    if not is_center_staff(by):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the link ends.")})
    representative = _locked(representative)
    representative.ended_by = by
    representative.ended_at = timezone.now()
    representative.end_reason = reason[:500]
    representative._change_reason = reason[:100]
    REPRESENTATIVE_WORKFLOW.fire(
        representative,
        R.ENDED,
        actor=by,
        note=reason,
        update_fields=["ended_by", "ended_at", "end_reason"],
        record=_record(representative, by, reason),
    )
    _sync_role(representative.user)
    return representative
