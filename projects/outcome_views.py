"""Results after support: the list of follow-ups owed and the form of one, for the
collaborators of the area (on a phone) and center staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projects import outcomes
from projects.forms import OutcomeFollowUpForm

RECENT = 20


@login_required
@require_http_methods(["GET", "HEAD"])
def followup_due(request: HttpRequest) -> HttpResponse:
    if not outcomes.can_follow_up(request.user):
        raise Http404
    page = Paginator(outcomes.followups_due(request.user), 25).get_page(request.GET.get("page"))
    months = outcomes.followup_months()
    for pair in page:
        pair.due_on = outcomes.add_months(pair.accepted_on, months)
    recent = list(outcomes.followups_recorded(request.user)[:RECENT])
    return render(
        request,
        "projects/followup_due.html",
        {"page": page, "recent": recent, "months": months},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def followup_record(request: HttpRequest, pk: int, establishment_id: int) -> HttpResponse:
    pair, existing = outcomes.followup_target(request.user, pk, establishment_id)
    initial = {"recorded_on": timezone.localdate(), "capital_mobilised_vnd": 0}
    if request.method == "POST":
        form = OutcomeFollowUpForm(request.POST, instance=existing)
        if form.is_valid():
            try:
                outcomes.followup_record(
                    actor=request.user,
                    project=pair.project,
                    establishment=pair.establishment,
                    **form.cleaned_data,
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(request, _("The results after support have been recorded."))
                return redirect("projects:followup_due")
    else:
        form = OutcomeFollowUpForm(instance=existing, initial=None if existing else initial)
    due_on = outcomes.add_months(pair.accepted_on, outcomes.followup_months())
    return render(
        request,
        "projects/followup_form.html",
        {"pair": pair, "form": form, "existing": existing, "due_on": due_on},
        status=400 if request.method == "POST" else 200,
    )
