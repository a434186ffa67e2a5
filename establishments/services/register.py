"""The establishment register: registering, editing, verifying, merging duplicates,
archiving and restoring; every write checks its actor and the register's rules."""

import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history
from unidecode import unidecode

from accounts.roles import is_center_staff
from collaborators.selectors import collaborator_area
from establishments import permissions
from establishments.models import Establishment, FieldVisit, SupportRequest
from establishments.selectors import establishment_list_visible_to
from localities.models import AdminUnit
from localities.selectors import configured_province


def normalize_name(name: str) -> str:
    """'Cơ sở  Mộc Đồng-Kỵ' -> 'co so moc dong ky': what duplicates are compared on."""
    folded = unidecode(name or "").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def _check_commune_for(actor, commune: AdminUnit | None) -> None:
    if commune is None:
        return  # full_clean reports the missing commune
    if is_center_staff(actor):
        if commune.parent_id != configured_province().pk:
            raise ValidationError(
                {"commune": _("The commune must be in the province this center serves.")}
            )
        return
    if not collaborator_area(actor).filter(pk=commune.pk).exists():
        raise ValidationError({"commune": _("This commune is not in your area.")})


def establishment_prepare(establishment: Establishment) -> None:
    """Derived fields: the normalised name and the possible-duplicate flag.

    The flag points from a newer record to the oldest older one with the same name in
    the same commune. It is recomputed only when the name or commune changes, so a
    "not a duplicate" ruling by staff survives other edits.
    """
    establishment.normalized_name = normalize_name(establishment.name)
    if establishment.commune_id is None:
        return
    if establishment.pk is not None:
        stored = (
            Establishment.objects.filter(pk=establishment.pk)
            .values("normalized_name", "commune_id")
            .first()
        )
        if stored == {
            "normalized_name": establishment.normalized_name,
            "commune_id": establishment.commune_id,
        }:
            return
    older = Establishment.objects.filter(
        commune_id=establishment.commune_id,
        normalized_name=establishment.normalized_name,
        merged_into__isnull=True,
    )
    if establishment.pk is not None:
        older = older.filter(pk__lt=establishment.pk)
    establishment.possible_duplicate_of = older.order_by("pk").first()


def _reason(text: str) -> str:
    """History reasons are stored in the office's language, whoever's session wrote them."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)[:100]


def establishment_validate(establishment: Establishment) -> None:
    """Derive, then validate: the same tax code twice is refused on the tax code field."""
    establishment_prepare(establishment)
    code = establishment.tax_code
    if code and Establishment.objects.filter(tax_code=code).exclude(pk=establishment.pk).exists():
        raise ValidationError(
            {
                "tax_code": _("An establishment with tax code %(code)s is already registered.")
                % {"code": code}
            }
        )
    establishment.full_clean()


def _save_validated(establishment: Establishment) -> None:
    """Save; a tax code that another request registered at the same moment (a double tap
    on a slow phone) is refused like one registered before, not answered with a 500."""
    try:
        with transaction.atomic():
            establishment.save()
    except IntegrityError:
        establishment_validate(establishment)  # now sees the other request's row
        raise


@transaction.atomic
def establishment_register(*, actor, **fields) -> Establishment:
    if not permissions.can_register_establishment(actor):
        raise PermissionDenied
    establishment = Establishment(**fields, registered_by=actor)
    _check_commune_for(actor, establishment.commune if establishment.commune_id else None)
    establishment_validate(establishment)
    _save_validated(establishment)
    return establishment


@transaction.atomic
def establishment_update(*, actor, establishment: Establishment, **fields) -> Establishment:
    establishment = Establishment.objects.select_for_update().get(pk=establishment.pk)
    if not establishment_list_visible_to(actor).filter(pk=establishment.pk).exists():
        raise PermissionDenied
    if not permissions.can_edit_establishment(actor, establishment):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(establishment, name, value)
    _check_commune_for(actor, establishment.commune)
    establishment_validate(establishment)
    _save_validated(establishment)
    return establishment


@transaction.atomic
def establishment_verify(*, actor, establishments: Iterable[Establishment]) -> int:
    """Mark establishments verified by staff; returns how many changed."""
    if not permissions.can_manage_register(actor):
        raise PermissionDenied
    now = timezone.now()
    pending = [e for e in establishments if not e.verified]
    for e in pending:
        e.verified, e.verified_by, e.verified_at = True, actor, now
        e._change_reason = _reason(gettext_lazy("verified"))
    bulk_update_with_history(
        pending, Establishment, ["verified", "verified_by", "verified_at"], default_user=actor
    )
    return len(pending)


MERGE_FILL_FIELDS = (
    "tax_code",
    "legacy_commune",
    "address_line",
    "main_products",
    "craft_village",
    "contact_person",
    "phone",
    "email",
)


@transaction.atomic
def establishment_merge(*, actor, duplicate: Establishment, target: Establishment) -> Establishment:
    """Fold a duplicate into the record that stays: its requests and visits move over,
    blank fields of the target are filled from it, and it is kept, marked merged."""
    if not permissions.can_manage_register(actor):
        raise PermissionDenied
    if duplicate.pk == target.pk:
        raise ValidationError(_("An establishment cannot be merged into itself."))
    locked = Establishment.objects.select_for_update().in_bulk([duplicate.pk, target.pk])
    duplicate, target = locked[duplicate.pk], locked[target.pk]
    if duplicate.merged_into_id or target.merged_into_id:
        raise ValidationError(_("One of these establishments has already been merged."))
    if duplicate.tax_code and target.tax_code and duplicate.tax_code != target.tax_code:
        raise ValidationError(
            _("Their tax codes differ (%(a)s, %(b)s): they are two legal entities.")
            % {"a": duplicate.tax_code, "b": target.tax_code}
        )
    taken = {}
    for name in MERGE_FILL_FIELDS:
        if not getattr(target, name) and getattr(duplicate, name):
            taken[name] = getattr(duplicate, name)
    duplicate.merged_into = target
    duplicate.possible_duplicate_of = None
    if "tax_code" in taken:
        duplicate.tax_code = ""  # the unique tax code moves with the record that stays
    duplicate._change_reason = _reason(gettext_lazy("merged into %(name)s") % {"name": target.name})
    duplicate.save()
    for name, value in taken.items():
        setattr(target, name, value)
    target.workers = max(target.workers, duplicate.workers)
    if target.possible_duplicate_of_id == duplicate.pk:
        target.possible_duplicate_of = None
    target._change_reason = _reason(
        gettext_lazy("merged %(name)s into this record") % {"name": duplicate.name}
    )
    target.full_clean()
    target.save()
    moved = list(SupportRequest.objects.filter(establishment=duplicate))
    for request in moved:
        request.establishment = target
        request._change_reason = target._change_reason
    bulk_update_with_history(moved, SupportRequest, ["establishment"], default_user=actor)
    FieldVisit.objects.filter(establishment=duplicate).update(establishment=target)
    Establishment.objects.filter(merged_into=duplicate).update(merged_into=target)
    Establishment.objects.filter(possible_duplicate_of=duplicate).update(
        possible_duplicate_of=target
    )
    return target


@transaction.atomic
def establishment_clear_duplicate_flag(*, actor, establishment: Establishment) -> None:
    if not permissions.can_manage_register(actor):
        raise PermissionDenied
    establishment.possible_duplicate_of = None
    establishment._change_reason = _reason(gettext_lazy("not a duplicate"))
    establishment.save(update_fields=["possible_duplicate_of", "updated_at"])


@transaction.atomic
def establishment_archive(*, actor, establishment: Establishment, reason: str) -> Establishment:
    """Take a record out of the register without deleting it (center staff): it leaves
    the lists and the choices of new requests, products and projects; what already names
    it keeps it, and so does its history. Only a superuser deletes, in the admin."""
    if not permissions.can_manage_register(actor):
        raise PermissionDenied
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why the record is archived.")})
    locked = Establishment.objects.select_for_update().get(pk=establishment.pk)
    if locked.archived_at is not None:
        raise ValidationError(_("This establishment is already archived."))
    locked.archived_at = timezone.now()
    locked.archived_by = actor
    locked.archive_reason = reason[:500]
    locked._change_reason = _reason(gettext_lazy("archived"))
    locked.save(update_fields=["archived_at", "archived_by", "archive_reason", "updated_at"])
    return locked


@transaction.atomic
def establishment_restore(*, actor, establishment: Establishment) -> Establishment:
    if not permissions.can_manage_register(actor):
        raise PermissionDenied
    locked = Establishment.objects.select_for_update().get(pk=establishment.pk)
    if locked.archived_at is None:
        raise ValidationError(_("This establishment is not archived."))
    locked.archived_at = None
    locked.archived_by = None
    locked.archive_reason = ""
    locked._change_reason = _reason(gettext_lazy("restored from the archive"))
    locked.save(update_fields=["archived_at", "archived_by", "archive_reason", "updated_at"])
    return locked
