"""WCAG 2.1 AA over every page each role reaches: axe-core in Chromium, plus the page's
bones (a language, one h1, a main landmark) and its width on a 390 px phone.

The crawl starts at each demo user's home (and the public front door), follows every link
of the portal it finds, and visits at most a few pages of each address pattern (the tenth
project page teaches nothing the second did not). axe-core is vendored from the npm
registry in tests/browser/vendor/ and injected into the page; it is never served.
"""

import importlib
import json
import re
from collections import Counter, deque
from io import StringIO
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from accounts.models import User
from tests.browser.conftest import ARTIFACTS
from tests.factories import ensure_support_rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PER_PATTERN = 2  # pages visited per address pattern (ids replaced by a placeholder)
MAX_PAGES_PER_ROLE = 150
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# Demo users (portal.demo and the apps' demo modules), and the public.
ROLES = ("", "admin", "canbo", "ketoan", "ctv", "chuyenvien", "hoidong")

# Not pages: files, machine formats, the Django admin (Django's own markup), the API,
# the language switch and what signs out.
SKIP = re.compile(
    r"^/(admin|api|i18n|static|media)/|/logout/|\.(csv|json|xlsx|pdf|docx|zip|png|jpe?g|svg|ico)$"
    r"|/(download|file|photo|pdf|docx|export|csv|json|xlsx)(/|$)|/healthz"
)

ID = re.compile(r"/\d+(?=/|$)")


def _pattern(path: str) -> str:
    return ID.sub("/{id}", path)


def _session_cookie(live_server, username: str) -> list[dict]:
    client = Client()
    client.force_login(User.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]


@pytest.fixture
def demo(localities_committed):
    # An earlier transactional test's flush empties the tables data migrations fill.
    ensure_support_rules()
    importlib.import_module("reports.migrations.0003_default_measures").add_defaults(apps, None)
    settings.DEBUG = True
    try:
        call_command("load_demo", stdout=StringIO())
    finally:
        settings.DEBUG = False


def _links(page) -> list[str]:
    return page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")


def _audit(page, axe_source: str) -> dict:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        """async (tags) => {
          const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.html.slice(0, 160)),
            count: v.nodes.length}));
        }""",
        TAGS,
    )
    bones = page.evaluate(
        """() => ({lang: document.documentElement.getAttribute('lang') || '',
                   h1: document.querySelectorAll('h1').length,
                   main: document.querySelectorAll('main, [role=main]').length})"""
    )
    return {"violations": result, **bones}


def _too_wide(page) -> int:
    page.set_viewport_size(PHONE)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.set_viewport_size(DESKTOP)
    return width - PHONE["width"] if width > PHONE["width"] else 0


def crawl(browser, live_server, username: str, axe_source: str) -> list[dict]:
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", bypass_csp=True, viewport=DESKTOP
    )
    if username:
        context.add_cookies(_session_cookie(live_server, username))
    page = context.new_page()
    page.set_default_timeout(20_000)
    seen_patterns: Counter = Counter()
    seen: set[str] = set()
    queue = deque(["/"])
    pages = []
    while queue and len(pages) < MAX_PAGES_PER_ROLE:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        pattern = _pattern(urlsplit(path).path)
        if seen_patterns[pattern] >= PER_PATTERN:
            continue
        seen_patterns[pattern] += 1
        try:
            response = page.goto(path)
        except PlaywrightError as error:  # a file offered for download is not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        record = {"role": username or "public", "path": path, "status": response.status}
        record.update(_audit(page, axe_source))
        record["too_wide_px"] = _too_wide(page)
        pages.append(record)
        for href in _links(page):
            href, _fragment = urldefrag(href or "")
            if href.startswith(live_server.url):
                href = href[len(live_server.url) :]
            if (
                not href.startswith("/")
                or href.startswith("//")
                or SKIP.search(urlsplit(href).path)
            ):
                continue
            if href not in seen:
                queue.append(href)
    context.close()
    return pages


def test_every_page_of_every_role_meets_wcag_aa(browser, live_server, demo):
    axe_source = AXE.read_text(encoding="utf-8")
    pages = []
    for username in ROLES:
        pages += crawl(browser, live_server, username, axe_source)

    by_impact: Counter = Counter()
    rules: Counter = Counter()
    failures = []
    for record in pages:
        for v in record["violations"]:
            by_impact[v["impact"]] += 1
            rules[(v["impact"], v["id"])] += 1
            if v["impact"] in {"critical", "serious"}:
                failures.append(f"{record['role']} {record['path']}: {v['id']} {v['nodes']}")
        if record["lang"] != "vi" or record["h1"] != 1 or record["main"] != 1:
            failures.append(
                f"{record['role']} {record['path']}: lang={record['lang']!r} "
                f"h1={record['h1']} main={record['main']}"
            )
        if record["too_wide_px"]:
            failures.append(
                f"{record['role']} {record['path']}: {record['too_wide_px']} px wider than a phone"
            )
        if record["status"] >= 500:
            failures.append(f"{record['role']} {record['path']}: HTTP {record['status']}")

    ARTIFACTS.mkdir(exist_ok=True)
    summary = {
        "pages": len(pages),
        "by_role": Counter(r["role"] for r in pages),
        "violations_by_impact": by_impact,
        "rules": {f"{impact} {rule}": n for (impact, rule), n in rules.most_common()},
        "pages_detail": pages,
    }
    (ARTIFACTS / "axe-summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(
        f"axe: {len(pages)} pages; violations (rule x page) by impact: {dict(by_impact)}; "
        f"rules: {summary['rules']}"
    )
    assert len(pages) > 100, summary["by_role"]
    assert not failures, "\n".join(failures[:60])
