"""Pages of the annual plan: list, versions, items, submission and the department's decision
(the official's inbox is in `inbox_views`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import is_center_staff, is_official
from core import confirm
from core.formatting import format_date, format_vnd
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
    messages.success(request, _("%(plan)s created: put appraised projects in it.") % {"plan": plan})
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
            "editable": staff and plan.status == PlanStatus.DRAFT,
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
    plan = plan_selectors.plan_get_for_staff(request.user, pk)
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
    totals = plan_selectors.plan_item_totals(plan)
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
        project = plan_selectors.plan_project_get(request.user, form.cleaned_data["project"])
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
        return plan_selectors.plan_item_get(plan, item_id)

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
        item = plan_selectors.plan_item_get(plan, item_id)
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
    plan = plan_selectors.plan_get_for_official(request.user, pk)
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
