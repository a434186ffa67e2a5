"""Reports: ask for one, watch its progress bar, download it; cancel or retry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import is_center_staff
from core.files import private_file_response
from core.panels import render_sections
from products.selectors import round_list_visible_to

from . import selectors, services
from .forms import PeriodicReportForm, PeriodSummaryForm, RoundForm, YearForm
from .models import JobStatus, ReportKind


def _require_reports(user) -> None:
    if not services.can_use_reports(user):
        raise Http404


def _rounds(user):
    return round_list_visible_to(user).filter(status__in=("closed", "published"))[:100]


def _forms(user, data=None, kind=None):
    this_year = timezone.localdate().year
    forms = {
        ReportKind.PERIODIC: PeriodicReportForm(
            data if kind == ReportKind.PERIODIC else None,
            initial={"period": "year", "year": this_year},
            prefix="periodic",
        ),
        ReportKind.PERIOD_SUMMARY: PeriodSummaryForm(
            data if kind == ReportKind.PERIOD_SUMMARY else None,
            initial={"from_year": this_year - 4, "to_year": this_year},
        ),
        ReportKind.PLAN_IMPLEMENTATION: YearForm(
            data if kind == ReportKind.PLAN_IMPLEMENTATION else None,
            initial={"year": this_year},
            prefix="plan",
        ),
        ReportKind.VOTING_RESULTS: RoundForm(
            data if kind == ReportKind.VOTING_RESULTS else None, rounds=_rounds(user)
        ),
    }
    if services.can_request(user, ReportKind.COLLABORATOR_ACTIVITY):
        forms[ReportKind.COLLABORATOR_ACTIVITY] = YearForm(
            data if kind == ReportKind.COLLABORATOR_ACTIVITY else None,
            initial={"year": this_year},
            prefix="ctv",
        )
    return forms


def _page(request: HttpRequest, forms, status=200) -> HttpResponse:
    jobs = Paginator(selectors.jobs_visible_to(request.user), 25).get_page(request.GET.get("page"))
    cards = [(kind, ReportKind(kind).label, form) for kind, form in forms.items()]
    context = {"page": jobs, "cards": cards, "edits_measures": is_center_staff(request.user)}
    return render(request, "reports/job_list.html", context, status=status)


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    _require_reports(request.user)
    return _page(request, _forms(request.user))


@login_required
@require_POST
def job_create(request: HttpRequest, kind: str) -> HttpResponse:
    _require_reports(request.user)
    forms = _forms(request.user, request.POST, kind)
    form = forms.get(kind)
    if form is None:
        raise Http404
    if not form.is_valid():
        return _page(request, forms, status=400)
    if isinstance(form, PeriodicReportForm):
        params = form.params()
    else:
        params = {k: v for k, v in form.cleaned_data.items() if k != "format"}
    try:
        job = services.job_submit(
            actor=request.user,
            kind=kind,
            params=params,
            format=form.cleaned_data.get("format", "xlsx"),
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _page(request, forms, status=400)
    messages.success(request, _("The report is being made; this page follows its progress."))
    return redirect(job)


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_visible(request.user, pk)
    sections = render_sections("reports:job_detail", request, job)
    return render(request, "reports/job_detail.html", {"job": job, "sections": sections})


@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the progress bar polls."""
    job = selectors.job_get_visible(request.user, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "progress": job.progress,
            "error": job.error,
            "finished": job.finished,
            "download": reverse("reports:job_download", args=[job.pk])
            if job.status == JobStatus.DONE
            else "",
        }
    )


@login_required
@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_visible(request.user, pk)
    try:
        services.job_cancel(actor=request.user, job=job)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report was cancelled."))
    return redirect(job)


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_visible(request.user, pk)
    try:
        services.job_retry(actor=request.user, job=job)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report was started again."))
    return redirect(job)


@login_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_visible(request.user, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    return private_file_response(job.file, download=True, filename=services.download_name(job))


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Charts of the programme; each bar opens the list behind it."""
    from .dashboard import cached_dashboard_data

    _require_reports(request.user)
    return render(request, "reports/dashboard.html", {"data": cached_dashboard_data()})


@login_required
@require_GET
def outcomes(request: HttpRequest) -> HttpResponse:
    """Results after support per content and per year."""
    from .outcomes import outcomes_by_year

    _require_reports(request.user)
    return render(request, "reports/outcomes.html", {"years": outcomes_by_year()})
