"""A real OpenID Connect provider for the tests (tests/integration/oidc_provider, a
django-oauth-toolkit project) started as a process on a free loopback port, and a walker
that goes through the portal (Django's test client) and the provider (over HTTP) as a
browser would, following redirects between them."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import requests

ROOT = Path(__file__).resolve().parents[1]
CALLBACK = "/accounts/oidc/callback/"
LOGIN = "/accounts/login/"


@contextmanager
def running_provider(folder: Path, *, people: list[dict], clients: list[dict]):
    """Start the provider with these people and clients; yield its issuer URL."""
    spec = folder / "provider.json"
    spec.write_text(json.dumps({"people": people, "clients": clients}), encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.integration.oidc_provider.serve",
            str(spec),
            str(folder / "provider.sqlite3"),
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        ready, _w, _x = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else ""
        if not line.startswith("PORT "):
            process.kill()
            raise RuntimeError(f"the test provider did not start: {line}{process.stdout.read()}")
        yield f"http://127.0.0.1:{int(line.split()[1])}/o"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def client_spec(client_id: str, *, portal: str = "http://testserver") -> dict:
    """A client of the provider for a portal at `portal` (any port on 127.0.0.1)."""
    return {
        "name": f"Cổng khuyến công ({client_id})",
        "client_id": client_id,
        "client_secret": f"{client_id}-secret",
        # Any port on loopback (RFC 8252): the live server's port is not known in advance.
        "redirect_uris": [
            f"{portal}{CALLBACK}",
            f"http://127.0.0.1{CALLBACK}",
            f"http://localhost{CALLBACK}",
        ],
        "post_logout_redirect_uris": [
            f"{portal}{LOGIN}",
            f"http://127.0.0.1{LOGIN}",
            f"http://localhost{LOGIN}",
        ],
    }


def provider_setting(key: str, issuer: str, client_id: str, **extra) -> dict:
    """What settings.py makes of KHUYENCONG_OIDC_<KEY>_* for this provider."""
    from khuyencong.env import oidc_providers

    environment = {
        "KHUYENCONG_OIDC_PROVIDERS": key,
        f"KHUYENCONG_OIDC_{key.upper()}_ISSUER": issuer,
        f"KHUYENCONG_OIDC_{key.upper()}_CLIENT_ID": client_id,
        f"KHUYENCONG_OIDC_{key.upper()}_CLIENT_SECRET": f"{client_id}-secret",
        **{f"KHUYENCONG_OIDC_{key.upper()}_{name.upper()}": v for name, v in extra.items()},
    }

    class Env:
        def str(self, name, default=""):
            return environment.get(name, default)

        def list(self, name, default=None):
            value = environment.get(name)
            return value.split(",") if value else (default or [])

        def float(self, name, default=0.0):
            return float(environment.get(name, default))

    return oidc_providers(Env())[0]


class _Form(HTMLParser):
    """The fields of the forms of a page (the provider's sign-in and consent pages)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") != "submit":
            self.fields[attrs["name"]] = attrs.get("value") or ""


def form_fields(html: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(html)
    return parser.fields


class Walker:
    """Follows redirects between the portal (a Django test client) and the provider."""

    def __init__(self, portal_client, issuer: str):
        self.portal = portal_client
        self.provider = requests.Session()
        parsed = urlparse(issuer)
        self.provider_origin = f"{parsed.scheme}://{parsed.netloc}"
        self.url = ""
        self.status = 0
        self.text = ""

    def _one(self, method: str, url: str, data: dict | None = None) -> str | None:
        if url.startswith(self.provider_origin):
            response = self.provider.request(method, url, data=data, allow_redirects=False)
            self.status, self.text = response.status_code, response.text
            location = response.headers.get("Location")
        else:
            path = url.removeprefix("http://testserver")
            response = getattr(self.portal, method.lower())(path, data=data or {})
            self.status = response.status_code
            self.text = response.content.decode() if not response.streaming else ""
            location = response.get("Location")
        self.url = url
        return urljoin(url, location) if location else None

    def go(self, url: str, method: str = "GET", data: dict | None = None, stop=None) -> str:
        """Request, then follow redirects until a page answers (or `stop(url)` says so)."""
        url = urljoin("http://testserver/", url)
        location = self._one(method, url, data)
        for _hop in range(15):
            if location is None or (stop and stop(location)):
                return location or self.url
            location = self._one("GET", location)
        raise AssertionError("too many redirects")

    def sign_in_at_provider(self, username: str, password: str) -> None:
        """On the provider's login page: sign in, and land on its consent page."""
        assert "/login/" in self.url, self.url
        fields = form_fields(self.text)
        fields.update(username=username, password=password)
        self.go(self.url, "POST", fields, stop=lambda url: not url.startswith(self.provider_origin))

    def consent(self, allow: bool = True, stop=None) -> str:
        """Press Authorize (or Cancel) on the consent page; follow into the portal."""
        assert "/o/authorize" in self.url, self.url
        assert "authorizationForm" in self.text, self.url
        fields = form_fields(self.text)
        if allow:
            fields["allow"] = "Authorize"
        return self.go(self.url, "POST", fields, stop=stop)
