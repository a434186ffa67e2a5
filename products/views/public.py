"""Public screens, no login: the gallery of certified products and certificate
verification."""

import re

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.files import private_file_response

from .. import selectors
from ..forms import VerifyForm
from ..models import Level, ProductGroup
from .common import GALLERY_PAGE, positive_int, search_text


@require_safe
def gallery(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level", "")
    level = level if level in Level.values else ""
    group = positive_int(request.GET.get("group"), digits=1)
    group = group if group in ProductGroup.values else None
    year = positive_int(request.GET.get("year"), digits=4)
    year = year if year and year >= 2000 else None
    q = search_text(request)
    page = Paginator(
        selectors.gallery(level=level, year=year, group=group, q=q), GALLERY_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "products/gallery.html",
        {
            "page": page,
            "today": timezone.localdate(),
            "levels": Level.choices,
            "groups": ProductGroup.choices,
            "filters": {"level": level, "group": group, "year": year or "", "q": q},
            "verify_form": VerifyForm(),
        },
    )


@require_safe
def public_product(request: HttpRequest, pk: int) -> HttpResponse:
    product, certificates = selectors.public_product(pk)
    return render(
        request,
        "products/public_product.html",
        {
            "product": product,
            "shown": certificates[0],
            "certificates": certificates,
            "today": timezone.localdate(),
        },
    )


@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    result = None
    if form.is_valid():
        result = selectors.verify(number=form.cleaned_data["number"])
    return render(
        request,
        "products/verify.html",
        {"form": form, "result": result, "today": timezone.localdate()},
    )


@require_safe
def verify_token(request: HttpRequest, token: str) -> HttpResponse:
    token = token[:64]
    # Tokens are URL-safe base64: anything else is unknown (and a NUL crashes PostgreSQL).
    result = selectors.verify(token=token if re.fullmatch(r"[\w-]+", token, re.ASCII) else "")
    return render(
        request,
        "products/verify.html",
        {"form": VerifyForm(), "result": result, "today": timezone.localdate()},
        status=200 if result.certificate else 404,
    )


@require_safe
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    picture = selectors.photo_get_visible(request.user, pk)
    response = private_file_response(picture.image)
    public = selectors.product_is_public(picture.product_id)
    # Short: a revoked certificate takes its product's photos off the public pages.
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
