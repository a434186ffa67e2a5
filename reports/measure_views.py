"""The columns of the periodic reports (measures), edited by center staff in the portal:
gate → form → service → redirect; the history of each measure shown beside it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import is_center_staff
from core.forms import apply_validation_error

from . import selectors, services
from .forms import MeasureForm
from .models import Measure
from .periodic.measures import guide

PAGE_SIZE = 50


def _require_staff(user) -> None:
    if not is_center_staff(user):
        raise Http404


@login_required
@require_GET
def measure_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request.user)
    page = Paginator(selectors.measure_list_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reports/measure_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_staff(request.user)
    measure = selectors.measure_get_visible(request.user, pk) if pk else Measure()
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_save(actor=request.user, measure=form.instance)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The measure “%(name)s” is saved.") % {"name": measure})
            return redirect("reports:measure_edit", measure.pk)
    return render(
        request,
        "reports/measure_form.html",
        {
            "form": form,
            "measure": measure if measure.pk else None,
            "history": selectors.measure_history(measure) if measure.pk else [],
            "guide": guide(),
        },
        status=400 if request.method == "POST" else 200,
    )
