"""Demo papers: the kinds with their default templates, an issued plan decision and an
issued contract (with their PDFs where LibreOffice is installed), and one draft."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from documents.kinds import KINDS
from documents.models import Document
from documents.services import (
    document_attach_pdf,
    document_create_draft,
    document_issue,
    kind_for,
    kinds_ensure_defaults,
    sample_object,
)

SIGNER = "Nguyễn Văn An"


def load(*, stdout=None) -> None:
    kinds_ensure_defaults()
    if Document.objects.exists():
        if stdout is not None:
            stdout.write("  documents: already loaded")
        return
    staff = User.objects.get(username="canbo")
    issued = []
    for code in ("plan_decision", "contract"):
        kind = kind_for(code)
        obj = sample_object(kind)
        if obj is None:
            continue
        with transaction.atomic():
            draft = document_create_draft(actor=staff, kind=kind, obj=obj)
            issued.append(
                document_issue(
                    actor=staff,
                    document=draft,
                    issued_on=timezone.localdate(),
                    signer_name=SIGNER,
                )
            )
    # The PDF is the worker's job; the demo converts here, whatever the queue.
    for document in issued:
        document_attach_pdf(document_id=document.pk)
    acceptance = kind_for("acceptance_minutes")
    obj = sample_object(acceptance)
    if obj is not None:
        document_create_draft(actor=staff, kind=acceptance, obj=obj)
    if stdout is not None:
        stdout.write(
            f"  documents: {len(KINDS)} kinds, {len(issued)} issued, "
            f"{Document.objects.filter(status='draft').count()} draft"
        )
