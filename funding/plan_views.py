"""Pages of the annual plan and the official's inbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import is_center_staff, is_official
from core.panels import render_sections
from funding import plan_selectors, plans
from projects.forms import ApproveForm, PlanCreateForm, PlanItemForm
from projects.models import AnnualPlan, PlanStatus

CHANGES_SHOWN = 25


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    if not (is_center_staff(request.user) or is_official(request.user)):
        raise Http404
    rows = plan_selectors.plan_list_with_totals(request.user)
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
    plan = plan_selectors.plan_get_for_page(request.user, pk)
    # The appraisal summaries are part of the plan dossier the department reads.
    items = plan_selectors.plan_items_page(plan, request.GET.get("page"))
    staff = is_center_staff(request.user)
    versions = plan_selectors.plan_versions(request.user, plan)
    earlier = [v for v in versions if v.version < plan.version]
    changes, change_count = plans.plan_changes(
        plan,
        previous=earlier[-1] if earlier else None,
        first=None if items.page is None else CHANGES_SHOWN,
    )
    return render(
        request,
        "projects/plan_detail.html",
        {
            "plan": plan,
            "sections": render_sections("projects:plan_detail", request, plan),
            "items": items.items,
            "page": items.page,
            "item_count": items.count,
            "total": items.total,
            "candidates": plan_selectors.plan_candidates(request.user, plan),
            "versions": versions,
            "changes": changes,
            "change_count": change_count,
            "events": plan_selectors.plan_events(plan),
            "is_staff": staff,
            "can_decide": is_official(request.user) and plan.status == PlanStatus.SUBMITTED,
            "can_adjust": staff
            and plan.status == PlanStatus.APPROVED
            and plan.version == versions[-1].version,
            "approve_form": ApproveForm(),
        },
    )


def _staff_plan_action(request: HttpRequest, pk: int, action) -> HttpResponse:
    plan = plan_selectors.plan_get_for_staff(request.user, pk)
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
        project = plan_selectors.plan_project_get(request.user, form.cleaned_data["project"])
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
        plans.plan_remove_item(actor=request.user, item=plan_selectors.plan_item_get(plan, item_id))

    return _staff_plan_action(request, pk, remove)


@login_required
@require_POST
def plan_change_amount(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    form = PlanItemForm(request.POST)

    def change(plan):
        if not form.is_valid() or form.cleaned_data["amount_vnd"] is None:
            raise ValidationError(_("Give an amount in đồng."))
        item = plan_selectors.plan_item_get(plan, item_id)
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
    plan = plan_selectors.plan_get_for_official(request.user, pk)
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
    inbox = plan_selectors.official_inbox(request.user)
    return render(
        request,
        "projects/inbox.html",
        {
            "plans": inbox.plans,
            "acceptances": inbox.acceptances,
            "acceptance_count": inbox.acceptance_count,
            "officials": inbox.officials,
        },
    )
