"""Forms in a real browser: the budget grows a line and adds up as it is typed, amounts
are grouped by threes, beneficiaries are searched (Tom Select, under the portal's Content
Security Policy), and a refused form opens on its error summary. Screenshots of the
summary at desktop and phone widths are kept in test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_projects import desktop_page, log_in
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_budget_adds_a_line_and_a_live_total_and_beneficiaries_are_searched(
    browser, live_server, localities_committed
):
    staff = UserFactory(role=Role.CENTER_STAFF)
    EstablishmentFactory(name="Cơ sở Đèn tre Tân Yên", tax_code="2400555555")
    EstablishmentFactory(name="Cơ sở Gốm Thổ Hà")
    context, page = desktop_page(browser, live_server)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        log_in(page, staff.username)
        page.goto("/projects/new/")
        rows = page.locator("[data-budget-row]")
        expect(rows).to_have_count(2)
        first_state = page.locator("#id_lines-0-state_support_vnd")
        first_state.fill("")
        first_state.press_sequentially("150000000")
        expect(first_state).to_have_value("150.000.000")
        page.get_by_role("button", name="Thêm dòng").click()
        expect(rows).to_have_count(3)
        page.locator("#id_lines-2-state_support_vnd").fill("")
        page.locator("#id_lines-2-state_support_vnd").press_sequentially("25000000")
        expect(page.locator("[data-budget-total=state]")).to_have_text("175.000.000 ₫")
        page.get_by_label("Xóa dòng này").nth(2).check()
        expect(page.locator("[data-budget-total=state]")).to_have_text("150.000.000 ₫")

        # Beneficiaries: typed for, without accents, from the scoped search.
        search = page.locator("#id_beneficiaries-ts-control")
        search.click()
        search.press_sequentially("den tre")
        option = page.get_by_role("option", name=re.compile("Cơ sở Đèn tre Tân Yên · Xã Tân Yên"))
        expect(option).to_be_visible()
        option.click()
        expect(page.locator("#id_beneficiaries option:checked")).to_have_count(1)
        assert not [e for e in errors if "Content Security Policy" in e], errors
    finally:
        context.close()


@pytest.mark.parametrize(("width", "name"), [(1280, "desktop"), (390, "phone")])
def test_a_refused_form_opens_on_its_error_summary(
    browser, live_server, localities_committed, width, name
):
    staff = UserFactory(role=Role.CENTER_STAFF)
    existing = EstablishmentFactory(name="Cơ sở Gốm Thổ Hà", tax_code="2400777777")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, staff.username)
        page.goto("/establishments/new/")
        page.get_by_label("Mã số thuế").fill("2400777777")
        page.get_by_role("button", name="Lưu").click()
        summary = page.get_by_test_id("error-summary")
        expect(summary).to_be_visible()
        expect(summary.get_by_role("heading", name="Có lỗi cần sửa")).to_be_visible()
        expect(summary).to_be_focused()
        summary.get_by_role("link", name=re.compile("Mã số thuế")).click()
        expect(page.get_by_label("Mã số thuế")).to_be_focused()
        expect(page.get_by_test_id("same-tax-code").get_by_role("link")).to_have_attribute(
            "href", existing.get_absolute_url()
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"error-summary-{name}.png"), full_page=True)
    finally:
        context.close()
