"""Closing a round, its results, the council's awards, publication with numbered
certificates, and their revocation."""

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import (
    LEVEL_CODE,
    SCORING_ROLES,
    Certificate,
    Entry,
    RoundStatus,
    VotingRound,
    certificate_valid_until,
)
from .common import actors, check_move, lock_round, move, require_staff, require_status


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
    voting_round = lock_round(voting_round)
    check_move(actor, voting_round, RoundStatus.CLOSED)
    missing = unscored_entries(voting_round)
    if missing:
        raise ValidationError(
            _(
                "Not yet scored by a majority of the council: %(entries)s. The round can "
                "close once more than half of the members who may score each entry have."
            )
            % {"entries": ", ".join(e.product.name for e in missing)}
        )
    move(actor=actor, voting_round=voting_round, target=RoundStatus.CLOSED, note=note)
    compute_results(voting_round)
    return voting_round


@transaction.atomic
def awards_set(*, actor, voting_round: VotingRound, entry_ids: Iterable[int]) -> int:
    """Record the council's decision: which recognised entries get a certificate."""
    voting_round = lock_round(voting_round)
    if not actors(actor, voting_round):
        raise PermissionDenied
    require_status(
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
    voting_round = lock_round(voting_round)
    check_move(actor, voting_round, RoundStatus.PUBLISHED, via="publish")
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
    move(
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
    require_staff(actor)
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
