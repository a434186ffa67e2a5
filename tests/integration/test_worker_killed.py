"""A worker killed in the middle of a report job loses nothing: the task was never
acknowledged (acks_late), Redis hands it out again once its visibility timeout has passed,
and a restarted worker builds the report from the start."""

import io
import signal
import time

import pytest
from openpyxl import load_workbook

from accounts.roles import Role
from reports import builders, services
from reports.models import JobStatus, ReportJob
from tests.factories import EstablishmentFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

VISIBILITY_TIMEOUT = 3  # seconds a dead worker's task stays out before it is handed out again


def _wait_for(job: ReportJob, predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if predicate(job):
            return
        time.sleep(0.05)
    pytest.fail(f"{what}: not within {timeout} s (status {job.status}, {job.progress} %)")


def test_a_restarted_worker_finishes_the_job_of_a_killed_one(report_workers):
    from projects.models import BudgetLine

    project = ProjectFactory(plan_year=2024, fund_source="local", status="settled")
    project.beneficiaries.add(EstablishmentFactory())
    BudgetLine.objects.create(
        project=project, item="Máy sấy", state_support_vnd=150_000_000, counterpart_vnd=90_000
    )
    staff = UserFactory(role=Role.CENTER_STAFF)

    first = report_workers(step_delay=1.0)  # slow steps: time to kill it half-way
    job = services.job_submit(
        actor=staff, kind="period_summary", params={"from_year": 2024, "to_year": 2024}
    )
    _wait_for(job, lambda j: j.status == JobStatus.RUNNING and j.progress >= 20, 60, "job started")
    handed_out = time.monotonic()
    first.send_signal(signal.SIGKILL)  # no warm shutdown: nothing is handed back
    first.wait(timeout=10)

    time.sleep(1.5)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # stuck where the dead worker left it
    assert job.progress < 100
    assert not job.file

    # The next worker takes the task back once it has been out longer than the timeout.
    time.sleep(max(0.0, handed_out + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    report_workers(step_delay=0.1, KHUYENCONG_TASK_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT))
    _wait_for(job, lambda j: j.finished, 60, "the restarted worker finished the job")

    assert job.status == JobStatus.DONE
    assert job.attempts == 2  # started over, once
    assert job.error == ""
    data = builders.period_summary(from_year=2024, to_year=2024)
    assert (data["projects"], data["support_vnd"]) == (1, 150_000_000)
    with job.file.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()), read_only=True)
    rows = list(workbook["Tổng hợp"].iter_rows(values_only=True))
    assert rows[1][1:] == (1, 150_000_000, 90_000)
