import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_HEADINGS = {
    Role.CENTER_STAFF: "Công việc của Trung tâm",
    Role.COLLABORATOR: "Địa bàn của tôi",
    Role.OFFICIAL: "Chờ tôi quyết định",
    Role.COUNCIL_MEMBER: "Các đợt bình chọn của tôi",
}


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.parametrize("role", list(HOME_HEADINGS))
def test_each_role_logs_in_sees_its_home_and_logs_out(page, role):
    user = UserFactory(role=role, full_name="Người Thử Nghiệm")
    log_in(page, user.username)
    expect(page.get_by_role("heading", name="Xin chào, Người Thử Nghiệm")).to_be_visible()
    expect(page.get_by_role("heading", name=HOME_HEADINGS[role])).to_be_visible()
    staff_link = page.get_by_role("link", name="Quản trị", exact=True)
    system_menu = page.get_by_role("button", name="Hệ thống", exact=True)
    if role == Role.CENTER_STAFF:
        system_menu.click()  # the system's pages are grouped in one menu
        expect(staff_link.first).to_be_visible()
        page.keyboard.press("Escape")
    else:
        expect(staff_link).to_have_count(0)
        expect(system_menu).to_have_count(0)
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/")  # the public's front door
    expect(page.get_by_role("heading", name="Tra cứu giấy chứng nhận")).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_have_count(0)


def test_wrong_password_is_refused_in_vietnamese(page):
    user = UserFactory(role=Role.OFFICIAL)
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill("not-the-password")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("mật khẩu chính xác")).to_be_visible()


def test_commune_search_filters_on_a_phone(browser, live_server, localities_committed):
    """On a phone-sized screen, the locality list finds a commune typed without accents."""
    user = UserFactory(role=Role.COLLABORATOR)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 800}, is_mobile=True
    )
    page = context.new_page()
    try:
        log_in(page, user.username)
        page.goto("/localities/")
        page.get_by_placeholder("Tên xã, phường").fill("tan yen")
        page.get_by_role("button", name="Tìm kiếm").click()
        expect(page.get_by_role("link", name="Xã Tân Yên")).to_be_visible()
    finally:
        context.close()
