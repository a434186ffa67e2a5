"""Certificates as staff and officials handle them: the printed PDF, revocation, and
nomination to a round of the next level."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..certificate_pdf import certificate_pdf
from ..forms import NominateForm, RevokeForm
from ..models import Certificate
from .common import refusal, require_staff


def _certificate_for(request: HttpRequest, pk: int) -> Certificate:
    return selectors.certificate_get_visible(request.user, pk)


@login_required
@require_GET
def certificate_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate_for(request, pk)
    url = request.build_absolute_uri(reverse("products:verify_token", args=[certificate.token]))
    response = HttpResponse(certificate_pdf(certificate, verify_url=url), "application/pdf")
    filename = "giay-chung-nhan-" + certificate.number.replace("/", "-") + ".pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate_for(request, pk)
    require_staff(request.user)
    form = RevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the certificate is revoked."))
        services.certificate_revoke(
            actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        refusal(request, error)
    else:
        messages.success(request, _("Certificate %(number)s revoked.") % {"number": certificate})
    return redirect(certificate.entry.round)


@login_required
@require_POST
def certificate_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate_for(request, pk)
    require_staff(request.user)
    form = NominateForm(request.POST, rounds=selectors.open_rounds_above(certificate.level))
    if not form.is_valid():
        messages.error(request, _("Choose an open round of the next level."))
        return redirect(certificate.entry.round)
    target = form.cleaned_data["voting_round"]
    try:
        services.nominate(actor=request.user, certificate=certificate, voting_round=target)
    except ValidationError as error:
        refusal(request, error)
        return redirect(certificate.entry.round)
    messages.success(
        request,
        _("%(product)s nominated to %(round)s.")
        % {"product": certificate.entry.product.name, "round": target},
    )
    return redirect(target)
