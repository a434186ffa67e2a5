"""The establishment's own portal, phone first: my establishments, my establishment
(changes proposed to the center), my support requests (submit, follow, answer)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import apply_validation_error
from core.pagination import CappedPaginator
from establishments import services
from establishments.eligibility import location_eligibility
from establishments.forms import CommentForm, SupportRequestForm
from selfservice import selectors
from selfservice.forms import ProposalForm

PAGE_SIZE = 20


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My establishments: straight to it when there is one; a choice when several."""
    establishments = list(selectors.my_establishments(request.user)[:100])
    if len(establishments) == 1 and "pick" not in request.GET:
        return redirect("selfservice:establishment", establishments[0].pk)
    return render(
        request,
        "selfservice/home.html",
        {"establishments": establishments, "waiting": selectors.my_pending_links(request.user)},
    )


@login_required
@require_GET
def establishment(request: HttpRequest, pk: int) -> HttpResponse:
    current = selectors.my_establishment_get(request.user, pk)
    several = selectors.my_establishments(request.user).count() > 1
    return render(
        request,
        "selfservice/establishment.html",
        {
            "establishment": current,
            "several": several or selectors.my_pending_links(request.user).exists(),
            "proposals": selectors.my_proposals(request.user, current)[:5],
            "requests": selectors.my_requests(request.user, current)[:3],
            "projects": selectors.my_projects(request.user, current)[:3],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    current = selectors.my_establishment_get(request.user, pk)
    form = ProposalForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_proposal_submit(
                actor=request.user,
                establishment=current,
                changes=form.changes(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes have been sent; the center will apply them."))
            return redirect("selfservice:establishment", current.pk)
    return render(request, "selfservice/propose.html", {"establishment": current, "form": form})


@login_required
@require_GET
def request_list(request: HttpRequest, pk: int) -> HttpResponse:
    current = selectors.my_establishment_get(request.user, pk)
    page = CappedPaginator(selectors.my_requests(request.user, current), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "selfservice/request_list.html", {"establishment": current, "page": page}
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    current = selectors.my_establishment_get(request.user, pk)
    form = SupportRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.support_request_submit(
                actor=request.user, establishment=current, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The request has been sent to the center."))
            return redirect("selfservice:request_detail", created.pk)
    return render(
        request,
        "selfservice/request_form.html",
        {
            "establishment": current,
            "form": form,
            "eligibility": location_eligibility(
                commune=current.commune, craft_village=current.craft_village
            ),
        },
    )


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = selectors.my_request_get(request.user, pk)
    return render(
        request,
        "selfservice/request_detail.html",
        {
            "req": support_request,
            "events": support_request.events.select_related("actor"),
            "form": CommentForm(),
        },
    )


@login_required
@require_POST
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer the center's questions (a comment on the request's timeline)."""
    support_request = selectors.my_request_get(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.support_request_comment(
            actor=request.user, request=support_request, note=form.cleaned_data["note"]
        )
        messages.success(request, _("Your answer has been sent to the center."))
    else:
        messages.error(request, _("Write your answer first."))
    return redirect(reverse("selfservice:request_detail", args=[support_request.pk]))
