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

from accounts.roles import is_center_staff, is_official
from core import confirm
from core.formatting import format_date, format_vnd
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
    messages.success(request, _("%(plan)s created: put appraised projects in it.") % {"plan": plan})
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


def _staff_plan_action(request: HttpRequest, pk: int, action, done=None, ask=None) -> HttpResponse:
    """Staff's actions on a plan: `ask(plan)` describes the check-your-answers page when
    the step needs one; `done(result)` is the success message."""
    if not is_center_staff(request.user):
        raise Http404
    plan = get_object_or_404(AnnualPlan, pk=pk)
    if ask is not None:
        try:
            question = ask(plan)
        except ValidationError as error:
            _refusal(request, error)
            return redirect(plan)
        if (page := confirm.ask(request, question)) is not None:
            return page
    try:
        result = action(plan)
    except ValidationError as error:
        _refusal(request, error)
        return redirect(plan)
    if done is not None:
        messages.success(request, done(result))
    return redirect(result if isinstance(result, AnnualPlan) else plan)


def _plan_rows(plan: AnnualPlan) -> list:
    totals = plan.items.aggregate(total=Sum("amount_vnd"), count=Count("pk"))
    return [
        (_("Plan"), str(plan)),
        (_("Projects"), str(totals["count"])),
        (_("Total state support"), format_vnd(totals["total"] or 0)),
    ]


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

    def done(item):
        return _("%(code)s added to the plan with %(amount)s.") % {
            "code": item.project.code,
            "amount": format_vnd(item.amount_vnd),
        }

    return _staff_plan_action(request, pk, add, done)


@login_required
@require_POST
def plan_remove_item(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    def item_of(plan):
        return get_object_or_404(PlanItem.objects.select_related("project"), pk=item_id, plan=plan)

    def ask(plan):
        item = item_of(plan)
        project = item.project
        approved = project.status in plans.ALREADY_APPROVED
        return confirm.Confirmation(
            title=_("Remove %(code)s from %(plan)s") % {"code": project.code, "plan": plan},
            consequence=_(
                "Once the department approves this adjustment, the project is dropped: it is "
                "cancelled, its grant released and money already paid becomes due back."
            )
            if approved
            else _("The project leaves this draft and goes back to the appraised projects."),
            rows=[
                (_("Project"), f"{project.code} — {project.title}"),
                (_("Beneficiary"), project.implementing_unit),
                (_("Status now"), project.get_status_display()),
                (_("Amount in the plan"), format_vnd(item.amount_vnd)),
            ],
            button=_("Remove from the plan"),
            style="danger",
            cancel_url=plan.get_absolute_url(),
        )

    def remove(plan):
        item = item_of(plan)
        plans.plan_remove_item(actor=request.user, item=item)
        return item

    def done(item):
        return _("%(code)s removed from the plan.") % {"code": item.project.code}

    return _staff_plan_action(request, pk, remove, done, ask)


@login_required
@require_POST
def plan_change_amount(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    form = PlanItemForm(request.POST)

    def change(plan):
        if not form.is_valid() or form.cleaned_data["amount_vnd"] is None:
            raise ValidationError(_("Give an amount in đồng."))
        item = get_object_or_404(PlanItem.objects.select_related("project"), pk=item_id, plan=plan)
        return plans.plan_change_amount(
            actor=request.user, item=item, amount_vnd=form.cleaned_data["amount_vnd"]
        )

    def done(item):
        return _("%(code)s: the amount in the plan is now %(amount)s.") % {
            "code": item.project.code,
            "amount": format_vnd(item.amount_vnd),
        }

    return _staff_plan_action(request, pk, change, done)


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    def ask(plan):
        changes = plans.plan_changes(plan)[1] if plan.version > 1 else None
        rows = _plan_rows(plan)
        if changes is not None:
            rows.append((_("Changes against the previous version"), str(changes)))
        return confirm.Confirmation(
            title=_("Submit %(plan)s to the department") % {"plan": plan},
            consequence=_(
                "The plan goes to the Department of Industry and Trade for its decision; "
                "it cannot be changed while it waits. The department approves it or returns "
                "it with comments."
            ),
            rows=rows,
            button=_("Submit to the department"),
            cancel_url=plan.get_absolute_url(),
        )

    return _staff_plan_action(
        request,
        pk,
        lambda plan: plans.plan_submit(actor=request.user, plan=plan),
        lambda plan: _("%(plan)s was submitted to the department.") % {"plan": plan},
        ask,
    )


@login_required
@require_POST
def plan_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_plan_action(
        request,
        pk,
        lambda plan: plans.plan_adjust(actor=request.user, plan=plan),
        lambda plan: (
            _("Adjustment %(plan)s started: change it, then submit it to the department.")
            % {"plan": plan}
        ),
    )


@login_required
@require_POST
def plan_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The official approves (with the decision) or returns (with comments)."""
    if not is_official(request.user):
        raise Http404
    plan = get_object_or_404(AnnualPlan, pk=pk)
    returning = request.POST.get("decision") == "return"
    note = request.POST.get("note", "").replace("\x00", "").strip()
    form = ApproveForm(request.POST)
    if returning and not note:
        _refusal(request, ValidationError(_("Write the comments for the center.")))
        return redirect(plan)
    if not returning and not form.is_valid():
        _refusal(request, ValidationError(_("Give the decision's number and date.")))
        return redirect(plan)
    page = confirm.ask(request, _decision_confirmation(plan, returning, note, form))
    if page is not None:
        return page
    try:
        if returning:
            plans.plan_return(actor=request.user, plan=plan, note=note)
            messages.success(
                request,
                _("%(plan)s was returned to the center with your comments.") % {"plan": plan},
            )
        else:
            plans.plan_approve(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(
                request,
                _("%(plan)s is approved by decision %(number)s; its grants are made.")
                % {"plan": plan, "number": form.cleaned_data["decision_number"]},
            )
    except ValidationError as error:
        _refusal(request, error)
    return redirect(plan)


def _decision_confirmation(plan, returning: bool, note: str, form) -> confirm.Confirmation:
    rows = _plan_rows(plan)
    if plan.version > 1:
        rows.append((_("Changes against the previous version"), str(plans.plan_changes(plan)[1])))
    if returning:
        return confirm.Confirmation(
            title=_("Return %(plan)s to the center") % {"plan": plan},
            consequence=_(
                "The plan goes back to the center as a draft with your comments; the center "
                "changes it and submits it again."
            ),
            rows=[*rows, (_("Comments"), note)],
            button=_("Return to the center"),
            style="warning",
            cancel_url=plan.get_absolute_url(),
        )
    data = form.cleaned_data
    return confirm.Confirmation(
        title=_("Approve %(plan)s") % {"plan": plan},
        consequence=_(
            "Every project in the plan is approved and granted its amount from the year's "
            "allocation; projects dropped since the previous version are cancelled. This "
            "cannot be undone: a later change is a new adjustment."
        ),
        rows=[
            *rows,
            (_("Decision"), f"{data['decision_number']} ({format_date(data['decision_date'])})"),
        ],
        button=_("Approve the plan"),
        style="success",
        cancel_url=plan.get_absolute_url(),
    )
