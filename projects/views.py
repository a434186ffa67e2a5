from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_center_staff
from core import confirm
from core.formatting import format_vnd
from core.forms import apply_validation_error
from core.pagination import sort_order
from core.panels import render_sections, section_relations
from establishments.selectors import support_request_get_visible
from projects import permissions, services
from projects.forms import (
    IMPLEMENTED,
    AcceptanceForm,
    AppraisalForm,
    BudgetFormSet,
    DocumentForm,
    FromRequestForm,
    HistoryImportForm,
    InspectionForm,
    ProgressForm,
    ProjectFilterForm,
    ProjectForm,
)
from projects.history_import import COLUMNS, HEADERS_VI, import_projects, read_rows
from projects.models import IMPLEMENTED_STATUSES, ProjectStatus
from projects.selectors import (
    project_documents_visible_to,
    project_get_for_page,
    project_get_visible,
    project_list_visible_to,
    with_totals,
)

PAGE_SIZE = 25


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    projects = project_list_visible_to(request.user)
    if not permissions.can_view_projects(request.user):
        raise Http404
    form = ProjectFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            projects = projects.filter(plan_year=data["year"])
        if data["fund_source"]:
            projects = projects.filter(fund_source=data["fund_source"])
        if data["status"] == IMPLEMENTED:
            projects = projects.filter(status__in=IMPLEMENTED_STATUSES)
        elif data["status"]:
            projects = projects.filter(status=data["status"])
        if data["since"]:
            projects = projects.filter(plan_year__gte=data["since"])
        if data["content_type"]:
            projects = projects.filter(content_type=data["content_type"])
        if data["q"]:
            projects = projects.filter(Q(code__icontains=data["q"]) | Q(title__icontains=data["q"]))
    sort, order = sort_order(request, PROJECT_SORTS, default="-year")
    relations = section_relations("projects:list_row")  # the grant, from the money app
    if relations:
        projects = projects.select_related(*relations)
    projects = with_totals(projects).order_by(*order)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        row.money_cells = render_sections("projects:list_row", request, row)
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page": page,
            "sort": sort,
            "can_create": permissions.can_create_project(request.user),
        },
    )


# Sortable columns of the project list: the key in the address -> the fields (an id last,
# so that pages never overlap).
PROJECT_SORTS = {
    "code": ("code",),
    "year": ("plan_year", "code"),
    "status": ("status", "code"),
    "support": ("state_support_total", "code"),
}


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_for_page(request.user, pk)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "lines": project.budget_lines.all(),
            "beneficiaries": project.beneficiaries.select_related("commune")
            if project.has_beneficiaries
            else (),
            "appraisals": project.appraisals.select_related("recorded_by")
            if project.has_appraisals
            else (),
            "documents": project_documents_visible_to(request.user, project)
            if project.has_documents
            else (),
            "progress": project.progress_reports.all() if project.has_progress_reports else (),
            "acceptances": project.acceptances.all() if project.has_acceptances else (),
            "inspections": project.inspections.all() if project.has_inspections else (),
            **_monitoring_forms(request.user, project),
            "events": project.events.select_related("actor"),
            "sections": render_sections("projects:detail", request, project),
            "transitions": services.project_transitions(request.user, project),
            "can_edit": permissions.can_edit_project(request.user, project),
            "appraisal_form": AppraisalForm()
            if permissions.can_appraise_project(request.user, project)
            else None,
        },
    )


def _monitoring_forms(user, project) -> dict:
    """Forms staff use on the page, each only where the project's state allows it."""
    if not is_center_staff(user):
        return {}
    under_way = project.status in (ProjectStatus.CONTRACTED, ProjectStatus.IN_PROGRESS)
    return {
        "document_form": DocumentForm(),
        "progress_form": ProgressForm() if under_way else None,
        "inspection_form": InspectionForm() if under_way else None,
        "acceptance_form": AcceptanceForm()
        if project.status == ProjectStatus.IN_PROGRESS
        else None,
    }


def _edit(request: HttpRequest, project=None) -> HttpResponse:
    form = ProjectForm(request.POST or None, instance=project)
    initial = None
    if project is not None:
        initial = list(project.budget_lines.values("item", "state_support_vnd", "counterpart_vnd"))
    budget = BudgetFormSet(request.POST or None, initial=initial, prefix="lines")
    if request.method == "POST" and form.is_valid() and budget.is_valid():
        data = dict(form.cleaned_data)
        fields = {
            "beneficiaries": data.pop("beneficiaries"),
            "site_communes": data.pop("site_communes"),
            "budget_lines": budget.lines(),
            **data,
        }
        try:
            if project is None:
                saved = services.project_create(actor=request.user, **fields)
            else:
                saved = services.project_update(actor=request.user, project=project, **fields)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect(saved)
    return render(
        request, "projects/project_form.html", {"form": form, "budget": budget, "project": project}
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_project(request.user):
        raise Http404
    return _edit(request)


@login_required
@require_http_methods(["GET", "POST"])
def project_update(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_visible(request.user, pk)
    if not permissions.can_edit_project(request.user, project):
        raise Http404
    return _edit(request, project)


@login_required
@require_POST
def project_transition(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_visible(request.user, pk)
    target = request.POST.get("target", "")
    transition = next(
        (t for t in services.project_transitions(request.user, project) if t.target == target),
        None,
    )
    if transition is None:
        raise Http404
    # No form here: NUL characters are dropped (PostgreSQL refuses them in text).
    note = request.POST.get("note", "").replace("\x00", "").strip()
    if transition.note_required and not note:
        messages.error(request, _("Give a reason; it is kept in the timeline."))
        return redirect(project)
    if transition.confirm:
        page = confirm.ask(
            request,
            confirm.for_transition(
                transition,
                title=f"{transition.label}: {project.code}",
                cancel_url=project.get_absolute_url(),
                rows=_summary(project, note),
            ),
        )
        if page is not None:
            return page
    try:
        services.project_transition(actor=request.user, project=project, target=target, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(action)s: done. The project %(code)s is now “%(status)s”.")
            % {
                "action": transition.label,
                "code": project.code,
                "status": project.__class__.objects.get(pk=project.pk).get_status_display(),
            },
        )
    return redirect(project)


def _summary(project, note: str) -> list:
    project = with_totals(project.__class__.objects.filter(pk=project.pk)).get()
    rows = [
        (_("Project"), f"{project.code} — {project.title}"),
        (_("Implementing unit"), project.implementing_unit),
        (_("Status now"), project.get_status_display()),
        (_("State support"), format_vnd(project.state_support_total)),
    ]
    if note:
        rows.append((_("Reason"), note))
    return rows


@login_required
@require_POST
def project_appraise(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_visible(request.user, pk)
    if not permissions.can_appraise_project(request.user, project):
        raise Http404
    form = AppraisalForm(request.POST)
    if form.is_valid():
        try:
            services.project_appraise(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The appraisal has been recorded."))
    else:
        errors = "; ".join(
            f"{form.fields[k].label}: {' '.join(v)}"
            for k, v in form.errors.items()
            if k in form.fields
        )
        messages.error(request, errors or _("Check the appraisal form."))
    return redirect(project)


@login_required
@require_POST
def project_from_request(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = support_request_get_visible(request.user, pk)
    if not permissions.can_create_project(request.user):
        raise Http404
    form = FromRequestForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        project = services.project_create_from_request(
            actor=request.user,
            request=support_request,
            fund_source=form.cleaned_data["fund_source"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(support_request)
    messages.success(request, _("A draft project has been created from the request."))
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def history_import(request: HttpRequest) -> HttpResponse:
    """Staff upload ten years of projects: all rows or none, with every problem listed."""
    if not is_center_staff(request.user):
        raise Http404
    form = HistoryImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            outcome = import_projects(actor=request.user, rows=rows, filename=upload.name)
            if outcome.ok:
                messages.success(
                    request,
                    _(
                        "%(created)s projects imported, %(unchanged)s already recorded, "
                        "%(establishments)s establishments added to the register."
                    )
                    % {
                        "created": outcome.created,
                        "unchanged": outcome.unchanged,
                        "establishments": outcome.establishments_created,
                    },
                )
                return redirect("projects:list")
    columns = [
        (HEADERS_VI[name], name, required, aliases) for name, (required, aliases) in COLUMNS.items()
    ]
    return render(
        request,
        "projects/history_import.html",
        {"form": form, "outcome": outcome, "columns": columns},
    )
