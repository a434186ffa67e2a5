"""Mixed-role load on the portal, for `loadtest/run.py` (make loadtest).

Every simulated person goes through the pages as a browser would: log in through the
login form, open lists, follow the links they show, fill in the forms they serve (with
their CSRF token) and follow the redirect after a save. Many simulated people share one
demo login, as one person with a phone and a desk computer would.

The server runs with DEBUG off, as in production behind a TLS proxy: each request says
`X-Forwarded-Proto: https`, and the secure-only session and CSRF cookies are sent back
over the loopback as a browser sends them over HTTPS.

Each write carries a unique marker (in a name, a note or a description). Every write is
appended to `$LOADTEST_RESULTS_DIR/writes.jsonl` with what the server answered, so the
runner can look each one up in the database afterwards; the count of answers per status
code, the failures and the response times go to `$LOADTEST_RESULTS_DIR/requests.json`.

Run only as a subprocess (`.venv/bin/locust`): importing locust patches the standard
library with gevent.

Long module: locust loads this one file; the simulated roles share its helpers (sign-in,
forms, the log of writes).
"""

import io
import json
import os
import random
import re
import threading
import time
import uuid
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, between, events, task
from locust.exception import StopUser

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "khuyencong-demo")
RUN_ID = os.environ.get("LOADTEST_RUN_ID", uuid.uuid4().hex[:8])
RESULTS_DIR = Path(os.environ.get("LOADTEST_RESULTS_DIR", "loadtest-results"))
LOGIN_POST = "/accounts/login/ [POST]"
# The share of forms sent twice at once (a double tap on a slow phone).
DOUBLE_TAP = float(os.environ.get("LOADTEST_DOUBLE_TAP", "0.2"))

_write_lock = threading.Lock()
_status_codes: Counter = Counter()
_failures: Counter = Counter()
_times: list[tuple[float, float]] = []  # (when it started, how long it took in ms)
_last_login: list[float] = []  # when the last login answered
_span: list[float] = []  # when the first request started and the last one ended
_login_failures: list[str] = []


# --- results ---------------------------------------------------------------------------


@events.init.add_listener
def _open_results(environment, **kwargs):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "writes.jsonl").write_text("", encoding="utf-8")


@events.request.add_listener
def _on_request(request_type, name, response_time, response=None, exception=None, **kwargs):
    """Our own tally of every request (locust's CSV can be written before the last ones
    of a stopping user come in)."""
    now = time.monotonic()
    if not _span:
        _span.append(now - response_time / 1000)
    _span[1:] = [now]
    _times.append((now - response_time / 1000, response_time))
    if name == LOGIN_POST:
        _last_login[:] = [now]
    _status_codes[str(getattr(response, "status_code", None) or 0)] += 1
    if exception is not None:
        _failures[f"{request_type} {name}: {exception}"[:300]] += 1


def _dump_results(**kwargs):
    times = sorted(t for _, t in _times)
    # Once everyone is signed in (password hashing is the heaviest thing the portal does).
    settled = sorted(t for start, t in _times if _last_login and start >= _last_login[0])
    seconds = (_span[-1] - _span[0]) if len(_span) == 2 else 0

    def percentile(values: list[float], share: float) -> float | None:
        return round(values[min(len(values) - 1, int(share * len(values)))]) if values else None

    payload = {
        "requests": len(times),
        "rps": len(times) / seconds if seconds else 0.0,
        "p50_ms": percentile(times, 0.50),
        "p95_ms": percentile(times, 0.95),
        "max_ms": round(times[-1]) if times else None,
        "settled_requests": len(settled),
        "settled_p50_ms": percentile(settled, 0.50),
        "settled_p95_ms": percentile(settled, 0.95),
        "status_codes": dict(_status_codes),
        "failures": dict(_failures),
        "login_failures": _login_failures,
    }
    (RESULTS_DIR / "requests.json").write_text(json.dumps(payload, ensure_ascii=False))


events.quitting.add_listener(_dump_results)


def record_write(kind: str, user: str, outcome: str, status: int, **details) -> None:
    """One line per submitted write: accepted (the server redirected to the saved
    object), refused (the form came back, or 4xx) or error (5xx, or no answer)."""
    line = json.dumps(
        {"kind": kind, "user": user, "outcome": outcome, "status": status, **details},
        ensure_ascii=False,
    )
    with _write_lock, (RESULTS_DIR / "writes.jsonl").open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def new_marker() -> str:
    return f"LT-{RUN_ID}-{uuid.uuid4().hex[:12]}"


def _photo_bytes() -> bytes:
    """A small phone-like JPEG, made once: the server re-encodes every uploaded photo."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (120, 150, 90))
    draw = ImageDraw.Draw(image)
    for i in range(12):
        draw.rectangle((i * 60, i * 40, i * 60 + 120, i * 40 + 90), fill=(20 * i, 90, 200 - 10 * i))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=75)
    return buffer.getvalue()


PHOTO = _photo_bytes()


# --- reading pages -----------------------------------------------------------------------


class FormParser(HTMLParser):
    """The forms of a page: action, method, enctype and fields with their defaults."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "enctype": a.get("enctype") or "",
                "fields": [],
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and a.get("name"):
            fields.append(
                {
                    "tag": "input",
                    "type": (a.get("type") or "text").lower(),
                    "name": a["name"],
                    "value": a.get("value") or "",
                    "checked": "checked" in a,
                    "disabled": "disabled" in a,
                }
            )
        elif tag == "select" and a.get("name"):
            self._select = {
                "tag": "select",
                "name": a["name"],
                "options": [],
                "multiple": "multiple" in a,
            }
            fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
            self._select["options"].append(self._option)
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"tag": "textarea", "name": a["name"], "value": ""}
            fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = self._option = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data
        elif self._option is not None:
            self._option["text"] += data


def forms_of(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def find_form(html: str, *, field: str, action: str | None = None) -> dict | None:
    """The POST form that has `field` (and, if given, posts to an action ending so)."""
    for form in forms_of(html):
        if form["method"] != "post":
            continue
        if action is not None and not form["action"].endswith(action):
            continue
        if any(f["name"] == field for f in form["fields"]):
            return form
    return None


def form_defaults(form: dict) -> dict:
    """What the browser would send untouched (no file, no submit button)."""
    data: dict = {}
    for f in form["fields"]:
        if f["tag"] == "input":
            kind = f["type"]
            if f["disabled"] or kind in {"submit", "button", "file", "reset", "image"}:
                continue
            if kind in {"checkbox", "radio"}:
                if f["checked"]:
                    data[f["name"]] = f["value"] or "on"
                continue
            data[f["name"]] = f["value"]
        elif f["tag"] == "select":
            chosen = [o for o in f["options"] if o["selected"]] or f["options"][:1]
            values = [o["value"] if o["value"] is not None else o["text"] for o in chosen]
            if values:
                data[f["name"]] = values if f["multiple"] else values[0]
        else:
            data[f["name"]] = f["value"].removeprefix("\n")
    return data


def options(form: dict, name: str) -> list[str]:
    """The non-empty choices of a select."""
    for f in form["fields"]:
        if f["name"] == name and f["tag"] == "select":
            return [o["value"] for o in f["options"] if o["value"]]
    return []


def file_fields(form: dict) -> list[str]:
    return [f["name"] for f in form["fields"] if f["tag"] == "input" and f["type"] == "file"]


def links(html: str, pattern: str) -> list[str]:
    """Distinct hrefs matching a regular expression, in page order."""
    found = re.findall(rf'href="({pattern})"', html)
    return list(dict.fromkeys(found))


def ids(html: str, pattern: str) -> list[int]:
    """Distinct integer ids captured by the first group of `pattern` in hrefs."""
    return list(dict.fromkeys(int(m) for m in re.findall(rf'href="{pattern}"', html)))


def filter_options(html: str) -> dict[str, list[str]]:
    """The choices of the GET filter form of a list page."""
    for form in forms_of(html):
        if form["method"] == "get":
            return {
                f["name"]: [o["value"] for o in f["options"] if o["value"]]
                for f in form["fields"]
                if f["tag"] == "select"
            }
    return {}


# --- the simulated people ---------------------------------------------------------------


def behind_tls_proxy(client) -> None:
    """Requests as a TLS proxy passes them on: marked https, with the secure-only
    cookies sent back (the loopback stands in for the browser's TLS link). requests
    copies the jar into one with the default policy for each request, so the cookies
    themselves are unmarked rather than the policy changed."""
    client.headers.update({"X-Forwarded-Proto": "https", "User-Agent": "khuyencong-loadtest/1.0"})
    prepare = client.prepare_request

    def prepare_request(request):
        for cookie in client.cookies:
            cookie.secure = False
        return prepare(request)

    client.prepare_request = prepare_request


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    logins: tuple[str, ...] = ()
    _started: Counter = Counter()  # per class: the logins are dealt out in turn

    def on_start(self):
        self.host_base = self.host.rstrip("/")
        netloc = urlsplit(self.host_base).netloc
        self.origin = f"https://{netloc}"
        behind_tls_proxy(self.client)
        self.username = None
        if self.logins:
            turn = PortalUser._started[type(self).__name__]
            PortalUser._started[type(self).__name__] += 1
            self.username = self.logins[turn % len(self.logins)]
            self.login()

    def login(self) -> None:
        page = self.client.get("/accounts/login/", name="/accounts/login/")
        form = find_form(page.text, field="username")
        if form is None:
            _login_failures.append(f"{self.username}: no login form ({page.status_code})")
            raise StopUser
        data = {**form_defaults(form), "username": self.username, "password": PASSWORD}
        with self.client.post(
            "/accounts/login/",
            data=data,
            headers=self.post_headers("/accounts/login/"),
            allow_redirects=False,
            name=LOGIN_POST,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                # Never retry: a wrong password five times would lock the login (axes).
                _login_failures.append(f"{self.username}: answered {response.status_code}")
                response.failure(f"login of {self.username} answered {response.status_code}")
                raise StopUser
        self.client.get("/", name="/ (home)")

    def post_headers(self, path: str) -> dict:
        return {"Referer": f"{self.origin}{path}", "Origin": self.origin}

    def submit(
        self,
        page_path: str,
        form: dict,
        data: dict,
        *,
        name: str,
        expect: str,
        files: dict | None = None,
        refusal_ok: str | None = None,
    ) -> tuple[int, str, re.Match | None]:
        """POST a form as its page would and judge the answer: a redirect whose target
        matches `expect` is a save; the form back with an error matching `refusal_ok` is
        a right refusal (e.g. the second tap of a double tap). Returns (status, outcome,
        match of the target)."""
        action = form["action"] or page_path
        if form["enctype"] == "multipart/form-data":
            files = files or {}
            for field in file_fields(form):
                # A browser sends an empty part for a file input left empty.
                files.setdefault(field, ("", b"", "application/octet-stream"))
        try:
            with self.client.post(
                action,
                data=data,
                files=files or None,
                headers=self.post_headers(page_path),
                allow_redirects=False,
                name=name,
                catch_response=True,
            ) as response:
                status = response.status_code
                location = response.headers.get("Location", "")
                match = re.fullmatch(expect, urlsplit(location).path) if location else None
                if status == 302 and match:
                    response.success()
                    outcome = "accepted"
                elif status >= 500 or status == 0:
                    response.failure(f"{name} answered {status}")
                    outcome = "error"
                else:
                    errors = [
                        re.sub(r"<[^>]+>", "", e).strip()
                        for e in re.findall(
                            r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist)[^"]*"[^>]*>'
                            r"(.*?)</(?:span|div|ul)>",
                            response.text,
                            flags=re.S,
                        )
                    ]
                    if status == 200 and refusal_ok and re.search(refusal_ok, " ".join(errors)):
                        response.success()
                    else:
                        response.failure(f"{name} refused ({status} {location}): {errors[:3]}")
                    outcome = "refused"
        except Exception as exc:  # the connection dropped: the answer is unknown
            return 0, f"error: {exc}", None
        if outcome == "accepted":
            self.client.get(location, name=f"{name} → redirect")
        return status, outcome, match

    def send(self, page_path: str, form: dict, data: dict, **kwargs) -> list[tuple]:
        """Submit a form; one time in DOUBLE_TAP, tap twice: two identical POSTs at once,
        as a phone on a slow network sends them (nothing in the page prevents it)."""
        if random.random() >= DOUBLE_TAP:
            return [self.submit(page_path, form, data, **kwargs)]
        taps = [gevent.spawn(self.submit, page_path, form, dict(data), **kwargs) for _ in "12"]
        gevent.joinall(taps)
        return [tap.value or (0, "error", None) for tap in taps]

    def get(self, path: str, name: str | None = None, **kwargs):
        return self.client.get(path, name=name or path, **kwargs)


class Visitor(HttpUser):
    """The public: the gallery of typical products, product pages, certificate checks."""

    weight = 4
    wait_time = between(1, 4)

    def on_start(self):
        behind_tls_proxy(self.client)
        self.products: list[int] = []
        self.certificates: list[tuple[str, str]] = []  # (number, token)
        home = self.client.get("/products/", name="/products/")
        # The first visit loads the style sheets and scripts (whitenoise).
        assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', home.text)
        for asset in dict.fromkeys(assets):
            self.client.get(asset, name="/static/[asset]")
        self._learn_products(home.text)

    def _learn_products(self, html: str) -> None:
        for pk in ids(html, r"/products/p/(\d+)/"):
            if pk not in self.products:
                self.products.append(pk)

    @task(3)
    def gallery(self):
        params = {}
        if random.random() < 0.5:
            params["level"] = random.choice(["commune", "provincial", "regional"])
        if random.random() < 0.3:
            params["group"] = random.choice(["1", "2", "3", "4"])
        if random.random() < 0.2:
            params["q"] = random.choice(["gốm", "mây", "Lục", "bánh", "rượu"])
        page = self.client.get("/products/", params=params, name="/products/?filters")
        self._learn_products(page.text)
        covers = ids(page.text, r"/products/photos/(\d+)/") or [
            int(x) for x in re.findall(r'src="/products/photos/(\d+)/"', page.text)
        ]
        for pk in covers[:4]:
            self.client.get(f"/products/photos/{pk}/", name="/products/photos/[id]/")

    @task(3)
    def product_page(self):
        if not self.products:
            return self.gallery()
        pk = random.choice(self.products)
        page = self.client.get(f"/products/p/{pk}/", name="/products/p/[id]/")
        found = re.findall(r'href="/products/verify/([^"/]+)/">([^<]+)</a>', page.text)
        for token, number in found:
            if (number.strip(), token) not in self.certificates:
                self.certificates.append((number.strip(), token))

    @task(2)
    def verify_by_number(self):
        if self.certificates and random.random() < 0.8:
            number = random.choice(self.certificates)[0]
        else:
            number = f"{random.randint(100, 999)}/2019/SPTB-T"  # a mistyped number
        self.client.get("/products/verify/", params={"number": number}, name="/products/verify/")

    @task(1)
    def verify_by_qr(self):
        if not self.certificates:
            return self.product_page()
        token = random.choice(self.certificates)[1]
        self.client.get(f"/products/verify/{token}/", name="/products/verify/[token]/")

    @task(1)
    def unknown_qr(self):
        with self.client.get(
            f"/products/verify/{uuid.uuid4().hex}/",
            name="/products/verify/[unknown token]/",
            catch_response=True,
        ) as response:
            if response.status_code == 404:
                response.success()  # the answer a forged QR code must get


class Collaborator(PortalUser):
    """A commune collaborator on a phone: their area, visits, new establishments and
    support requests."""

    weight = 3
    logins = ("ctv", "ctv2")

    def on_start(self):
        super().on_start()
        self.establishments: list[int] = []
        self.my_area()

    @task(3)
    def my_area(self):
        params = {"page": random.choice(["1", "1", "2"])}
        page = self.get("/establishments/", name="/establishments/ (my area)", params=params)
        for pk in ids(page.text, r"/establishments/(\d+)/"):
            if pk not in self.establishments:
                self.establishments.append(pk)

    @task(2)
    def establishment_page(self):
        if self.establishments:
            pk = random.choice(self.establishments)
            self.get(f"/establishments/{pk}/", name="/establishments/[id]/")

    @task(1)
    def visits_and_month(self):
        self.get("/collaborators/visits/")
        self.get("/collaborators/my-month/")

    @task(1)
    def my_requests(self):
        self.get("/establishments/requests/")

    @task(3)
    def log_visit(self):
        path = "/collaborators/visits/new/"
        page = self.get(path)
        form = find_form(page.text, field="notes")
        if form is None:
            return
        choices = options(form, "establishment")
        if not choices:
            return
        marker = new_marker()
        data = form_defaults(form)
        data.update(
            establishment=random.choice(choices),
            purpose=random.choice(options(form, "purpose")),
            needs="Cần máy sấy và hướng dẫn đăng ký nhãn hiệu.",
            notes=f"Ghi chú thử tải {marker}",
        )
        with_photo = random.random() < 0.25
        files = {"photo": ("anh-tham.jpg", PHOTO, "image/jpeg")} if with_photo else None
        answers = self.send(
            path, form, data, name=f"{path} [POST]", expect=r"/collaborators/visits/", files=files
        )
        for status, outcome, _ in answers:
            record_write(
                "visit",
                self.username,
                outcome,
                status,
                marker=marker,
                establishment=int(data["establishment"]),
                photo=with_photo,
                taps=len(answers),
            )

    @task(1)
    def register_establishment(self):
        path = "/establishments/new/"
        page = self.get(path)
        form = find_form(page.text, field="legal_form")
        if form is None:
            return
        marker = new_marker()
        data = form_defaults(form)
        data.update(
            name=f"Cơ sở thử tải {marker}",
            legal_form=random.choice(options(form, "legal_form")),
            commune=random.choice(options(form, "commune")),
            sector=random.choice(options(form, "sector")),
            address_line=f"Thôn Đông {random.randint(1, 20)}",
            main_products="Mây tre đan, đồ gỗ",
            workers=str(random.randint(2, 80)),
            local_material_share=str(random.randint(0, 100)),
            contact_person="Nguyễn Văn An",
            phone=f"09{random.randint(10_000_000, 99_999_999)}",
        )
        if random.random() < 0.4:  # a registered business: its tax code is unique
            data["tax_code"] = f"{random.randint(1, 10**10 - 1):010d}"
        answers = self.send(
            path,
            form,
            data,
            name=f"{path} [POST]",
            expect=r"/establishments/(\d+)/",
            # The second tap of a business: "tax code … is already registered" (on the
            # field, or from the database constraint when the first committed just then).
            refusal_ok=r"mã số thuế" if data.get("tax_code") else None,
        )
        for status, outcome, match in answers:
            created = int(match.group(1)) if match else None
            record_write(
                "establishment",
                self.username,
                outcome,
                status,
                marker=marker,
                id=created,
                tax_code=data.get("tax_code", ""),
                taps=len(answers),
            )
            if created:
                self.establishments.append(created)

    @task(1)
    def submit_request(self):
        if not self.establishments:
            return
        pk = random.choice(self.establishments)
        path = f"/establishments/{pk}/request/"
        page = self.get(path, name="/establishments/[id]/request/")
        form = find_form(page.text, field="description")
        if form is None:
            return
        marker = new_marker()
        data = form_defaults(form)
        data.update(
            content_type=random.choice(options(form, "content_type")),
            description=f"Đề nghị hỗ trợ máy móc thiết bị {marker}",
            estimated_cost_vnd=str(random.randint(50, 2000) * 1_000_000),
            desired_year=random.choice(options(form, "desired_year")),
        )
        answers = self.send(
            path,
            form,
            data,
            name="/establishments/[id]/request/ [POST]",
            expect=r"/establishments/requests/(\d+)/",
        )
        for status, outcome, match in answers:
            record_write(
                "request",
                self.username,
                outcome,
                status,
                marker=marker,
                establishment=pk,
                id=int(match.group(1)) if match else None,
                taps=len(answers),
            )


class CenterStaff(PortalUser):
    """Center staff at a desk: the register with filters, projects, the dashboard, and
    comments on support requests."""

    weight = 2
    logins = ("canbo", "ketoan")

    def on_start(self):
        super().on_start()
        page = self.get("/establishments/", name="/establishments/ (register)")
        self.register_filters = filter_options(page.text)
        page = self.get("/projects/", name="/projects/")
        self.project_filters = filter_options(page.text)
        self.projects = ids(page.text, r"/projects/(\d+)/")
        self.requests: list[int] = []

    @task(4)
    def register_with_filters(self):
        params = {}
        for name, choices in self.register_filters.items():
            if choices and random.random() < 0.35:
                params[name] = random.choice(choices)
        if random.random() < 0.3:
            params["q"] = random.choice(["mộc", "htx", "cơ khí", "gốm", "thử tải"])
        self.get("/establishments/", name="/establishments/?filters", params=params)

    @task(2)
    def projects_with_filters(self):
        params = {}
        for name, choices in self.project_filters.items():
            if choices and random.random() < 0.3:
                params[name] = random.choice(choices)
        if random.random() < 0.2:
            params["year"] = str(random.randint(2019, 2026))
        page = self.get("/projects/", name="/projects/?filters", params=params)
        for pk in ids(page.text, r"/projects/(\d+)/"):
            if pk not in self.projects:
                self.projects.append(pk)

    @task(3)
    def project_page(self):
        if self.projects:
            pk = random.choice(self.projects)
            self.get(f"/projects/{pk}/", name="/projects/[id]/")
            if random.random() < 0.3:
                self.get(f"/funding/projects/{pk}/", name="/funding/projects/[id]/")

    @task(1)
    def dashboard(self):
        self.get("/reports/dashboard/")

    @task(1)
    def request_queue(self):
        params = {"status": random.choice(["", "submitted", "under_review"])}
        page = self.get("/establishments/requests/", params=params)
        self.requests = ids(page.text, r"/establishments/requests/(\d+)/") or self.requests

    @task(1)
    def comment_on_request(self):
        if not self.requests:
            return self.request_queue()
        pk = random.choice(self.requests)
        path = f"/establishments/requests/{pk}/"
        page = self.get(path, name="/establishments/requests/[id]/")
        form = find_form(page.text, field="note", action="/comment/")
        if form is None:
            return
        marker = new_marker()
        data = {**form_defaults(form), "note": f"Đề nghị bổ sung báo giá máy {marker}"}
        answers = self.send(
            path,
            form,
            data,
            name="/establishments/requests/[id]/comment/ [POST]",
            expect=rf"/establishments/requests/{pk}/",
        )
        for status, outcome, _ in answers:
            record_write(
                "comment",
                self.username,
                outcome,
                status,
                marker=marker,
                request=pk,
                taps=len(answers),
            )


class Official(PortalUser):
    """A department official: the inbox of decisions, projects and the dashboard."""

    weight = 1
    logins = ("chuyenvien",)

    def on_start(self):
        super().on_start()
        self.projects: list[int] = []

    @task(3)
    def inbox(self):
        self.get("/projects/inbox/")

    @task(2)
    def projects(self):
        page = self.get("/projects/", params={"status": random.choice(["", "in_progress"])})
        self.projects = ids(page.text, r"/projects/(\d+)/") or self.projects
        if self.projects:
            pk = random.choice(self.projects)
            self.get(f"/projects/{pk}/", name="/projects/[id]/")

    @task(1)
    def dashboard(self):
        self.get("/reports/dashboard/")

    @task(1)
    def register(self):
        self.get("/establishments/", name="/establishments/ (register)")


class CouncilMember(PortalUser):
    """A council member: their rounds, the dossiers, and score sheets while scoring is
    open."""

    weight = 1
    logins = ("hoidong", "hoidong2", "hoidong3")

    def on_start(self):
        super().on_start()
        self.rounds: list[int] = []
        self.rounds_list()

    @task(2)
    def rounds_list(self):
        page = self.get("/products/rounds/")
        self.rounds = ids(page.text, r"/products/rounds/(\d+)/") or self.rounds

    @task(2)
    def round_page(self):
        if self.rounds:
            pk = random.choice(self.rounds)
            page = self.get(f"/products/rounds/{pk}/", name="/products/rounds/[id]/")
            entries = ids(page.text, rf"/products/rounds/{pk}/entries/(\d+)/")
            if entries and random.random() < 0.5:
                entry = random.choice(entries)
                self.get(
                    f"/products/rounds/{pk}/entries/{entry}/",
                    name="/products/rounds/[id]/entries/[id]/",
                )

    @task(2)
    def score(self):
        sheets = []
        for pk in self.rounds:
            page = self.get(f"/products/rounds/{pk}/", name="/products/rounds/[id]/")
            sheets += links(page.text, rf"/products/rounds/{pk}/entries/\d+/score/")
            if sheets:
                break
        if not sheets:
            return
        path = random.choice(sheets)
        page = self.get(path, name="/products/rounds/[id]/entries/[id]/score/")
        maxima = {int(pk): int(top) for pk, top in re.findall(r'id="max-(\d+)">/(\d+)<', page.text)}
        form = find_form(page.text, field=f"c{next(iter(maxima))}") if maxima else None
        if form is None:
            return  # scoring closed, or a declared conflict of interest
        data = form_defaults(form)
        tenths = {pk: random.randint(top * 5, top * 10) for pk, top in maxima.items()}
        for pk, value in tenths.items():
            data[f"c{pk}"] = f"{value // 10},{value % 10}"  # typed the Vietnamese way
        total = sum(tenths.values())
        round_id, entry_id = (int(x) for x in re.findall(r"\d+", path))
        answers = self.send(
            path,
            form,
            data,
            name="/products/rounds/[id]/entries/[id]/score/ [POST]",
            expect=r"/products/rounds/\d+/(entries/\d+/score/)?",
        )
        for status, outcome, _ in answers:
            record_write(
                "score",
                self.username,
                outcome,
                status,
                round=round_id,
                entry=entry_id,
                total_tenths=total,
                taps=len(answers),
            )
