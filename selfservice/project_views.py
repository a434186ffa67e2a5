"""The establishment's own portal: my projects (status, money received, papers addressed
to me), their monthly progress and the results after support, my products and their
certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.files import private_file_response
from core.forms import apply_validation_error
from core.pagination import CappedPaginator
from projects import monitoring, outcomes
from projects.forms import OutcomeFollowUpForm, ProgressForm
from selfservice import selectors

PAGE_SIZE = 20


@login_required
@require_GET
def project_list(request: HttpRequest, pk: int) -> HttpResponse:
    current = selectors.my_establishment_get(request.user, pk)
    page = CappedPaginator(selectors.my_projects(request.user, current), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "selfservice/project_list.html", {"establishment": current, "page": page}
    )


def _project_page(request: HttpRequest, project, *, progress_form=None, status=200):
    payments = list(selectors.project_payments(project))
    return render(
        request,
        "selfservice/project_detail.html",
        {
            "project": project,
            "payments": payments,
            "received": sum(p.amount_vnd for p in payments),
            "documents": selectors.project_documents(request.user, project),
            "reports": project.progress_reports.all()[:12],
            "can_report": selectors.can_report_progress(project),
            "progress_form": progress_form or ProgressForm(),
            "followups": selectors.my_followups(request.user, project),
        },
        status=status,
    )


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_page(request, selectors.my_project_get(request.user, pk))


@login_required
@require_POST
def progress_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The month's progress report, through the same service as the center's."""
    project = selectors.my_project_get(request.user, pk)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            monitoring.progress_report_submit(
                actor=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Your progress report has been sent to the center."))
            return redirect("selfservice:project_detail", project.pk)
    return _project_page(request, project, progress_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def followup(request: HttpRequest, pk: int, establishment_id: int) -> HttpResponse:
    """Results after support of one of my establishments, through the same service."""
    project, row = selectors.my_followup_target(request.user, pk, establishment_id)
    existing = row["followup"]
    initial = {"recorded_on": timezone.localdate(), "capital_mobilised_vnd": 0}
    form = OutcomeFollowUpForm(
        request.POST or None, instance=existing, initial=None if existing else initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcomes.followup_record(
                actor=request.user,
                project=project,
                establishment=row["establishment"],
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Your results after support have been sent."))
            return redirect("selfservice:project_detail", project.pk)
    return render(
        request,
        "selfservice/followup_form.html",
        {"project": project, "row": row, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A paper addressed to me: the signed copy when the center attached it, else the
    PDF, else the DOCX of the issued paper."""
    document = selectors.my_document_get(request.user, pk)
    name = document.notation.replace("/", "-") or f"van-ban-{document.pk}"
    for stored, extension, download in (
        (document.signed_file, None, False),
        (document.pdf_file, ".pdf", False),
        (document.docx_file, ".docx", True),
    ):
        if stored:
            suffix = extension or ("." + stored.name.rsplit(".", 1)[-1].lower())
            return private_file_response(stored, download=download, filename=name + suffix)
    raise Http404


@login_required
@require_GET
def product_list(request: HttpRequest, pk: int) -> HttpResponse:
    current = selectors.my_establishment_get(request.user, pk)
    page = CappedPaginator(selectors.my_products(request.user, current), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    rows = [
        {"product": product, "certificates": selectors.product_certificates(product, today)}
        for product in page
    ]
    return render(
        request,
        "selfservice/product_list.html",
        {"establishment": current, "page": page, "rows": rows},
    )
