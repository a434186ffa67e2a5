import os

from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "reports:worker-heartbeat"


def worker_heartbeat_record(*, worker: str) -> dict:
    """Store which worker ran the last ping, and when; kept a day in the cache."""
    beat = {"worker": worker, "pid": os.getpid(), "at": timezone.now().isoformat()}
    cache.set(HEARTBEAT_KEY, beat, timeout=24 * 60 * 60)
    return beat


def worker_heartbeat_last() -> dict | None:
    return cache.get(HEARTBEAT_KEY)
