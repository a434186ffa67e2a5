from celery import shared_task

from reports.services import worker_heartbeat_record


@shared_task(name="reports.worker_ping", bind=True, acks_late=True)
def worker_ping(self) -> dict:
    """Prove that a worker takes jobs: record a heartbeat the status page shows."""
    return worker_heartbeat_record(
        worker="inline" if self.request.is_eager else self.request.hostname
    )
