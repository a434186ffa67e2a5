from celery import shared_task

from establishments.notifications import support_request_event_notify


@shared_task(name="establishments.notify_support_request_event", acks_late=True)
def notify_support_request_event(event_id: int) -> int:
    """Mail the people who follow a support request about one of its events."""
    return support_request_event_notify(event_id=event_id)
