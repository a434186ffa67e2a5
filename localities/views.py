from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from localities.forms import CommuneSearchForm
from localities.models import AdminUnit, AdminUnitSuccession, Era, Level
from localities.selectors import (
    commune_list,
    commune_list_with_predecessors,
    configured_province,
    current_unit,
    legacy_units,
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
    unit = get_object_or_404(AdminUnit.objects.select_related("parent__parent"), pk=pk)
    successions = AdminUnitSuccession.objects.filter(old=unit).select_related("new__parent")
    predecessors = AdminUnitSuccession.objects.filter(new=unit).select_related(
        "old__parent__parent"
    )
    children = unit.children.order_by("name") if unit.level != Level.COMMUNE else None
    return render(
        request,
        "localities/unit_detail.html",
        {
            "unit": unit,
            "successions": successions,
            "predecessors": predecessors,
            "children": children,
            "current": current_unit(unit) if unit.era == Era.LEGACY else None,
        },
    )


@login_required
@require_GET
def commune_options(request: HttpRequest) -> JsonResponse:
    """JSON for the commune picker: communes of one 2025 province, optionally filtered."""
    province_id = request.GET.get("province") or ""
    if province_id.isascii() and province_id.isdigit() and len(province_id) <= 18:
        province = get_object_or_404(
            AdminUnit, pk=int(province_id), era=Era.CURRENT, level=Level.PROVINCE
        )
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
