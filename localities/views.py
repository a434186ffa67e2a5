from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from localities.forms import CommuneSearchForm
from localities.selectors import (
    commune_list,
    commune_list_with_predecessors,
    configured_province,
    legacy_units,
    province_get,
    unit_get_for_page,
)

PAGE_SIZE = 50


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    """The communes of the configured province, each with the legacy units it absorbed."""
    province = configured_province()
    legacy = legacy_units(province)
    form = CommuneSearchForm(request.GET or None, legacy_provinces=legacy)
    query, legacy_province = "", None
    if form.is_valid():
        query = form.cleaned_data["q"]
        legacy_province = form.cleaned_data["legacy_province"]
    communes = commune_list_with_predecessors(
        province=province, query=query, legacy_province=legacy_province
    )
    page = Paginator(communes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "localities/unit_list.html",
        {"province": province, "legacy": legacy, "form": form, "page": page},
    )


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = unit_get_for_page(pk)
    return render(
        request,
        "localities/unit_detail.html",
        {
            "unit": page.unit,
            "successions": page.successions,
            "predecessors": page.predecessors,
            "children": page.children,
            "current": page.current,
        },
    )


@login_required
@require_GET
def commune_options(request: HttpRequest) -> JsonResponse:
    """JSON for the commune picker: communes of one 2025 province, optionally filtered."""
    province_id = request.GET.get("province") or ""
    if province_id.isascii() and province_id.isdigit() and len(province_id) <= 18:
        province = province_get(int(province_id))
    else:
        province = configured_province()
    communes = commune_list(province=province, query=request.GET.get("q", ""))
    return JsonResponse(
        {
            "province": {"id": province.pk, "name": province.name},
            "results": [
                {"id": pk, "name": name} for pk, name in communes.values_list("pk", "name")
            ],
        }
    )
