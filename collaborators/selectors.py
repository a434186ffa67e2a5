"""Reads about collaborators: rosters in force and their areas."""

import datetime as dt

from django.db.models import Count, Prefetch, QuerySet, Subquery
from django.utils import timezone

from accounts.roles import is_center_staff
from collaborators.models import Collaborator, CollaboratorRoster, RosterMembership
from localities.models import AdminUnit


def _today() -> dt.date:
    return timezone.localdate()


def roster_in_force_qs(on: dt.date | None = None) -> QuerySet[CollaboratorRoster]:
    """The approved roster of the latest year that has begun, as a one-row queryset."""
    year = (on or _today()).year
    return CollaboratorRoster.objects.filter(approved_at__isnull=False, year__lte=year).order_by(
        "-year"
    )[:1]


def roster_in_force(on: dt.date | None = None) -> CollaboratorRoster | None:
    return roster_in_force_qs(on).first()


def collaborator_area(user, *, on: dt.date | None = None) -> QuerySet[AdminUnit]:
    """Communes of the user's membership in the roster in force. Lazy: one subquery."""
    return AdminUnit.objects.filter(
        roster_memberships__collaborator__user=user,
        roster_memberships__roster__in=Subquery(roster_in_force_qs(on).values("pk")),
    )


def collaborator_for(user) -> Collaborator | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Collaborator.objects.filter(user=user).first()


def roster_list_visible_to(user) -> QuerySet[CollaboratorRoster]:
    if not is_center_staff(user):
        return CollaboratorRoster.objects.none()
    return CollaboratorRoster.objects.annotate(member_count=Count("memberships")).order_by(
        "-year", "-decision_date"
    )


def roster_memberships(roster: CollaboratorRoster) -> QuerySet[RosterMembership]:
    return (
        roster.memberships.select_related("collaborator")
        .prefetch_related(Prefetch("communes", queryset=AdminUnit.objects.order_by("name")))
        .order_by("collaborator__full_name")
    )


def roster_uncovered_communes(roster: CollaboratorRoster, province: AdminUnit):
    """Communes of the province that no member of this roster covers."""
    covered = RosterMembership.communes.through.objects.filter(
        rostermembership__roster=roster
    ).values("adminunit_id")
    return (
        AdminUnit.objects.filter(parent=province, level="commune", era="2025")
        .exclude(pk__in=covered)
        .order_by("name")
    )
