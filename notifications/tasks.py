from celery import shared_task

from notifications import services

MAX_RETRIES = 5


@shared_task(
    bind=True,
    name="notifications.send_email",
    acks_late=True,
    max_retries=MAX_RETRIES,
)
def send_notification_email(self, notification_id: int) -> str:
    """Mail one notification; on failure try again later (1, 2, 4, 8, 16 minutes), then
    give up and say so on the row. Running it twice mails once."""
    last = self.request.retries >= self.max_retries
    result = services.notification_email_send(notification_id=notification_id, last_attempt=last)
    if result == services.RETRY:
        raise self.retry(countdown=60 * 2**self.request.retries)
    return result


@shared_task(name="notifications.sweep_pending_emails")
def sweep_pending_emails() -> int:
    """Queue again the mails a broker outage left waiting."""
    ids = services.pending_email_ids()
    for pk in ids:
        send_notification_email.delay(pk)
    return len(ids)
