"""The processes of the harnesses that run the portal for real, `make bench` (bench.run)
and `make loadtest` (loadtest.run): a clean environment, setup steps with their logs,
PostgreSQL databases of their own, the shared static files, gunicorn on a free loopback
port and its orderly stop."""

import fcntl
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin").is_dir() else Path(sys.executable).parent
# Every harness of this checkout shares STATIC_ROOT: collectstatic runs under this lock
# alone, a running server holds it shared.
STATIC_LOCK = Path(tempfile.gettempdir()) / "khuyencong-loadtest-static.lock"
# Settings of the developer's shell that would change what runs; the harness sets its own.
OWN_PREFIXES = ("DJANGO_", "KHUYENCONG_", "CELERY_")
OWN_NAMES = {"DATABASE_URL", "REDIS_URL"}
POSTGRES = {"postgres", "postgresql", "pgsql"}


class SetupError(Exception):
    pass


def clean_env(*, drop: tuple[str, ...] = (), **extra: str) -> dict:
    """The shell's environment without the portal's settings (nor variables starting
    with `drop`), plus `extra`."""
    prefixes = OWN_PREFIXES + drop
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes) and k not in OWN_NAMES}
    env.update(PYTHONUNBUFFERED="1", DJANGO_SETTINGS_MODULE="khuyencong.settings")
    env.update(extra)
    return env


def tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def run_step(title: str, args: list[str], env: dict, log: Path) -> tuple[float, str]:
    """Run one setup command from the checkout, its output appended to `log`; returns
    the seconds it took and what it printed."""
    started = time.monotonic()
    done = subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
        timeout=1800,
    )
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n== {title}: {' '.join(args)}\n{done.stdout}")
    if done.returncode != 0:
        raise SetupError(
            f"{title} failed (exit {done.returncode}); see {log}\n{done.stdout[-3000:]}"
        )
    seconds = time.monotonic() - started
    print(f"  {title}: {seconds:.1f} s", flush=True)
    return seconds, done.stdout


def manage(*args: str) -> list[str]:
    return [str(BIN / "python"), "manage.py", *args]


# --- databases ---------------------------------------------------------------------------


def database_parts(url: str, *, setting: str) -> dict:
    """The parts of a postgres:// URL whose database name is safe to create and drop."""
    parts = urlsplit(url)
    if parts.scheme not in POSTGRES:
        raise SetupError(f"{setting} must be a postgres:// URL, got {url!r}")
    name = unquote(parts.path.lstrip("/"))
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SetupError(f"The database name of {setting} must be letters, digits and _: {name!r}")
    return {
        "dbname": name,
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "password": unquote(parts.password or ""),
    }


@contextmanager
def _maintenance(db: dict) -> Iterator:
    import psycopg2

    connection = psycopg2.connect(
        dbname="postgres",
        host=db["host"],
        port=db["port"],
        user=db["user"],
        password=db["password"] or None,
        connect_timeout=5,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def create_database(db: dict, *, fresh: bool = False) -> None:
    """Create the database if it is missing; `fresh`: drop it first."""
    with _maintenance(db) as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{db["dbname"]}" WITH (FORCE)')
        else:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["dbname"]])
            if cursor.fetchone() is not None:
                return
        cursor.execute(f'CREATE DATABASE "{db["dbname"]}"')


def drop_database(db: dict) -> None:
    with _maintenance(db) as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{db["dbname"]}" WITH (FORCE)')


# --- static files and servers ---------------------------------------------------------------


@contextmanager
def collected_static(env: dict, log: Path, *, meanwhile: Callable[[], None] | None = None):
    """Collect the static files alone (waiting for another harness that is collecting
    or serving), running `meanwhile` beside collectstatic; then hold the lock shared
    while the body serves them."""
    lock = STATIC_LOCK.open("w")
    collect = None
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Waiting for another benchmark or load test (static files)...", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        started = time.monotonic()
        with log.open("ab") as out:
            collect = subprocess.Popen(
                manage("collectstatic", "--noinput"),
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        if meanwhile is not None:
            meanwhile()
        if collect.wait(timeout=600) != 0:
            raise SetupError(f"collectstatic failed; see {log}\n{tail(log)}")
        beside = " (beside the setup)" if meanwhile is not None else ""
        print(f"  collectstatic{beside}: {time.monotonic() - started:.1f} s", flush=True)
        fcntl.flock(lock, fcntl.LOCK_SH)  # others may serve too, but not collect now
        yield
    finally:
        if collect is not None and collect.poll() is None:
            collect.kill()
            collect.wait()
        lock.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(
    env: dict,
    *,
    workers: int,
    timeout: int,
    error_log: Path,
    access_log: Path | None = None,
    access_format: str = "",
    ready_within: float = 60,
) -> tuple[subprocess.Popen, str]:
    """gunicorn on a free loopback port, in a process group of its own; returns once it
    answers /healthz, with its base URL."""
    port = free_port()
    options = [
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--timeout={timeout}",
        "--graceful-timeout=10",
        f"--error-logfile={error_log}",
        "--capture-output",
        "--log-level=warning",
    ]
    if access_log is not None:
        options += [f"--access-logfile={access_log}", f"--access-logformat={access_format}"]
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "khuyencong.wsgi:application", *options],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    # As behind the TLS proxy of production: no redirect to https.
    request = urllib.request.Request(f"{base}/healthz", headers={"X-Forwarded-Proto": "https"})
    deadline = time.monotonic() + ready_within
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SetupError(f"gunicorn exited with {server.returncode}\n{tail(error_log)}")
        with (
            suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(request, timeout=5) as answer,
        ):
            if answer.status == 200:
                return server, base
        time.sleep(0.3)
    stop(server)
    raise SetupError(
        f"gunicorn did not answer /healthz within {ready_within:.0f} s\n{tail(error_log)}"
    )


def stop(process: subprocess.Popen, *, grace: float = 15) -> None:
    """SIGTERM the process group we started, then SIGKILL what is left of it."""
    if process.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
