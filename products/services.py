"""Writes to products, rounds, score sheets and certificates. Every change checks the
actor; round state changes go through `_move`, which locks the round, checks the table
and writes an event. Nothing else assigns VotingRound.status."""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.roles import is_center_staff, is_council_member
from core.workflow import Transition
from establishments.eligibility import location_eligibility
from establishments.models import Establishment

from . import selectors
from .criteria import DEFAULT_SHEET, SHEET_TOTAL
from .models import (
    LEVEL_BELOW,
    LEVEL_CODE,
    MIN_PHOTOS,
    REQUIRED_VIEWS,
    SCORING_ROLES,
    Certificate,
    Complaint,
    CouncilMember,
    CouncilRole,
    Criterion,
    CriterionGroup,
    DocumentKind,
    Entry,
    IdentityChange,
    Level,
    PhotoView,
    Product,
    ProductDocument,
    ProductPhoto,
    RoundEvent,
    RoundStatus,
    Score,
    ScoreSheet,
    VotingRound,
    certificate_valid_until,
)
from .workflow import WORKFLOW, find_transition


def _require_staff(actor) -> None:
    if not is_center_staff(actor):
        raise PermissionDenied


# --- products -------------------------------------------------------------------------


def _check_views(views: Iterable[str]) -> None:
    views = list(views)
    missing = [v for v in REQUIRED_VIEWS if v not in views]
    if len(views) < MIN_PHOTOS or missing:
        raise ValidationError(
            {
                "photos": _(
                    "The dossier needs at least three colour photos: front, side and top "
                    "(missing: %(views)s)."
                )
                % {"views": ", ".join(str(PhotoView(v).label) for v in missing) or "—"}
            }
        )


@transaction.atomic
def product_create(
    *, actor, establishment: Establishment, photos: Iterable[tuple[str, object]], **fields
) -> Product:
    """A product with its photos: (view, uploaded file) pairs; front, side and top needed."""
    if not selectors.can_register_product_of(actor, establishment.pk):
        raise PermissionDenied
    photos = list(photos)
    _check_views(view for view, _file in photos)
    product = Product(establishment=establishment, created_by=actor, **fields)
    product.full_clean()
    product.save()
    bulk_create_with_history(
        [
            ProductPhoto(product=product, view=view, image=image, position=index)
            for index, (view, image) in enumerate(photos)
        ],
        ProductPhoto,
        default_user=actor,
    )
    return product


def _check_dossier_open(product: Product) -> None:
    """The dossier the council scores cannot change under it."""
    under_review = Entry.objects.filter(
        product=product, round__status__in=(RoundStatus.SCORING, RoundStatus.CLOSED)
    ).select_related("round")
    voting_round = next((e.round for e in under_review[:1]), None)
    if voting_round is not None:
        raise ValidationError(
            _(
                "%(product)s is being scored in %(round)s: its dossier is fixed until the "
                "results are published."
            )
            % {"product": product, "round": voting_round}
        )


def _identity(product: Product) -> dict[str, object]:
    return {
        "name": product.name,
        "group": product.group,
        "establishment": product.establishment_id,
    }


@transaction.atomic
def product_update(*, actor, product: Product, **fields) -> Product:
    """The dossier's ordinary edit. Once the product holds a certificate (revoked ones
    too: a certificate once issued is a record), its name, group and establishment are
    what was certified; only center staff change them, with a reason
    (`product_identity_change`)."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    if not selectors.can_edit_product(actor, product):
        raise PermissionDenied
    _check_dossier_open(product)
    before = _identity(product)
    for name, value in fields.items():
        setattr(product, name, value)
    changed = [k for k, v in _identity(product).items() if v != before[k]]
    if changed and selectors.product_has_certificate(product.pk):
        message = _(
            "The product holds a certificate: its name, group and establishment are kept "
            "as certified. Center staff change them, with a reason."
        )
        raise ValidationError(dict.fromkeys(changed, message))
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def product_identity_change(
    *,
    actor,
    product: Product,
    name: str,
    group: int,
    establishment: Establishment,
    reason: str,
) -> IdentityChange:
    """Center staff change a certified product's name, group or establishment, saying
    why. The certificates keep what they were issued for; the change and its reason are
    recorded (an IdentityChange row, and the product's history)."""
    _require_staff(actor)
    product = Product.objects.select_for_update().get(pk=product.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the product's identity changes.")})
    _check_dossier_open(product)
    if establishment.pk != product.establishment_id and not (
        selectors.establishments_for_products(actor).filter(pk=establishment.pk).exists()
    ):
        raise ValidationError(
            {"establishment": _("Choose an establishment of the register (not archived).")}
        )
    before = _identity(product)
    change = IdentityChange(
        product=product,
        from_name=product.name,
        from_group=product.group,
        from_establishment_id=product.establishment_id,
        reason=reason,
        actor=actor,
    )
    product.name = (name or "").strip()
    product.group = group
    product.establishment = establishment
    if _identity(product) == before:
        raise ValidationError(_("Nothing changes: the name, group and establishment are the same."))
    product.full_clean()
    product._change_reason = reason[:100]
    product._history_user = actor
    product.save()
    change.to_name = product.name
    change.to_group = product.group
    change.to_establishment = establishment
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def photo_add(*, actor, product: Product, view: str, image) -> ProductPhoto:
    product = Product.objects.select_for_update().get(pk=product.pk)
    if not selectors.can_edit_product(actor, product):
        raise PermissionDenied
    _check_dossier_open(product)
    position = (product.photos.aggregate(m=Max("position"))["m"] or 0) + 1
    photo = ProductPhoto(product=product, view=view, image=image, position=position)
    photo.full_clean(exclude=["image"])
    photo.save()
    return photo


@transaction.atomic
def photo_remove(*, actor, photo: ProductPhoto) -> None:
    product = Product.objects.select_for_update().get(pk=photo.product_id)
    if not selectors.can_edit_product(actor, product):
        raise PermissionDenied
    _check_dossier_open(product)
    remaining = product.photos.exclude(pk=photo.pk).values_list("view", flat=True)
    try:
        _check_views(remaining)
    except ValidationError as error:
        raise ValidationError(
            _("This photo cannot be removed: %(reason)s") % {"reason": " ".join(error.messages)}
        ) from None
    photo.delete()


@transaction.atomic
def document_add(
    *, actor, product: Product, kind: str, title: str, file, issued_on: dt.date | None = None
) -> ProductDocument:
    product = Product.objects.select_for_update().get(pk=product.pk)
    if not selectors.can_edit_product(actor, product):
        raise PermissionDenied
    _check_dossier_open(product)
    document = ProductDocument(
        product=product, kind=kind, title=title, file=file, issued_on=issued_on, uploaded_by=actor
    )
    document.full_clean(exclude=["file"])
    document.save()
    return document


# --- rounds ---------------------------------------------------------------------------


def _seed_criteria(voting_round: VotingRound) -> None:
    # Stored in the portal's language: the sheet is data, printed and signed as is.
    with translation.override(settings.LANGUAGE_CODE):
        for g_pos, (group_name, group_max, criteria) in enumerate(DEFAULT_SHEET, start=1):
            group = CriterionGroup.objects.create(
                round=voting_round, position=g_pos, name=_(group_name), max_points=group_max
            )
            bulk_create_with_history(
                [
                    Criterion(group=group, position=c_pos, name=_(name), max_points=points)
                    for c_pos, (name, points) in enumerate(criteria, start=1)
                ],
                Criterion,
            )


@transaction.atomic
def round_create(*, actor, **fields) -> VotingRound:
    _require_staff(actor)
    voting_round = VotingRound(created_by=actor, **fields)
    voting_round.full_clean()
    voting_round.save()
    _seed_criteria(voting_round)
    RoundEvent.objects.create(round=voting_round, to_status=voting_round.status, actor=actor)
    return voting_round


def _lock_round(voting_round: VotingRound) -> VotingRound:
    return VotingRound.objects.select_for_update().get(pk=voting_round.pk)


def _require_status(voting_round: VotingRound, *statuses: str, message: str) -> None:
    if voting_round.status not in statuses:
        raise ValidationError(message)


@transaction.atomic
def round_update(*, actor, voting_round: VotingRound, **fields) -> VotingRound:
    _require_staff(actor)
    voting_round = _lock_round(voting_round)
    _require_status(
        voting_round,
        RoundStatus.OPEN,
        message=_("The round's details are fixed once scoring opens."),
    )
    for name, value in fields.items():
        setattr(voting_round, name, value)
    voting_round.full_clean()
    voting_round.save()
    return voting_round


def _criteria_editable(voting_round: VotingRound) -> VotingRound:
    voting_round = _lock_round(voting_round)
    _require_status(
        voting_round,
        RoundStatus.OPEN,
        message=_("The score sheet cannot change once scoring has opened."),
    )
    return voting_round


@transaction.atomic
def criterion_group_save(
    *, actor, voting_round: VotingRound, name: str, max_points: int, group=None
) -> CriterionGroup:
    _require_staff(actor)
    voting_round = _criteria_editable(voting_round)
    if group is None:
        position = (voting_round.criterion_groups.aggregate(m=Max("position"))["m"] or 0) + 1
        group = CriterionGroup(round=voting_round, position=position)
    elif group.round_id != voting_round.pk:
        raise PermissionDenied
    group.name = name
    group.max_points = max_points
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def criterion_save(
    *,
    actor,
    voting_round: VotingRound,
    group: CriterionGroup,
    name: str,
    max_points: int,
    guidance: str = "",
    criterion=None,
) -> Criterion:
    _require_staff(actor)
    voting_round = _criteria_editable(voting_round)
    if group.round_id != voting_round.pk:
        raise PermissionDenied
    if criterion is None:
        position = (group.criteria.aggregate(m=Max("position"))["m"] or 0) + 1
        criterion = Criterion(group=group, position=position)
    elif criterion.group.round_id != voting_round.pk:
        raise PermissionDenied
    criterion.group = group
    criterion.name = name
    criterion.max_points = max_points
    criterion.guidance = guidance
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, actor, voting_round: VotingRound, criterion: Criterion) -> None:
    _require_staff(actor)
    voting_round = _criteria_editable(voting_round)
    if criterion.group.round_id != voting_round.pk:
        raise PermissionDenied
    criterion.delete()


@transaction.atomic
def criterion_group_delete(*, actor, voting_round: VotingRound, group: CriterionGroup) -> None:
    _require_staff(actor)
    voting_round = _criteria_editable(voting_round)
    if group.round_id != voting_round.pk:
        raise PermissionDenied
    group.delete()


def sheet_problems(voting_round: VotingRound) -> list[str]:
    """What keeps the score sheet from adding up: each group's criteria must sum to the
    group's maximum, and the groups to 100 points."""
    groups = list(
        CriterionGroup.objects.filter(round=voting_round).annotate(
            criteria_sum=Sum("criteria__max_points"), criteria_count=Count("criteria")
        )
    )
    problems = []
    if not groups:
        return [_("The score sheet has no criteria.")]
    for group in groups:
        if not group.criteria_count:
            problems.append(_("Group “%(group)s” has no criteria.") % {"group": group.name})
        elif group.criteria_sum != group.max_points:
            problems.append(
                _("The criteria of “%(group)s” add up to %(sum)s points, not the group's %(max)s.")
                % {"group": group.name, "sum": group.criteria_sum, "max": group.max_points}
            )
    total = sum(g.max_points for g in groups)
    if total != SHEET_TOTAL:
        problems.append(
            _("The groups add up to %(total)s points, not %(expected)s.")
            % {"total": total, "expected": SHEET_TOTAL}
        )
    return problems


@transaction.atomic
def council_member_add(
    *, actor, voting_round: VotingRound, user, role: str, organisation: str = ""
) -> CouncilMember:
    _require_staff(actor)
    voting_round = _lock_round(voting_round)
    _require_status(
        voting_round,
        RoundStatus.OPEN,
        message=_("The council cannot change once scoring has opened."),
    )
    if not is_council_member(user):
        raise ValidationError(
            {
                "user": _(
                    "%(user)s does not have the council member role; give it in the "
                    "administration first."
                )
                % {"user": user}
            }
        )
    member = CouncilMember(round=voting_round, user=user, role=role, organisation=organisation)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def council_member_remove(*, actor, member: CouncilMember) -> None:
    _require_staff(actor)
    voting_round = _lock_round(member.round)
    _require_status(
        voting_round,
        RoundStatus.OPEN,
        message=_("The council cannot change once scoring has opened."),
    )
    member.delete()


# --- entries --------------------------------------------------------------------------


def _level_names(level: str, below: str) -> dict[str, str]:
    """Level names for the middle of a sentence ("cấp tỉnh", not "Cấp tỉnh")."""
    return {"level": str(Level(level).label).lower(), "below": str(Level(below).label).lower()}


def _check_entry(
    voting_round: VotingRound, product: Product, certificate: Certificate | None, forwarding
) -> None:
    establishment = product.establishment
    if establishment.merged_into_id:
        raise ValidationError(
            _("%(establishment)s was merged into another record; enter the product from it.")
            % {"establishment": establishment}
        )
    verdict = location_eligibility(
        commune=establishment.commune, craft_village=establishment.craft_village
    )
    if not verdict.eligible:
        raise ValidationError(
            _("%(establishment)s is not eligible: %(reason)s")
            % {"establishment": establishment, "reason": verdict.reason}
        )
    if product.photos.count() < MIN_PHOTOS:
        raise ValidationError(
            _("The dossier of %(product)s needs at least three photos.") % {"product": product}
        )
    if voting_round.level == Level.COMMUNE and establishment.commune_id != voting_round.commune_id:
        raise ValidationError(
            _("%(establishment)s is not in %(commune)s, which holds this round.")
            % {"establishment": establishment, "commune": voting_round.commune}
        )
    below = LEVEL_BELOW.get(voting_round.level)
    if below is None:
        if certificate is not None:
            raise ValidationError(
                {"nominated_from": _("A commune round takes no certificate of a level below.")}
            )
        return
    if certificate is not None:
        if certificate.entry.product_id != product.pk:
            raise ValidationError(
                {"nominated_from": _("This certificate was issued to another product.")}
            )
        if certificate.level != below:
            raise ValidationError(
                {
                    "nominated_from": _("A %(level)s round needs a certificate of the %(below)s.")
                    % _level_names(voting_round.level, below)
                }
            )
        if certificate.entry.round.status != RoundStatus.PUBLISHED:
            raise ValidationError(
                {"nominated_from": _("The round of this certificate is not published.")}
            )
        today = timezone.localdate()
        if not certificate.is_valid_on(today):
            raise ValidationError(
                {
                    "nominated_from": _(
                        "Certificate %(number)s is %(state)s; a valid one is needed."
                    )
                    % {
                        "number": certificate.number,
                        "state": _("revoked")
                        if certificate.revoked_at
                        else _("expired since %(date)s")
                        % {"date": certificate.valid_until.strftime("%d/%m/%Y")},
                    }
                }
            )
        return
    if voting_round.level == Level.PROVINCIAL and forwarding is not None:
        return
    if voting_round.level == Level.PROVINCIAL:
        message = _(
            "A provincial round needs a valid commune-level certificate of the product, or "
            "the commune's forwarding letter when no commune round was held."
        )
    else:
        message = _("A %(level)s round needs a valid certificate of the %(below)s.") % (
            _level_names(voting_round.level, below)
        )
    raise ValidationError({"nominated_from": message})


@transaction.atomic
def entry_add(
    *,
    actor,
    voting_round: VotingRound,
    product: Product,
    nominated_from: Certificate | None = None,
    forwarding_note: str = "",
    forwarding_file=None,
) -> Entry:
    """Enter a product. Above commune level it needs a valid certificate of the level
    below; at provincial level the commune's forwarding letter may stand in for it."""
    _require_staff(actor)
    voting_round = _lock_round(voting_round)
    _require_status(
        voting_round, RoundStatus.OPEN, message=_("This round no longer takes entries.")
    )
    product = (
        Product.objects.select_for_update(of=("self",))
        .select_related("establishment__commune__parent")
        .get(pk=product.pk)
    )
    if Entry.objects.filter(round=voting_round, product=product).exists():
        raise ValidationError(
            {"product": _("%(product)s is already entered in this round.") % {"product": product}}
        )
    forwarding = None
    if forwarding_file is not None or forwarding_note.strip():
        if forwarding_file is None or not forwarding_note.strip():
            raise ValidationError(
                {
                    "forwarding_note": _(
                        "A forwarding needs both the letter (file) and its number and date."
                    )
                }
            )
        forwarding = forwarding_file
    if nominated_from is not None:
        nominated_from = Certificate.objects.select_related("entry__round").get(
            pk=nominated_from.pk
        )
    _check_entry(voting_round, product, nominated_from, forwarding)
    document = None
    if forwarding is not None and nominated_from is None:
        document = ProductDocument(
            product=product,
            kind=DocumentKind.FORWARDING,
            title=forwarding_note.strip()[:255],
            file=forwarding,
            uploaded_by=actor,
        )
        document.save()
    entry = Entry(
        round=voting_round,
        product=product,
        group=product.group,
        nominated_from=nominated_from,
        forwarding_note=forwarding_note.strip() if document else "",
        forwarding_document=document,
        registered_by=actor,
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise ValidationError(
            {"product": _("%(product)s is already entered in this round.") % {"product": product}}
        ) from None
    return entry


@transaction.atomic
def entry_remove(*, actor, entry: Entry) -> None:
    _require_staff(actor)
    voting_round = _lock_round(entry.round)
    _require_status(
        voting_round,
        RoundStatus.OPEN,
        message=_("Entries cannot be removed once scoring has opened."),
    )
    document = entry.forwarding_document
    entry.delete()
    if document is not None:
        document.delete()


# --- the round's workflow ---------------------------------------------------------------


def _actors(actor, voting_round: VotingRound) -> set[str]:
    return selectors.round_actors(actor, selectors.membership(actor, voting_round))


def _check_move(actor, voting_round: VotingRound, target: str, via: str = "") -> Transition:
    transition = find_transition(_actors(actor, voting_round), voting_round.status, target, via=via)
    if transition is None:
        raise PermissionDenied
    return transition


def _move(
    *, actor, voting_round: VotingRound, target: str, via: str = "", note: str = "", fields=()
) -> None:
    transition = _check_move(actor, voting_round, target, via)
    RoundEvent.objects.create(
        round=voting_round,
        from_status=voting_round.status,
        to_status=target,
        actor=actor,
        note=note,
    )
    WORKFLOW.move(voting_round, transition, actor=actor, note=note, update_fields=fields)


@transaction.atomic
def open_scoring(*, actor, voting_round: VotingRound) -> VotingRound:
    voting_round = _lock_round(voting_round)
    _check_move(actor, voting_round, RoundStatus.SCORING)
    problems = sheet_problems(voting_round)
    if not voting_round.entries.exists():
        problems.append(_("The round has no entries."))
    council = voting_round.council.all()
    if not council.filter(role=CouncilRole.CHAIR).exists():
        problems.append(_("The council has no chair."))
    if not council.filter(role__in=SCORING_ROLES).exists():
        problems.append(_("The council has no member who scores."))
    if problems:
        raise ValidationError(problems)
    _move(actor=actor, voting_round=voting_round, target=RoundStatus.SCORING)
    return voting_round


def compute_results(voting_round: VotingRound) -> None:
    """Average per entry over the members who scored it (conflicts excluded), rounded half
    up to two decimals as published; rank per product group on that published average
    (ties share a rank); recognised at the threshold. The sums are taken in the database;
    the division is exact (Decimal), so every database gives the same average."""
    updated = []
    for entry in Entry.objects.filter(round=voting_round).annotate(
        points=Sum("sheets__total", filter=Q(sheets__conflict=False)),
        n=Count("sheets", filter=Q(sheets__conflict=False)),
    ):
        if entry.n:
            average = (Decimal(entry.points) / entry.n).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        else:
            average = None
        entry.average_score = average
        entry.scorer_count = entry.n
        entry.recognised = average is not None and average >= voting_round.threshold
        entry.awarded = False
        entry.rank = None
        updated.append(entry)
    by_group: dict[int, list[Entry]] = {}
    for entry in updated:
        if entry.average_score is not None:
            by_group.setdefault(entry.group, []).append(entry)
    for group_entries in by_group.values():
        group_entries.sort(key=lambda e: e.average_score, reverse=True)
        for position, entry in enumerate(group_entries, start=1):
            previous = group_entries[position - 2] if position > 1 else None
            if previous is not None and previous.average_score == entry.average_score:
                entry.rank = previous.rank
            else:
                entry.rank = position
    bulk_update_with_history(
        updated, Entry, ["average_score", "scorer_count", "rank", "recognised", "awarded"]
    )


def establishment_address(establishment) -> str:
    parts = [establishment.address_line, establishment.commune.name]
    if establishment.commune.parent_id:
        parts.append(establishment.commune.parent.name)
    return ", ".join(p for p in parts if p)[:500]


def unscored_entries(voting_round: VotingRound) -> list[Entry]:
    """Entries not yet scored by a majority of the members who may score them (scoring
    members, less those who declared a conflict on that entry)."""
    scorers = voting_round.council.filter(role__in=SCORING_ROLES).count()
    entries = (
        Entry.objects.filter(round=voting_round)
        .annotate(
            scored=Count("sheets", filter=Q(sheets__conflict=False)),
            conflicts=Count("sheets", filter=Q(sheets__conflict=True)),
        )
        .select_related("product")
    )
    # An entry every member stepped aside from cannot be scored: it does not hold the
    # round up, and gets no average.
    return [e for e in entries if 0 < scorers - e.conflicts >= e.scored * 2]


@transaction.atomic
def close_round(*, actor, voting_round: VotingRound, note: str = "") -> VotingRound:
    voting_round = _lock_round(voting_round)
    _check_move(actor, voting_round, RoundStatus.CLOSED)
    missing = unscored_entries(voting_round)
    if missing:
        raise ValidationError(
            _(
                "Not yet scored by a majority of the council: %(entries)s. The round can "
                "close once more than half of the members who may score each entry have."
            )
            % {"entries": ", ".join(e.product.name for e in missing)}
        )
    _move(actor=actor, voting_round=voting_round, target=RoundStatus.CLOSED, note=note)
    compute_results(voting_round)
    return voting_round


@transaction.atomic
def awards_set(*, actor, voting_round: VotingRound, entry_ids: Iterable[int]) -> int:
    """Record the council's decision: which recognised entries get a certificate."""
    voting_round = _lock_round(voting_round)
    if not _actors(actor, voting_round):
        raise PermissionDenied
    _require_status(
        voting_round,
        RoundStatus.CLOSED,
        message=_("Certificates are decided after the round closes and before it is published."),
    )
    entry_ids = {int(pk) for pk in entry_ids if str(pk).isascii() and str(pk).isdigit()}
    entries = Entry.objects.filter(round=voting_round)
    not_recognised = entries.filter(pk__in=entry_ids, recognised=False)
    if not_recognised.exists():
        raise ValidationError(
            _("Only recognised entries (average ≥ %(threshold)s) can get a certificate: %(names)s.")
            % {
                "threshold": voting_round.threshold,
                "names": ", ".join(
                    e.product.name for e in not_recognised.select_related("product")
                ),
            }
        )
    chosen = set(entries.filter(pk__in=entry_ids).values_list("pk", flat=True))
    changed = []
    for entry in entries:
        if entry.awarded != (entry.pk in chosen):
            entry.awarded = entry.pk in chosen
            changed.append(entry)
    bulk_update_with_history(changed, Entry, ["awarded"], default_user=actor)
    return len(chosen)


@transaction.atomic
def publish_round(
    *, actor, voting_round: VotingRound, decision_number: str, decision_date: dt.date
) -> list[Certificate]:
    """Publish the results and issue a numbered certificate to every awarded entry."""
    # Certificate numbers run per level and year: lock that whole series first, always in
    # the same order, so two rounds publishing at once wait for each other (no deadlock).
    list(
        VotingRound.objects.select_for_update()
        .filter(level=voting_round.level, year=voting_round.year)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    voting_round = _lock_round(voting_round)
    _check_move(actor, voting_round, RoundStatus.PUBLISHED, via="publish")
    decision_number = decision_number.strip()
    errors = {}
    if not decision_number:
        errors["decision_number"] = _("Enter the number of the recognition decision.")
    today = timezone.localdate()
    if decision_date is None or decision_date > today:
        errors["decision_date"] = _("The decision date cannot be in the future.")
    elif decision_date.year < voting_round.year:
        # A typo such as 2001 would issue a certificate already expired.
        errors["decision_date"] = _(
            "The decision of a %(year)s round cannot be dated before %(year)s."
        ) % {"year": voting_round.year}
    if errors:
        raise ValidationError(errors)
    voting_round.decision_number = decision_number
    voting_round.decision_date = decision_date
    voting_round.published_on = today
    _move(
        actor=actor,
        voting_round=voting_round,
        target=RoundStatus.PUBLISHED,
        via="publish",
        fields=("published_on", "decision_number", "decision_date"),
    )
    last = (
        Certificate.objects.filter(level=voting_round.level, year=voting_round.year).aggregate(
            m=Max("sequence")
        )["m"]
        or 0
    )
    code = LEVEL_CODE[voting_round.level]
    certificates = []
    awarded = (
        Entry.objects.filter(round=voting_round, awarded=True)
        .select_related("product__establishment__commune__parent")
        .order_by("group", "rank", "id")
    )
    for offset, entry in enumerate(awarded, start=1):
        establishment = entry.product.establishment
        sequence = last + offset
        certificates.append(
            Certificate(
                entry=entry,
                level=voting_round.level,
                year=voting_round.year,
                sequence=sequence,
                number=f"{sequence:03d}/{voting_round.year}/SPTB-{code}",
                decision_number=decision_number,
                decision_date=decision_date,
                issued_on=decision_date,
                valid_until=certificate_valid_until(decision_date),
                product_name=entry.product.name,
                group=entry.group,
                establishment_name=establishment.name,
                commune_name=establishment.commune.name,
                address=establishment_address(establishment),
            )
        )
    bulk_create_with_history(certificates, Certificate, default_user=actor)
    return certificates


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    _require_staff(actor)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate is already revoked."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason.strip()
    certificate.revoked_by = actor
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    return certificate


def nominate(*, actor, certificate: Certificate, voting_round: VotingRound) -> Entry:
    """Put a certified product forward to a round of the next level."""
    return entry_add(
        actor=actor,
        voting_round=voting_round,
        product=certificate.entry.product,
        nominated_from=certificate,
    )


# --- scoring --------------------------------------------------------------------------


def _scoring_member(actor, entry: Entry) -> tuple[VotingRound, CouncilMember]:
    voting_round = VotingRound.objects.select_for_update().get(pk=entry.round_id)
    member = selectors.membership(actor, voting_round)
    if member is None or not member.scores:
        raise PermissionDenied
    _require_status(
        voting_round,
        RoundStatus.SCORING,
        message=_("Scoring is not open for this round."),
    )
    return voting_round, member


@transaction.atomic
def sheet_save(*, actor, entry: Entry, points: Mapping[int, Decimal]) -> ScoreSheet:
    """Record (or correct, while scoring is open) a member's points for an entry: every
    criterion of the sheet, each from 0 to its maximum."""
    voting_round, member = _scoring_member(actor, entry)
    criteria = list(Criterion.objects.filter(group__round=voting_round))
    errors = {}
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is None:
            errors[f"c{criterion.pk}"] = _("Give points for this criterion.")
        elif value < 0 or value > criterion.max_points:
            errors[f"c{criterion.pk}"] = _("Between 0 and %(max)s points.") % {
                "max": criterion.max_points
            }
        elif value != value.quantize(Decimal("0.1")):
            errors[f"c{criterion.pk}"] = _("At most one decimal place, e.g. 7,5.")
    unknown = set(points) - {c.pk for c in criteria}
    if unknown:
        raise ValidationError(_("The score sheet has changed; reload the page."))
    if errors:
        raise ValidationError(errors)
    sheet = ScoreSheet.objects.select_for_update().filter(entry=entry, member=member).first()
    if sheet is not None and sheet.conflict:
        raise ValidationError(
            _("You declared a conflict of interest for this entry; withdraw it first.")
        )
    total = sum((points[c.pk] for c in criteria), Decimal(0))
    if sheet is None:
        sheet = ScoreSheet(entry=entry, member=member)
    sheet.total = total
    sheet.save()
    sheet.scores.all().delete()
    bulk_create_with_history(
        [
            Score(sheet=sheet, criterion=criterion, points=points[criterion.pk])
            for criterion in criteria
        ],
        Score,
        default_user=actor,
    )
    return sheet


@transaction.atomic
def conflict_declare(*, actor, entry: Entry, note: str) -> ScoreSheet:
    """The member steps aside from this entry: any points they gave are removed and the
    entry's average is taken without them."""
    _voting_round, member = _scoring_member(actor, entry)
    if not note.strip():
        raise ValidationError({"note": _("Say briefly what the conflict of interest is.")})
    sheet = ScoreSheet.objects.select_for_update().filter(entry=entry, member=member).first()
    if sheet is None:
        sheet = ScoreSheet(entry=entry, member=member)
    else:
        sheet.scores.all().delete()
    sheet.conflict = True
    sheet.conflict_note = note.strip()
    sheet.total = None
    sheet.save()
    return sheet


@transaction.atomic
def conflict_withdraw(*, actor, entry: Entry) -> None:
    _voting_round, member = _scoring_member(actor, entry)
    ScoreSheet.objects.filter(entry=entry, member=member, conflict=True).delete()


# --- complaints -----------------------------------------------------------------------


@transaction.atomic
def complaint_record(
    *,
    actor,
    voting_round: VotingRound,
    complainant: str,
    content: str,
    received_on: dt.date,
    contact: str = "",
    entry: Entry | None = None,
) -> Complaint:
    """Complaints are taken within 15 working days of the publication of the results."""
    _require_staff(actor)
    voting_round = _lock_round(voting_round)
    _require_status(
        voting_round,
        RoundStatus.PUBLISHED,
        message=_("Complaints are recorded once the results are published."),
    )
    if entry is not None and entry.round_id != voting_round.pk:
        raise PermissionDenied
    deadline = voting_round.complaint_deadline
    if received_on < voting_round.published_on or received_on > deadline:
        raise ValidationError(
            {
                "received_on": _(
                    "Complaints are taken from %(start)s to %(end)s (15 working days after "
                    "publication)."
                )
                % {
                    "start": voting_round.published_on.strftime("%d/%m/%Y"),
                    "end": deadline.strftime("%d/%m/%Y"),
                }
            }
        )
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    complaint = Complaint(
        round=voting_round,
        entry=entry,
        complainant=complainant,
        contact=contact,
        content=content,
        received_on=received_on,
        recorded_by=actor,
    )
    complaint.full_clean()
    complaint.save()
    return complaint


@transaction.atomic
def complaint_answer(*, actor, complaint: Complaint, answer: str) -> Complaint:
    """The council's answer, recorded by its chair or by center staff."""
    complaint = Complaint.objects.select_for_update().select_related("round").get(pk=complaint.pk)
    if not _actors(actor, complaint.round):
        raise PermissionDenied
    if complaint.answered_on is not None:
        raise ValidationError(_("This complaint has been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the council's answer.")})
    complaint.answer = answer.strip()
    complaint.answered_on = timezone.localdate()
    complaint.answered_by = actor
    complaint.save(update_fields=["answer", "answered_on", "answered_by"])
    return complaint
