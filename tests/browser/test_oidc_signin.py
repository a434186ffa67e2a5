"""On a phone, a household business signs in through the provider (a real OpenID Connect
provider on loopback), confirms what it said, lands in its own portal, sends a support
request, and signs out there and at the provider. (Its project's contract, seen in the
same portal: tests/browser/test_selfservice.py.)"""

import re

import pytest
from playwright.sync_api import expect

from establishments.models import Representative
from tests.factories import EstablishmentFactory
from tests.oidc_support import client_spec, provider_setting, running_provider

pytestmark = [pytest.mark.browser, pytest.mark.oidc, pytest.mark.django_db(transaction=True)]

OWNER = {
    "username": "chu.co.so",
    "password": "mat-khau-chu-co-so",
    "claims": {
        "name": "Hoàng Văn Sơn",
        "identity_number": "024090005678",
        "birthdate": "1990-02-01",
        "phone_number": "0977000111",
        "address": {"formatted": "Thôn Đồng Kỵ, phường Đồng Nguyên, tỉnh Bắc Ninh"},
        "acr": "LoA2",
    },
}


@pytest.fixture
def phone(browser, live_server, localities_committed):
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_household_business_signs_in_through_the_provider_on_a_phone(
    phone, live_server, settings, tmp_path
):
    household = EstablishmentFactory(
        name="Cơ sở Mộc Hoàng Sơn", owner_identity_number="024090005678"
    )
    with running_provider(tmp_path, people=[OWNER], clients=[client_spec("portal")]) as issuer:
        settings.KHUYENCONG_OIDC_PROVIDERS = [
            provider_setting(
                "vneid",
                issuer,
                "portal",
                label="VNeID / Cổng DVC quốc gia",
                roles="establishment_user",
                acr_values="LoA2",
            )
        ]
        settings.KHUYENCONG_FORM_ACTION_ORIGINS = ["/".join(issuer.split("/")[:3])]
        page = phone
        page.goto("/accounts/login/")
        page.get_by_role("link", name="Đăng nhập bằng VNeID / Cổng DVC quốc gia").click()

        # At the provider: its own sign-in, then the consent.
        expect(page).to_have_url(re.compile(r"127\.0\.0\.1:\d+/login/"))
        page.get_by_label("Tên đăng nhập").fill(OWNER["username"])
        page.get_by_label("Mật khẩu").fill(OWNER["password"])
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("button", name="Authorize").click()

        # Back at the portal: what the provider said, to confirm.
        expect(page.get_by_role("heading", name="Xác nhận thông tin định danh")).to_be_visible()
        facts = page.get_by_test_id("provider-facts")
        expect(facts).to_contain_text("Hoàng Văn Sơn")
        expect(facts).to_contain_text("024090005678")
        expect(facts).to_contain_text("Thôn Đồng Kỵ")
        expect(page.get_by_test_id("what-happens")).to_contain_text("Cơ sở Mộc Hoàng Sơn")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.get_by_role("button", name="Xác nhận và tiếp tục").click()

        # Its own portal: the one establishment it acts for, opened at once.
        expect(page).to_have_url(re.compile(rf"/my/{household.pk}/$"))
        expect(page.get_by_text("Cơ sở Mộc Hoàng Sơn").first).to_be_visible()
        expect(page.get_by_role("alert")).to_contain_text("Xin chào Hoàng Văn Sơn")
        assert Representative.objects.get(establishment=household).status == "confirmed"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        # It acts for its establishment at once: a support request from the phone.
        page.get_by_role("link", name="Gửi yêu cầu hỗ trợ").first.click()
        page.get_by_label("Nội dung").select_option(index=1)
        page.get_by_label("Nhu cầu").fill("Cần máy bào cuốn cho xưởng mộc")
        page.get_by_label("Kinh phí dự kiến (đồng)").fill("120000000")
        page.get_by_label("Năm mong muốn").select_option(index=1)
        page.get_by_role("button", name="Gửi Trung tâm").click()
        expect(page).to_have_url(re.compile(r"/my/requests/\d+/$"))
        expect(page.get_by_test_id("request-status")).to_have_text("Đã gửi")
        assert household.support_requests.get().submitted_by.identity_number == "024090005678"

        # Signing out ends the provider's session too: the next sign-in asks again.
        page.get_by_role("button", name="Trình đơn").click()  # the phone's menu
        page.get_by_role("button", name="Đăng xuất").click()
        expect(page).to_have_url(re.compile(r"/accounts/login/$"))
        page.get_by_role("link", name="Đăng nhập bằng VNeID / Cổng DVC quốc gia").click()
        expect(page).to_have_url(re.compile(r"127\.0\.0\.1:\d+/login/"))
