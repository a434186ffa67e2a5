from celery import shared_task

from reports.dashboard import refresh
from reports.reminders import collaborator_monthly, staff_digest
from reports.services import job_run, worker_heartbeat_record


@shared_task(name="reports.worker_ping", bind=True, acks_late=True)
def worker_ping(self) -> dict:
    """Prove that a worker takes jobs: record a heartbeat the status page shows."""
    return worker_heartbeat_record(
        worker="inline" if self.request.is_eager else self.request.hostname
    )


@shared_task(name="reports.run_report_job", acks_late=True, reject_on_worker_lost=True)
def run_report_job(job_id: int) -> str:
    """Build one report job. Acknowledged only when done: a worker that dies mid-way
    leaves the message to the next worker, and job_run starts the job over."""
    return job_run(job_id)


# --- scheduled (Celery beat: CELERY_BEAT_SCHEDULE in settings) ---------------------------


@shared_task(name="reports.staff_reminders", acks_late=True, reject_on_worker_lost=True)
def staff_reminders() -> int:
    """Overdue progress reports and settlements, mailed to staff once a day."""
    return staff_digest()


@shared_task(name="reports.collaborator_reminders", acks_late=True, reject_on_worker_lost=True)
def collaborator_reminders() -> int:
    """The collaborators' monthly report reminder (runs daily, mails on the 25th)."""
    return collaborator_monthly()


@shared_task(name="reports.refresh_dashboard", acks_late=True, reject_on_worker_lost=True)
def refresh_dashboard() -> bool:
    """Recompute the dashboard's figures at night so the first morning visit is quick."""
    refresh()
    return True


@shared_task(name="reports.followup_reminders", acks_late=True, reject_on_worker_lost=True)
def followup_reminders() -> int:
    """Results after support owed, mailed to collaborators and staff once a month."""
    from reports.reminders import followup_due_digest

    return followup_due_digest()


@shared_task(
    name="reports.certificate_expiry_reminders", acks_late=True, reject_on_worker_lost=True
)
def certificate_expiry_reminders() -> int:
    """Certificates about to lapse, told to staff and the establishment's people."""
    from reports.reminders import certificate_expiry_reminders as remind

    return remind()
