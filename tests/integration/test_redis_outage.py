"""Redis goes down under a running portal: asking for a report answers at once, and the
job's page says the queue cannot be reached — no hung page, no job queued forever."""

import shutil
import socket
import subprocess
import time

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from accounts.roles import Role
from reports.models import JobStatus, ReportJob
from tests.conftest import skip_or_fail

pytestmark = [pytest.mark.redis]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis():
    """A Redis of the test's own, so that it can be shut down without harming others."""
    server = shutil.which("redis-server")
    if server is None:
        skip_or_fail("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _attempt in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", process
    if process.poll() is None:
        process.kill()
    process.wait()


@pytest.fixture
def broker(own_redis, settings):
    """Point the Celery app (not eager) at that Redis; put everything back afterwards."""
    from khuyencong.celery import app

    url, process = own_redis
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    settings.KHUYENCONG_REPORT_QUEUE = "outage-test"

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_url = url
    app.conf.task_always_eager = False
    reset_pools()
    try:
        yield process
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        reset_pools()


def _ask(client):
    started = time.monotonic()
    response = client.post(
        reverse("reports:job_create", args=["period_summary"]),
        {"from_year": 2020, "to_year": 2025, "format": "xlsx"},
    )
    return response, time.monotonic() - started


def test_a_report_asked_for_while_redis_is_down_fails_at_once_with_a_message(
    broker, client_for, transactional_db
):
    client = client_for(Role.CENTER_STAFF)

    response, _elapsed = _ask(client)  # Redis up: the job waits in the queue
    assert response.status_code == 302
    assert ReportJob.objects.get().status == JobStatus.QUEUED

    broker.terminate()  # Redis goes away
    broker.wait(timeout=10)

    response, elapsed = _ask(client)
    assert response.status_code == 302
    assert elapsed < 20  # answered, not hung on the dead broker
    job = ReportJob.objects.latest("pk")
    assert job.status == JobStatus.FAILED
    page = client.get(response["Location"]).content.decode()
    assert gettext("The report queue cannot be reached; try again in a few minutes.") in page
    assert "Không kết nối được hàng đợi lập báo cáo" in page  # said in Vietnamese
