"""Pages of the annual plan and the official's inbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.roles import Role, is_center_staff, is_official
from core.panels import render_sections
from funding import plans
from projects.forms import ApproveForm, PlanCreateForm, PlanItemForm
from projects.models import (
    AnnualPlan,
    Appraisal,
    PlanItem,
    PlanStatus,
    Project,
    ProjectStatus,
)
from projects.selectors import plan_list_visible_to, with_totals

PLAN_PAGE_SIZE = 50
CHANGES_SHOWN = 25
INBOX_SHOWN = 30


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    if not (is_center_staff(request.user) or is_official(request.user)):
        raise Http404
    rows = plan_list_visible_to(request.user).annotate(
        project_count=Count("items"), total=Sum("items__amount_vnd")
    )
    return render(
        request,
        "projects/plan_list.html",
        {"plans": rows, "form": PlanCreateForm() if is_center_staff(request.user) else None},
    )


@login_required
@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    if not is_center_staff(request.user):
        raise Http404
    form = PlanCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year and a fund source."))
        return redirect("projects:plan_list")
    try:
        plan = plans.plan_create(actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        _refusal(request, error)
        return redirect("projects:plan_list")
    return redirect(plan)


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(
        plan_list_visible_to(request.user).select_related("approved_by"), pk=pk
    )
    # The appraisal summaries are part of the plan dossier the department reads.
    totals = plan.items.aggregate(total=Sum("amount_vnd"), count=Count("pk"))
    # A province's plan may hold a thousand projects: the page shows them fifty at a
    # time; "the whole dossier" (?page=all) is there to print. The page's items are chosen
    # on the plan's own rows (the project code looked up per item: joining first makes
    # PostgreSQL walk the whole code index), then read with their projects.
    by_code = Subquery(Project.objects.filter(pk=OuterRef("project_id")).values("code")[:1])
    ids = plan.items.order_by(by_code, "pk").values_list("pk", flat=True)
    page = None
    if request.GET.get("page") != "all":
        paginator = Paginator(ids, PLAN_PAGE_SIZE)
        paginator.count = totals["count"]  # counted above with the total
        page = paginator.get_page(request.GET.get("page"))
        ids = list(page.object_list)
    rows = (
        PlanItem.objects.filter(pk__in=ids)
        .select_related("project")
        .only("plan_id", "amount_vnd", "project__code", "project__title", "project__status")
        .prefetch_related(
            Prefetch("project__appraisals", queryset=Appraisal.objects.order_by("-appraised_on"))
        )
    )
    by_pk = {item.pk: item for item in rows}
    items = [by_pk[pk] for pk in ids]
    staff = is_center_staff(request.user)
    candidates = None
    if staff and plan.status == PlanStatus.DRAFT:
        candidates = with_totals(
            Project.objects.filter(
                status=ProjectStatus.APPRAISED, plan_year=plan.year, fund_source=plan.fund_source
            )
        ).order_by("code")
    versions = list(
        AnnualPlan.objects.filter(year=plan.year, fund_source=plan.fund_source).order_by("version")
    )
    earlier = [v for v in versions if v.version < plan.version]
    changes, change_count = plans.plan_changes(
        plan,
        previous=earlier[-1] if earlier else None,
        first=None if page is None else CHANGES_SHOWN,
    )
    return render(
        request,
        "projects/plan_detail.html",
        {
            "plan": plan,
            "sections": render_sections("projects:plan_detail", request, plan),
            "items": items,
            "page": page,
            "item_count": totals["count"],
            "total": totals["total"] or 0,
            "candidates": candidates,
            "versions": versions,
            "changes": changes,
            "change_count": change_count,
            "events": plan.events.select_related("actor"),
            "is_staff": staff,
            "can_decide": is_official(request.user) and plan.status == PlanStatus.SUBMITTED,
            "can_adjust": staff
            and plan.status == PlanStatus.APPROVED
            and plan.version == versions[-1].version,
            "approve_form": ApproveForm(),
        },
    )


def _staff_plan_action(request: HttpRequest, pk: int, action) -> HttpResponse:
    if not is_center_staff(request.user):
        raise Http404
    plan = get_object_or_404(AnnualPlan, pk=pk)
    try:
        result = action(plan)
    except ValidationError as error:
        _refusal(request, error)
        return redirect(plan)
    return redirect(result if isinstance(result, AnnualPlan) else plan)


@login_required
@require_POST
def plan_add_item(request: HttpRequest, pk: int) -> HttpResponse:
    form = PlanItemForm(request.POST)

    def add(plan):
        if not form.is_valid():
            raise ValidationError(_("Choose a project."))
        project = get_object_or_404(Project, pk=form.cleaned_data["project"])
        return plans.plan_add_item(
            actor=request.user,
            plan=plan,
            project=project,
            amount_vnd=form.cleaned_data["amount_vnd"],
        )

    return _staff_plan_action(request, pk, add)


@login_required
@require_POST
def plan_remove_item(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    def remove(plan):
        plans.plan_remove_item(
            actor=request.user, item=get_object_or_404(PlanItem, pk=item_id, plan=plan)
        )

    return _staff_plan_action(request, pk, remove)


@login_required
@require_POST
def plan_change_amount(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    form = PlanItemForm(request.POST)

    def change(plan):
        if not form.is_valid() or form.cleaned_data["amount_vnd"] is None:
            raise ValidationError(_("Give an amount in đồng."))
        item = get_object_or_404(PlanItem, pk=item_id, plan=plan)
        plans.plan_change_amount(
            actor=request.user, item=item, amount_vnd=form.cleaned_data["amount_vnd"]
        )

    return _staff_plan_action(request, pk, change)


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_plan_action(
        request, pk, lambda plan: plans.plan_submit(actor=request.user, plan=plan)
    )


@login_required
@require_POST
def plan_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_plan_action(
        request, pk, lambda plan: plans.plan_adjust(actor=request.user, plan=plan)
    )


@login_required
@require_POST
def plan_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The official approves (with the decision) or returns (with comments)."""
    if not is_official(request.user):
        raise Http404
    plan = get_object_or_404(AnnualPlan, pk=pk)
    try:
        if request.POST.get("decision") == "return":
            plans.plan_return(actor=request.user, plan=plan, note=request.POST.get("note", ""))
            messages.success(request, _("The plan was returned to the center."))
        else:
            form = ApproveForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the decision's number and date."))
            plans.plan_approve(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, _("The plan is approved."))
    except ValidationError as error:
        _refusal(request, error)
    return redirect(plan)


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
    in_progress = Project.objects.filter(status=ProjectStatus.IN_PROGRESS)
    acceptances = list(in_progress.order_by("code").only("pk", "code", "title")[:INBOX_SHOWN])
    acceptance_count = len(acceptances) if len(acceptances) < INBOX_SHOWN else in_progress.count()
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
