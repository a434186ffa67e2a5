import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        skip_or_fail("REDIS_URL is not set: the Celery integration test needs a real Redis")
    return url


def _start_worker(queue: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "khuyencong",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--queues={queue}",
            f"--hostname={queue}@%h",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop_worker(worker: subprocess.Popen) -> str:
    worker.send_signal(signal.SIGTERM)
    try:
        output, _ = worker.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return output


@pytest.fixture
def celery_worker_queue(redis_url):
    """Start a real `celery worker` process on its own queue; yield the queue name."""
    from khuyencong.celery import app

    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "khuyencong.settings", "REDIS_URL": redis_url}
    worker = _start_worker(queue, env)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = eager
        sys.stdout.write(_stop_worker(worker)[-4000:])


@pytest.fixture
def report_workers(redis_url, localities_committed, settings):
    """Start real workers for report jobs, on the test database (committed data: the test
    is transactional) and the test media folder; report jobs are routed to their own
    queue. `start(step_delay=0.2, **env)` starts one more worker; all stop at the end."""
    from django.db import connection

    from khuyencong.celery import app

    if connection.vendor != "postgresql":
        skip_or_fail("the report worker test shares its database with a worker: PostgreSQL")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    queue = f"test-{uuid.uuid4().hex[:12]}"
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khuyencong.settings",
        "REDIS_URL": redis_url,
        "DATABASE_URL": url,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    settings.KHUYENCONG_REPORT_QUEUE = queue
    started: list[subprocess.Popen] = []

    def start(step_delay: float = 0.2, **extra_env: str) -> subprocess.Popen:
        env = {**base_env, "KHUYENCONG_REPORT_STEP_DELAY": str(step_delay), **extra_env}
        worker = _start_worker(queue, env)
        started.append(worker)
        return worker

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield start
    finally:
        app.conf.task_always_eager = eager
        for worker in started:
            if worker.poll() is None:
                sys.stdout.write(_stop_worker(worker)[-4000:])


@pytest.fixture
def report_worker(report_workers):
    """One real worker for report jobs; jobs pause 0.2 s between steps so their progress
    can be watched."""
    return report_workers(step_delay=0.2)
