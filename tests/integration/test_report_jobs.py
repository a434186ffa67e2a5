"""Report jobs on a real Celery worker and Redis: queued -> running (the progress moves)
-> done, the workbook matches the JSON of the same builder; a builder that raises ends
the job `failed`, saying why."""

import io
import time

import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from accounts.roles import Role
from reports import builders, services
from reports.models import JobStatus, ReportJob
from tests.factories import EstablishmentFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def _watch(job: ReportJob, timeout: float = 60) -> list[tuple[str, int]]:
    """Every (status, progress) the job goes through, polled every 50 ms."""
    seen: list[tuple[str, int]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        state = (job.status, job.progress)
        if not seen or seen[-1] != state:
            seen.append(state)
        if job.finished:
            return seen
        time.sleep(0.05)
    pytest.fail(f"the job did not finish in {timeout} s: {seen}")


def _projects():
    from projects.models import BudgetLine

    for year, fund, support in ((2022, "local", 120_000_000), (2023, "national", 300_000_000)):
        project = ProjectFactory(plan_year=year, fund_source=fund, status="settled")
        project.beneficiaries.add(EstablishmentFactory())
        BudgetLine.objects.create(
            project=project, item="Máy", state_support_vnd=support, counterpart_vnd=support * 2
        )


def test_a_report_job_runs_on_a_real_worker_and_its_workbook_matches_the_json(report_worker):
    _projects()
    staff = UserFactory(role=Role.CENTER_STAFF)
    job = services.job_submit(
        actor=staff, kind="period_summary", params={"from_year": 2021, "to_year": 2025}
    )
    assert job.status == JobStatus.QUEUED

    seen = _watch(job)

    statuses = [status for status, _progress in seen]
    assert statuses[-1] == JobStatus.DONE, seen
    running = [progress for status, progress in seen if status == JobStatus.RUNNING]
    assert len(running) >= 3, seen  # the bar moved while the worker built the report
    assert running == sorted(running)
    job.refresh_from_db()
    assert (job.progress, job.attempts) == (100, 1)
    data = builders.period_summary(from_year=2021, to_year=2025)
    assert (data["projects"], data["support_vnd"]) == (2, 420_000_000)
    with job.file.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()), read_only=True)
    rows = list(workbook["Tổng hợp"].iter_rows(values_only=True))
    assert rows[1][1:] == (data["projects"], data["support_vnd"], data["counterpart_vnd"])
    by_fund = {row[0]: row[1:] for row in rows[2:]}
    assert by_fund["Khuyến công quốc gia"] == (1, 300_000_000, 600_000_000)
    assert by_fund["Khuyến công địa phương"] == (1, 120_000_000, 240_000_000)


def test_a_job_whose_builder_raises_ends_failed_with_the_message(report_worker):
    staff = UserFactory(role=Role.CENTER_STAFF)
    # A round deleted after the report was asked for: the builder cannot find it.
    broken = ReportJob.objects.create(
        kind="voting_results", params={"round_id": 987654}, requested_by=staff
    )
    services._enqueue(broken)  # outside a transaction: sent at once

    _watch(broken)

    broken.refresh_from_db()
    assert broken.status == JobStatus.FAILED
    with translation.override("vi"):
        assert gettext("The voting round of this report no longer exists.") in broken.error
    assert not broken.file
