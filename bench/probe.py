"""One XLSX export in a process of its own, so its peak memory is its own:

    python -m bench.probe app|plain

`app` runs the portal's export view (the establishment register, as staff, inside a
transaction as ATOMIC_REQUESTS would) and reads the whole answer; `plain` writes the same
rows from a plain cursor (bench.reference.plain_export). Prints one JSON line:
seconds, rows, bytes, the resident memory before and at its peak (MB).
"""

import json
import os
import sys
import time


def rss_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def drain(handle) -> int:
    size = 0
    while chunk := handle.read(1 << 16):
        size += len(chunk)
    return size


def run_app(user) -> tuple[int, int]:
    from django.db import transaction
    from django.test import RequestFactory
    from django.urls import resolve, reverse

    from establishments.selectors import establishment_list_visible_to

    rows = establishment_list_visible_to(user).count()
    path = reverse("establishments:export")
    request = RequestFactory().get(path)
    request.user = user
    # As ATOMIC_REQUESTS runs the view; the answer is sent after the transaction.
    with transaction.atomic():
        response = resolve(path).func(request)
    if response.status_code != 200:
        raise RuntimeError(f"the export answered {response.status_code}")
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    response.close()
    return rows, size


def run_plain() -> tuple[int, int]:
    from django.db import transaction

    from bench.reference import plain_export
    from establishments.exporting import HEADERS

    with transaction.atomic():
        rows, handle = plain_export(list(HEADERS))
        size = drain(handle)
        handle.close()
    return rows, size


def main() -> None:
    mode = sys.argv[1]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
    import django

    django.setup()
    import openpyxl  # noqa: F401  (loaded before the baseline, as a server has it)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=os.environ.get("BENCH_STAFF", "bench-staff"))
    before = rss_mb("VmRSS")
    started = time.perf_counter()
    rows, size = run_app(user) if mode == "app" else run_plain()
    seconds = time.perf_counter() - started
    result = {
        "mode": mode,
        "seconds": round(seconds, 3),
        "rows": rows,
        "bytes": size,
        "rss_before_mb": round(before, 1),
        "rss_peak_mb": round(rss_mb("VmHWM"), 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
