"""Screens of typical products: the public gallery and certificate verification; the
product register; voting rounds with their council, score sheet, entries, scoring,
results, certificates and complaints."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.roles import is_center_staff, is_council_member, is_official
from core.files import private_file_response
from core.forms import apply_validation_error

from . import selectors, services
from .certificate_pdf import certificate_pdf
from .forms import (
    AnswerForm,
    ComplaintForm,
    ConflictForm,
    CouncilMemberForm,
    CriterionForm,
    CriterionGroupForm,
    DocumentForm,
    EntryForm,
    NominateForm,
    PhotoForm,
    ProductChangeForm,
    ProductForm,
    ProductIdentityForm,
    PublishForm,
    RevokeForm,
    RoundForm,
    ScoreSheetForm,
    VerifyForm,
)
from .models import (
    LEVEL_ABOVE,
    Certificate,
    Complaint,
    CouncilMember,
    Criterion,
    CriterionGroup,
    Entry,
    Level,
    ProductGroup,
    RoundStatus,
    VotingRound,
)
from .workflow import available_transitions

GALLERY_PAGE = 24
LIST_PAGE = 50


def _int(value, *, digits: int = 9) -> int | None:
    """A small positive integer from a query string or form, or None ("²" is a digit to
    str.isdigit, not to int)."""
    value = str(value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= digits:
        return int(value)
    return None


def _search_text(request: HttpRequest) -> str:
    """The search box's text; without NUL characters, which PostgreSQL refuses."""
    return request.GET.get("q", "").replace("\x00", "").strip()[:100]


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _require_staff(user) -> None:
    if not is_center_staff(user):
        raise Http404


# --- public -----------------------------------------------------------------------------


@require_safe
def gallery(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level", "")
    level = level if level in Level.values else ""
    group = _int(request.GET.get("group"), digits=1)
    group = group if group in ProductGroup.values else None
    year = _int(request.GET.get("year"), digits=4)
    year = year if year and year >= 2000 else None
    q = _search_text(request)
    page = Paginator(
        selectors.gallery(level=level, year=year, group=group, q=q), GALLERY_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "products/gallery.html",
        {
            "page": page,
            "today": timezone.localdate(),
            "levels": Level.choices,
            "groups": ProductGroup.choices,
            "filters": {"level": level, "group": group, "year": year or "", "q": q},
            "verify_form": VerifyForm(),
        },
    )


@require_safe
def public_product(request: HttpRequest, pk: int) -> HttpResponse:
    product, certificates = selectors.public_product(pk)
    return render(
        request,
        "products/public_product.html",
        {
            "product": product,
            "shown": certificates[0],
            "certificates": certificates,
            "today": timezone.localdate(),
        },
    )


@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    result = None
    if form.is_valid():
        result = selectors.verify(number=form.cleaned_data["number"])
    return render(
        request,
        "products/verify.html",
        {"form": form, "result": result, "today": timezone.localdate()},
    )


@require_safe
def verify_token(request: HttpRequest, token: str) -> HttpResponse:
    token = token[:64]
    # Tokens are URL-safe base64: anything else is unknown (and a NUL crashes PostgreSQL).
    result = selectors.verify(token=token if re.fullmatch(r"[\w-]+", token, re.ASCII) else "")
    return render(
        request,
        "products/verify.html",
        {"form": VerifyForm(), "result": result, "today": timezone.localdate()},
        status=200 if result.certificate else 404,
    )


@require_safe
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    picture = selectors.photo_get_visible(request.user, pk)
    response = private_file_response(picture.image)
    public = selectors.product_is_public(picture.product_id)
    # Short: a revoked certificate takes its product's photos off the public pages.
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


# --- products ---------------------------------------------------------------------------


@login_required
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.product_list_visible_to(request.user)
    q = _search_text(request)
    if q:
        qs = qs.filter(name__icontains=q)
    group = request.GET.get("group", "")
    if _int(group, digits=1) in ProductGroup.values:
        qs = qs.filter(group=int(group))
    page = Paginator(qs.order_by("name", "id"), LIST_PAGE).get_page(request.GET.get("page"))
    can_add = (
        is_center_staff(request.user)
        or selectors.establishments_for_products(request.user).exists()
    )
    return render(
        request,
        "products/product_list.html",
        {
            "page": page,
            "q": q,
            "group": group,
            "groups": ProductGroup.choices,
            "can_add": can_add,
            "can_see_rounds": _sees_rounds(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest) -> HttpResponse:
    establishments = selectors.establishments_for_products(request.user)
    if not is_center_staff(request.user) and not establishments.exists():
        raise Http404
    initial = {}
    if _int(request.GET.get("establishment")) is not None:
        initial["establishment"] = _int(request.GET["establishment"])
    form = ProductForm(
        request.POST or None, request.FILES or None, establishments=establishments, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("name", "group", "description")}
        try:
            product = services.product_create(
                actor=request.user,
                establishment=form.cleaned_data["establishment"],
                photos=form.photos(),
                **data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Product registered."))
            return redirect(product)
    return render(request, "products/product_form.html", {"form": form})


@login_required
@require_GET
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.product_get_visible(request.user, pk)
    can_edit = selectors.can_edit_product(request.user, product)
    entries = selectors.entries_of_product_visible_to(request.user, product)
    staff = is_center_staff(request.user)
    return render(
        request,
        "products/product_detail.html",
        {
            "product": product,
            "photos": product.photos.all(),
            "documents": product.documents.all(),
            "entries": entries,
            "certified": selectors.product_has_certificate(product.pk),
            "identity_changes": selectors.identity_changes_of(product) if staff else (),
            "staff": staff,
            "can_edit": can_edit,
            "photo_form": PhotoForm() if can_edit else None,
            "document_form": DocumentForm() if can_edit else None,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_update(request: HttpRequest, pk: int) -> HttpResponse:
    product = _editable_product(request, pk)
    certified = selectors.product_has_certificate(product.pk)
    form = ProductChangeForm(request.POST or None, instance=product, certified=certified)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(
                actor=request.user,
                product=product,
                **{k: form.cleaned_data[k] for k in form.fields},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Product saved."))
            return redirect(product)
    return render(
        request,
        "products/product_form.html",
        {
            "form": form,
            "product": product,
            "certified": certified,
            "staff": is_center_staff(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Center staff change a certified product's name, group or establishment, with a
    reason; the page says first what the change does and does not do."""
    product = selectors.product_get_visible(request.user, pk)
    _require_staff(request.user)
    form = ProductIdentityForm(
        request.POST or None,
        product=product,
        establishments=selectors.establishments_for_products(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.product_identity_change(
                actor=request.user, product=product, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The product's name, group and establishment were changed. Its "
                    "certificates keep what they were issued for."
                ),
            )
            return redirect(product)
    certificates = selectors.certificates_of_product(product)
    return render(
        request,
        "products/product_identity.html",
        {
            "form": form,
            "product": product,
            "certificates": certificates,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def _editable_product(request: HttpRequest, pk: int):
    product = selectors.product_get_visible(request.user, pk)
    if not selectors.can_edit_product(request.user, product):
        raise Http404
    return product


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    product = _editable_product(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        services.photo_add(actor=request.user, product=product, **form.cleaned_data)
        messages.success(request, _("Photo added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(product)


@login_required
@require_POST
def photo_remove(request: HttpRequest, pk: int, photo_id: int) -> HttpResponse:
    product = _editable_product(request, pk)
    picture = get_object_or_404(product.photos, pk=photo_id)
    try:
        services.photo_remove(actor=request.user, photo=picture)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Photo removed."))
    return redirect(product)


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    product = _editable_product(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.document_add(actor=request.user, product=product, **form.cleaned_data)
        messages.success(request, _("Document attached."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(product)


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_visible(request.user, pk)
    return private_file_response(document.file, download=True)


# --- rounds -----------------------------------------------------------------------------


def _sees_rounds(user) -> bool:
    return is_center_staff(user) or is_official(user) or is_council_member(user)


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not _sees_rounds(user):
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
    _require_staff(request.user)
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


def _round_context(request: HttpRequest, pk: int):
    voting_round = selectors.round_get_visible(request.user, pk)
    member = selectors.membership(request.user, voting_round)
    actors = selectors.round_actors(request.user, member)
    return voting_round, member, actors


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, member, actors = _round_context(request, pk)
    return _round_page(request, voting_round, member, actors)


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


def _round_page(request, voting_round, member, actors, *, forms=None, status=200):
    """The round page; `forms` replaces blank forms with bound ones that failed, so the
    page shows their errors and keeps what was typed."""
    forms = forms or {}
    staff = "staff" in actors
    entries = list(selectors.entries_of(voting_round))
    council = list(voting_round.council.select_related("user").order_by("role", "id"))
    state = voting_round.status
    context = {
        "round": voting_round,
        "member": member,
        "staff": staff,
        "official": is_official(request.user),
        "chair": "chair" in actors,
        "entries": entries,
        "council": council,
        "transitions": available_transitions(actors, state),
        "results_visible": state in selectors.SCORES_VISIBLE,
        "my_states": selectors.my_sheet_states(voting_round, member),
        "today": timezone.localdate(),
    }
    if actors and state == RoundStatus.SCORING:
        context["progress"] = selectors.scoring_progress(voting_round, entries)
    if state == RoundStatus.OPEN:
        context["sheet_problems"] = services.sheet_problems(voting_round)
        if staff:
            context["entry_form"] = forms.get("entry") or _entry_form(request, voting_round)
            context["member_form"] = forms.get("member") or CouncilMemberForm(
                voting_round=voting_round
            )
    if state == RoundStatus.CLOSED and staff:
        context["publish_form"] = forms.get("publish") or PublishForm(
            initial={"decision_date": timezone.localdate()}
        )
    if state == RoundStatus.PUBLISHED:
        context["complaints"] = list(
            voting_round.complaints.select_related("entry__product", "answered_by")
        )
        context["complaint_deadline"] = voting_round.complaint_deadline
        if staff:
            context["complaint_form"] = forms.get("complaint") or ComplaintForm(
                entries=voting_round.entries.select_related("product"),
                initial={"received_on": timezone.localdate()},
            )
            above = LEVEL_ABOVE.get(voting_round.level)
            if above:
                context["next_rounds"] = list(
                    VotingRound.objects.filter(level=above, status=RoundStatus.OPEN)
                )
        if actors:
            context["answer_form"] = AnswerForm()
    context["open_forms"] = set(forms)
    return render(request, "products/round_detail.html", context, status=status)


@login_required
@require_POST
def round_transition(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, _member, actors = _round_context(request, pk)
    target = request.POST.get("target", "")
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
        _refusal(request, error)
    return redirect(voting_round)


@login_required
@require_http_methods(["GET", "POST"])
def round_criteria(request: HttpRequest, pk: int) -> HttpResponse:
    """The score sheet: groups and criteria, editable by staff while the round is open."""
    voting_round, _member, actors = _round_context(request, pk)
    editable = "staff" in actors and voting_round.status == RoundStatus.OPEN
    if request.method == "POST":
        if not editable:
            raise Http404
        try:
            _criteria_post(request, voting_round)
        except ValidationError as error:
            _refusal(request, error)
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
            "problems": services.sheet_problems(voting_round),
            "group_form": CriterionGroupForm(),
            "criterion_form": CriterionForm(),
        },
    )


def _criteria_post(request: HttpRequest, voting_round: VotingRound) -> None:
    action = request.POST.get("action", "")
    actor = request.user
    if action in ("group_save", "group_delete"):
        group = None
        if _int(request.POST.get("group")) is not None:
            group = get_object_or_404(
                CriterionGroup, round=voting_round, pk=_int(request.POST["group"])
            )
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
        if _int(request.POST.get("criterion")) is not None:
            criterion = get_object_or_404(
                Criterion.objects.select_related("group"),
                group__round=voting_round,
                pk=_int(request.POST["criterion"]),
            )
        if action == "criterion_delete" and criterion is not None:
            services.criterion_delete(actor=actor, voting_round=voting_round, criterion=criterion)
            return
        group = get_object_or_404(
            CriterionGroup, round=voting_round, pk=_int(request.POST.get("group")) or 0
        )
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
    voting_round, _member, actors = _round_context(request, pk)
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
    return _round_page(request, voting_round, _member, actors, forms={"member": form}, status=400)


@login_required
@require_POST
def council_remove(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    voting_round, _member, actors = _round_context(request, pk)
    if "staff" not in actors:
        raise Http404
    seat = get_object_or_404(CouncilMember, round=voting_round, pk=member_id)
    try:
        services.council_member_remove(actor=request.user, member=seat)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Council member removed."))
    return redirect(voting_round)


@login_required
@require_POST
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, _member, actors = _round_context(request, pk)
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
    return _round_page(request, voting_round, _member, actors, forms={"entry": form}, status=400)


@login_required
@require_POST
def entry_remove(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    voting_round, _member, actors = _round_context(request, pk)
    if "staff" not in actors:
        raise Http404
    entry = get_object_or_404(Entry, round=voting_round, pk=entry_id)
    try:
        services.entry_remove(actor=request.user, entry=entry)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Entry removed."))
    return redirect(voting_round)


@login_required
@require_GET
def entry_detail(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    """The dossier of an entry; after closing, every member's sheet."""
    voting_round, member, _actors = _round_context(request, pk)
    entry = selectors.entry_get_visible(request.user, voting_round, entry_id)
    entry.round = voting_round
    sheets = list(selectors.sheets_visible(request.user, entry, member))
    groups = selectors.criteria_of(voting_round)
    criteria = [c for g in groups for c in g.criteria.all()]
    points = {sheet.pk: {s.criterion_id: s.points for s in sheet.scores.all()} for sheet in sheets}
    rows = [(c, [points[sheet.pk].get(c.pk) for sheet in sheets]) for c in criteria]
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
    voting_round, member, _actors = _round_context(request, pk)
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
    siblings = list(
        Entry.objects.filter(round=voting_round)
        .order_by("group", "product__name", "id")
        .values_list("pk", flat=True)
    )
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
            "position": siblings.index(entry.pk) + 1,
            "count": len(siblings),
        },
    )


def _next_to_score(voting_round: VotingRound, member: CouncilMember, entry: Entry) -> str:
    """After saving a sheet: the next entry this member has not scored, or the round."""
    following = (
        Entry.objects.filter(round=voting_round)
        .exclude(sheets__member=member)
        .order_by("group", "product__name", "id")
        .first()
    )
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
        _refusal(request, error)
        return redirect("products:score_sheet", pk=voting_round.pk, entry_id=entry.pk)
    messages.success(request, _("Conflict of interest recorded: you will not score this entry."))
    return redirect(voting_round)


@login_required
@require_POST
def awards(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, _member, actors = _round_context(request, pk)
    if not actors:
        raise Http404
    ids = [i for i in map(_int, request.POST.getlist("entry")) if i is not None]
    try:
        count = services.awards_set(actor=request.user, voting_round=voting_round, entry_ids=ids)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(
            request, _("Council decision recorded: %(n)s certificates.") % {"n": count}
        )
    return redirect(voting_round)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, _member, actors = _round_context(request, pk)
    if "staff" not in actors:
        raise Http404
    form = PublishForm(request.POST)
    if form.is_valid():
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
    return _round_page(request, voting_round, _member, actors, forms={"publish": form}, status=400)


@login_required
@require_POST
def complaint_record(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round, _member, actors = _round_context(request, pk)
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
    return _round_page(
        request, voting_round, _member, actors, forms={"complaint": form}, status=400
    )


@login_required
@require_POST
def complaint_answer(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_object_or_404(Complaint, pk=pk)
    voting_round, _member, actors = _round_context(request, complaint.round_id)
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
        _refusal(request, error)
    else:
        messages.success(request, _("Answer recorded."))
    return redirect(voting_round)


# --- certificates -----------------------------------------------------------------------


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
    _require_staff(request.user)
    form = RevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the certificate is revoked."))
        services.certificate_revoke(
            actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Certificate %(number)s revoked.") % {"number": certificate})
    return redirect(certificate.entry.round)


@login_required
@require_POST
def certificate_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate_for(request, pk)
    _require_staff(request.user)
    above = LEVEL_ABOVE.get(certificate.level)
    form = NominateForm(
        request.POST,
        rounds=VotingRound.objects.filter(level=above or "", status=RoundStatus.OPEN),
    )
    if not form.is_valid():
        messages.error(request, _("Choose an open round of the next level."))
        return redirect(certificate.entry.round)
    target = form.cleaned_data["voting_round"]
    try:
        services.nominate(actor=request.user, certificate=certificate, voting_round=target)
    except ValidationError as error:
        _refusal(request, error)
        return redirect(certificate.entry.round)
    messages.success(
        request,
        _("%(product)s nominated to %(round)s.")
        % {"product": certificate.entry.product.name, "round": target},
    )
    return redirect(target)
