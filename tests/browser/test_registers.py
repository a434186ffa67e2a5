"""A collaborator registers an establishment and asks for support from a phone; the
center's staff finds the request waiting for review."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory, assign_area, commune

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ESTABLISHMENT = "Cơ sở mây tre đan Hòa Bình"


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_collaborator_registers_and_requests_support_on_a_phone(
    browser, live_server, localities_committed, tmp_path
):
    collaborator = UserFactory(role=Role.COLLABORATOR)
    assign_area(collaborator, [commune("Xã Tân Yên"), commune("Phường Từ Sơn")])
    staff = UserFactory(role=Role.CENTER_STAFF)
    photo = tmp_path / "may-cha-nham.png"
    Image.new("RGB", (40, 40), (30, 120, 200)).save(photo, format="PNG")

    phone = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 800},
        is_mobile=True,
        locale="vi-VN",
    )
    desk = None
    try:
        page = phone.new_page()
        page.set_default_timeout(10_000)
        log_in(page, collaborator.username)

        # Register the establishment.
        page.goto("/establishments/new/")
        page.get_by_role("textbox", name=re.compile(r"^Tên\W*$")).fill(ESTABLISHMENT)
        page.get_by_label("Loại hình").select_option(index=1)
        page.get_by_role("combobox", name="Xã, phường").select_option(label="Xã Tân Yên")
        expect(page.locator("#eligibility")).to_have_text(
            "Cơ sở ở xã, đặc khu thuộc đối tượng hỗ trợ."
        )
        page.get_by_label("Ngành nghề").select_option(index=1)
        page.get_by_role("button", name="Lưu").click()
        expect(page).to_have_url(re.compile(r"/establishments/\d+/$"))
        expect(page.get_by_role("heading", name=ESTABLISHMENT)).to_be_visible()

        # Ask the center for support, with a photo.
        page.get_by_role("link", name="Gửi yêu cầu hỗ trợ").click()
        page.get_by_label("Nội dung").select_option(index=1)
        page.get_by_label("Nhu cầu").fill("Cần máy chà nhám để tăng năng suất")
        page.get_by_label("Kinh phí dự kiến (đồng)").fill("300000000")
        year = page.get_by_label("Năm mong muốn")
        year.select_option(index=1)
        desired_year = year.input_value()
        page.locator("input[name=photos]").set_input_files(photo)
        page.get_by_role("button", name="Gửi Trung tâm").click()
        expect(page).to_have_url(re.compile(r"/establishments/requests/\d+/$"))
        expect(page.get_by_test_id("request-status")).to_have_text("Đã gửi")
        expect(page.get_by_text(desired_year, exact=True)).to_be_visible()
        thumbnail = page.get_by_role("img", name="Ảnh 1")
        expect(thumbnail).to_be_visible()
        expect(thumbnail).to_have_js_property("naturalWidth", 40)  # the photo really loads

        # Log out through the collapsed menu.
        page.get_by_role("button", name="Trình đơn").click()
        # Wait for the menu to finish opening: a click during Bootstrap's collapse
        # transition can land on the moving menu and be lost.
        expect(page.locator("#mainnav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
        expect(page.locator("#mainnav")).not_to_have_class(re.compile(r"collapsing"))
        page.get_by_role("button", name="Đăng xuất").click()
        expect(page).to_have_url(re.compile(r"/accounts/login/"))

        # The center's staff sees it waiting.
        desk = browser.new_context(base_url=live_server.url, locale="vi-VN")
        page = desk.new_page()
        page.set_default_timeout(10_000)
        log_in(page, staff.username)
        page.goto("/establishments/requests/?status=submitted")
        listed = page.get_by_role("link", name=re.compile(re.escape(ESTABLISHMENT)))
        expect(listed).to_be_visible()
        listed.click()
        expect(page.get_by_test_id("request-status")).to_have_text("Đã gửi")
        expect(page.get_by_role("button", name="Bắt đầu xem xét")).to_be_visible()
    finally:
        if desk is not None:
            desk.close()
        phone.close()
