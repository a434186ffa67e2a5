"""Reads about collaborators: rosters in force, areas, visits, monthly reports."""

import datetime as dt

from django.db.models import Count, Prefetch, QuerySet, Subquery
from django.utils import timezone

from accounts.roles import is_center_staff
from collaborators.models import Collaborator, CollaboratorRoster, FieldVisit, RosterMembership
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


def visit_list_visible_to(user) -> QuerySet[FieldVisit]:
    qs = FieldVisit.objects.select_related("establishment__commune", "collaborator")
    if is_center_staff(user):
        return qs
    return qs.filter(collaborator__user=user)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def collaborator_month(user, *, year: int, month: int) -> dict:
    """A collaborator's month: visits made and requests submitted, for the monthly report."""
    from establishments.models import SupportRequest

    start, end = month_bounds(year, month)
    visits = visit_list_visible_to(user).filter(
        collaborator__user=user, visited_on__gte=start, visited_on__lt=end
    )
    tz = timezone.get_current_timezone()
    requests = (
        SupportRequest.objects.filter(
            submitted_by=user,
            created_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            created_at__lt=dt.datetime.combine(end, dt.time.min, tzinfo=tz),
        )
        .select_related("establishment__commune")
        .order_by("created_at")
    )
    return {"start": start, "end": end, "visits": visits, "requests": requests}
