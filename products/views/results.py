"""After scoring: the council's awards, publication, and complaints."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import confirm
from core.formatting import format_date
from core.forms import apply_validation_error

from .. import selectors, services
from ..forms import AnswerForm, ComplaintForm, PublishForm
from .common import positive_int, refusal
from .rounds import round_context, round_page


@login_required
@require_POST
def awards(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, _member, actors = round_context(request, pk)
    if not actors:
        raise Http404
    ids = [i for i in map(positive_int, request.POST.getlist("entry")) if i is not None]
    try:
        count = services.awards_set(actor=request.user, voting_round=voting_round, entry_ids=ids)
    except ValidationError as error:
        refusal(request, error)
    else:
        messages.success(
            request, _("Council decision recorded: %(n)s certificates.") % {"n": count}
        )
    return redirect(voting_round)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, _member, actors = round_context(request, pk)
    if "staff" not in actors:
        raise Http404
    form = PublishForm(request.POST)
    if form.is_valid():
        awarded = voting_round.entries.filter(awarded=True).count()
        page = confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Publish the results of %(round)s") % {"round": voting_round.title},
                consequence=_(
                    "The results become public, and a numbered certificate is issued to each "
                    "of the %(n)s awarded entries. Complaints may then be lodged within the "
                    "legal time. This cannot be undone."
                )
                % {"n": awarded},
                rows=[
                    (_("Round"), voting_round.title),
                    (_("Certificates to issue"), str(awarded)),
                    (
                        _("Recognition decision"),
                        f"{form.cleaned_data['decision_number']} "
                        f"({format_date(form.cleaned_data['decision_date'])})",
                    ),
                ],
                button=_("Publish the results"),
                style="success",
                cancel_url=voting_round.get_absolute_url(),
            ),
        )
        if page is not None:
            return page
        try:
            certificates = services.publish_round(
                actor=request.user, voting_round=voting_round, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except PermissionDenied:
            messages.error(request, _("You cannot do that at this stage of the round."))
            return redirect(voting_round)
        else:
            messages.success(
                request,
                _("Results published; %(n)s certificates issued.") % {"n": len(certificates)},
            )
            return redirect(voting_round)
    voting_round.refresh_from_db()
    return round_page(request, voting_round, _member, actors, forms={"publish": form}, status=400)


@login_required
@require_POST
def complaint_record(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, _member, actors = round_context(request, pk)
    if "staff" not in actors:
        raise Http404
    form = ComplaintForm(request.POST, entries=voting_round.entries.select_related("product"))
    if form.is_valid():
        try:
            services.complaint_record(
                actor=request.user, voting_round=voting_round, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Complaint recorded."))
            return redirect(voting_round)
    return round_page(request, voting_round, _member, actors, forms={"complaint": form}, status=400)


@login_required
@require_POST
def complaint_answer(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get_visible(request.user, pk)
    voting_round, _member, actors = round_context(request, complaint.round_id)
    if not actors:
        raise Http404
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the council's answer."))
        services.complaint_answer(
            actor=request.user, complaint=complaint, answer=form.cleaned_data["answer"]
        )
    except ValidationError as error:
        refusal(request, error)
    else:
        messages.success(request, _("Answer recorded."))
    return redirect(voting_round)
