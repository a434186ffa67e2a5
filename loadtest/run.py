"""The load test: 50 people of every role for 60 s against gunicorn and PostgreSQL.

    python -m loadtest.run            (make loadtest)

1. (Re)creates the database of LOADTEST_DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/khuyencong_load; its name must contain "load":
   it is dropped first), migrates it, loads the localities and the demo data.
2. Collects the static files and starts gunicorn on a free loopback port with DEBUG off,
   as in production behind a TLS proxy (whitenoise serves the static files). Celery runs
   tasks inline (no REDIS_URL): the test measures the web tier and the database. The
   second sign-in step is off (KHUYENCONG_2FA_REQUIRED=false): many simulated people
   share each demo login, and one TOTP code cannot be used twice.
3. Runs `locust --headless` (loadtest/locustfile.py) for the given time, under a hard
   timeout.
4. Checks: no answer with status 500 or above (by locust and by gunicorn's access log),
   no request left without an answer, and every write the simulated people saw accepted
   is in the database, one row per accepted POST (looked up by its marker; a double tap
   sends a form twice); a write the server refused must not be there.

Prints a summary and exits 1 when a check fails, 2 when the setup fails. The gunicorn
logs, locust's CSV files and the list of writes stay in the results folder it prints.

Long module: one script's steps in the order they run (set-up, the run, the checks).
"""

import argparse
import datetime as dt
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from bench import procs
from bench.procs import SetupError

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/khuyencong_load"
OUTCOMES = {"accepted", "refused"}  # anything else: an error, or no answer


def load_database(url: str) -> dict:
    """The load test drops and recreates its database: its name must say so."""
    db = procs.database_parts(url, setting="LOADTEST_DATABASE_URL")
    if "load" not in db["dbname"]:
        raise SetupError(
            f"The load test drops and recreates its database: its name must contain "
            f"'load', got {db['dbname']!r}"
        )
    return db


# --- reading the results -------------------------------------------------------------------


def locust_results(results: Path) -> dict:
    """What the locustfile tallied: requests, response times, statuses, failures."""
    path = results / "requests.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.setdefault("requests", 0)
    data["status_codes"] = {int(k): v for k, v in data.get("status_codes", {}).items()}
    data["failures"] = [
        {"error": error, "count": count}
        for error, count in sorted(data.get("failures", {}).items(), key=lambda f: -f[1])
    ]
    return data


def access_log(path: Path) -> dict:
    """Gunicorn's own count: every answer it sent, by status."""
    statuses: Counter = Counter()
    errors: list[str] = []
    if path.exists():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            status = line.partition(" ")[0]
            if status.isdigit():
                statuses[int(status)] += 1
                if int(status) >= 500:
                    errors.append(line)
    return {"statuses": statuses, "server_errors": errors}


def server_log_problems(path: Path) -> list[str]:
    problems = []
    if path.exists():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if re.search(r"WORKER TIMEOUT|Internal Server Error|was sent SIGKILL|Traceback", line):
                problems.append(line.strip())
    return problems


def read_writes(results: Path) -> list[dict]:
    path = results / "writes.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# --- the database check --------------------------------------------------------------------


def setup_django(database_url: str, media: Path) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="khuyencong.settings",
        DJANGO_DEBUG="true",  # only reads here; no secret key needed
        DJANGO_MEDIA_ROOT=str(media),
    )
    os.environ.pop("REDIS_URL", None)
    if str(procs.ROOT) not in sys.path:
        sys.path.insert(0, str(procs.ROOT))
    import django

    django.setup()


def check_writes(writes: list[dict], *, run_id: str, started_at: dt.datetime) -> dict:
    """Look every write up in the database. An accepted write must be there exactly once
    (with the id and author the server answered); a refused one must not be there."""
    from decimal import Decimal

    from establishments.models import Establishment, FieldVisit, SupportRequest, SupportRequestEvent
    from products.models import ScoreSheet

    prefix = f"LT-{run_id}-"
    pattern = re.compile(rf"{re.escape(prefix)}[0-9a-f]{{12}}")

    def by_marker(rows, text_field):
        found = defaultdict(list)
        for row in rows:
            for marker in pattern.findall(row[text_field] or ""):
                found[marker].append(row)
        return found

    stored = {
        "visit": by_marker(
            FieldVisit.objects.filter(notes__contains=prefix).values(
                "id", "notes", "photo", "establishment_id", "collaborator__user__username"
            ),
            "notes",
        ),
        "establishment": by_marker(
            Establishment.objects.filter(name__contains=prefix).values(
                "id", "name", "registered_by__username"
            ),
            "name",
        ),
        "request": by_marker(
            SupportRequest.objects.filter(description__contains=prefix).values(
                "id", "description", "establishment_id", "submitted_by__username"
            ),
            "description",
        ),
        "comment": by_marker(
            SupportRequestEvent.objects.filter(note__contains=prefix).values(
                "id", "note", "request_id", "actor__username"
            ),
            "note",
        ),
    }
    submitted_events = set(
        SupportRequestEvent.objects.filter(
            request__description__contains=prefix, from_status=""
        ).values_list("request_id", flat=True)
    )

    report = {"lost": [], "duplicated": [], "wrong": [], "phantom": [], "by_kind": {}}

    def tally(kind: str, key: str) -> None:
        counts = report["by_kind"].setdefault(
            kind, {"submitted": 0, "accepted": 0, "found": 0, "refused": 0, "error": 0}
        )
        counts[key] += 1

    scores = [w for w in writes if w["kind"] == "score"]
    taps = defaultdict(list)  # one marker: one form, sent once or twice (a double tap)
    for write in writes:
        write["outcome"] = write["outcome"] if write["outcome"] in OUTCOMES else "error"
        tally(write["kind"], "submitted")
        tally(write["kind"], write["outcome"])
        if write["kind"] != "score":
            taps[(write["kind"], write["marker"])].append(write)

    for (kind, marker), sent in taps.items():
        rows = stored[kind].get(marker, [])
        accepted = [w for w in sent if w["outcome"] == "accepted"]
        unanswered = [w for w in sent if w["outcome"] == "error"]
        # Each accepted POST saved one row; a refused one saved nothing; one without an
        # answer may have saved or not.
        if len(rows) < len(accepted):
            report["lost"].extend(accepted[len(rows) :])
        elif len(rows) > len(accepted) + len(unanswered):
            refused = any(w["outcome"] == "refused" for w in sent)
            report["phantom" if refused else "duplicated"].append(
                {**sent[0], "rows": [r["id"] for r in rows]}
            )
        row_ids = {r["id"] for r in rows}
        for write in accepted:
            if write.get("id") is not None and write["id"] not in row_ids:
                report["wrong"].append({**write, "problem": f"#{write['id']} not stored"})
        problems = [p for p in (_mismatch(kind, sent[0], r, submitted_events) for r in rows) if p]
        if problems:
            report["wrong"].append({**sent[0], "problem": "; ".join(problems)})
        else:
            for _ in range(min(len(rows), len(accepted))):
                tally(kind, "found")

    # Score sheets carry no text: every accepted save must have left its own history row
    # (same entry, member and total) since the start, and the sheet must hold one of the
    # totals that member saved.
    if scores:
        history = Counter(
            (h["entry_id"], h["member__user__username"], h["total"])
            for h in ScoreSheet.history.filter(history_date__gte=started_at).values(
                "entry_id", "member__user__username", "total"
            )
        )
        current = {
            (s["entry_id"], s["member__user__username"]): s["total"]
            for s in ScoreSheet.objects.values("entry_id", "member__user__username", "total")
        }
        accepted = Counter(
            (w["entry"], w["user"], Decimal(w["total_tenths"]) / 10)
            for w in scores
            if w["outcome"] == "accepted"
        )
        saved_totals = defaultdict(set)  # what the sheet may hold: any save not refused
        for w in scores:
            if w["outcome"] != "refused":
                saved_totals[(w["entry"], w["user"])].add(Decimal(w["total_tenths"]) / 10)
        for (entry, user, total), count in accepted.items():
            kept = history.get((entry, user, total), 0)
            missing = max(count - kept, 0)
            for _ in range(count - missing):
                tally("score", "found")
            for _ in range(missing):
                report["lost"].append(
                    {"kind": "score", "user": user, "entry": entry, "total": str(total)}
                )
        for entry, user in {(entry, user) for entry, user, _total in accepted}:
            totals = saved_totals[(entry, user)]
            if current.get((entry, user)) not in totals:
                report["wrong"].append(
                    {
                        "kind": "score",
                        "user": user,
                        "entry": entry,
                        "problem": f"sheet holds {current.get((entry, user))}, "
                        f"saved {sorted(str(t) for t in totals)}",
                    }
                )
    return report


def _mismatch(kind: str, write: dict, row: dict, submitted_events: set) -> str:
    if kind == "visit":
        if row["collaborator__user__username"] != write["user"]:
            return f"logged by {row['collaborator__user__username']}"
        if row["establishment_id"] != write["establishment"]:
            return f"for establishment {row['establishment_id']}"
        if write.get("photo") and not row["photo"]:
            return "the photo is missing"
    elif kind == "establishment":
        if row["registered_by__username"] != write["user"]:
            return f"registered by {row['registered_by__username']}"
    elif kind == "request":
        if row["establishment_id"] != write["establishment"]:
            return f"for establishment {row['establishment_id']}"
        if row["submitted_by__username"] != write["user"]:
            return f"submitted by {row['submitted_by__username']}"
        if row["id"] not in submitted_events:
            return "no 'submitted' event"
    elif kind == "comment" and (
        row["request_id"] != write["request"] or row["actor__username"] != write["user"]
    ):
        return f"on request {row['request_id']} by {row['actor__username']}"
    return ""


# --- the run -------------------------------------------------------------------------------


def run(
    *,
    database_url: str,
    users: int = 50,
    spawn_rate: float = 10,
    run_time: int = 60,
    workers: int = 3,
    results: Path | None = None,
    drop_after: bool = False,
    reuse_database: bool = False,
) -> dict:
    """The whole load test; returns the summary (`summary["ok"]` tells the verdict)."""
    db = load_database(database_url)
    results = results or Path(tempfile.mkdtemp(prefix="khuyencong-loadtest-"))
    results.mkdir(parents=True, exist_ok=True)
    # Uploads live beside the database they belong to (a reused database keeps its photos).
    media = Path(tempfile.gettempdir()) / f"khuyencong-loadtest-media-{db['dbname']}"
    if not reuse_database:
        shutil.rmtree(media, ignore_errors=True)
    setup_log = results / "setup.log"
    run_id = secrets.token_hex(4)
    print(f"Load test {run_id}: results in {results}", flush=True)

    if not reuse_database:
        print(f"Setting up database {db['dbname']} on {db['host']}:{db['port']}", flush=True)
        procs.create_database(db, fresh=True)
    # Setting up loads the demo, which only a DEBUG installation accepts; serving is production's.
    env = procs.clean_env(
        DATABASE_URL=database_url, DJANGO_MEDIA_ROOT=str(media), DJANGO_DEBUG="true"
    )
    serve_env = {
        **env,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Many simulated people share each demo login; one TOTP device cannot serve them.
        "KHUYENCONG_2FA_REQUIRED": "false",
    }

    def set_up_database() -> None:
        if not reuse_database:
            procs.run_step("migrate", procs.manage("migrate", "--noinput"), env, setup_log)
            procs.run_step("load_localities", procs.manage("load_localities"), env, setup_log)
            procs.run_step("load_demo", procs.manage("load_demo"), env, setup_log)

    server = None
    try:
        with procs.collected_static(
            serve_env, results / "collectstatic.log", meanwhile=set_up_database
        ):
            server, base = procs.start_gunicorn(
                serve_env,
                workers=workers,
                timeout=30,
                error_log=results / "gunicorn.log",
                access_log=results / "access.log",
                access_format="%(s)s %(m)s %(U)s %(M)sms",
            )
            print(f"gunicorn: {workers} workers on {base} (DEBUG off)", flush=True)
            print(
                f"locust: {users} users, {spawn_rate:g}/s, {run_time} s "
                f"(hard limit {run_time + 90} s)",
                flush=True,
            )
            started_at = dt.datetime.now(tz=dt.UTC)
            locust_log = results / "locust.log"
            with locust_log.open("wb") as out:
                locust = subprocess.Popen(
                    [
                        str(procs.BIN / "locust"),
                        f"--locustfile={procs.ROOT / 'loadtest' / 'locustfile.py'}",
                        "--headless",
                        f"--users={users}",
                        f"--spawn-rate={spawn_rate}",
                        f"--run-time={run_time}s",
                        f"--host={base}",
                        f"--csv={results / 'locust'}",
                        "--only-summary",
                        "--stop-timeout=10",
                        "--loglevel=WARNING",
                        "--exit-code-on-error=0",
                    ],
                    cwd=procs.ROOT,
                    env=procs.clean_env(LOADTEST_RESULTS_DIR=str(results), LOADTEST_RUN_ID=run_id),
                    start_new_session=True,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
                try:
                    locust_code = locust.wait(timeout=run_time + 90)
                except subprocess.TimeoutExpired:
                    procs.stop(locust, grace=5)
                    raise SetupError(
                        f"locust overran its hard limit\n{procs.tail(locust_log)}"
                    ) from None
            if locust_code != 0:
                raise SetupError(f"locust exited with {locust_code}\n{procs.tail(locust_log)}")
    finally:
        if server is not None:
            procs.stop(server)

    summary = summarise(
        results, run_id=run_id, started_at=started_at, database_url=database_url, media=media
    )
    summary.update(users=users, run_time=run_time, workers=workers, results=str(results))
    if drop_after:
        from django.db import connections

        connections.close_all()
        procs.drop_database(db)
        shutil.rmtree(media, ignore_errors=True)
    return summary


def summarise(
    results: Path, *, run_id: str, started_at: dt.datetime, database_url: str, media: Path
) -> dict:
    stats = locust_results(results)
    status_codes = stats["status_codes"]
    access = access_log(results / "access.log")
    writes = read_writes(results)
    setup_django(database_url, media)
    report = check_writes(writes, run_id=run_id, started_at=started_at)

    server_errors = sum(v for k, v in status_codes.items() if k >= 500)
    logged_server_errors = sum(v for k, v in access["statuses"].items() if k >= 500)
    no_answer = status_codes.get(0, 0)
    accepted = sum(k["accepted"] for k in report["by_kind"].values())
    found = sum(k["found"] for k in report["by_kind"].values())
    problems = []
    if server_errors or logged_server_errors:
        problems.append(f"{max(server_errors, logged_server_errors)} answers with status >= 500")
    if no_answer:
        problems.append(f"{no_answer} requests got no answer")
    if stats.get("login_failures"):
        problems.append(f"logins failed: {stats['login_failures']}")
    for key in ("lost", "duplicated", "wrong", "phantom"):
        if report[key]:
            problems.append(f"{len(report[key])} {key} writes")
    if not accepted:
        problems.append("no write was accepted: the test proved nothing about writes")
    if not stats["requests"]:
        problems.append("locust made no request")
    return {
        "ok": not problems,
        "problems": problems,
        "requests": stats["requests"],
        "rps": stats.get("rps", 0.0),
        "p50_ms": stats.get("p50_ms"),
        "p95_ms": stats.get("p95_ms"),
        "max_ms": stats.get("max_ms"),
        "settled_requests": stats.get("settled_requests", 0),
        "settled_p50_ms": stats.get("settled_p50_ms"),
        "settled_p95_ms": stats.get("settled_p95_ms"),
        "failures": sum(f["count"] for f in stats["failures"]),
        "failure_kinds": stats["failures"],
        "status_codes": status_codes,
        "server_errors": server_errors,
        "server_errors_in_access_log": logged_server_errors,
        "server_error_lines": access["server_errors"][:20],
        "server_log_problems": server_log_problems(results / "gunicorn.log")[:20],
        "no_answer": no_answer,
        "writes_submitted": len(writes),
        "writes_accepted": accepted,
        "writes_found": found,
        "writes_by_kind": report["by_kind"],
        "lost": report["lost"],
        "duplicated": report["duplicated"],
        "wrong": report["wrong"],
        "phantom": report["phantom"],
    }


def print_summary(s: dict) -> None:
    codes = ", ".join(f"{k}: {v}" for k, v in sorted(s["status_codes"].items()))
    print()
    print(f"Load test: {s['users']} users of mixed roles, {s['run_time']} s, gunicorn")
    print(f"{s['workers']} workers, PostgreSQL; results in {s['results']}")
    print(
        f"  requests    {s['requests']} ({s['rps']:.1f}/s)  p50 {s['p50_ms']} ms  "
        f"p95 {s['p95_ms']} ms  max {s['max_ms']} ms"
    )
    print(
        f"  signed in   after the last login: {s['settled_requests']} requests, "
        f"p50 {s['settled_p50_ms']} ms  p95 {s['settled_p95_ms']} ms"
    )
    print(f"  statuses    {codes}")
    print(
        f"  5xx         {s['server_errors']} (gunicorn access log: "
        f"{s['server_errors_in_access_log']}); no answer: {s['no_answer']}"
    )
    print(f"  failures    {s['failures']} (any other answer than expected, e.g. a refused form)")
    for failure in s["failure_kinds"]:
        print(f"    {failure['count']:>4} x {failure['error'][:200]}")
    print(
        f"  writes      submitted {s['writes_submitted']}, accepted {s['writes_accepted']}, "
        f"found in the database {s['writes_found']}"
    )
    for kind, k in sorted(s["writes_by_kind"].items()):
        print(
            f"    {kind:<13} submitted {k['submitted']:>4}  accepted {k['accepted']:>4}  "
            f"found {k['found']:>4}  refused {k['refused']:>3}  error {k['error']:>3}"
        )
    for key in ("lost", "duplicated", "wrong", "phantom"):
        for write in s[key][:10]:
            print(f"    {key}: {json.dumps(write, ensure_ascii=False)}")
    for line in s["server_error_lines"] + s["server_log_problems"]:
        print(f"    server: {line}")
    verdict = "PASS" if s["ok"] else "FAIL: " + "; ".join(s["problems"])
    print(f"  result      {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="dropped and recreated; its name must contain 'load'",
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", type=int, default=60, help="seconds")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--results", type=Path, help="folder for logs and CSV (default: a temp)")
    parser.add_argument("--summary-json", type=Path, help="also write the summary here")
    parser.add_argument("--drop-after", action="store_true", help="drop the database at the end")
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="skip the setup: run on the database an earlier run left (to tune the locustfile)",
    )
    args = parser.parse_args(argv)
    try:
        summary = run(
            database_url=args.database_url,
            users=args.users,
            spawn_rate=args.spawn_rate,
            run_time=args.run_time,
            workers=args.workers,
            results=args.results,
            drop_after=args.drop_after,
            reuse_database=args.reuse_database,
        )
    except SetupError as error:
        print(f"Load test could not run: {error}", file=sys.stderr)
        return 2
    print_summary(summary)
    if args.summary_json:
        args.summary_json.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
