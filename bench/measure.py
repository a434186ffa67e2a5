"""The Django half of `make bench`, for one scale (run with the bench server's environment:
same database, same secret key):

    python -m bench.measure prepare --out PAGES.json
    python -m bench.measure reports --out REPORTS.json

`prepare` opens a session for each bench login directly (signed in, two-factor step done,
as the login form leaves it), picks the pages to time and describes the dataset; the
orchestrator then times the pages of every scale together (bench.timing).
`reports` times the period summary against its hand-written SQL and the XLSX export
against a plain-cursor export, each export in a process of its own for its peak memory,
and the decision approving the largest plan to DOCX and to PDF (bench.paper), in a
process of its own too.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

STAFF, COLLABORATOR, OFFICIAL = "bench-staff", "bench-collaborator", "bench-official"
# The data exchange API is timed as a client of the center's scope with personal data
# (the widest answer): a Bearer token issued for the run, not a session.
API_STAFF = "api:center_staff"
ADMIN_SEARCH = "mây tre"
STAFF_FILTERS = "legal_form=household_business&sector=handicraft"


# --- sessions ------------------------------------------------------------------------------


def session_for(username: str) -> str:
    """A session of a signed-in user, two-factor step done: what the login form leaves."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    user = get_user_model().objects.get(username=username)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    try:
        from accounts import two_factor

        session[two_factor.SESSION_KEY] = two_factor.VERIFIED
    except ImportError:  # a portal without the second step
        pass
    session.create()
    return session.session_key


def api_token_for(scope: str) -> str:
    """A new API client of this scope for the run; its token."""
    import secrets

    from api.services import api_client_create

    _client, token = api_client_create(
        actor=None,
        name=f"bench {scope} {secrets.token_hex(4)}",
        scope=scope,
        personal_data=True,
        note="make bench",
    )
    return token


# --- the pages -------------------------------------------------------------------------------


def pages() -> list[dict]:
    """The pages the benchmark times, as (key, title, user, path); the floor first."""
    from django.db.models import Count
    from django.urls import reverse

    from projects.models import AnnualPlan, Project

    settled = Project.objects.filter(plan_year=2024, status="settled")
    project = settled.order_by("code").values("pk")
    project_pk = project[project.count() // 2]["pk"]
    plan = (
        AnnualPlan.objects.annotate(n=Count("items"))
        .order_by("-year", "-n", "-version")
        .values("pk")
        .first()
    )
    establishments = reverse("establishments:list")
    rows = [
        ("floor", "floor: 1 indexed query, tiny template", STAFF, "/__bench__/floor/"),
        ("my_area", "collaborator: my area (list)", COLLABORATOR, establishments),
        (
            "staff_list",
            "staff: establishments, 2 filters",
            STAFF,
            f"{establishments}?{STAFF_FILTERS}",
        ),
        ("project_list", "project list", STAFF, reverse("projects:list")),
        ("project_page", "project page", STAFF, reverse("projects:detail", args=[project_pk])),
        (
            "plan_page",
            "plan page (official)",
            OFFICIAL,
            reverse("projects:plan_detail", args=[plan["pk"]]),
        ),
        ("inbox", "official inbox", OFFICIAL, reverse("projects:inbox")),
        ("ledger", "allocation ledger", STAFF, reverse("funding:ledger")),
        ("gallery", "public product gallery", None, reverse("products:gallery")),
        ("front_door", "public front door", None, reverse("home")),
        (
            "admin_list",
            "admin: establishments, search",
            STAFF,
            "/admin/establishments/establishment/?q=" + quote(ADMIN_SEARCH),
        ),
        ("api_establishments", "API: establishments", API_STAFF, "/api/v1/establishments/"),
        ("api_projects", "API: projects", API_STAFF, "/api/v1/projects/"),
    ]
    return [dict(zip(("key", "title", "user", "path"), row, strict=True)) for row in rows]


# --- reports ---------------------------------------------------------------------------------


def measure_summary(runs: int) -> dict:
    from django.db import connection

    from bench.reference import figures_of, period_summary_sql, same_figures
    from bench.seed import FIRST_YEAR, LAST_YEAR
    from reports.builders import period_summary

    connection.ensure_connection()
    orm, sql = [], []
    data = figures = None
    for i in range(runs + 1):  # the first of each is a warm-up
        started = time.perf_counter()
        data = period_summary(from_year=FIRST_YEAR, to_year=LAST_YEAR)
        elapsed = time.perf_counter() - started
        if i:
            orm.append(elapsed)
        started = time.perf_counter()
        figures = period_summary_sql(FIRST_YEAR, LAST_YEAR)
        elapsed = time.perf_counter() - started
        if i:
            sql.append(elapsed)
    disagree = same_figures(figures_of(data), figures)
    return {
        "orm_ms": round(statistics.median(orm) * 1000, 1),
        "sql_ms": round(statistics.median(sql) * 1000, 1),
        "runs": runs,
        "projects": data["projects"],
        "same_figures": not disagree,
        "disagree": disagree,
    }


def measure_export(runs: int) -> dict:
    """The fastest of `runs` exports of each kind, the two kinds taking turns."""
    best: dict[str, dict] = {}
    for _ in range(runs):
        for mode in ("plain", "app"):
            done = subprocess.run(
                [sys.executable, "-m", "bench.probe", mode],
                capture_output=True,
                text=True,
                timeout=900,
                cwd=Path(__file__).resolve().parent.parent,
            )
            if done.returncode != 0:
                return {"error": f"{mode} export failed:\n{done.stderr[-2000:]}"}
            result = json.loads(done.stdout.strip().splitlines()[-1])
            if mode not in best or result["seconds"] < best[mode]["seconds"]:
                best[mode] = result
    return best


def measure_paper() -> dict:
    """The plan decision of the largest plan, DOCX then PDF, in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.paper"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode != 0:
        return {"error": f"the plan decision failed:\n{done.stderr[-2000:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def connect_ms(times: int = 20) -> float:
    """What opening a database connection costs (with CONN_MAX_AGE=0, every request)."""
    from django.db import connections

    samples = []
    for _ in range(times):
        connection = connections.create_connection("default")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        samples.append(time.perf_counter() - started)
        connection.close()
    return round(statistics.median(samples) * 1000, 2)


def dataset() -> dict:
    from django.db import connection

    from bench.seed import dataset_state
    from establishments.models import Establishment
    from funding.models import Disbursement
    from products.models import Product, Score
    from projects.models import Project

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return {
        "postgres": version,
        "connect_ms": connect_ms(),
        "marker": dataset_state().marker,
        "counts": {
            "establishments": Establishment.objects.count(),
            "projects": Project.objects.count(),
            "disbursements": Disbursement.objects.count(),
            "products": Product.objects.count(),
            "scores": Score.objects.count(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("prepare", "reports"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--summary-runs", type=int, default=5)
    parser.add_argument("--export-runs", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
    import django

    django.setup()
    if args.mode == "prepare":
        targets = pages()
        users = sorted({t["user"] for t in targets if t["user"]})
        cookies = {u: session_for(u) for u in users if not u.startswith("api:")}
        tokens = {u: api_token_for(u.removeprefix("api:")) for u in users if u.startswith("api:")}
        for target in targets:
            user = target.pop("user")
            target["cookie"], target["token"] = cookies.get(user), tokens.get(user)
        result = {"dataset": dataset(), "pages": targets}
    else:
        started = time.monotonic()
        result = {"summary": measure_summary(args.summary_runs)}
        print(f"  period summary: {time.monotonic() - started:.1f} s", flush=True)
        started = time.monotonic()
        result["export"] = measure_export(args.export_runs)
        print(f"  export: {time.monotonic() - started:.1f} s", flush=True)
        started = time.monotonic()
        result["paper"] = measure_paper()
        print(f"  plan decision: {time.monotonic() - started:.1f} s", flush=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
