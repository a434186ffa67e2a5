"""The product register: products, their photos and documents; a dossier under review
is fixed, and a certified product's identity changes only with a reason."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from establishments.models import Establishment

from .. import selectors
from ..models import (
    MIN_PHOTOS,
    REQUIRED_VIEWS,
    Entry,
    IdentityChange,
    PhotoView,
    Product,
    ProductDocument,
    ProductPhoto,
    RoundStatus,
)
from .common import require_staff


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
    require_staff(actor)
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
