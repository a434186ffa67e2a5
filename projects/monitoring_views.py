from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import is_center_staff
from core.files import private_file_response
from projects import monitoring
from projects.forms import AcceptanceForm, DocumentForm, InspectionForm, ProgressForm
from projects.selectors import project_documents_visible_to, project_get_visible


def _form_errors(form) -> str:
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )


def _staff_form(request: HttpRequest, pk: int, form_class, service, done: str, files=False):
    project = project_get_visible(request.user, pk)
    if not is_center_staff(request.user):
        raise Http404
    form = form_class(request.POST, request.FILES if files else None)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(project)
    try:
        service(actor=request.user, project=project, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(project)


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_form(
        request,
        pk,
        DocumentForm,
        monitoring.document_upload,
        _("The document has been attached."),
        files=True,
    )


@login_required
@require_POST
def progress_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_form(
        request,
        pk,
        ProgressForm,
        monitoring.progress_report_submit,
        _("The progress report has been recorded."),
        files=True,
    )


@login_required
@require_POST
def inspection_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_form(
        request,
        pk,
        InspectionForm,
        monitoring.inspection_record,
        _("The inspection has been recorded."),
    )


@login_required
@require_POST
def acceptance_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_form(
        request,
        pk,
        AcceptanceForm,
        monitoring.acceptance_record,
        _("The acceptance has been recorded."),
    )


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """Documents are private: only users who may see the project download them."""
    project = project_get_visible(request.user, pk)
    document = get_object_or_404(
        project_documents_visible_to(request.user, project), pk=document_id
    )
    return private_file_response(document.file, download=True)
