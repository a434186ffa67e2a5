"""Reads of collaborators' monthly reports and the activity of their month (re-exported
by `establishments.selectors`)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from establishments.models import FieldVisit, MonthlyReport, ReportStatus, SupportRequest


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1)
    return start, end


@dataclass(frozen=True)
class MonthActivity:
    """A collaborator's month as the allowance sheet reads it."""

    status: str
    submitted_at: dt.datetime | None
    visits: int
    requests: int


def monthly_activity(collaborators: Iterable, *, year: int, month: int) -> dict[int, MonthActivity]:
    """For each collaborator (by id): whether the month's report was sent on time, late
    or not at all, and the visits and requests recorded in the month. Three queries."""
    collaborators = list(collaborators)
    ids = [c.pk for c in collaborators]
    start, end = month_bounds(year, month)
    reports = {
        r.collaborator_id: r
        for r in MonthlyReport.objects.filter(collaborator_id__in=ids, month=start)
    }
    visits = dict(
        FieldVisit.objects.filter(
            collaborator_id__in=ids, visited_on__gte=start, visited_on__lt=end
        )
        .order_by()
        .values("collaborator_id")
        .annotate(n=Count("pk"))
        .values_list("collaborator_id", "n")
    )
    tz = timezone.get_current_timezone()
    users = {c.user_id: c.pk for c in collaborators}
    requests = {
        users[user_id]: n
        for user_id, n in SupportRequest.objects.filter(
            submitted_by_id__in=list(users),
            created_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            created_at__lt=dt.datetime.combine(end, dt.time.min, tzinfo=tz),
        )
        .order_by()
        .values("submitted_by_id")
        .annotate(n=Count("pk"))
        .values_list("submitted_by_id", "n")
    }
    result = {}
    for pk in ids:
        report = reports.get(pk)
        if report is None:
            status = ReportStatus.MISSING
        elif timezone.localdate(report.submitted_at) <= report.due_on:
            status = ReportStatus.ON_TIME
        else:
            status = ReportStatus.LATE
        result[pk] = MonthActivity(
            status,
            report.submitted_at if report else None,
            visits.get(pk, 0),
            requests.get(pk, 0),
        )
    return result


def monthly_report_of(user, *, year: int, month: int) -> MonthlyReport | None:
    return MonthlyReport.objects.filter(
        collaborator__user=user, month=dt.date(year, month, 1)
    ).first()
