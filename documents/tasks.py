from celery import shared_task


@shared_task(name="documents.convert_to_pdf", acks_late=True, reject_on_worker_lost=True)
def convert_to_pdf(document_id: int) -> None:
    """Idempotent: converting again replaces the PDF with the same content."""
    from documents.services import document_attach_pdf

    document_attach_pdf(document_id=document_id)
