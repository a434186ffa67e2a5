"""Screens of the establishment register: list, detail, registration and edits,
verification, duplicates and merging, archiving, export and import."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import confirm
from core.forms import apply_validation_error
from core.pagination import CappedPaginator, sort_order
from core.spreadsheets import XLSX_CONTENT_TYPE
from establishments import exporting, permissions, representative_views, services
from establishments.eligibility import location_eligibility
from establishments.filters import EstablishmentFilter, search_establishments
from establishments.forms import (
    EstablishmentForm,
    ImportForm,
    MergeForm,
    commune_choices_for,
    establishment_label,
)
from establishments.import_template import import_template
from establishments.importing import establishment_import
from establishments.resources import COLUMNS
from establishments.selectors import (
    change_proposal_list_visible_to,
    establishment_duplicates,
    establishment_get_visible,
    establishment_list_rows,
    establishment_list_visible_to,
    representative_list_visible_to,
    support_request_list_visible_to,
)
from localities.selectors import configured_province, legacy_district_list

PAGE_SIZE = 25
# The register's orders, each served by an index (the accent-free name, the id).
ESTABLISHMENT_SORTS = {"name": ("normalized_name", "id"), "registered": ("id",)}


def _filterset(request: HttpRequest, queryset):
    return EstablishmentFilter(
        request.GET or None,
        queryset=queryset,
        communes=commune_choices_for(request.user).select_related(None),
        legacy_districts=legacy_district_list(configured_province()),
    )


@login_required
@require_GET
def establishment_list(request: HttpRequest) -> HttpResponse:
    """My area for a collaborator; the whole register for staff and officials."""
    if not permissions.can_view_register(request.user):
        raise Http404
    archived = request.GET.get("archived") == "1"
    if archived and not permissions.can_manage_register(request.user):
        raise Http404
    visible = establishment_list_visible_to(request.user, archived=archived)
    filterset = _filterset(request, visible)
    sort, order = sort_order(request, ESTABLISHMENT_SORTS, default="name")
    rows = establishment_list_rows(filterset.qs).order_by(*order)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "establishments/establishment_list.html",
        {
            "filter": filterset,
            "page": page,
            "sort": sort,
            "sorts": [
                ("name", _("Name, A to Z")),
                ("-name", _("Name, Z to A")),
                ("-registered", _("Newest first")),
            ],
            "can_register": permissions.can_register_establishment(request.user),
            "can_manage": permissions.can_manage_register(request.user),
            "archived": archived,
            "query_string": request.GET.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def establishment_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_register_establishment(request.user):
        raise Http404
    form = EstablishmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            establishment = services.establishment_register(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The establishment has been registered."))
            if establishment.possible_duplicate_of_id:
                messages.warning(
                    request,
                    _(
                        "An establishment with the same name exists in this commune; "
                        "the center will check whether they are the same."
                    ),
                )
            return redirect(establishment)
    return render(
        request,
        "establishments/establishment_form.html",
        {"form": form, "creating": True, "existing": _same_tax_code(request.user, form)},
    )


# What a tax code looks like (10 digits, or 13 with a branch suffix): nothing else is
# looked up.
TAX_CODE_SHAPE = re.compile(r"[0-9]{10}(-?[0-9]{3})?")


def _same_tax_code(user, form: EstablishmentForm, exclude: int | None = None):
    """The record a refused tax code belongs to, when the user may open it: the error on
    the field links to it rather than leave them guessing."""
    code = form.data.get("tax_code", "").strip() if form.is_bound else ""
    if "tax_code" not in form.errors or not TAX_CODE_SHAPE.fullmatch(code):
        return None
    return (
        establishment_list_visible_to(user)
        .select_related(None)
        .filter(tax_code=code)
        .exclude(pk=exclude)
        .only("pk", "name")
        .first()
    )


@login_required
@require_GET
def establishment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    establishment = establishment_get_visible(request.user, pk)
    requests = support_request_list_visible_to(request.user).filter(establishment=establishment)
    visits = establishment.visits.select_related("collaborator").order_by("-visited_on")[:20]
    history = representatives = proposals = None
    if permissions.can_manage_register(request.user):
        history = establishment.history.select_related("history_user").order_by("-history_date")[
            :20
        ]
        representatives = representative_list_visible_to(request.user).filter(
            establishment=establishment
        )[:50]
        proposals = change_proposal_list_visible_to(request.user).filter(
            establishment=establishment
        )[:10]
    return render(
        request,
        "establishments/establishment_detail.html",
        {
            "establishment": establishment,
            "eligibility": location_eligibility(
                commune=establishment.commune, craft_village=establishment.craft_village
            ),
            "requests": requests,
            "visits": visits,
            "history": history,
            "representatives": representatives,
            "proposals": proposals,
            "labels": representative_views.field_labels(),
            "can_edit": permissions.can_edit_establishment(request.user, establishment),
            "can_request": permissions.can_submit_request(request.user, establishment),
            "can_manage": permissions.can_manage_register(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def establishment_update(request: HttpRequest, pk: int) -> HttpResponse:
    establishment = establishment_get_visible(request.user, pk)
    if not permissions.can_edit_establishment(request.user, establishment):
        raise Http404
    form = EstablishmentForm(request.POST or None, instance=establishment, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.establishment_update(
                actor=request.user, establishment=establishment, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(establishment)
    return render(
        request,
        "establishments/establishment_form.html",
        {
            "form": form,
            "establishment": establishment,
            "creating": False,
            "existing": _same_tax_code(request.user, form, exclude=establishment.pk),
        },
    )


@login_required
@require_POST
def establishment_verify(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_register(request.user):
        raise Http404
    # "²" is a digit to str.isdigit, not to int; no id has more than 18 digits (and SQLite
    # cannot even compare a longer one).
    posted = request.POST.getlist("ids")
    ids = [int(i) for i in posted if i.isascii() and i.isdigit() and len(i) <= 18]
    chosen = establishment_list_visible_to(request.user).filter(pk__in=ids)
    count = services.establishment_verify(actor=request.user, establishments=chosen)
    messages.success(request, _("%(count)s establishments verified.") % {"count": count})
    return redirect(f"{reverse('establishments:list')}?{request.POST.get('query_string', '')}")


@login_required
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_register(request.user):
        raise Http404
    page = Paginator(establishment_duplicates(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "establishments/duplicate_list.html", {"page": page})


@login_required
@require_POST
def establishment_merge(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_register(request.user):
        raise Http404
    form = MergeForm(request.POST)
    if not form.is_valid():
        raise Http404
    duplicate = establishment_get_visible(request.user, form.cleaned_data["duplicate"])
    target = establishment_get_visible(request.user, form.cleaned_data["target"])

    def described(establishment) -> str:
        return f"{establishment.name} · {establishment.tax_code or '—'} · {establishment.commune}"

    page = confirm.ask(
        request,
        confirm.Confirmation(
            title=_("Merge “%(duplicate)s” into “%(target)s”")
            % {"duplicate": duplicate.name, "target": target.name},
            consequence=_(
                "The duplicate leaves the register, marked merged: its support requests and "
                "visits move to the record kept, whose empty details are filled from it. "
                "This cannot be undone."
            ),
            rows=[
                (_("Duplicate (leaves the register)"), described(duplicate)),
                (_("Record kept"), described(target)),
            ],
            button=_("Merge the records"),
            style="danger",
            cancel_url=reverse("establishments:duplicates"),
        ),
    )
    if page is not None:
        return page
    try:
        services.establishment_merge(actor=request.user, duplicate=duplicate, target=target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("establishments:duplicates")
    messages.success(
        request,
        _("“%(duplicate)s” was merged into “%(target)s”.")
        % {"duplicate": duplicate.name, "target": target.name},
    )
    return redirect(target)


@login_required
@require_POST
def establishment_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive (with a reason) or restore a record: staff only, never a delete."""
    if not permissions.can_manage_register(request.user):
        raise Http404
    establishment = establishment_get_visible(request.user, pk)
    try:
        if request.POST.get("action") == "restore":
            services.establishment_restore(actor=request.user, establishment=establishment)
            messages.success(request, _("The establishment is back in the register."))
        else:
            services.establishment_archive(
                actor=request.user,
                establishment=establishment,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("The establishment has been archived."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(establishment)


@login_required
@require_POST
def duplicate_clear(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_register(request.user):
        raise Http404
    establishment = establishment_get_visible(request.user, pk)
    services.establishment_clear_duplicate_flag(actor=request.user, establishment=establishment)
    messages.success(request, _("Marked as not a duplicate."))
    return redirect("establishments:duplicates")


@login_required
@require_GET
def establishment_export(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_register(request.user):
        raise Http404
    queryset = _filterset(request, establishment_list_visible_to(request.user)).qs
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(
            exporting.csv_stream(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="co-so-cnnt-{stamp}.csv"'
        return response
    return FileResponse(
        exporting.xlsx_file(queryset),
        as_attachment=True,
        filename=f"co-so-cnnt-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_GET
def establishment_import_template(request: HttpRequest) -> HttpResponse:
    """The workbook to fill in: the columns, drop-down lists and instructions."""
    if not permissions.can_manage_register(request.user):
        raise Http404
    response = HttpResponse(import_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-co-so-cnnt.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def establishment_import_view(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_register(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = establishment_import(actor=request.user, upload=form.cleaned_data["file"])
        if outcome.ok:
            messages.success(
                request,
                _(
                    "Imported %(total)s rows: %(created)s new, %(updated)s updated, "
                    "%(unchanged)s unchanged."
                )
                % outcome.__dict__,
            )
            return redirect("establishments:list")
    return render(
        request,
        "establishments/import.html",
        {"form": form, "outcome": outcome, "columns": COLUMNS},
    )


OPTIONS_LIMIT = 20


@login_required
@require_GET
def establishment_options(request: HttpRequest) -> JsonResponse:
    """JSON for the searchable establishment selects: the register's search (name without
    accents, or the first digits of a tax code) over what the user may see, nothing else."""
    visible = (
        establishment_list_visible_to(request.user).select_related(None).select_related("commune")
    )
    found = search_establishments(visible, request.GET.get("q", "")[:100])
    found = found.only("pk", "name", "tax_code", "commune__name").order_by("name", "pk")
    return JsonResponse(
        {"results": [{"id": e.pk, "text": establishment_label(e)} for e in found[:OPTIONS_LIMIT]]}
    )
