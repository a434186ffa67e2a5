"""Voting rounds: list, creation, the round page, its moves, the score sheet's criteria,
the council and the entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_center_staff, is_official
from core import confirm
from core.forms import apply_validation_error

from .. import selectors, services
from ..forms import (
    AnswerForm,
    ComplaintForm,
    CouncilMemberForm,
    CriterionForm,
    CriterionGroupForm,
    EntryForm,
    PublishForm,
    RoundForm,
)
from ..models import RoundStatus, VotingRound
from ..workflow import available_transitions
from .common import LIST_PAGE, positive_int, refusal, require_staff, sees_rounds


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not sees_rounds(user):
        raise Http404
    rounds = selectors.round_list_visible_to(user)
    page = Paginator(rounds.order_by("-year", "level", "id"), LIST_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "products/round_list.html",
        {
            "page": page,
            "can_create": is_center_staff(user),
            "can_list_products": is_center_staff(user) or is_official(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    form = RoundForm(
        request.POST or None, initial={"year": timezone.localdate().year, "level": "provincial"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            voting_round = services.round_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Voting round created with the standard score sheet."))
            return redirect(voting_round)
    return render(request, "products/round_form.html", {"form": form})


def round_context(request: HttpRequest, pk: int):
    voting_round = selectors.round_get_visible(request.user, pk)
    member = selectors.membership(request.user, voting_round)
    actors = selectors.round_actors(request.user, member)
    return voting_round, member, actors


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, member, actors = round_context(request, pk)
    return round_page(request, voting_round, member, actors)


def _entry_form(request, voting_round, data=None, files=None) -> EntryForm:
    products = selectors.products_eligible_for(request.user, voting_round)
    return EntryForm(
        data,
        files,
        products=products.select_related("establishment"),
        certificates=selectors.valid_certificates_below(voting_round).select_related(
            "entry__product"
        ),
    )


def round_page(request, voting_round, member, actors, *, forms=None, status=200):
    """The round page; `forms` replaces blank forms with bound ones that failed, so the
    page shows their errors and keeps what was typed."""
    forms = forms or {}
    context = selectors.round_state(request.user, voting_round, member, actors)
    staff = context["staff"]
    state = voting_round.status
    if state == RoundStatus.OPEN and staff:
        context["entry_form"] = forms.get("entry") or _entry_form(request, voting_round)
        context["member_form"] = forms.get("member") or CouncilMemberForm(voting_round=voting_round)
    if state == RoundStatus.CLOSED and staff:
        context["publish_form"] = forms.get("publish") or PublishForm(
            initial={"decision_date": timezone.localdate()}
        )
    if state == RoundStatus.PUBLISHED:
        if staff:
            context["complaint_form"] = forms.get("complaint") or ComplaintForm(
                entries=voting_round.entries.select_related("product"),
                initial={"received_on": timezone.localdate()},
            )
        if actors:
            context["answer_form"] = AnswerForm()
    context["open_forms"] = set(forms)
    return render(request, "products/round_detail.html", context, status=status)


@login_required
@require_POST
def round_transition(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, _member, actors = round_context(request, pk)
    target = request.POST.get("target", "")
    transition = next(
        (t for t in available_transitions(actors, voting_round.status) if t.target == target),
        None,
    )
    if transition is not None and transition.confirm:
        entry_count, council_count = selectors.round_sizes(voting_round)
        page = confirm.ask(
            request,
            confirm.for_transition(
                transition,
                title=f"{transition.label}: {voting_round.title}",
                cancel_url=voting_round.get_absolute_url(),
                rows=[
                    (_("Round"), f"{voting_round.title} ({voting_round.get_level_display()})"),
                    (_("Entries"), str(entry_count)),
                    (_("Council"), str(council_count)),
                ],
            ),
        )
        if page is not None:
            return page
    try:
        if target == RoundStatus.SCORING:
            services.open_scoring(actor=request.user, voting_round=voting_round)
            messages.success(request, _("Scoring is open. Council members can score now."))
        elif target == RoundStatus.CLOSED:
            services.close_round(actor=request.user, voting_round=voting_round)
            messages.success(request, _("The round is closed and its results computed."))
        else:
            raise PermissionDenied
    except PermissionDenied:
        if not actors:
            raise Http404 from None
        messages.error(request, _("You cannot do that at this stage of the round."))
    except ValidationError as error:
        refusal(request, error)
    return redirect(voting_round)


@login_required
@require_http_methods(["GET", "POST"])
def round_criteria(request: HttpRequest, pk: int) -> HttpResponse:
    """The score sheet: groups and criteria, editable by staff while the round is open."""
    voting_round, _member, actors = round_context(request, pk)
    editable = "staff" in actors and voting_round.status == RoundStatus.OPEN
    if request.method == "POST":
        if not editable:
            raise Http404
        try:
            _criteria_post(request, voting_round)
        except ValidationError as error:
            refusal(request, error)
        else:
            messages.success(request, _("Score sheet saved."))
        return redirect("products:round_criteria", pk=voting_round.pk)
    groups = selectors.criteria_of(voting_round)
    return render(
        request,
        "products/round_criteria.html",
        {
            "round": voting_round,
            "groups": groups,
            "editable": editable,
            "problems": selectors.sheet_problems(voting_round),
            "group_form": CriterionGroupForm(),
            "criterion_form": CriterionForm(),
        },
    )


def _criteria_post(request: HttpRequest, voting_round: VotingRound) -> None:
    action = request.POST.get("action", "")
    actor = request.user
    if action in ("group_save", "group_delete"):
        group = None
        if positive_int(request.POST.get("group")) is not None:
            group = selectors.criterion_group_get(voting_round, positive_int(request.POST["group"]))
        if action == "group_delete" and group is not None:
            services.criterion_group_delete(actor=actor, voting_round=voting_round, group=group)
            return
        form = CriterionGroupForm(request.POST, instance=group)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.criterion_group_save(
            actor=actor, voting_round=voting_round, group=group, **form.cleaned_data
        )
    elif action in ("criterion_save", "criterion_delete"):
        criterion = None
        if positive_int(request.POST.get("criterion")) is not None:
            criterion = selectors.criterion_get(
                voting_round, positive_int(request.POST["criterion"])
            )
        if action == "criterion_delete" and criterion is not None:
            services.criterion_delete(actor=actor, voting_round=voting_round, criterion=criterion)
            return
        group = selectors.criterion_group_get(voting_round, positive_int(request.POST.get("group")))
        form = CriterionForm(request.POST, instance=criterion)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.criterion_save(
            actor=actor,
            voting_round=voting_round,
            group=group,
            criterion=criterion,
            **form.cleaned_data,
        )
    else:
        raise Http404


@login_required
@require_POST
def council_add(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, _member, actors = round_context(request, pk)
    if "staff" not in actors:
        raise Http404
    form = CouncilMemberForm(request.POST, voting_round=voting_round)
    if form.is_valid():
        try:
            services.council_member_add(
                actor=request.user, voting_round=voting_round, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Council member added."))
            return redirect(voting_round)
    return round_page(request, voting_round, _member, actors, forms={"member": form}, status=400)


@login_required
@require_POST
def council_remove(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    voting_round, _member, actors = round_context(request, pk)
    if "staff" not in actors:
        raise Http404
    seat = selectors.council_seat_get(voting_round, member_id)
    try:
        services.council_member_remove(actor=request.user, member=seat)
    except ValidationError as error:
        refusal(request, error)
    else:
        messages.success(request, _("Council member removed."))
    return redirect(voting_round)


@login_required
@require_POST
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, _member, actors = round_context(request, pk)
    if "staff" not in actors:
        raise Http404
    form = _entry_form(request, voting_round, request.POST, request.FILES)
    if form.is_valid():
        try:
            services.entry_add(
                actor=request.user,
                voting_round=voting_round,
                product=form.cleaned_data["product"],
                nominated_from=form.cleaned_data["nominated_from"],
                forwarding_note=form.cleaned_data["forwarding_note"],
                forwarding_file=form.cleaned_data["forwarding_file"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Product entered."))
            return redirect(voting_round)
    return round_page(request, voting_round, _member, actors, forms={"entry": form}, status=400)


@login_required
@require_POST
def entry_remove(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    voting_round, _member, actors = round_context(request, pk)
    if "staff" not in actors:
        raise Http404
    entry = selectors.entry_of_round_get(voting_round, entry_id)
    try:
        services.entry_remove(actor=request.user, entry=entry)
    except ValidationError as error:
        refusal(request, error)
    else:
        messages.success(request, _("Entry removed."))
    return redirect(voting_round)
