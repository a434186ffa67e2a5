"""An establishment's representative on a phone: signs in, sends the center a support
request from its own portal, and later finds its project's contract there."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from establishments.services import representative_link
from tests.factories import TEST_PASSWORD, EstablishmentFactory, UserFactory
from tests.selfservice.conftest import paid_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 800}


def test_a_representative_requests_support_and_reads_its_contract_on_a_phone(
    browser, live_server, localities_committed
):
    staff = UserFactory(role=Role.CENTER_STAFF)
    household = EstablishmentFactory(name="Cơ sở Mộc Đồng Kỵ")
    person = UserFactory(full_name="Nguyễn Văn Đức")
    representative_link(actor=staff, user=person, establishment=household)
    project = paid_project(household)

    phone = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, locale="vi-VN"
    )
    try:
        page = phone.new_page()
        page.set_default_timeout(10_000)
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(person.username)
        page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

        # The home page shows the establishment's own queue and the way in.
        page.get_by_role("link", name="Mở cơ sở của tôi").click()
        expect(page.get_by_test_id("my-establishment-name")).to_have_text("Cơ sở Mộc Đồng Kỵ")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # A support request, sent from the phone.
        page.get_by_role("link", name="Gửi yêu cầu hỗ trợ").first.click()
        page.get_by_label("Nội dung").select_option(index=1)
        page.get_by_label("Nhu cầu").fill("Cần máy chà nhám băng tải")
        page.get_by_label("Kinh phí dự kiến (đồng)").fill("180000000")
        page.get_by_label("Năm mong muốn").select_option(index=1)
        page.get_by_role("button", name="Gửi Trung tâm").click()
        expect(page).to_have_url(re.compile(r"/my/requests/\d+/$"))
        expect(page.get_by_test_id("request-status")).to_have_text("Đã gửi")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # Its project, the money received and the contract addressed to it.
        page.get_by_role("link", name=re.compile("Cơ sở Mộc Đồng Kỵ")).click()
        page.get_by_role("link", name="Đề án", exact=True).click()
        page.get_by_test_id(f"my-project-{project.pk}").click()
        expect(page.get_by_test_id("money-received")).to_have_text("196.000.000 ₫")
        contract = page.get_by_test_id("document-contract")
        expect(contract).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        response = page.request.get(contract.get_attribute("href"))
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
    finally:
        phone.close()
