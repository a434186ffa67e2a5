"""Entries of a round: a product entered, with the certificate of the level below or
the commune's forwarding letter where the level asks for one."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from establishments.eligibility import location_eligibility

from ..models import (
    LEVEL_BELOW,
    MIN_PHOTOS,
    Certificate,
    DocumentKind,
    Entry,
    Level,
    Product,
    ProductDocument,
    RoundStatus,
    VotingRound,
)
from .common import lock_round, require_staff, require_status


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
    require_staff(actor)
    voting_round = lock_round(voting_round)
    require_status(voting_round, RoundStatus.OPEN, message=_("This round no longer takes entries."))
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
    require_staff(actor)
    voting_round = lock_round(entry.round)
    require_status(
        voting_round,
        RoundStatus.OPEN,
        message=_("Entries cannot be removed once scoring has opened."),
    )
    document = entry.forwarding_document
    entry.delete()
    if document is not None:
        document.delete()


def nominate(*, actor, certificate: Certificate, voting_round: VotingRound) -> Entry:
    """Put a certified product forward to a round of the next level."""
    return entry_add(
        actor=actor,
        voting_round=voting_round,
        product=certificate.entry.product,
        nominated_from=certificate,
    )
