"""From an accepted support request to an approved project: the center's staff drafts,
appraises and plans it; the department's official approves the plan."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import (
    TEST_PASSWORD,
    AllocationFactory,
    SupportRequestFactory,
    UserFactory,
    ensure_support_rules,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_FUND = "Kinh phí khuyến công địa phương"
OFFICIAL_NAME = "Lê Chuyên Viên"


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def desktop_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_request_becomes_project_appraised_planned_and_approved(
    browser, live_server, localities_committed
):
    staff = UserFactory(role=Role.CENTER_STAFF)
    official = UserFactory(role=Role.OFFICIAL, full_name=OFFICIAL_NAME)
    ensure_support_rules()
    # A machine of 300 million asked for in full: Circular 28/2018 allows 50 % of the cost.
    support_request = SupportRequestFactory(status="accepted", estimated_cost_vnd=300_000_000)
    year = support_request.desired_year
    AllocationFactory(year=year, fund_source="local", amount_vnd=1_000_000_000)
    today = timezone.localdate().isoformat()

    desk, page = desktop_page(browser, live_server)
    office = None
    try:
        # 1. Staff drafts a project from the accepted request.
        log_in(page, staff.username)
        page.goto(f"/establishments/requests/{support_request.pk}/")
        page.get_by_label("Nguồn kinh phí").select_option(label=LOCAL_FUND)
        page.get_by_role("button", name="Lập đề án từ yêu cầu này").click()
        expect(page).to_have_url(re.compile(r"/projects/\d+/$"))
        project_url = page.url
        expect(page.get_by_test_id("project-status")).to_have_text("Dự thảo")
        expect(page.get_by_text(f"{year} · {LOCAL_FUND}")).to_be_visible()

        # 2. Submit it for appraisal, then record the appraisal.
        page.get_by_role("button", name="Trình thẩm định").click()
        expect(page.get_by_test_id("project-status")).to_have_text("Đã gửi")
        page.get_by_label("Ngày thẩm định").fill(today)
        page.get_by_label("Hội đồng thẩm định").fill("Hội đồng thẩm định Trung tâm")
        page.get_by_label("Điểm (thang 100)").fill("85")
        page.get_by_label("Kiến nghị").select_option(label="Đề nghị đưa vào kế hoạch")
        page.get_by_label("Tóm tắt").fill("Đề án khả thi, đề nghị đưa vào kế hoạch.")
        page.get_by_role("button", name="Lưu kết quả thẩm định").click()
        expect(page.get_by_test_id("project-status")).to_have_text("Đã thẩm định")

        # 3. Make the year's plan, put the project in it, submit it to the department.
        page.goto("/projects/plans/")
        page.get_by_placeholder("Năm").fill(str(year))
        page.get_by_role("combobox", name="Nguồn kinh phí").select_option(label=LOCAL_FUND)
        page.get_by_role("button", name="Lập kế hoạch").click()
        expect(page).to_have_url(re.compile(r"/projects/plans/\d+/$"))
        expect(page.get_by_test_id("plan-status")).to_have_text("Dự thảo")
        page.get_by_role("button", name="Đưa vào kế hoạch").click()
        expect(
            page.get_by_text(re.compile(r"vượt mức hỗ trợ tối đa theo 28/2018/TT-BTC"))
        ).to_be_visible()
        expect(page.get_by_text(re.compile(r"là 150\.000\.000 ₫"))).to_be_visible()
        page.get_by_label(re.compile(r"^Số tiền cho")).fill("150.000.000")
        page.get_by_role("button", name="Đưa vào kế hoạch").click()
        expect(page.get_by_role("cell", name="Trong kế hoạch")).to_be_visible()
        expect(page.get_by_test_id("plan-total")).to_have_text("150.000.000 ₫")
        page.get_by_role("button", name="Trình Sở").click()
        # The check-your-answers page says how much goes to the department, then submits.
        expect(page.get_by_test_id("confirm-summary")).to_contain_text("150.000.000 ₫")
        page.get_by_test_id("confirm-button").click()
        expect(page.get_by_test_id("plan-status")).to_have_text("Đã trình Sở")
        page.get_by_role("button", name="Đăng xuất").click()
        expect(page).to_have_url(re.compile(r"/accounts/login/"))

        # 4. The official approves the plan from the inbox.
        office, page = desktop_page(browser, live_server)
        log_in(page, official.username)
        page.get_by_role("link", name="Hồ sơ chờ duyệt", exact=True).click()
        expect(page).to_have_url(re.compile(r"/projects/inbox/$"))
        page.get_by_role("link", name=re.compile(f"Kế hoạch năm {year}")).click()
        expect(page.get_by_test_id("plan-status")).to_have_text("Đã trình Sở")
        page.get_by_label("Số quyết định").fill("125/QĐ-SCT")
        page.get_by_label("Ngày quyết định").fill(today)
        page.get_by_role("button", name="Phê duyệt kế hoạch").click()
        expect(page.get_by_test_id("confirm-summary")).to_contain_text("125/QĐ-SCT")
        page.get_by_test_id("confirm-button").click()
        expect(page.get_by_test_id("plan-status")).to_have_text("Đã phê duyệt")

        # 5. The project is approved, and its timeline tells the story in order.
        page.goto(project_url)
        expect(page.get_by_test_id("project-status")).to_have_text("Đã phê duyệt")
        expect(page.get_by_test_id("timeline").get_by_role("listitem")).to_have_text(
            [
                re.compile(r"— Dự thảo"),
                re.compile(r"— Đã gửi"),
                re.compile(r"— Đã thẩm định"),
                re.compile(r"— Trong kế hoạch"),
                re.compile(f"{OFFICIAL_NAME} — Đã phê duyệt"),
            ]
        )

        # 6. The approval granted the money under the rule in force, and says why.
        page.get_by_test_id("money-tab").click()
        expect(page.get_by_test_id("granted")).to_have_text("150.000.000 ₫")
        expect(page.get_by_test_id("support-rule")).to_contain_text("28/2018/TT-BTC")
        page.goto("/funding/")
        row = page.get_by_test_id(f"allocation-{year}-local")
        expect(row.get_by_test_id("available")).to_have_text("850.000.000 ₫")
    finally:
        if office is not None:
            office.close()
        desk.close()
