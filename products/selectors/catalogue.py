"""Reads of the product register and certificates, and the public gallery and
certificate verification."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.roles import is_center_staff, is_collaborator, is_official
from establishments.selectors import establishment_list_visible_to
from establishments.services import normalize_name

from ..models import (
    Certificate,
    CouncilMember,
    Entry,
    IdentityChange,
    Product,
    ProductDocument,
    ProductPhoto,
    RoundStatus,
)


def member_rounds(user):
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
    in_rounds = Q(pk__in=Entry.objects.filter(round__in=member_rounds(user)).values("product"))
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
        qs = qs.filter(pk__in=_matching_certificates(q))
    return qs


def _matching_certificates(q: str) -> list[int]:
    """Certificates whose product or establishment name contains the words typed, with or
    without accents ("den tre" finds "Đèn tre"), as the register's search does. The
    certified products are a few hundred rows: their two names are folded here rather
    than stored twice."""
    needle = normalize_name(q)
    if not needle:
        return []
    rows = certified_certificates().values_list("pk", "product_name", "establishment_name")
    return [
        pk
        for pk, product, establishment in rows.iterator(chunk_size=2000)
        if needle in normalize_name(product) or needle in normalize_name(establishment)
    ]


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
