"""Reads of the annual plan pages and the official's inbox, scoped to the user: staff and
officials see every plan (`projects.selectors.plan_list_visible_to`); what only staff may
change is read through the `*_for_staff` selectors, which answer 404 to anyone else."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.roles import Role, is_center_staff, is_official
from projects.models import (
    AnnualPlan,
    Appraisal,
    PlanItem,
    PlanStatus,
    Project,
    ProjectStatus,
)
from projects.monitoring import projects_awaiting_acceptance
from projects.selectors import plan_list_visible_to, project_list_visible_to, with_totals

PLAN_PAGE_SIZE = 50
INBOX_SHOWN = 30


def plan_list_with_totals(user) -> QuerySet[AnnualPlan]:
    """The plans the user sees, each with its number of projects and total."""
    return plan_list_visible_to(user).annotate(
        project_count=Count("items"), total=Sum("items__amount_vnd")
    )


def plan_get_for_page(user, pk: int) -> AnnualPlan:
    return get_object_or_404(plan_list_visible_to(user).select_related("approved_by"), pk=pk)


def plan_get_for_staff(user, pk: int) -> AnnualPlan:
    """A plan the center edits: 404 for anyone but center staff."""
    if not is_center_staff(user):
        raise Http404
    return get_object_or_404(plan_list_visible_to(user), pk=pk)


def plan_get_for_official(user, pk: int) -> AnnualPlan:
    """A plan the department decides on: 404 for anyone but an official."""
    if not is_official(user):
        raise Http404
    return get_object_or_404(plan_list_visible_to(user), pk=pk)


def plan_item_get(plan: AnnualPlan, item_id: int) -> PlanItem:
    """An item of a plan read through a scoped selector (404 if it is another plan's)."""
    return get_object_or_404(plan.items.select_related("project"), pk=item_id)


def plan_item_totals(plan: AnnualPlan) -> dict:
    """How many projects a plan holds and their state support (`count`, `total`)."""
    return plan.items.aggregate(total=Sum("amount_vnd"), count=Count("pk"))


def plan_project_get(user, project_id: int) -> Project:
    """A project the user sees, to put in a plan (the service says whether it may go)."""
    return get_object_or_404(project_list_visible_to(user), pk=project_id)


def plan_candidates(user, plan: AnnualPlan) -> QuerySet[Project] | None:
    """Appraised projects of the plan's year and fund source, for staff editing a draft;
    None when there is nothing to add them to."""
    if not is_center_staff(user) or plan.status != PlanStatus.DRAFT:
        return None
    return with_totals(
        project_list_visible_to(user).filter(
            status=ProjectStatus.APPRAISED, plan_year=plan.year, fund_source=plan.fund_source
        )
    ).order_by("code")


@dataclass
class PlanItems:
    items: list[PlanItem]
    page: Page | None
    count: int
    total: int


def plan_items_page(plan: AnnualPlan, page_number: str | None) -> PlanItems:
    """A page of fifty of the plan's items (a province's plan may hold a thousand), or
    all of them for `page_number == "all"` (the dossier to print), with their projects and
    appraisals. The page's items are chosen on the plan's own rows (the project code
    looked up per item: joining first makes PostgreSQL walk the whole code index), then
    read with their projects."""
    totals = plan.items.aggregate(total=Sum("amount_vnd"), count=Count("pk"))
    # Without the projects' own ordering: a sort per item otherwise.
    by_code = Subquery(
        Project.objects.filter(pk=OuterRef("project_id")).order_by().values("code")[:1]
    )
    ids = plan.items.order_by(by_code, "pk").values_list("pk", flat=True)
    page = None
    if page_number != "all":
        paginator = Paginator(ids, PLAN_PAGE_SIZE)
        paginator.count = totals["count"]  # counted above with the total
        page = paginator.get_page(page_number)
        ids = list(page.object_list)
    rows = (
        PlanItem.objects.filter(pk__in=ids)
        .select_related("project")
        .only("plan_id", "amount_vnd", "project__code", "project__title", "project__status")
        .prefetch_related(
            # Into a list, not the projects' managers: a manager and a queryset per row
            # cost more than the rows themselves.
            Prefetch(
                "project__appraisals",
                queryset=Appraisal.objects.order_by("-appraised_on", "-pk"),
                to_attr="appraisals_newest_first",
            )
        )
    )
    by_pk = {item.pk: item for item in rows}
    for item in by_pk.values():  # the dossier shows each project's latest appraisal
        newest = item.project.appraisals_newest_first
        item.appraisal = newest[0] if newest else None
    return PlanItems(
        items=[by_pk[pk] for pk in ids],
        page=page,
        count=totals["count"],
        total=totals["total"] or 0,
    )


def plan_versions(user, plan: AnnualPlan) -> list[AnnualPlan]:
    """Every version of the plan's year and fund source, oldest first."""
    return list(
        plan_list_visible_to(user)
        .filter(year=plan.year, fund_source=plan.fund_source)
        .order_by("version")
    )


def plan_events(plan: AnnualPlan):
    return plan.events.select_related("actor")


@dataclass
class Inbox:
    plans: QuerySet[AnnualPlan]
    acceptances: list[Project]
    acceptance_count: int
    officials: list[str]


def official_inbox(user) -> Inbox:
    """What awaits the department's decision, and who else may act on it (404 for
    anyone but an official)."""
    if not is_official(user):
        raise Http404
    officials = list(
        User.objects.filter(groups__name=Role.OFFICIAL, is_active=True)
        .exclude(pk=user.pk)
        .order_by("full_name")
        .values_list("full_name", flat=True)
    )
    waiting = (
        plan_list_with_totals(user)
        .filter(status=PlanStatus.SUBMITTED)
        .order_by("year", "fund_source", "version")
    )
    # Acceptances to decide: a passed one is recorded and the department has not refused it.
    awaiting = projects_awaiting_acceptance(project_list_visible_to(user))
    acceptances = list(awaiting.order_by("code").only("pk", "code", "title")[:INBOX_SHOWN])
    count = len(acceptances) if len(acceptances) < INBOX_SHOWN else awaiting.count()
    return Inbox(
        plans=waiting, acceptances=acceptances, acceptance_count=count, officials=officials
    )
