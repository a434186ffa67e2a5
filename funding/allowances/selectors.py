"""Reads of allowance sheets, scoped to the user: staff and officials see every sheet;
a collaborator sees only their own lines of approved and paid sheets; no one else sees
anything."""

import datetime as dt

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_collaborator
from collaborators.models import RosterMembership
from collaborators.selectors import roster_in_force

from ..selectors import can_view_money
from .models import AllowanceLine, AllowanceSheet, SheetStatus


def sheet_list_visible_to(user) -> QuerySet[AllowanceSheet]:
    if not can_view_money(user):
        return AllowanceSheet.objects.none()
    return (
        AllowanceSheet.objects.select_related("grant__project", "prepared_by", "approved_by")
        .annotate(line_count=Count("lines"))
        .order_by("-month")
    )


def sheet_get_visible(user, pk: int) -> AllowanceSheet:
    if not can_view_money(user):
        raise Http404
    return get_object_or_404(
        AllowanceSheet.objects.select_related(
            "grant__project",
            "grant__allocation",
            "roster",
            "prepared_by",
            "approved_by",
            "paid_by",
            "disbursement",
        ),
        pk=pk,
    )


def sheet_lines(sheet: AllowanceSheet) -> QuerySet[AllowanceLine]:
    return sheet.lines.select_related("collaborator", "rule").order_by(
        "collaborator__full_name", "pk"
    )


def line_get_visible(user, sheet_pk: int, pk: int) -> AllowanceLine:
    sheet = sheet_get_visible(user, sheet_pk)
    return get_object_or_404(sheet_lines(sheet), pk=pk)


def my_allowance_lines(user) -> QuerySet[AllowanceLine]:
    """A collaborator's own lines, once a second person has approved the sheet."""
    if not is_collaborator(user):
        return AllowanceLine.objects.none()
    return (
        AllowanceLine.objects.filter(
            collaborator__user=user, sheet__status__in=(SheetStatus.APPROVED, SheetStatus.PAID)
        )
        .select_related("sheet")
        .order_by("-sheet__month", "pk")
    )


def allowance_by_month(project) -> list[dict]:
    """What the project paid in allowances, month by month (paid sheets only)."""
    return list(
        AllowanceSheet.objects.filter(grant__project=project, status=SheetStatus.PAID)
        .order_by("month")
        .values("pk", "month", "total_vnd", "paid_on", "voucher")
        .annotate(collaborators=Count("lines"))
    )


def network_cost(year: int) -> dict:
    """The network's cost in a year: allowances paid, the communes covered by the roster
    in force at the year's end (or today), and the cost per covered commune."""
    paid = AllowanceSheet.objects.filter(month__year=year, status=SheetStatus.PAID).aggregate(
        total=Sum("total_vnd"), months=Count("pk")
    )
    roster = roster_in_force(on=dt.date(year, 12, 31))
    communes = 0
    if roster is not None and roster.year == year:
        communes = (
            RosterMembership.communes.through.objects.filter(rostermembership__roster=roster)
            .values("adminunit_id")
            .distinct()
            .count()
        )
    total = paid["total"] or 0
    return {
        "year": year,
        "paid_vnd": total,
        "months": paid["months"],
        "communes": communes,
        "per_commune_vnd": total // communes if communes else None,
    }
