"""Reads of public money, scoped to the user: staff and officials see the money; no one
else does (a collaborator sees projects of their area, not their payments)."""

import datetime as dt

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.roles import is_center_staff, is_official
from projects.models import (
    Acceptance,
    AcceptanceResult,
    DocumentKind,
    Project,
    ProjectDocument,
    ProjectStatus,
)
from projects.selectors import project_get_visible

from .models import Allocation, Disbursement, Grant, GrantStatus, SupportRule

SETTLEMENT_DUE_DAYS = 15  # TT 36/2013 Art. 18: the dossier within 15 days of acceptance
OVERDUE_COUNT_CAP = 100


def can_view_money(user) -> bool:
    return is_center_staff(user) or is_official(user)


def _require_money_reader(user) -> None:
    if not can_view_money(user):
        raise Http404


def refund_due_expression():
    """Money paid beyond what the state finally owes, per grant, in SQL."""
    money = BigIntegerField()
    ceiling = Case(
        When(status=GrantStatus.CANCELLED, then=Value(0)),
        When(status=GrantStatus.SETTLED, then=Coalesce(F("settled_vnd"), Value(0))),
        default=F("amount_vnd"),
        output_field=money,
    )
    return Greatest(
        ExpressionWrapper(F("paid_vnd") - F("refunded_vnd") - ceiling, output_field=money),
        Value(0, output_field=money),
        output_field=money,
    )


def _ledger_sums() -> dict:
    def total(field):
        return Coalesce(Sum(field), Value(0))

    return {
        "granted": total("amount_vnd"),
        "paid": total("paid_vnd"),
        "refunded": total("refunded_vnd"),
        "grant_count": Count("pk"),
    }


def allocation_ledger(user) -> QuerySet[Allocation]:
    """Every allocation with its ledger: allocated, committed, paid, refunded, available
    — the running totals the services keep on each allocation, no sum over grants."""
    _require_money_reader(user)
    return Allocation.objects.order_by("-year", "fund_source")


def allocation_get_visible(user, pk: int) -> Allocation:
    _require_money_reader(user)
    return get_object_or_404(Allocation.objects.all(), pk=pk)


def grants_of(allocation: Allocation) -> QuerySet[Grant]:
    return (
        allocation.grants.select_related("project", "rule")
        .annotate(refund_due=refund_due_expression())
        .order_by("project__code")
    )


def grant_totals(allocation: Allocation) -> dict:
    totals = allocation.grants.aggregate(
        **_ledger_sums(),
        committed=Coalesce(Sum("committed_vnd"), Value(0)),
        refund_due=Coalesce(Sum(refund_due_expression()), Value(0)),
    )
    totals["net_paid"] = totals["paid"] - totals["refunded"]
    totals["to_pay"] = totals["committed"] - totals["net_paid"]
    return totals


def project_money_get(user, pk: int) -> Project:
    """The project behind a money tab: visible to the user and a money reader."""
    _require_money_reader(user)
    return project_get_visible(user, pk)


def grant_of(project: Project) -> Grant | None:
    return (
        Grant.objects.select_related("allocation", "rule", "plan")
        .annotate(refund_due=refund_due_expression())
        .filter(project=project)
        .first()
    )


def rule_list(user) -> QuerySet[SupportRule]:
    _require_money_reader(user)
    return SupportRule.objects.annotate(grant_count=Count("grants")).order_by(
        "fund_source", "content_type", "-valid_from", "pk"
    )


def rule_get_visible(user, pk: int) -> SupportRule:
    _require_money_reader(user)
    return get_object_or_404(SupportRule, pk=pk)


def overdue_settlements(today: dt.date | None = None) -> QuerySet[Project]:
    """Accepted projects whose (last passed) acceptance is more than 15 days old and
    that still have no settlement papers."""
    today = today or timezone.localdate()
    last_acceptance = (
        Acceptance.objects.filter(
            project=OuterRef("pk"),
            result__in=(AcceptanceResult.PASSED, AcceptanceResult.CONDITIONAL),
        )
        .order_by()
        .values("project")
        .annotate(last=Max("accepted_on"))
        .values("last")
    )
    papers = ProjectDocument.objects.filter(project=OuterRef("pk"), kind=DocumentKind.SETTLEMENT)
    return (
        Project.objects.filter(status=ProjectStatus.ACCEPTED)
        .annotate(accepted_on=Subquery(last_acceptance), has_papers=Exists(papers))
        .filter(
            Q(accepted_on__lt=today - dt.timedelta(days=SETTLEMENT_DUE_DAYS)),
            has_papers=False,
        )
        .select_related("grant")
        .order_by("accepted_on", "code")
    )


def overdue_settlements_visible_to(user) -> QuerySet[Project]:
    _require_money_reader(user)
    return overdue_settlements()


def overdue_settlement_count(user) -> int:
    """How many settlements are overdue, counted no further than OVERDUE_COUNT_CAP + 1
    (a COUNT over a LIMITed subquery): the ledger's warning says "more than 100" past
    that, and costs the same whatever the province's backlog."""
    _require_money_reader(user)
    return overdue_settlements().order_by()[: OVERDUE_COUNT_CAP + 1].count()


def refunds_due(user) -> QuerySet[Grant]:
    """Grants with money to come back (cancelled projects paid, settlements below paid)."""
    _require_money_reader(user)
    return (
        Grant.objects.annotate(refund_due=refund_due_expression())
        .filter(refund_due__gt=0)
        .select_related("project")
        .order_by("project__code")
    )


def disbursement_get_for_project(project: Project, disbursement_id: int) -> Disbursement:
    """A payment of a project read through `project_money_get` (404 if another's)."""
    return get_object_or_404(
        Disbursement.objects.select_related("grant"), pk=disbursement_id, grant__project=project
    )
