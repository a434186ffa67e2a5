"""Pages of official papers: the register, a paper, the papers of an object, templates."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.files import private_file_response
from core.spreadsheets import (
    COUNT,
    DATE,
    TEXT,
    XLSX_CONTENT_TYPE,
    SheetColumn,
    people_bytes,
    people_sheet,
    people_workbook,
)
from documents import services
from documents.forms import (
    IssueForm,
    RegisterFilterForm,
    SignedCopyForm,
    TemplateUploadForm,
    VoidForm,
)
from documents.kinds import KINDS
from documents.models import DocumentStatus
from documents.permissions import can_manage_documents, can_view_register
from documents.rendering import active_template, default_template_path
from documents.selectors import (
    document_get_visible,
    documents_of_object,
    kind_get,
    kind_list,
    kinds_for_object,
    object_get_visible,
    register_list,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REGISTER_SHOWN = 200


def _staff(request: HttpRequest) -> None:
    if not can_manage_documents(request.user):
        raise Http404


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _register(request: HttpRequest):
    if not can_view_register(request.user):
        raise Http404
    form = RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = register_list(
        request.user,
        year=filters.get("year"),
        kind=filters.get("kind"),
        signer=filters.get("signer", ""),
    )
    return form, rows


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    form, rows = _register(request)
    return render(
        request,
        "documents/register.html",
        {
            "form": form,
            "rows": rows[:REGISTER_SHOWN],
            "shown": REGISTER_SHOWN,
            "query": request.GET.urlencode(),
            "can_manage": can_manage_documents(request.user),
        },
    )


REGISTER_COLUMNS = (
    (gettext_lazy("Number and notation"), 16, TEXT),
    (gettext_lazy("Date"), 13, DATE),
    (pgettext_lazy("register", "Type"), 16, TEXT),
    (gettext_lazy("Subject"), 60, TEXT),
    (gettext_lazy("Signer"), 24, TEXT),
    (gettext_lazy("Recipients"), 40, TEXT),
    (gettext_lazy("Copies"), 8, COUNT),
    (gettext_lazy("Status"), 14, TEXT),
    (pgettext_lazy("register", "Note"), 30, TEXT),
)


@login_required
@require_GET
def register_export(request: HttpRequest) -> HttpResponse:
    """The register as a people's workbook: Vietnamese headers, widths, a frozen header."""
    _form, rows = _register(request)
    book = people_workbook(title="Sổ đăng ký văn bản đi")
    people_sheet(
        book,
        "Sổ văn bản đi",
        [SheetColumn(str(label), width, kind) for label, width, kind in REGISTER_COLUMNS],
        (
            (
                document.notation,
                document.issued_on,
                document.kind.type_name.capitalize() or document.kind.title,
                document.subject,
                document.signer_name,
                "; ".join(document.recipient_list),
                document.copies,
                document.get_status_display(),
                document.void_reason,
            )
            for document in rows.iterator(chunk_size=500)
        ),
    )
    response = HttpResponse(people_bytes(book), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="so-van-ban-di.xlsx"'
    return response


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_get_visible(request.user, pk)
    staff = can_manage_documents(request.user)
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "source": document.source,
            "can_manage": staff,
            "void_form": VoidForm() if staff and document.status == DocumentStatus.ISSUED else None,
            "signed_form": (
                SignedCopyForm() if staff and document.status != DocumentStatus.DRAFT else None
            ),
        },
    )


@login_required
@require_GET
def download_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """An issued paper's stored DOCX; a draft rendered now ("DỰ THẢO", nothing stored)."""
    document = document_get_visible(request.user, pk)
    if document.status == DocumentStatus.DRAFT:
        try:
            content = services.draft_render(
                kind=document.kind, obj=document.source, document=document
            )
        except ValidationError as error:
            _refusal(request, error)
            return redirect(document)
        response = HttpResponse(content, content_type=DOCX_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="du-thao-{document.kind.code}.docx"'
        )
        return response
    if not document.docx_file:
        raise Http404
    return private_file_response(
        document.docx_file, download=True, filename=f"{document.notation.replace('/', '-')}.docx"
    )


@login_required
@require_GET
def download_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_get_visible(request.user, pk)
    if not document.pdf_file:
        raise Http404
    return private_file_response(
        document.pdf_file, filename=f"{document.notation.replace('/', '-')}.pdf"
    )


@login_required
@require_GET
def download_signed(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_get_visible(request.user, pk)
    if not document.signed_file:
        raise Http404
    extension = Path(document.signed_file.name).suffix.lower() or ".pdf"
    return private_file_response(
        document.signed_file,
        filename=f"{document.notation.replace('/', '-')}-ban-ky{extension}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what issuing will do (the number is taken for good); POST: issue."""
    _staff(request)
    document = document_get_visible(request.user, pk)
    if document.status != DocumentStatus.DRAFT:
        raise Http404
    form = IssueForm(
        request.POST or None,
        initial={
            "signer_authority": document.signer_authority,
            "signer_title": document.signer_title,
            "signer_name": document.signer_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.document_issue(
                actor=request.user, document=document, **form.cleaned_data
            )
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(request, _("Issued as %(notation)s.") % {"notation": issued.notation})
            return redirect(issued)
    return render(
        request,
        "documents/issue.html",
        {"document": document, "form": form, "source": document.source},
    )


@login_required
@require_POST
def void(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    document = document_get_visible(request.user, pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.document_void(
                actor=request.user, document=document, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The document is voided; its number stays taken."))
        except ValidationError as error:
            _refusal(request, error)
    else:
        messages.error(request, _("Say why the document is voided."))
    return redirect(document)


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    document = document_get_visible(request.user, pk)
    source = document.source
    try:
        services.document_discard_draft(actor=request.user, document=document)
    except ValidationError as error:
        _refusal(request, error)
        return redirect(document)
    messages.success(request, _("The draft is deleted."))
    kind = document.kind
    return (
        redirect("documents:for_object", kind.object_type, source.pk)
        if source
        else redirect("documents:register")
    )


@login_required
@require_POST
def attach_signed(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    document = document_get_visible(request.user, pk)
    form = SignedCopyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_attach_signed(
                actor=request.user, document=document, file=form.cleaned_data["file"]
            )
            messages.success(request, _("The signed copy is attached."))
        except ValidationError as error:
            _refusal(request, error)
    else:
        messages.error(request, _("Choose the signed PDF or the scan."))
    return redirect(document)


@login_required
@require_GET
def for_object(request: HttpRequest, object_type: str, pk: int) -> HttpResponse:
    """The "Văn bản" of a project or a plan: its drafts and issued papers, and a button
    to draft each kind that applies to it now."""
    obj = object_get_visible(request.user, object_type, pk)
    staff = can_manage_documents(request.user)
    kinds = kinds_for_object(request.user, object_type, obj)
    return render(
        request,
        "documents/for_object.html",
        {
            "obj": obj,
            "object_type": object_type,
            "documents": documents_of_object(request.user, obj),
            "kinds": kinds,
            "can_manage": staff,
        },
    )


@login_required
@require_POST
def draft_create(request: HttpRequest, object_type: str, pk: int, code: str) -> HttpResponse:
    _staff(request)
    obj = object_get_visible(request.user, object_type, pk)
    if code not in KINDS or KINDS[code].object_type != object_type:
        raise Http404
    kind = services.kind_for(code)
    try:
        document = services.document_create_draft(actor=request.user, kind=kind, obj=obj)
    except ValidationError as error:
        _refusal(request, error)
        return redirect("documents:for_object", object_type, pk)
    messages.success(
        request,
        _("A draft of “%(kind)s” was made: check it, then issue it.") % {"kind": kind.title},
    )
    return redirect(document)


@login_required
@require_GET
def templates(request: HttpRequest) -> HttpResponse:
    _staff(request)
    kinds = kind_list(request.user)
    rows = [(kind, active_template(kind), kind.templates.order_by("-version")) for kind in kinds]
    return render(request, "documents/templates.html", {"rows": rows, "form": TemplateUploadForm()})


@login_required
@require_GET
def template_download(request: HttpRequest, code: str) -> HttpResponse:
    """The template in use for a kind: the uploaded version, or the default."""
    _staff(request)
    kind = kind_get(request.user, code)
    template = active_template(kind)
    if template is not None:
        return private_file_response(
            template.file, download=True, filename=f"{code}-v{template.version}.docx"
        )
    path = default_template_path(code)
    if not path.is_file():
        raise Http404
    response = HttpResponse(path.read_bytes(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{code}.docx"'
    return response


@login_required
@require_POST
def template_upload(request: HttpRequest, code: str) -> HttpResponse:
    _staff(request)
    if code not in KINDS:
        raise Http404
    kind = services.kind_for(code)
    form = TemplateUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            template = services.template_upload(
                actor=request.user,
                kind=kind,
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of the template is in use.") % {"version": template.version},
            )
    else:
        messages.error(request, _("Choose the DOCX file of the template."))
    return redirect("documents:templates")
