"""The department official's inbox: what awaits their decision."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import User
from accounts.roles import Role, is_official
from projects.models import AnnualPlan, PlanStatus, Project
from projects.monitoring import pending_acceptances

INBOX_SHOWN = 30


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """What awaits the department's decision, and who else may act on it."""
    if not is_official(request.user):
        raise Http404

    officials = list(
        User.objects.filter(groups__name=Role.OFFICIAL, is_active=True)
        .exclude(pk=request.user.pk)
        .order_by("full_name")
        .values_list("full_name", flat=True)
    )
    waiting_plans = (
        AnnualPlan.objects.filter(status=PlanStatus.SUBMITTED)
        .annotate(project_count=Count("items"), total=Sum("items__amount_vnd"))
        .order_by("year", "fund_source", "version")
    )
    # Acceptances to decide: a passed one is recorded and the department has not refused it.
    awaiting = Project.objects.filter(pk__in=pending_acceptances().values("project_id"))
    acceptances = list(awaiting.order_by("code").only("pk", "code", "title")[:INBOX_SHOWN])
    acceptance_count = len(acceptances) if len(acceptances) < INBOX_SHOWN else awaiting.count()
    return render(
        request,
        "projects/inbox.html",
        {
            "plans": waiting_plans,
            "acceptances": acceptances,
            "acceptance_count": acceptance_count,
            "officials": officials,
        },
    )
