"""The register of products: list, registration, the dossier (photos, documents) and
center staff's identity change of a certified product."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_center_staff
from core.files import private_file_response
from core.forms import apply_validation_error

from .. import selectors, services
from ..forms import DocumentForm, PhotoForm, ProductChangeForm, ProductForm, ProductIdentityForm
from ..models import ProductGroup
from .common import LIST_PAGE, positive_int, refusal, require_staff, search_text, sees_rounds


@login_required
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.product_list_visible_to(request.user)
    q = search_text(request)
    if q:
        qs = qs.filter(name__icontains=q)
    group = request.GET.get("group", "")
    if positive_int(group, digits=1) in ProductGroup.values:
        qs = qs.filter(group=int(group))
    page = Paginator(qs.order_by("name", "id"), LIST_PAGE).get_page(request.GET.get("page"))
    can_add = (
        is_center_staff(request.user)
        or selectors.establishments_for_products(request.user).exists()
    )
    return render(
        request,
        "products/product_list.html",
        {
            "page": page,
            "q": q,
            "group": group,
            "groups": ProductGroup.choices,
            "can_add": can_add,
            "can_see_rounds": sees_rounds(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest) -> HttpResponse:
    establishments = selectors.establishments_for_products(request.user)
    if not is_center_staff(request.user) and not establishments.exists():
        raise Http404
    initial = {}
    if positive_int(request.GET.get("establishment")) is not None:
        initial["establishment"] = positive_int(request.GET["establishment"])
    form = ProductForm(
        request.POST or None, request.FILES or None, establishments=establishments, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("name", "group", "description")}
        try:
            product = services.product_create(
                actor=request.user,
                establishment=form.cleaned_data["establishment"],
                photos=form.photos(),
                **data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Product registered."))
            return redirect(product)
    return render(request, "products/product_form.html", {"form": form})


@login_required
@require_GET
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.product_get_visible(request.user, pk)
    can_edit = selectors.can_edit_product(request.user, product)
    entries = selectors.entries_of_product_visible_to(request.user, product)
    staff = is_center_staff(request.user)
    return render(
        request,
        "products/product_detail.html",
        {
            "product": product,
            "photos": product.photos.all(),
            "documents": product.documents.all(),
            "entries": entries,
            "certified": selectors.product_has_certificate(product.pk),
            "identity_changes": selectors.identity_changes_of(product) if staff else (),
            "staff": staff,
            "can_edit": can_edit,
            "photo_form": PhotoForm() if can_edit else None,
            "document_form": DocumentForm() if can_edit else None,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_update(request: HttpRequest, pk: int) -> HttpResponse:
    product = _editable_product(request, pk)
    certified = selectors.product_has_certificate(product.pk)
    form = ProductChangeForm(request.POST or None, instance=product, certified=certified)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(
                actor=request.user,
                product=product,
                **{k: form.cleaned_data[k] for k in form.fields},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Product saved."))
            return redirect(product)
    return render(
        request,
        "products/product_form.html",
        {
            "form": form,
            "product": product,
            "certified": certified,
            "staff": is_center_staff(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Center staff change a certified product's name, group or establishment, with a
    reason; the page says first what the change does and does not do."""
    product = selectors.product_get_visible(request.user, pk)
    require_staff(request.user)
    form = ProductIdentityForm(
        request.POST or None,
        product=product,
        establishments=selectors.establishments_for_products(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.product_identity_change(
                actor=request.user, product=product, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The product's name, group and establishment were changed. Its "
                    "certificates keep what they were issued for."
                ),
            )
            return redirect(product)
    certificates = selectors.certificates_of_product(product)
    return render(
        request,
        "products/product_identity.html",
        {
            "form": form,
            "product": product,
            "certificates": certificates,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def _editable_product(request: HttpRequest, pk: int):
    product = selectors.product_get_visible(request.user, pk)
    if not selectors.can_edit_product(request.user, product):
        raise Http404
    return product


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    product = _editable_product(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        services.photo_add(actor=request.user, product=product, **form.cleaned_data)
        messages.success(request, _("Photo added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(product)


@login_required
@require_POST
def photo_remove(request: HttpRequest, pk: int, photo_id: int) -> HttpResponse:
    product = _editable_product(request, pk)
    picture = get_object_or_404(product.photos, pk=photo_id)
    try:
        services.photo_remove(actor=request.user, photo=picture)
    except ValidationError as error:
        refusal(request, error)
    else:
        messages.success(request, _("Photo removed."))
    return redirect(product)


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    product = _editable_product(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.document_add(actor=request.user, product=product, **form.cleaned_data)
        messages.success(request, _("Document attached."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(product)


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_visible(request.user, pk)
    return private_file_response(document.file, download=True)
