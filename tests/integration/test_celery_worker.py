import os

import pytest
from celery.result import allow_join_result
from django.core.cache import cache

from reports.services import HEARTBEAT_KEY, worker_heartbeat_last
from reports.tasks import worker_ping

pytestmark = pytest.mark.redis


def test_a_real_worker_runs_the_ping_job_end_to_end(celery_worker_queue):
    cache.delete(HEARTBEAT_KEY)
    result = worker_ping.apply_async(queue=celery_worker_queue)
    # This process is not a task: an eager task run earlier in the session may have left
    # Celery's "inside a task" flag behind, which would refuse the wait.
    with allow_join_result():
        beat = result.get(timeout=60)
    # Run by the worker process, not inline in this one...
    assert beat["worker"].startswith(f"{celery_worker_queue}@")
    assert beat["pid"] != os.getpid()
    # ...and its heartbeat reached the shared Redis cache the status page reads.
    assert worker_heartbeat_last()["pid"] == beat["pid"]
