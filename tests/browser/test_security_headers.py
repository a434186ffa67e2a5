"""The Content Security Policy allows no inline script or style: every page a user sees
renders without a single violation (Chromium reports each one on the console)."""

import re

import pytest

from accounts.roles import Role
from tests.browser.test_projects import desktop_page, log_in
from tests.factories import (
    ProductFactory,
    UserFactory,
    make_round,
    published_certificate,
    seat,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIOLATION = re.compile(r"Content Security Policy|Refused to (execute|apply|load)", re.I)


def test_pages_render_without_a_policy_violation(browser, live_server, localities_committed):
    staff = UserFactory(role=Role.CENTER_STAFF)
    certificate = published_certificate(ProductFactory(name="Nón lá"))
    voting_round = make_round(actor=staff)
    seat(voting_round, role="chair")
    context, page = desktop_page(browser, live_server)
    violations: list[str] = []
    page.on("console", lambda m: VIOLATION.search(m.text) and violations.append(m.text))
    try:
        page.goto("/opendata/")
        # The API's documentation: Swagger UI from our static files, its script a file.
        page.goto("/api/docs/")
        page.wait_for_selector(".swagger-ui .info", timeout=15_000)
        response = page.goto("/products/")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.goto(f"/products/verify/{certificate.token}/")
        log_in(page, staff.username)
        for url in (
            "/",
            "/establishments/",
            "/establishments/new/",
            "/projects/",
            "/funding/",
            voting_round.get_absolute_url(),
            f"/products/rounds/{voting_round.pk}/criteria/",
            "/products/register/new/",
            "/reports/",
            "/reports/dashboard/",
            "/localities/",
            "/accounts/security/",
            "/accounts/two-factor/",  # the QR code is a data: image
            "/api-clients/",
        ):
            page.goto(url)
            page.wait_for_load_state("networkidle")
        assert violations == []
    finally:
        context.close()
