"""`make bench`: the provincial-scale benchmark.

    python -m bench.run

1. For each scale of BENCH_SCALES (default "0.1 1"), a PostgreSQL database of its own,
   named after BENCH_DATABASE_URL's (default postgres://postgres@127.0.0.1:5432/
   khuyencong_bench -> khuyencong_bench_s0_1, khuyencong_bench_s1), created if missing and
   kept: migrate, load_localities, `seed_bench --scale N --replace` (nothing to do when
   the dataset is there already).
2. For each scale, gunicorn with 2 workers on a free loopback port, production's settings
   with DEBUG off (plus a query counter and the floor page: bench.settings), the
   cache on Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/15, emptied first;
   "none": no Redis). The pages of all scales are timed together, sequentially and
   interleaved (bench.timing), so that whatever else the machine does falls on
   every scale and the floor alike.
3. Per scale, with the servers stopped: the period summary, the XLSX export and the
   decision approving the largest plan to DOCX and PDF (bench.measure reports).
Then one table of every target of the benchmark with PASS or FAIL, printed and written to
bench-results/latest.txt (per-scale JSON and logs beside it).

Tuning: BENCH_REQUESTS (40 timed requests per page), BENCH_WARMUP (3),
BENCH_PAGE_SECONDS (45: a page stops once it has spent this long and has 10 samples),
BENCH_SUMMARY_RUNS (5), BENCH_EXPORT_RUNS (1).

Long module: one command's steps in the order they run (databases, servers, timing, the
table of targets).
"""

import datetime as dt
import json
import os
import platform
import secrets
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from bench import timing
from bench.procs import (
    BIN,
    ROOT,
    SetupError,
    clean_env,
    collected_static,
    create_database,
    database_parts,
    manage,
    run_step,
    start_gunicorn,
    stop,
)

RESULTS = ROOT / "bench-results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/khuyencong_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
WORKERS = 2
P50_LIMIT, P95_LIMIT, QUERY_LIMIT, FLAT_LIMIT = 4.0, 8.0, 10, 0.30
SUMMARY_LIMIT, EXPORT_LIMIT, MEMORY_LIMIT_MB, SEED_LIMIT_S = 1.5, 2.0, 200, 300
PAPER_DOCX_S, PAPER_PDF_S, PAPER_MEMORY_MB = 10.0, 30.0, 300
FULL = 1.0


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    return float(raw) if raw else default


def scale_tag(scale: float) -> str:
    return "s" + f"{scale:g}".replace(".", "_")


def scale_url(base: str, scale: float) -> str:
    parts = urlsplit(base)
    name = unquote(parts.path.lstrip("/")) or "khuyencong_bench"
    url = urlunsplit(parts._replace(path=f"/{name}_{scale_tag(scale)}"))
    database_parts(url, setting="BENCH_DATABASE_URL")  # a postgres:// URL, a safe name
    return url


def redis_url() -> str:
    url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL).strip()
    if url.lower() in ("", "none"):
        return ""
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
        if client.connection_pool.connection_kwargs.get("db", 0) != 0:
            client.flushdb()  # a dataset of another scale may have left its pages cached
        client.close()
    except Exception as exc:
        print(f"  Redis at {url} unreachable ({exc}): cache in memory", flush=True)
        return ""
    return url


def prepare_scale(scale: float, *, base_env: dict, cache: str, logs: Path) -> dict:
    """The scale's database, migrated and seeded; the environment to serve it with."""
    url = scale_url(os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL), scale)
    name = urlsplit(url).path.lstrip("/")
    print(f"N={scale:g}: database {name}", flush=True)
    create_database(database_parts(url, setting="BENCH_DATABASE_URL"))
    log = logs / f"setup-{scale_tag(scale)}.log"
    env = {**base_env, "DATABASE_URL": url}
    if cache:
        env["REDIS_URL"] = cache
    run_step("migrate", manage("migrate", "--noinput"), env, log)
    run_step("load_localities", manage("load_localities"), env, log)
    seconds, output = run_step(
        "seed_bench", manage("seed_bench", f"--scale={scale:g}", "--replace"), env, log
    )
    return {
        "scale": scale,
        "database": name,
        "env": env,
        "log": log,
        "seeded_now": "nothing to do" not in output,
        "seed_run_seconds": round(seconds, 1),
        "cache": bool(cache),
    }


def measure_all(prepared: list[dict], logs: Path) -> dict[float, dict]:
    """Serve every scale at once and time their pages together."""
    python = str(BIN / "python")
    servers, targets, info = [], [], {}
    try:
        for p in prepared:
            tag = scale_tag(p["scale"])
            server_env = {**p["env"], "DJANGO_SETTINGS_MODULE": "bench.settings"}
            server, base = start_gunicorn(
                server_env, workers=WORKERS, timeout=300, error_log=logs / f"gunicorn-{tag}.log"
            )
            servers.append(server)
            port = urlsplit(base).port
            print(f"N={p['scale']:g}: gunicorn, {WORKERS} workers on 127.0.0.1:{port}", flush=True)
            out = RESULTS / f"pages-{tag}.json"
            run_step("sessions and pages", [python, "-m", "bench.measure", "prepare",
                                            f"--out={out}"], p["env"], p["log"])  # fmt: skip
            info[p["scale"]] = json.loads(out.read_text(encoding="utf-8"))
            out.unlink()  # it holds session keys
            for page in info[p["scale"]]["pages"]:
                targets.append(
                    timing.Target(
                        p["scale"],
                        port,
                        page["key"],
                        page["title"],
                        page["path"],
                        page["cookie"],
                        page.get("token"),
                    )
                )
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        timing.measure(
            targets,
            requests=int(env_float("BENCH_REQUESTS", 40)),
            warmup=int(env_float("BENCH_WARMUP", 3)),
            budget=env_float("BENCH_PAGE_SECONDS", 45),
        )
        load = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        print(
            f"  pages of every scale, interleaved: {time.monotonic() - started:.1f} s", flush=True
        )
    finally:
        for server in servers:
            stop(server)
    return {
        scale: {
            "dataset": data["dataset"],
            "load": load,
            "pages": [t.summary() for t in targets if t.scale == scale],
        }
        for scale, data in info.items()
    }


def reports_of(p: dict) -> dict:
    out = RESULTS / f"reports-{scale_tag(p['scale'])}.json"
    print(f"N={p['scale']:g}: reports", flush=True)
    run_step(
        "period summary and export",
        [
            str(BIN / "python"), "-m", "bench.measure", "reports", f"--out={out}",
            f"--summary-runs={int(env_float('BENCH_SUMMARY_RUNS', 5))}",
            f"--export-runs={int(env_float('BENCH_EXPORT_RUNS', 1))}",
        ],
        p["env"],
        p["log"],
    )  # fmt: skip
    return json.loads(out.read_text(encoding="utf-8"))


# --- the report ------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def page_rows(result: dict) -> tuple[list[str], dict]:
    pages = result["pages"]
    floor = next(p for p in pages if p["key"] == "floor")
    base = floor.get("p50_ms")
    lines = [
        f"{'page':<40} {'p50 ms':>8} {'p95 ms':>8} {'p50/floor':>9} {'p95/floor':>9} "
        f"{'queries':>7} {'n':>4}  path"
    ]
    for p in pages:
        if p.get("error") or not p.get("p50_ms"):
            lines.append(f"{p['title']:<40} {'ERROR ' + p.get('error', ''):>40}  {p['path']}")
            continue
        lines.append(
            f"{p['title']:<40} {p['p50_ms']:>8.1f} {p['p95_ms']:>8.1f} "
            f"{p['p50_ms'] / base:>8.2f}x {p['p95_ms'] / base:>8.2f}x "
            f"{p['queries'] if p['queries'] is not None else '?':>7} {p['n']:>4}  {p['path']}"
        )
    return lines, {p["key"]: p for p in pages} | {"_floor": base}


def source_version() -> str:
    """The commit measured, and how many files differ from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
        ).stdout.splitlines()
    except OSError:
        head, changed = "", []
    if not head:
        return "unknown (not a git checkout)"
    return f"{head} + {len(changed)} uncommitted files" if changed else head


def report(results: list[dict], seconds: float) -> str:
    out = []
    first = results[0]
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out.append(
        f"khuyencong benchmark — {now} · commit {source_version()} · PostgreSQL "
        f"{first['dataset']['postgres']} · gunicorn {WORKERS} sync workers · {os.cpu_count()} "
        f"CPUs · Python {platform.python_version()}"
    )
    out.append(
        "Server: production settings from the environment (DEBUG off, CONN_MAX_AGE "
        f"{os.environ.get('DJANGO_CONN_MAX_AGE', '0')}: a new PostgreSQL connection per request, "
        f"{first['dataset'].get('connect_ms', '?')} ms; cache "
        f"{'Redis' if first.get('cache') else 'in memory'}; two-factor-verified sessions) + a "
        "query counter. Sequential GETs over loopback, round-robin over the pages (the floor "
        "too), after warm-up."
    )
    by_scale = {}
    for r in results:
        counts = r["dataset"]["counts"]
        seed = r.get("seed_seconds")
        how = "seeded now" if r["seeded_now"] else "seeded earlier, reused"
        out += [
            "",
            f"== N={r['scale']:g} — {r['database']}: {counts['establishments']:,} establishments, "
            f"{counts['projects']:,} projects, {counts['disbursements']:,} disbursements, "
            f"{counts['products']:,} products, {counts['scores']:,} scores "
            f"(seed_bench {seed} s, {how})",
        ]
        lines, pages = page_rows(r)
        out += lines
        s = r["summary"]
        out.append(
            f"period summary 2016-2026 ({s['projects']:,} projects): builder {s['orm_ms']:.0f} ms, "
            f"hand-written SQL {s['sql_ms']:.0f} ms = {s['orm_ms'] / s['sql_ms']:.2f}x "
            f"(median of {s['runs']}; same figures: {'yes' if s['same_figures'] else 'NO'})"
        )
        e = r["export"]
        if "error" in e:
            out.append(f"XLSX export: ERROR {e['error']}")
        else:
            app, plain = e["app"], e["plain"]
            growth = app["rss_peak_mb"] - app["rss_before_mb"]
            rows = f"{app['rows']:,} rows" + (
                "" if app["rows"] == plain["rows"] else f", plain {plain['rows']:,} rows!"
            )
            out.append(
                f"XLSX export ({rows}): portal {app['seconds']:.1f} s, plain cursor "
                f"{plain['seconds']:.1f} s = {app['seconds'] / plain['seconds']:.2f}x; peak RSS "
                f"portal {app['rss_peak_mb']:.0f} MB (+{growth:.0f} over "
                f"{app['rss_before_mb']:.0f} before the export), "
                f"plain {plain['rss_peak_mb']:.0f} MB"
            )
        out.append(paper_line(r.get("paper") or {"error": "not measured"}))
        by_scale[r["scale"]] = (r, pages)
    load = first["load"]
    out += [
        "",
        f"Load average while timing the pages: {load[0]} before, {load[1]} after "
        f"({os.cpu_count()} CPUs; the bench itself keeps about one busy).",
        "",
        *targets(by_scale),
        "",
        f"make bench took {seconds / 60:.1f} min.",
    ]
    return "\n".join(out)


def paper_line(paper: dict) -> str:
    if "error" in paper:
        return f"plan decision: ERROR {paper['error']}"
    line = (
        f"plan decision of the largest plan ({paper['items']:,} items): DOCX "
        f"{paper['docx_seconds']:.1f} s, peak RSS {paper['rss_peak_mb']:.0f} MB "
        f"(+{paper['rss_peak_mb'] - paper['rss_before_mb']:.0f}); "
    )
    if "pdf_error" in paper:
        return line + f"PDF: {paper['pdf_error']}"
    return line + (
        f"PDF {paper['pdf_seconds']:.1f} s ({paper['soffice_cpu_seconds']:.1f} s CPU), "
        f"LibreOffice peak RSS {paper['soffice_rss_peak_mb']:.0f} MB"
    )


def paper_rows(by_scale: dict, row) -> None:
    docx, pdf, memory = [], [], []
    for s in sorted(by_scale):
        paper = by_scale[s][0].get("paper") or {"error": "not measured"}
        full = s >= FULL
        if "error" in paper:
            for cells in (docx, pdf, memory):
                cells.append(("error", False))
            continue
        docx.append((f"{paper['docx_seconds']:.1f} s", paper["docx_seconds"] < PAPER_DOCX_S))
        peak = max(paper["rss_peak_mb"], paper.get("soffice_rss_peak_mb", 0))
        memory.append((f"{peak:.0f} MB", peak < PAPER_MEMORY_MB if full else None))
        if "pdf_error" in paper:
            pdf.append(("no PDF", False))
        else:
            seconds = paper["pdf_seconds"]
            pdf.append((f"{seconds:.1f} s", seconds < PAPER_PDF_S if full else None))
    row(f"plan decision of the largest plan to DOCX < {PAPER_DOCX_S:g} s", docx)
    row(f"plan decision of the largest plan to PDF < {PAPER_PDF_S:g} s (N=1)", pdf)
    row(f"plan decision peak memory (worker or LibreOffice) < {PAPER_MEMORY_MB} MB", memory)


def targets(by_scale: dict) -> list[str]:
    scales = sorted(by_scale)
    head = "  ".join(f"{'N=' + format(s, 'g'):>14}" for s in scales)
    lines = [
        "== Targets; ratios to the floor's p50; a target holds when it holds at every "
        "scale measured",
        f"{'target':<58} {head}  holds",
    ]

    def row(name: str, cells: list[tuple[str, bool | None]]) -> None:
        known = [ok for _text, ok in cells if ok is not None]
        holds = None if not known else all(known)
        text = "  ".join(f"{t:>14}" for t, _ok in cells)
        lines.append(f"{name:<58} {text}  {verdict(holds)}")

    keys = [p["key"] for p in by_scale[scales[0]][0]["pages"] if p["key"] != "floor"]
    titles = {p["key"]: p["title"] for p in by_scale[scales[0]][0]["pages"]}
    for key in keys:
        for label, metric, limit in (
            ("p50 ≤ 4x", "p50_ms", P50_LIMIT),
            ("p95 ≤ 8x", "p95_ms", P95_LIMIT),
        ):
            cells = []
            for s in scales:
                _r, pages = by_scale[s]
                p = pages.get(key, {})
                if not p.get(metric):
                    cells.append(("error", False))
                    continue
                ratio = p[metric] / pages["_floor"]
                cells.append((f"{ratio:.2f}x", ratio <= limit))
            row(f"{titles[key]}: {label}", cells)
        cells = []
        for s in scales:
            q = by_scale[s][1].get(key, {}).get("queries")
            cells.append(("error", False) if q is None else (str(q), q <= QUERY_LIMIT))
        row(f"{titles[key]}: ≤ {QUERY_LIMIT} queries", cells)
    if len(scales) > 1:
        low, high = scales[0], scales[-1]
        lines.append(f"flat: p50 grows < 30 % from N={low:g} to N={high:g}")
        for key in keys:
            a = by_scale[low][1].get(key, {}).get("p50_ms")
            b = by_scale[high][1].get(key, {}).get("p50_ms")
            if not (a and b):
                row(f"  {titles[key]}", [("error", False)])
                continue
            growth = b / a - 1
            row(f"  {titles[key]}", [(f"{growth * 100:+.0f} %", growth < FLAT_LIMIT)])
    cells = []
    for s in scales:
        summary = by_scale[s][0]["summary"]
        ratio = summary["orm_ms"] / summary["sql_ms"]
        cells.append((f"{ratio:.2f}x", ratio <= SUMMARY_LIMIT and summary["same_figures"]))
    row("period summary ≤ 1.5 x hand-written SQL", cells)
    export_time, export_memory, seed = [], [], []
    for s in scales:
        r = by_scale[s][0]
        full = s >= FULL
        e = r["export"]
        if "error" in e:
            export_time.append(("error", False))
            export_memory.append(("error", False))
        else:
            ratio = e["app"]["seconds"] / e["plain"]["seconds"]
            peak = e["app"]["rss_peak_mb"]
            export_time.append((f"{ratio:.2f}x", ratio <= EXPORT_LIMIT if full else None))
            export_memory.append((f"{peak:.0f} MB", peak < MEMORY_LIMIT_MB if full else None))
        seconds = r.get("seed_seconds")
        holds = seconds < SEED_LIMIT_S if full and seconds is not None else None
        seed.append((f"{seconds} s" if seconds is not None else "?", holds))
    row("XLSX export (100,000 rows at N=1) ≤ 2 x plain openpyxl", export_time)
    row("XLSX export peak memory (whole process RSS, N=1) < 200 MB", export_memory)
    row("seed_bench --scale 1 < 5 min", seed)
    paper_rows(by_scale, row)
    return lines


def main() -> int:
    started = time.monotonic()
    scales = sorted(float(s) for s in os.environ.get("BENCH_SCALES", "0.1 1").split())
    RESULTS.mkdir(exist_ok=True)
    logs = RESULTS / "logs"
    logs.mkdir(exist_ok=True)
    base_env = clean_env(
        drop=("BENCH_",),
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_LOG_LEVEL="WARNING",
        KHUYENCONG_BENCH="1",
    )
    with suppress(KeyError):
        base_env["DJANGO_CONN_MAX_AGE"] = os.environ["DJANGO_CONN_MAX_AGE"]
    cache = redis_url()
    results = []
    try:
        with collected_static(base_env, logs / "collectstatic.log"):
            prepared = [prepare_scale(s, base_env=base_env, cache=cache, logs=logs) for s in scales]
            measured = measure_all(prepared, logs)
            for p in prepared:
                result = {**measured[p["scale"]], **reports_of(p)}
                marker = result["dataset"].get("marker") or {}
                result |= {
                    "scale": p["scale"],
                    "database": p["database"],
                    "cache": p["cache"],
                    "seeded_now": p["seeded_now"],
                    "seed_seconds": p["seed_run_seconds"]
                    if p["seeded_now"]
                    else marker.get("seconds"),
                    "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                }
                out = RESULTS / f"scale-{scale_tag(p['scale'])}.json"
                out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
                results.append(result)
    except SetupError as exc:
        print(f"make bench: {exc}", file=sys.stderr)
        return 2
    text = report(results, time.monotonic() - started)
    print("\n" + text)
    (RESULTS / "latest.txt").write_text(text + "\n", encoding="utf-8")
    print(f"\nWritten to {RESULTS / 'latest.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
