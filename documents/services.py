"""Writes of the documents app: kinds from their defaults, template versions, drafts,
issuing (the number), voiding, the signed copy."""

import datetime as dt
import logging
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import clean_document, random_name
from documents import signatures
from documents.kinds import KINDS, object_model
from documents.models import (
    Document,
    DocumentKind,
    DocumentStatus,
    DocumentTemplate,
    NumberCounter,
    PdfStatus,
)
from documents.permissions import can_manage_documents
from documents.rendering import (
    TemplateError,
    active_template,
    issuing_unit,
    paper_context,
    render_docx,
    template_bytes,
)
from documents.workflow import DOCUMENTS

log = logging.getLogger(__name__)


def _require_staff(actor) -> None:
    if not can_manage_documents(actor):
        raise PermissionDenied


# --- kinds and templates ------------------------------------------------------------------


def kind_for(code: str) -> DocumentKind:
    """The kind's row, created from its defaults the first time it is asked for (the
    center's later edits are kept)."""
    if code not in KINDS:
        raise ValidationError(_("There is no document kind “%(code)s”.") % {"code": code})
    spec = KINDS[code]
    kind, _created = DocumentKind.objects.get_or_create(
        code=code,
        defaults={
            "type_abbreviation": spec.abbreviation,
            "type_name": spec.type_name,
            "title": spec.title,
            "object_type": spec.object_type,
            "legal_bases": "\n".join(spec.legal_bases),
            "recipients": "\n".join(spec.recipients),
            "signer_authority": spec.signer_authority,
            "signer_title": spec.signer_title,
            "position": list(KINDS).index(code),
        },
    )
    return kind


def kinds_ensure_defaults() -> list[DocumentKind]:
    return [kind_for(code) for code in KINDS]


def sample_object(kind: DocumentKind):
    """An object of the kind's type to try a template on: the newest one it applies to."""
    spec = KINDS[kind.code]
    for obj in object_model(kind.object_type).objects.order_by("-pk")[:50]:
        if spec.applies(obj):
            return obj
    return None


def template_check(kind: DocumentKind, source: bytes) -> None:
    """Render the template as a draft and as an issued paper against an object of its
    kind; refuse it with the reason if either fails."""
    obj = sample_object(kind)
    if obj is None:
        raise ValidationError(
            _(
                "There is no %(object)s yet to try this template on; create one (the demo "
                "data has one) and upload again."
            )
            % {"object": kind.get_object_type_display().lower()}
        )
    try:
        for draft in (True, False):
            context = paper_context(
                kind, obj, draft=draft, number=None if draft else 1, issued_on=timezone.localdate()
            )
            render_docx(source, context, strict=True)
    except TemplateError:
        raise
    except Exception as exc:
        log.info("template refused: %s", exc)
        raise ValidationError(
            _("This file is not a Word (DOCX) template the portal can fill in: %(error)s")
            % {"error": exc}
        ) from exc


@transaction.atomic
def template_upload(*, actor, kind: DocumentKind, file, note: str = "") -> DocumentTemplate:
    """A new version of the kind's template, in use from now on; the old versions stay
    for the documents issued from them."""
    _require_staff(actor)
    upload = clean_document(file, allowed=("docx",))
    upload.seek(0)
    source = upload.read()
    template_check(kind, source)
    kind = DocumentKind.objects.select_for_update().get(pk=kind.pk)
    version = (kind.templates.aggregate(last=Max("version"))["last"] or 0) + 1
    for old in kind.templates.filter(active=True):
        old.active = False
        old.save(update_fields=["active"])
    template = DocumentTemplate(kind=kind, version=version, note=note, uploaded_by=actor)
    template.file.save(random_name("docx"), ContentFile(source), save=False)
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def template_restore_default(*, actor, kind: DocumentKind) -> None:
    """Go back to the template shipped with the portal (the uploaded versions stay)."""
    _require_staff(actor)
    for old in kind.templates.select_for_update().filter(active=True):
        old.active = False
        old.save(update_fields=["active"])


# --- drafts ---------------------------------------------------------------------------------


def object_check(kind: DocumentKind, obj) -> None:
    if not isinstance(obj, object_model(kind.object_type)):
        raise ValidationError(_("This kind of document is not drafted from this object."))
    if not KINDS[kind.code].applies(obj):
        raise ValidationError(
            _("“%(kind)s” cannot be drafted from this object in its present state.")
            % {"kind": kind.title}
        )


def draft_render(*, kind: DocumentKind, obj, document: Document | None = None) -> bytes:
    """A draft as DOCX bytes: "DỰ THẢO", no number, no date; nothing stored."""
    if document is not None:
        context = paper_context(
            kind,
            obj,
            draft=True,
            subject=document.subject,
            signer_authority=document.signer_authority,
            signer_title=document.signer_title,
            signer_name=document.signer_name,
            recipients=document.recipient_list,
            copies=document.copies,
        )
    else:
        context = paper_context(kind, obj, draft=True)
    return render_docx(template_bytes(kind, active_template(kind)), context)


@transaction.atomic
def document_create_draft(*, actor, kind: DocumentKind, obj) -> Document:
    """A register row in draft, with the kind's defaults the clerk may change before
    issuing. GET never calls this: drafting is a POST."""
    _require_staff(actor)
    object_check(kind, obj)
    spec = KINDS[kind.code]
    document = Document(
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        unit=issuing_unit().notation,
        subject=spec.subject(obj),
        signer_authority=kind.signer_authority,
        signer_title=kind.signer_title,
        signer_name=kind.signer_name,
        recipients=kind.recipients,
        created_by=actor,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_update_draft(*, actor, document: Document, **fields) -> Document:
    _require_staff(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != DocumentStatus.DRAFT:
        raise ValidationError(_("An issued document cannot be changed; void it instead."))
    allowed = {"subject", "signer_authority", "signer_title", "signer_name", "recipients", "copies"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(name)
        setattr(document, name, value)
    document.full_clean()
    document.save(update_fields=sorted(fields))
    return document


# --- issuing ------------------------------------------------------------------------------


def next_number(unit: str, year: int) -> int:
    """The next number of the unit's year, under a lock on its counter row: two clerks
    issuing at once wait for each other and get consecutive numbers. The caller's
    transaction holds the lock until the document is saved."""
    NumberCounter.objects.get_or_create(unit=unit, year=year)
    counter = NumberCounter.objects.select_for_update().get(unit=unit, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def notation_for(kind: DocumentKind, number: int, unit: str) -> str:
    """ "05/QĐ-TTKC"; an official letter has no type: "05/TTKC"."""
    middle = f"{kind.type_abbreviation}-" if kind.type_abbreviation else ""
    return f"{number:02d}/{middle}{unit}"


def document_issue(
    *,
    actor,
    document: Document,
    issued_on: dt.date | None = None,
    signer_name: str | None = None,
    signer_title: str | None = None,
    signer_authority: str | None = None,
) -> Document:
    """Take the next number, fix the date and the signer, render the final DOCX and
    store it; the PDF follows from the worker once the transaction commits."""
    _require_staff(actor)
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("kind").get(pk=document.pk)
        if document.status != DocumentStatus.DRAFT:
            raise ValidationError(_("This document has already been issued."))
        obj = document.source
        if obj is None:
            raise ValidationError(_("The object this document was drafted from is gone."))
        object_check(document.kind, obj)
        for name, value in (
            ("signer_name", signer_name),
            ("signer_title", signer_title),
            ("signer_authority", signer_authority),
        ):
            if value is not None:
                setattr(document, name, value.strip())
        if not document.signer_name or not document.signer_title:
            raise ValidationError(_("Give the signer's name and title."))
        issued_on = issued_on or timezone.localdate()
        template = active_template(document.kind)
        # The number is taken first and rendered in; should rendering fail, the whole
        # transaction rolls back and the number is given to the next paper.
        number = next_number(document.unit, issued_on.year)
        context = paper_context(
            document.kind,
            obj,
            draft=False,
            number=number,
            issued_on=issued_on,
            subject=document.subject,
            signer_authority=document.signer_authority,
            signer_title=document.signer_title,
            signer_name=document.signer_name,
            recipients=document.recipient_list,
            copies=document.copies,
        )
        content = render_docx(template_bytes(document.kind, template), context)
        document.number, document.year, document.issued_on = number, issued_on.year, issued_on
        document.notation = notation_for(document.kind, number, document.unit)
        document.template = template
        document.issued_by = actor
        document.pdf_status = PdfStatus.PENDING
        name = f"{document.kind.code}-{issued_on.year}-{number:03d}.docx"
        document.docx_file.save(name, ContentFile(content), save=False)
        DOCUMENTS.fire(
            document, DocumentStatus.ISSUED, actor=actor, update_fields=None, full_clean=True
        )
        transaction.on_commit(lambda: _convert_later(document.pk))
    return document


def _convert_later(document_id: int) -> None:
    from documents.tasks import convert_to_pdf

    try:
        convert_to_pdf.delay(document_id)
    except Exception as exc:  # the queue is down: the DOCX is issued; convert later
        log.warning("could not queue the PDF of document %s: %s", document_id, exc)


def document_attach_pdf(*, document_id: int) -> Document:
    """Convert the issued DOCX with LibreOffice (the worker calls this)."""
    from documents import pdf

    document = Document.objects.get(pk=document_id)
    if not document.docx_file:
        return document
    with document.docx_file.open("rb") as handle:
        source = handle.read()
    try:
        content = pdf.convert(source)
    except pdf.Unavailable:
        status = PdfStatus.UNAVAILABLE
        content = None
    except pdf.ConversionFailed as exc:
        log.warning("PDF of document %s failed: %s", document_id, exc)
        status, content = PdfStatus.FAILED, None
    else:
        status = PdfStatus.DONE
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        if content is not None:
            name = Path(document.docx_file.name).with_suffix(".pdf").name
            document.pdf_file.save(name, ContentFile(content), save=False)
        document.pdf_status = status
        document.save(update_fields=["pdf_file", "pdf_status"])
    return document


@transaction.atomic
def document_void(*, actor, document: Document, reason: str) -> Document:
    """An issued paper withdrawn: it keeps its number (never given again) and says why."""
    _require_staff(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != DocumentStatus.ISSUED:
        raise ValidationError(_("Only an issued document can be voided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the document is voided.")})
    document.void_reason = reason.strip()
    document.voided_at = timezone.now()
    DOCUMENTS.fire(
        document,
        DocumentStatus.VOIDED,
        actor=actor,
        note=document.void_reason,
        update_fields=["void_reason", "voided_at"],
    )
    return document


@transaction.atomic
def document_discard_draft(*, actor, document: Document) -> None:
    """A draft has no number yet: it may simply go."""
    _require_staff(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != DocumentStatus.DRAFT:
        raise ValidationError(_("An issued document is never deleted; void it instead."))
    document.delete()


SIGNED_COPY_KINDS = ("pdf", "jpg", "jpeg", "png")


def document_attach_signed(*, actor, document: Document, file) -> Document:
    """The signed scan or the digitally signed PDF, kept with the register entry; each
    digital signature in it is checked (signer, time, changes after signing, trust) and
    the result stored with the entry."""
    _require_staff(actor)
    upload = clean_document(file, allowed=SIGNED_COPY_KINDS)
    extension = Path(upload.name).suffix.lower().lstrip(".")
    if extension == "pdf":
        upload.seek(0)
        copy_kind, checks = signatures.check_pdf(upload.read())
        upload.seek(0)
    else:
        copy_kind, checks = signatures.SignedCopyKind.SCAN, []
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.status == DocumentStatus.DRAFT:
            raise ValidationError(_("Issue the document before attaching its signed copy."))
        document.signed_file.save(random_name(extension), upload, save=False)
        document.signed_copy_kind = copy_kind
        document.signatures = [check.stored() for check in checks]
        document.signatures_checked_at = timezone.now()
        document.save(
            update_fields=[
                "signed_file",
                "signed_copy_kind",
                "signatures",
                "signatures_checked_at",
            ]
        )
    return document
