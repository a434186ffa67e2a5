"""`make loadtest` in the suite: 50 people of mixed roles for 60 s against gunicorn and
PostgreSQL get no server error, and every write they saw accepted is in the database.

The runner is a subprocess with a database of its own (dropped at the end): locust
patches the standard library with gevent, so it is never imported into this process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
LOAD_DATABASE = "khuyencong_load_test"

pytestmark = pytest.mark.postgres


def _load_database_url() -> str:
    """The server of DATABASE_URL, with a database of the load test's own."""
    parts = urlsplit(os.environ.get("DATABASE_URL", ""))
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        skip_or_fail("the load test runs gunicorn on PostgreSQL: DATABASE_URL must point at it")
    return parts._replace(path=f"/{LOAD_DATABASE}", query="").geturl()


def test_fifty_people_for_a_minute_get_no_server_error_and_lose_no_write(tmp_path):
    url = _load_database_url()
    if not (Path(sys.executable).parent / "locust").exists():
        skip_or_fail("locust is not installed (pip install -e '.[dev]')")
    summary_file = tmp_path / "summary.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "loadtest.run",
            f"--database-url={url}",
            f"--results={tmp_path / 'results'}",
            f"--summary-json={summary_file}",
            "--drop-after",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=420,
    )
    output = f"{done.stdout[-8000:]}\n{done.stderr[-4000:]}"
    print(done.stdout[-4000:])  # the summary, in the log of a run with -s or -rP
    assert done.returncode != 2, f"the load test could not run:\n{output}"
    summary = json.loads(summary_file.read_text(encoding="utf-8"))

    assert summary["requests"] > 500, output  # the load was real, even on a busy machine
    assert summary["server_errors"] == 0, output
    assert summary["server_errors_in_access_log"] == 0, output
    assert summary["no_answer"] == 0, output
    assert summary["writes_accepted"] > 20, output
    assert summary["writes_found"] == summary["writes_accepted"], output
    for problem in ("lost", "duplicated", "wrong", "phantom"):
        assert summary[problem] == [], output
    assert done.returncode == 0, output
