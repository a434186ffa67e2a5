from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from localities.models import AdminUnit, Era, Level


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: the same stack, one query on a unique index, a tiny
    template (no context processors, no base layout)."""
    unit = (
        AdminUnit.objects.filter(
            era=Era.CURRENT, level=Level.PROVINCE, code=settings.KHUYENCONG_PROVINCE_CODE
        )
        .only("name")
        .first()
    )
    return HttpResponse(render_to_string("bench/floor.html", {"unit": unit}))
