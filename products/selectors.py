"""Reads of products, rounds, scores and certificates, always scoped to the user asking.

Staff and officials see every product and round. A collaborator sees the products of
establishments in their area. A council member sees the rounds they sit on and the
entries of those rounds; other members' points only once the round is closed. The public
sees certified products (of published rounds, not revoked) and verifies certificates.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.roles import is_center_staff, is_collaborator, is_official
from establishments.selectors import establishment_list_visible_to

from .models import (
    LEVEL_BELOW,
    Certificate,
    CouncilMember,
    CouncilRole,
    Criterion,
    CriterionGroup,
    Entry,
    IdentityChange,
    Product,
    ProductDocument,
    ProductPhoto,
    RoundStatus,
    ScoreSheet,
    VotingRound,
)

SCORES_VISIBLE = frozenset({RoundStatus.CLOSED, RoundStatus.PUBLISHED})
STAFF = "staff"
CHAIR = "chair"


# --- products -------------------------------------------------------------------------


def _member_rounds(user):
    return CouncilMember.objects.filter(user=user).values("round")


def product_list_visible_to(user) -> QuerySet[Product]:
    """Staff and officials: every product. A collaborator: products of establishments of
    their area. A council member: products entered in their rounds."""
    qs = Product.objects.select_related("establishment__commune")
    if is_center_staff(user) or is_official(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    in_area = Q(establishment__in=establishment_list_visible_to(user).values("pk"))
    in_rounds = Q(pk__in=Entry.objects.filter(round__in=_member_rounds(user)).values("product"))
    return qs.filter(in_area | in_rounds)


def product_get_visible(user, pk: int) -> Product:
    return get_object_or_404(product_list_visible_to(user), pk=pk)


def can_edit_product(user, product: Product) -> bool:
    """Staff, or a collaborator whose area holds the establishment."""
    return can_register_product_of(user, product.establishment_id)


def product_has_certificate(product_id: int) -> bool:
    """Any certificate, revoked or of a round not yet published included: once issued it
    is a record of what was certified."""
    return Certificate.objects.filter(entry__product_id=product_id).exists()


def certificates_of_product(product: Product) -> QuerySet[Certificate]:
    """Every certificate issued to the product, revoked ones too (for center staff)."""
    return Certificate.objects.filter(entry__product=product).order_by("-issued_on", "-id")


def identity_changes_of(product: Product) -> QuerySet[IdentityChange]:
    return product.identity_changes.select_related(
        "actor", "from_establishment", "to_establishment"
    ).order_by("-at", "-id")


def can_register_product_of(user, establishment_id: int) -> bool:
    if is_center_staff(user):
        return True
    if not is_collaborator(user):
        return False
    return establishment_list_visible_to(user).filter(pk=establishment_id).exists()


def establishments_for_products(user):
    """The establishments whose products this user may register."""
    if is_center_staff(user) or is_collaborator(user):
        return establishment_list_visible_to(user)
    return establishment_list_visible_to(user).none()


def certified_certificates() -> QuerySet[Certificate]:
    """Certificates the public may see: of a published round, not revoked."""
    return Certificate.objects.filter(
        entry__round__status=RoundStatus.PUBLISHED, revoked_at__isnull=True
    )


def certificate_list_visible_to(user) -> QuerySet[Certificate]:
    """Staff and officials: every certificate, revoked and unpublished ones too. Anyone
    else: the certificates the public verifies (published, not revoked)."""
    if is_center_staff(user) or is_official(user):
        return Certificate.objects.all()
    return certified_certificates()


def certificate_get_visible(user, pk: int) -> Certificate:
    """A certificate as staff and officials handle it (its PDF, revoking, nominating);
    the public verifies certificates through `verify`."""
    if not (is_center_staff(user) or is_official(user)):
        raise Http404
    return get_object_or_404(
        Certificate.objects.select_related(
            "entry__round__commune", "entry__product__establishment__commune__parent"
        ),
        pk=pk,
    )


def product_is_public(product_id: int) -> bool:
    return certified_certificates().filter(entry__product_id=product_id).exists()


def photo_get_visible(user, pk: int) -> ProductPhoto:
    """A photo: to anyone if its product is certified; else to who may see the product."""
    photo = get_object_or_404(ProductPhoto.objects.only("id", "product_id", "image"), pk=pk)
    if product_is_public(photo.product_id):
        return photo
    if not product_list_visible_to(user).filter(pk=photo.product_id).exists():
        raise Http404
    return photo


def document_get_visible(user, pk: int) -> ProductDocument:
    """Dossier documents are never public: only who may see the product."""
    document = get_object_or_404(ProductDocument, pk=pk)
    if not product_list_visible_to(user).filter(pk=document.product_id).exists():
        raise Http404
    return document


# --- public gallery -------------------------------------------------------------------


def gallery(*, level: str = "", year: int | None = None, group: int | None = None, q: str = ""):
    """Certified products for the public: one row per certificate, newest first, with
    the product's photos prefetched (two queries whatever the page size). Each card shows
    what its certificate was issued for (its snapshot), not the product as it is now."""
    qs = (
        certified_certificates()
        .select_related("entry__product")
        .prefetch_related(
            Prefetch(
                "entry__product__photos",
                queryset=ProductPhoto.objects.only("id", "product_id", "view", "position"),
            )
        )
        .order_by("-year", "level", "sequence")
    )
    if level:
        qs = qs.filter(level=level)
    if year:
        qs = qs.filter(year=year)
    if group:
        qs = qs.filter(group=group)
    if q:
        qs = qs.filter(Q(product_name__icontains=q) | Q(establishment_name__icontains=q))
    return qs


def public_product(pk: int) -> tuple[Product, list[Certificate]]:
    """A certified product and its public certificates, newest first: the page names the
    product as its newest certificate does."""
    certificates = list(
        certified_certificates()
        .filter(entry__product_id=pk)
        .select_related("entry__round")
        .order_by("-issued_on", "-id")
    )
    if not certificates:
        raise Http404
    product = get_object_or_404(
        Product.objects.prefetch_related("photos"),
        pk=pk,
    )
    return product, certificates


@dataclass(frozen=True)
class Verification:
    query: str
    certificate: Certificate | None
    state: str  # valid | expired | revoked | unknown


def verify(*, number: str = "", token: str = "", on: dt.date | None = None) -> Verification:
    """Look a certificate up by its number or its QR token. Certificates of rounds not yet
    published do not exist for the public."""
    on = on or timezone.localdate()
    qs = Certificate.objects.filter(entry__round__status=RoundStatus.PUBLISHED).select_related(
        "entry__round", "entry__product__establishment__commune__parent"
    )
    number = "".join(number.split()).upper()  # numbers hold no spaces: "001 / 2026" too
    certificate = None
    if token:
        certificate = qs.filter(token=token).first()
    elif number:
        certificate = qs.filter(number=number).first()  # numbers are stored upper-case
    if certificate is None:
        return Verification(number or token, None, "unknown")
    return Verification(number or token, certificate, certificate.state(on))


# --- rounds ---------------------------------------------------------------------------


def entries_of_product_visible_to(user, product: Product) -> list[Entry]:
    """A product's entries in rounds the user can see, plus published ones. Each gets
    `show_score`: the average is shown once published, or once closed to who sees the
    round (staff, officials, its council)."""
    visible = round_list_visible_to(user).values("pk")
    entries = list(
        Entry.objects.filter(product=product)
        .filter(Q(round__in=visible) | Q(round__status=RoundStatus.PUBLISHED))
        .select_related("round", "certificate")
        .annotate(round_visible=Exists(visible.filter(pk=OuterRef("round_id"))))
        .order_by("-round__year", "-round_id")
    )
    for entry in entries:
        status = entry.round.status
        entry.show_score = status == RoundStatus.PUBLISHED or (
            status == RoundStatus.CLOSED and entry.round_visible
        )
    return entries


def round_list_visible_to(user) -> QuerySet[VotingRound]:
    qs = VotingRound.objects.select_related("commune")
    if is_center_staff(user) or is_official(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(pk__in=_member_rounds(user))


def round_get_visible(user, pk: int) -> VotingRound:
    return get_object_or_404(round_list_visible_to(user), pk=pk)


def membership(user, voting_round: VotingRound) -> CouncilMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CouncilMember.objects.filter(round=voting_round, user=user).first()


def round_actors(user, member: CouncilMember | None) -> set[str]:
    actors = set()
    if is_center_staff(user):
        actors.add(STAFF)
    if member is not None and member.role == CouncilRole.CHAIR:
        actors.add(CHAIR)
    return actors


def rounds_of_member(user) -> QuerySet[VotingRound]:
    """The rounds a council member sits on that are not published yet, with how many
    entries they still have to score."""
    return (
        VotingRound.objects.filter(council__user=user)
        .exclude(status=RoundStatus.PUBLISHED)
        .annotate(
            entry_count=Count("entries", distinct=True),
            done_count=Count(
                "entries__sheets",
                filter=Q(entries__sheets__member__user=user),
                distinct=True,
            ),
        )
        .order_by("-year", "id")
    )


def criteria_of(voting_round: VotingRound) -> list[CriterionGroup]:
    """The score sheet: groups with their criteria (two queries)."""
    return list(
        CriterionGroup.objects.filter(round=voting_round).prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id"))
        )
    )


def entries_of(voting_round: VotingRound) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(round=voting_round)
        .select_related("product__establishment__commune", "nominated_from", "certificate")
        .order_by("group", "rank", "product__name", "id")
    )


def entry_get_visible(user, voting_round: VotingRound, pk: int) -> Entry:
    return get_object_or_404(
        Entry.objects.select_related(
            "product__establishment__commune__parent",
            "nominated_from__entry__round",
            "forwarding_document",
        ),
        round=voting_round,
        pk=pk,
    )


def sheet_of(entry: Entry, member: CouncilMember) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(entry=entry, member=member).prefetch_related("scores").first()


def sheets_visible(user, entry: Entry, member: CouncilMember | None) -> QuerySet[ScoreSheet]:
    """Every member's sheet once the round is closed (to staff, officials and members);
    before that, only the asking member's own."""
    qs = (
        ScoreSheet.objects.filter(entry=entry)
        .select_related("member__user")
        .prefetch_related("scores")
        .order_by("member__role", "member__id")
    )
    if entry.round.status in SCORES_VISIBLE:
        return qs
    if member is None:
        return qs.none()
    return qs.filter(member=member)


@dataclass(frozen=True)
class ProgressCell:
    state: str  # scored | conflict | missing


def scoring_progress(voting_round: VotingRound, entries: list[Entry]):
    """Who has not yet scored what: (member, [cell per entry], missing count) rows, for the
    chair and staff. States only, never points. Two queries."""
    members = list(
        CouncilMember.objects.filter(round=voting_round)
        .select_related("user")
        .order_by("role", "id")
    )
    states = {
        (entry_id, member_id): conflict
        for entry_id, member_id, conflict in ScoreSheet.objects.filter(
            entry__round=voting_round
        ).values_list("entry_id", "member_id", "conflict")
    }
    rows = []
    for member in members:
        if not member.scores:
            continue
        cells = []
        missing = 0
        for entry in entries:
            conflict = states.get((entry.pk, member.pk))
            if conflict is None:
                cells.append("missing")
                missing += 1
            else:
                cells.append("conflict" if conflict else "scored")
        rows.append((member, cells, missing))
    return rows


def my_sheet_states(voting_round: VotingRound, member: CouncilMember | None) -> dict[int, str]:
    if member is None:
        return {}
    return {
        entry_id: ("conflict" if conflict else "scored")
        for entry_id, conflict in ScoreSheet.objects.filter(
            entry__round=voting_round, member=member
        ).values_list("entry_id", "conflict")
    }


def valid_certificates_below(voting_round: VotingRound, product_ids=None):
    """Certificates a product may enter this round with: of the level below, published,
    not revoked, valid today."""
    below = LEVEL_BELOW.get(voting_round.level)
    if below is None:
        return Certificate.objects.none()
    qs = certified_certificates().filter(level=below, valid_until__gte=timezone.localdate())
    if product_ids is not None:
        qs = qs.filter(entry__product__in=product_ids)
    return qs


def products_eligible_for(user, voting_round: VotingRound) -> QuerySet[Product]:
    """Products staff may enter: not yet in the round; in the round's commune for a
    commune round."""
    qs = product_list_visible_to(user).exclude(
        Exists(Entry.objects.filter(round=voting_round, product=OuterRef("pk")))
    )
    if voting_round.commune_id:
        qs = qs.filter(establishment__commune=voting_round.commune_id)
    return qs.order_by("name")
