"""Work queues, "Việc cần làm": for each role, what waits for this user to act on it.

A queue is the objects (a queryset read with what its rows show, so a page of them costs
the same number of queries whatever it holds), how one row reads and where it leads, and
where the filtered list of the app lives when there is one. `work_counts(user)` gives the
counts for the home page and the navigation; `/viec-can-lam/<key>/` lists one queue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_center_staff, is_collaborator, is_council_member, is_official
from core.formatting import format_date, format_vnd
from establishments.models import FieldVisit, RequestStatus
from establishments.selectors import (
    establishment_list_visible_to,
    support_request_list_visible_to,
)
from funding.models import Disbursement, DisbursementStatus
from funding.selectors import overdue_settlements
from products.models import SCORING_ROLES, Entry, RoundStatus, ScoreSheet
from projects.models import AnnualPlan, PlanStatus, Project, ProjectStatus
from projects.monitoring import (
    REPORT_DUE_DAY,
    overdue_progress,
    pending_acceptances,
    refused_acceptances,
)
from projects.outcomes import can_follow_up, followups_due


@dataclass(frozen=True)
class Row:
    label: str
    detail: str
    url: str


@dataclass(frozen=True)
class Queue:
    key: str
    title: str | Promise
    applies: Callable[[object], bool]
    items: Callable[[object], QuerySet | list]
    row: Callable[[object], Row]
    list_url: Callable[[], str] | None = None  # the app's own filtered list, if any


@dataclass(frozen=True)
class Count:
    queue: Queue
    count: int

    @property
    def url(self) -> str:
        return reverse("work_queue", kwargs={"key": self.queue.key})


# --- the center's staff ---------------------------------------------------------------


def _requests(user) -> QuerySet:
    return (
        support_request_list_visible_to(user)
        .filter(status__in=(RequestStatus.SUBMITTED, RequestStatus.UNDER_REVIEW))
        .select_related("establishment")
        .order_by("created_at", "pk")
    )


def _request_row(r) -> Row:
    return Row(
        r.establishment.name,
        f"{r.get_content_type_display()} · {r.get_status_display()} · {format_date(r.created_at)}",
        r.get_absolute_url(),
    )


def _returned_plans(user) -> QuerySet:
    return (
        AnnualPlan.objects.filter(status=PlanStatus.DRAFT)
        .exclude(return_note="")
        .order_by("year", "fund_source", "version")
    )


def _plan_row(plan) -> Row:
    return Row(str(plan), plan.return_note or plan.get_status_display(), plan.get_absolute_url())


def _payments(status: str, *, not_by=True):
    def items(user) -> QuerySet:
        qs = Disbursement.objects.filter(status=status).select_related("grant__project")
        if not_by:  # four eyes: never a payment the user scheduled
            qs = qs.exclude(scheduled_by=user)
        return qs.order_by("due_on", "pk")

    return items


def _payment_row(d) -> Row:
    project = d.grant.project
    return Row(
        f"{project.code} · {d.get_kind_display()} {format_vnd(d.amount_vnd)}",
        project.implementing_unit,
        reverse("funding:project_money", kwargs={"pk": project.pk}),
    )


def _project_row(detail: Callable[[Project], str]):
    def row(project) -> Row:
        return Row(f"{project.code} — {project.title}", detail(project), project.get_absolute_url())

    return row


def _to_appraise(user) -> QuerySet:
    return Project.objects.filter(status=ProjectStatus.SUBMITTED).order_by("code")


def _refused_acceptances(user) -> QuerySet:
    return refused_acceptances()


# --- the department ---------------------------------------------------------------------


def _plans_to_decide(user) -> QuerySet:
    return AnnualPlan.objects.filter(status=PlanStatus.SUBMITTED).order_by(
        "year", "fund_source", "version"
    )


def _acceptances_to_decide(user) -> QuerySet:
    return (
        pending_acceptances()
        .select_related("project")
        .order_by("accepted_on", "project__code", "pk")
    )


def _acceptance_row(a) -> Row:
    return Row(
        f"{a.project.code} — {a.project.title}",
        f"{a.minutes_number} · {a.get_result_display()} · {format_date(a.accepted_on)}",
        a.project.get_absolute_url(),
    )


# --- council members and collaborators ------------------------------------------------


def _entries_to_score(user) -> QuerySet:
    scored = ScoreSheet.objects.filter(entry=OuterRef("pk"), member__user=user)
    return (
        Entry.objects.filter(
            round__status=RoundStatus.SCORING,
            round__council__user=user,
            round__council__role__in=SCORING_ROLES,
        )
        .exclude(Exists(scored))
        .select_related("round", "product")
        .order_by("round__pk", "pk")
        .distinct()
    )


def _entry_row(e) -> Row:
    return Row(
        e.product.name,
        e.round.title,
        reverse("products:score_sheet", kwargs={"pk": e.round_id, "entry_id": e.pk}),
    )


def _followups(user) -> QuerySet:
    return followups_due(user)


def _followup_row(pair) -> Row:
    return Row(
        pair.establishment.name,
        f"{pair.project.code} · {format_date(pair.accepted_on)}",
        reverse(
            "projects:followup_record",
            kwargs={"pk": pair.project_id, "establishment_id": pair.establishment_id},
        ),
    )


def _not_visited(user) -> QuerySet:
    """Establishments of the collaborator's area nobody has visited this year."""
    year_start = timezone.localdate().replace(month=1, day=1)
    visited = FieldVisit.objects.filter(establishment=OuterRef("pk"), visited_on__gte=year_start)
    return (
        establishment_list_visible_to(user)
        .exclude(Exists(visited))
        .select_related("commune")
        .order_by("commune__name", "name", "pk")
    )


def _establishment_row(e) -> Row:
    return Row(e.name, e.commune.name, e.get_absolute_url())


def _month_report(user) -> list:
    """From the 25th, this month's report (My month) is due."""
    today = timezone.localdate()
    return [today] if today.day >= REPORT_DUE_DAY else []


def _month_row(today) -> Row:
    return Row(
        _("My month %(month)s") % {"month": f"{today:%m/%Y}"},
        _("Send it to the center before the end of the month."),
        reverse("collaborators:my_month"),
    )


QUEUES: list[Queue] = [
    Queue(
        "yeu-cau",
        _("Support requests to review"),
        is_center_staff,
        _requests,
        _request_row,
        lambda: reverse("establishments:request_list") + "?status=submitted",
    ),
    Queue(
        "ke-hoach-tra-lai",
        _("Plans returned by the department"),
        is_center_staff,
        _returned_plans,
        _plan_row,
    ),
    Queue(
        "khoan-chi-cho-duyet",
        _("Payments awaiting my approval"),
        is_center_staff,
        _payments(DisbursementStatus.SCHEDULED),
        _payment_row,
    ),
    Queue(
        "khoan-chi-cho-tra",
        _("Payments approved, to pay"),
        is_center_staff,
        _payments(DisbursementStatus.APPROVED, not_by=False),
        _payment_row,
    ),
    Queue(
        "tham-dinh",
        _("Projects to appraise"),
        is_center_staff,
        _to_appraise,
        _project_row(lambda p: p.get_content_type_display()),
        lambda: reverse("projects:list") + "?status=submitted",
    ),
    Queue(
        "nghiem-thu-bi-tu-choi",
        _("Acceptances refused by the department"),
        is_center_staff,
        _refused_acceptances,
        _project_row(lambda p: p.implementing_unit),
    ),
    Queue(
        "bao-cao-tien-do",
        _("Progress reports overdue"),
        is_center_staff,
        lambda user: overdue_progress(),
        _project_row(lambda p: p.implementing_unit),
    ),
    Queue(
        "quyet-toan-qua-han",
        _("Settlements overdue"),
        is_center_staff,
        lambda user: overdue_settlements(),
        _project_row(lambda p: format_date(p.accepted_on)),
        lambda: reverse("funding:overdue_settlements"),
    ),
    Queue(
        "ke-hoach-cho-duyet",
        _("Plans awaiting my decision"),
        is_official,
        _plans_to_decide,
        _plan_row,
    ),
    Queue(
        "nghiem-thu-cho-duyet",
        _("Acceptances to decide"),
        is_official,
        _acceptances_to_decide,
        _acceptance_row,
    ),
    Queue("cham-diem", _("Entries to score"), is_council_member, _entries_to_score, _entry_row),
    Queue(
        "ket-qua-sau-ho-tro",
        _("Results after support to record"),
        lambda user: is_collaborator(user) and can_follow_up(user),
        _followups,
        _followup_row,
        lambda: reverse("projects:followup_due"),
    ),
    Queue(
        "co-so-chua-tham",
        _("Establishments not visited this year"),
        is_collaborator,
        _not_visited,
        _establishment_row,
        lambda: reverse("collaborators:visit_create"),
    ),
    Queue("bao-cao-thang", _("Monthly report due"), is_collaborator, _month_report, _month_row),
]
BY_KEY = {queue.key: queue for queue in QUEUES}


def queues_for(user) -> list[Queue]:
    return [queue for queue in QUEUES if queue.applies(user)]


def _count(items) -> int:
    return len(items) if isinstance(items, list) else items.count()


def work_counts(user) -> list[Count]:
    """Every queue of the user's roles with its count (one query each), kept on the user
    object for the rest of the request: the home page and the navigation both ask."""
    cached = getattr(user, "_work_counts", None)
    if cached is None:
        cached = [Count(queue, _count(queue.items(user))) for queue in queues_for(user)]
        user._work_counts = cached
    return cached


def work_total(user) -> int:
    """How many things wait for the user, all queues together (for a badge)."""
    return sum(count.count for count in work_counts(user))
