"""Reads of the establishment register, always scoped to the user asking."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.roles import is_center_staff, is_collaborator, is_official
from collaborators.selectors import collaborator_area
from establishments.models import (
    ChangeProposal,
    Establishment,
    FieldVisit,
    ProposalStatus,
    Representative,
    RepresentativeStatus,
    SupportRequest,
)

# A collaborator's month, read here too by the pages and the allowance sheet.
from establishments.monthly_selectors import MonthActivity as MonthActivity
from establishments.monthly_selectors import month_bounds as month_bounds
from establishments.monthly_selectors import monthly_activity as monthly_activity
from establishments.monthly_selectors import monthly_report_of as monthly_report_of
from localities.models import AdminUnit


def establishment_list_visible_to(user, *, archived: bool = False) -> QuerySet[Establishment]:
    """Staff and officials: the whole register. A collaborator: the communes of their
    area in the roster in force. Anyone else: nothing. Merged duplicates are hidden, and
    archived records too — `archived=True` lists only those, for staff."""
    qs = Establishment.objects.filter(
        merged_into__isnull=True, archived_at__isnull=not archived
    ).select_related("commune__parent")
    if archived:
        return qs if is_center_staff(user) else qs.none()
    if is_center_staff(user) or is_official(user):
        return qs
    if is_collaborator(user):
        return qs.filter(commune__in=collaborator_area(user))
    return qs.none()


# What a row of the register's list shows.
LIST_COLUMNS = (
    "name",
    "legal_form",
    "sector",
    "tax_code",
    "verified",
    "possible_duplicate_of_id",
    "commune__name",
)


def establishment_list_rows(qs: QuerySet[Establishment]) -> QuerySet[Establishment]:
    """The columns a row of the list shows, and its commune: a narrow read, since the
    rows of a collaborator's area are all sorted before the page is cut."""
    return qs.select_related(None).select_related("commune").only(*LIST_COLUMNS)


def establishment_get_visible(user, pk: int) -> Establishment:
    """The establishment if the user may see it; 404 otherwise (never 403). Staff also
    open archived records."""
    if is_center_staff(user):
        qs = Establishment.objects.filter(merged_into__isnull=True)
    else:
        qs = establishment_list_visible_to(user)
    return get_object_or_404(
        qs.select_related(
            "commune__parent",
            "legacy_commune__parent__parent",
            "registered_by",
            "possible_duplicate_of",
            "archived_by",
        ),
        pk=pk,
    )


def establishment_filter_legacy_district(
    qs: QuerySet[Establishment], district: AdminUnit
) -> QuerySet[Establishment]:
    """Establishments of a former district: recorded there, or (with no former commune
    recorded) in a 2025 commune that absorbed one of its communes."""
    absorbed = AdminUnit.objects.filter(predecessors__old__parent=district).values("pk")
    return qs.filter(
        Q(legacy_commune__parent=district) | Q(legacy_commune__isnull=True, commune__in=absorbed)
    )


def establishment_duplicates(user) -> QuerySet[Establishment]:
    """Flagged possible duplicates, for staff to merge or clear."""
    if not is_center_staff(user):
        return Establishment.objects.none()
    return (
        Establishment.objects.filter(
            merged_into__isnull=True, possible_duplicate_of__merged_into__isnull=True
        )
        .exclude(possible_duplicate_of=None)
        .select_related("commune", "possible_duplicate_of__commune")
        .order_by("commune__name", "normalized_name")
    )


def support_request_list_visible_to(user) -> QuerySet[SupportRequest]:
    """Staff: every request. A collaborator: requests in their area, and their own."""
    qs = SupportRequest.objects.select_related("establishment__commune", "submitted_by")
    if is_center_staff(user):
        return qs
    if is_collaborator(user):
        # Their own requests stay followable after the area moves on.
        return qs.filter(
            Q(establishment__commune__in=collaborator_area(user)) | Q(submitted_by=user)
        )
    return qs.none()


def support_request_get_visible(user, pk: int) -> SupportRequest:
    return get_object_or_404(support_request_list_visible_to(user), pk=pk)


def visit_list_visible_to(user) -> QuerySet[FieldVisit]:
    qs = FieldVisit.objects.select_related("establishment__commune", "collaborator")
    if is_center_staff(user):
        return qs
    return qs.filter(collaborator__user=user)


def collaborator_month(user, *, year: int, month: int) -> dict:
    """A collaborator's month: visits made and requests submitted, for the monthly report."""
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


# --- representatives -------------------------------------------------------------


def represented_establishments(user) -> QuerySet[Establishment]:
    """The establishments this person acts for: their confirmed links, in the register
    (merged and archived records drop out). Nobody else's."""
    if not getattr(user, "is_authenticated", False):
        return Establishment.objects.none()
    return Establishment.objects.filter(
        representatives__user=user,
        representatives__status=RepresentativeStatus.CONFIRMED,
        merged_into__isnull=True,
        archived_at__isnull=True,
    ).select_related("commune__parent")


def representative_list_visible_to(user) -> QuerySet[Representative]:
    """Staff: every link. Anyone else: their own links."""
    qs = Representative.objects.select_related(
        "user", "establishment__commune", "confirmed_by", "ended_by"
    )
    if is_center_staff(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(user=user)


def representative_queue(user) -> QuerySet[Representative]:
    """Links awaiting the center's confirmation, oldest first (staff only)."""
    if not is_center_staff(user):
        return Representative.objects.none()
    return (
        representative_list_visible_to(user)
        .filter(status=RepresentativeStatus.PENDING)
        .order_by("requested_at", "id")
    )


def representative_get_visible(user, pk: int) -> Representative:
    return get_object_or_404(representative_list_visible_to(user), pk=pk)


def support_request_list_represented_by(user) -> QuerySet[SupportRequest]:
    """The requests of the establishments this person acts for (whoever submitted them)."""
    return SupportRequest.objects.filter(
        establishment__in=represented_establishments(user).values("pk")
    ).select_related("establishment__commune", "submitted_by")


def change_proposal_list_visible_to(user) -> QuerySet[ChangeProposal]:
    """Staff: every proposal. A representative: those of the establishments they act for."""
    qs = ChangeProposal.objects.select_related("establishment", "proposed_by", "decided_by")
    if is_center_staff(user):
        return qs
    return qs.filter(establishment__in=represented_establishments(user).values("pk"))


def change_proposal_queue(user) -> QuerySet[ChangeProposal]:
    """Proposed changes awaiting the center, oldest first (staff only)."""
    if not is_center_staff(user):
        return ChangeProposal.objects.none()
    return (
        change_proposal_list_visible_to(user)
        .filter(status=ProposalStatus.PENDING)
        .order_by("created_at", "id")
    )


def change_proposal_get_visible(user, pk: int) -> ChangeProposal:
    return get_object_or_404(change_proposal_list_visible_to(user), pk=pk)


def support_request_photo_get(support_request: SupportRequest, photo_id: int):
    """A photo of a request read through `support_request_get_visible` (404 if another's)."""
    return get_object_or_404(support_request.photos.all(), pk=photo_id)
