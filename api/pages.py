"""Staff pages: issue API clients (the token is shown once) and revoke them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import is_center_staff

from . import selectors, services
from .forms import ApiClientForm


def _require_staff(request: HttpRequest) -> None:
    if not is_center_staff(request.user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def client_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = ApiClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client, token = services.api_client_create(
                actor=request.user,
                name=data["name"],
                scope=data["scope"],
                personal_data=data["personal_data"],
                acts_as=data["acts_as"],
                note=data["note"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            # Shown on this answer only: the token is not stored, a reload asks again.
            response = render(
                request, "api/client_created.html", {"client": client, "token": token}
            )
            response["Cache-Control"] = "no-store"
            return response
    clients = selectors.api_client_list(request.user)
    return render(request, "api/client_list.html", {"clients": clients, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def client_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    client = selectors.api_client_get(request.user, pk)
    if request.method == "POST":
        try:
            services.api_client_revoke(actor=request.user, client=client)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s is revoked: its token no longer works.") % {"name": client}
            )
        return redirect("api_clients:list")
    return render(request, "api/client_revoke.html", {"client": client})
