"""An entry's dossier and sheets, and a council member's scoring of it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import apply_validation_error

from .. import selectors, services
from ..forms import ConflictForm, ScoreSheetForm
from ..models import CouncilMember, Entry, RoundStatus, VotingRound
from .common import refusal
from .rounds import round_context


@login_required
@require_GET
def entry_detail(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    """The dossier of an entry; after closing, every member's sheet."""
    voting_round, member, _actors = round_context(request, pk)
    entry = selectors.entry_get_visible(request.user, voting_round, entry_id)
    entry.round = voting_round
    sheets = list(selectors.sheets_visible(request.user, entry, member))
    rows = selectors.sheet_rows(voting_round, sheets)
    return render(
        request,
        "products/entry_detail.html",
        {
            "round": voting_round,
            "entry": entry,
            "product": entry.product,
            "photos": entry.product.photos.all(),
            "documents": entry.product.documents.all(),
            "member": member,
            "sheets": sheets,
            "rows": rows,
            "results_visible": voting_round.status in selectors.SCORES_VISIBLE,
        },
    )


def _scoring_context(request: HttpRequest, pk: int, entry_id: int):
    voting_round, member, _actors = round_context(request, pk)
    if member is None or not member.scores:
        raise Http404
    entry = selectors.entry_get_visible(request.user, voting_round, entry_id)
    entry.round = voting_round
    return voting_round, member, entry


@login_required
@require_http_methods(["GET", "POST"])
def score_sheet(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    """A member's sheet for one entry: points per criterion, on a phone."""
    voting_round, member, entry = _scoring_context(request, pk, entry_id)
    groups = selectors.criteria_of(voting_round)
    sheet = selectors.sheet_of(entry, member)
    initial = {}
    if sheet is not None:
        initial = {f"c{s.criterion_id}": s.points for s in sheet.scores.all()}
    form = ScoreSheetForm(request.POST or None, groups=groups, initial=initial)
    scoring = voting_round.status == RoundStatus.SCORING
    if request.method == "POST":
        if not scoring:
            messages.error(request, _("Scoring is not open for this round."))
            return redirect(voting_round)
        if form.is_valid():
            try:
                services.sheet_save(actor=request.user, entry=entry, points=form.points())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("Score sheet for %(product)s saved.") % {"product": entry.product.name},
                )
                return redirect(_next_to_score(voting_round, member, entry))
    position, count = selectors.entry_position(voting_round, entry)
    return render(
        request,
        "products/score_sheet.html",
        {
            "round": voting_round,
            "entry": entry,
            "product": entry.product,
            "member": member,
            "sheet": sheet,
            "form": form,
            "scoring": scoring,
            "conflict_form": ConflictForm(),
            "position": position,
            "count": count,
        },
    )


def _next_to_score(voting_round: VotingRound, member: CouncilMember, entry: Entry) -> str:
    """After saving a sheet: the next entry this member has not scored, or the round."""
    following = selectors.next_to_score(voting_round, member)
    if following is None:
        return voting_round.get_absolute_url()
    return reverse("products:score_sheet", args=[voting_round.pk, following.pk])


@login_required
@require_POST
def conflict(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    voting_round, _member, entry = _scoring_context(request, pk, entry_id)
    try:
        if request.POST.get("withdraw"):
            services.conflict_withdraw(actor=request.user, entry=entry)
            messages.success(request, _("Conflict of interest withdrawn; you can score again."))
            return redirect("products:score_sheet", pk=voting_round.pk, entry_id=entry.pk)
        form = ConflictForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Say briefly what the conflict of interest is."))
        services.conflict_declare(actor=request.user, entry=entry, note=form.cleaned_data["note"])
    except (ValidationError, PermissionDenied) as error:
        if isinstance(error, PermissionDenied):
            raise Http404 from None
        refusal(request, error)
        return redirect("products:score_sheet", pk=voting_round.pk, entry_id=entry.pk)
    messages.success(request, _("Conflict of interest recorded: you will not score this entry."))
    return redirect(voting_round)
