"""Each workflow walked in the browser to its end, side exits included, with the
check-your-answers page before every irreversible or money step.

Screenshots of every role's home, a work queue and a confirmation, at 1366 px and 390 px,
are kept in test-artifacts/flows/ (git-ignored), for people to look at.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from funding import plans
from projects.models import ProjectStatus
from projects.services import Line, project_appraise, project_create, project_transition
from tests.browser.conftest import ARTIFACTS
from tests.factories import (
    TEST_PASSWORD,
    AllocationFactory,
    EstablishmentFactory,
    SupportRequestFactory,
    UserFactory,
    ensure_support_rules,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "flows"
WIDTHS = {"desktop": 1366, "phone": 390}
LOCAL_FUND = "Kinh phí khuyến công địa phương"


def shoot(page, name: str) -> None:
    """The page at both widths, then back to the desktop."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def new_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def log_in(page, username: str) -> None:
    # The last click's answer may still be on its way with its cookies: let it land first.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def confirm(page, *, expect_text=(), shot: str = "") -> None:
    """The check-your-answers page: it says what will happen; then confirm."""
    expect(page.get_by_test_id("confirm-caption")).to_have_text("Kiểm tra trước khi xác nhận")
    for text in expect_text:
        expect(page.locator("main")).to_contain_text(text)
    if shot:
        shoot(page, shot)
    page.get_by_test_id("confirm-button").click()


def success(page, text) -> None:
    expect(page.locator(".alert-success").first).to_contain_text(text)


def _today() -> str:
    return timezone.localdate().isoformat()


def test_request_to_settlement_with_a_refused_acceptance(
    browser, live_server, localities_committed
):
    staff = UserFactory(role=Role.CENTER_STAFF, full_name="Nguyễn Cán Bộ")
    accountant = UserFactory(role=Role.CENTER_STAFF, full_name="Trần Kế Toán")
    official = UserFactory(role=Role.OFFICIAL, full_name="Lê Chuyên Viên")
    ensure_support_rules()
    support_request = SupportRequestFactory(estimated_cost_vnd=300_000_000)
    collaborator = support_request.submitted_by
    year = support_request.desired_year
    AllocationFactory(year=year, fund_source="local", amount_vnd=1_000_000_000)

    context, page = new_page(browser, live_server)
    try:
        # The collaborator's home.
        log_in(page, collaborator.username)
        expect(page.get_by_test_id("work-queue")).to_be_visible()
        shoot(page, "home-collaborator")

        # Staff reviews the request from the queue on the home page, and accepts it.
        log_in(page, staff.username)
        page.get_by_test_id("work-yeu-cau").get_by_role("link").first.click()
        expect(page.get_by_test_id("queue-count")).to_have_text("1")
        shoot(page, "queue-staff-requests")
        page.get_by_role("link", name=support_request.establishment.name).click()
        page.get_by_role("button", name="Bắt đầu xem xét").click()
        success(page, "Đang xem xét")
        page.get_by_role("button", name="Chấp nhận", exact=True).click()
        success(page, "“Chấp nhận”")

        # A project from it, appraised.
        page.get_by_label("Nguồn kinh phí").select_option(label=LOCAL_FUND)
        page.get_by_role("button", name="Lập đề án từ yêu cầu này").click()
        expect(page).to_have_url(re.compile(r"/projects/\d+/$"))
        project_url = page.url
        page.get_by_role("button", name="Trình thẩm định").click()
        page.get_by_label("Ngày thẩm định").fill(_today())
        page.get_by_label("Điểm (thang 100)").fill("85")
        page.get_by_label("Kiến nghị").select_option(label="Đề nghị đưa vào kế hoạch")
        page.get_by_label("Tóm tắt").fill("Khả thi.")
        page.get_by_role("button", name="Lưu kết quả thẩm định").click()
        expect(page.get_by_test_id("project-status")).to_have_text("Đã thẩm định")

        # A plan with 135 million of the 150 million the budget asks; submitted after the
        # check-your-answers page.
        page.goto("/projects/plans/")
        page.get_by_placeholder("Năm").fill(str(year))
        page.get_by_role("combobox", name="Nguồn kinh phí").select_option(label=LOCAL_FUND)
        page.get_by_role("button", name="Lập kế hoạch").click()
        success(page, "Kế hoạch")
        page.get_by_label(re.compile(r"^Số tiền cho")).fill("135.000.000")
        page.get_by_role("button", name="Đưa vào kế hoạch").click()
        success(page, "135.000.000 ₫")
        page.get_by_role("button", name="Trình Sở").click()
        confirm(page, expect_text=["135.000.000 ₫"], shot="confirm-plan-submit")
        success(page, "đã được trình Sở")

        # The official approves it from the work queue, after the check page.
        log_in(page, official.username)
        shoot(page, "home-official")
        page.get_by_test_id("work-ke-hoach-cho-duyet").get_by_role("link").first.click()
        page.get_by_role("link", name=re.compile(f"Kế hoạch năm {year}")).click()
        page.get_by_label("Số quyết định").fill("125/QĐ-SCT")
        page.get_by_label("Ngày quyết định").fill(_today())
        page.get_by_role("button", name="Phê duyệt kế hoạch").click()
        confirm(page, expect_text=["125/QĐ-SCT", "135.000.000 ₫"], shot="confirm-plan-approve")
        success(page, "125/QĐ-SCT")

        # Staff: the grant is smaller than the budget; the page prompts and offers the lines.
        log_in(page, staff.username)
        page.goto(project_url)
        expect(page.get_by_test_id("budget-gap")).to_be_visible()
        page.get_by_role("link", name="Điều chỉnh dự toán").click()
        page.get_by_role("button", name="Lưu dự toán").click()
        success(page, "135.000.000 ₫")
        expect(page.get_by_test_id("support-total")).to_have_text("135.000.000 ₫")
        expect(page.get_by_test_id("budget-gap")).to_have_count(0)
        page.goto("/projects/")
        expect(page.get_by_test_id("granted").first).to_have_text("135.000.000 ₫")

        # No payment before the contract: the money tab says why.
        page.goto(project_url)
        page.get_by_test_id("money-tab").click()
        expect(page.get_by_test_id("payment-not-yet")).to_contain_text("hợp đồng")
        page.goto(project_url)
        page.get_by_role("button", name="Đã ký hợp đồng").click()
        success(page, "Đã ký hợp đồng")
        page.get_by_test_id("money-tab").click()
        page.get_by_label("Số tiền (đồng)").fill("90.000.000")
        page.get_by_role("button", name="Lập", exact=True).click()
        success(page, "Đã lập khoản chi")

        # Another staff member approves it (four eyes) from their queue, then pays it.
        log_in(page, accountant.username)
        shoot(page, "home-staff")
        page.get_by_test_id("work-khoan-chi-cho-duyet").get_by_role("link").first.click()
        shoot(page, "queue-payments")
        page.get_by_role("link", name=re.compile("90.000.000")).click()
        page.get_by_role("button", name="Phê duyệt", exact=True).click()
        confirm(page, expect_text=["90.000.000 ₫"], shot="confirm-payment-approve")
        success(page, "90.000.000 ₫")
        page.get_by_label("Số chứng từ Kho bạc").fill("UNC-0001")
        page.get_by_role("button", name="Ghi nhận đã chi").click()
        confirm(page, expect_text=["UNC-0001"])
        success(page, "UNC-0001")

        # Under way; acceptance recorded; the official refuses it with a reason.
        page.goto(project_url)
        page.get_by_role("button", name="Bắt đầu thực hiện").click()
        page.locator("[name=accepted_on]").fill(_today())
        page.locator("[name=minutes_number]").fill("01/BB-NT")
        page.locator("[name=result]").select_option("passed")
        page.get_by_role("button", name="Ghi nghiệm thu").click()
        log_in(page, official.username)
        page.get_by_test_id("work-nghiem-thu-cho-duyet").get_by_role("link").first.click()
        page.get_by_role("link", name=re.compile("DP-")).click()
        page.get_by_label("Ghi chú (lưu trong diễn biến)").fill("Thiếu hóa đơn máy")
        page.get_by_role("button", name="Từ chối nghiệm thu").click()
        confirm(page, expect_text=["Thiếu hóa đơn máy"])
        expect(page.get_by_test_id("project-status")).to_have_text("Đang thực hiện")

        # The center sees the refusal in its queue, records a new acceptance; approved.
        log_in(page, staff.username)
        page.get_by_test_id("work-nghiem-thu-bi-tu-choi").get_by_role("link").first.click()
        page.get_by_role("link", name=re.compile("DP-")).click()
        expect(page.get_by_test_id("acceptance-refused")).to_contain_text("Thiếu hóa đơn máy")
        page.locator("[name=accepted_on]").fill(_today())
        page.locator("[name=minutes_number]").fill("02/BB-NT")
        page.locator("[name=result]").select_option("passed")
        page.get_by_role("button", name="Ghi nghiệm thu").click()
        log_in(page, official.username)
        page.goto(project_url)
        page.get_by_role("button", name="Phê duyệt nghiệm thu").click()
        confirm(page)
        expect(page.get_by_test_id("project-status")).to_have_text("Đã nghiệm thu")

        # Settlement, after the check page.
        log_in(page, staff.username)
        page.goto(project_url)
        page.get_by_test_id("money-tab").click()
        page.get_by_label("Kinh phí nhà nước được quyết toán (đồng)").fill("90.000.000")
        page.get_by_label("Số quyết định quyết toán").fill("88/QĐ-TTKC")
        page.get_by_label("Hồ sơ quyết toán").set_input_files(
            files=[{"name": "qt.pdf", "mimeType": "application/pdf", "buffer": _pdf()}]
        )
        page.get_by_role("button", name="Ghi nhận quyết toán").click()
        expect(page.get_by_test_id("confirm-consequence")).to_contain_text("90.000.000 ₫")
        page.get_by_label("Hồ sơ quyết toán").set_input_files(
            files=[{"name": "qt.pdf", "mimeType": "application/pdf", "buffer": _pdf()}]
        )
        page.get_by_test_id("confirm-button").click()
        success(page, "90.000.000 ₫")
        page.goto(project_url)
        expect(page.get_by_test_id("project-status")).to_have_text("Đã quyết toán")
    finally:
        context.close()


def _pdf() -> bytes:
    from tests.factories import pdf_bytes

    return pdf_bytes()


def _approved_plan(staff, official, year, n):
    """n projects approved in a plan, through the services (the walk above did it by hand)."""
    projects = []
    for i in range(n):
        establishment = EstablishmentFactory()
        project = project_create(
            actor=staff,
            code=f"DP-{year}-{i + 1:03d}",
            title=f"Máy móc {i + 1}",
            plan_year=year,
            fund_source="local",
            content_type="machinery",
            implementing_unit=establishment.name,
            beneficiaries=[establishment],
            site_communes=[establishment.commune],
            budget_lines=[Line("Máy", 100_000_000, 200_000_000)],
        )
        project_transition(actor=staff, project=project, target=ProjectStatus.SUBMITTED)
        project_appraise(
            actor=staff,
            project=project,
            appraised_on=timezone.localdate(),
            score=80,
            recommendation="approve",
            summary="Đạt",
        )
        projects.append(project)
    plan = plans.plan_create(actor=staff, year=year, fund_source="local")
    for project in projects:
        plans.plan_add_item(actor=staff, plan=plan, project=project)
    plans.plan_submit(actor=staff, plan=plan)
    plans.plan_approve(
        actor=official, plan=plan, decision_number="1/QĐ", decision_date=timezone.localdate()
    )
    return plan, projects


def test_adjustment_with_a_cancelled_and_a_dropped_project_after_a_return(
    browser, live_server, localities_committed
):
    staff = UserFactory(role=Role.CENTER_STAFF)
    official = UserFactory(role=Role.OFFICIAL)
    ensure_support_rules()
    year = timezone.localdate().year
    AllocationFactory(year=year, fund_source="local", amount_vnd=1_000_000_000)
    plan, (kept, cancelled, dropped) = _approved_plan(staff, official, year, 3)

    context, page = new_page(browser, live_server)
    try:
        log_in(page, staff.username)
        # A project is cancelled on its page (after the check page).
        page.goto(f"/projects/{cancelled.pk}/")
        page.get_by_label("Ghi chú (lưu trong diễn biến)").fill("Cơ sở rút lui")
        page.get_by_role("button", name="Hủy đề án").click()
        confirm(page, expect_text=["Cơ sở rút lui", "100.000.000 ₫"], shot="confirm-cancel")
        expect(page.get_by_test_id("project-status")).to_have_text("Đã hủy")

        # The adjustment: nothing changed yet, so it cannot be submitted.
        page.goto(plan.get_absolute_url())
        page.get_by_role("button", name="Điều chỉnh kế hoạch").click()
        success(page, "bản điều chỉnh")
        expect(page.get_by_test_id("plan-count")).to_have_text(
            "2"
        )  # the cancelled one is not carried
        # ... and the changes against version 1 show it taken out.
        expect(page.get_by_role("row").filter(has_text=cancelled.code)).to_have_count(1)
        expect(page.get_by_role("row").filter(has_text=cancelled.code)).to_contain_text("đưa ra")
        # Drop a project (after the check page); then submit.
        row = page.get_by_role("row").filter(has_text=dropped.code)
        row.get_by_role("button", name="Xóa").click()
        confirm(page, expect_text=[dropped.code])
        success(page, dropped.code)
        page.get_by_role("button", name="Trình Sở").click()
        confirm(page)
        success(page, "trình Sở")

        # The department returns it; the staff home shows it; resubmitted; approved.
        log_in(page, official.username)
        page.get_by_test_id("work-ke-hoach-cho-duyet").get_by_role("link").first.click()
        page.get_by_test_id("queue-rows").get_by_role("link").first.click()
        page.get_by_label("Ý kiến gửi Trung tâm").fill("Nêu lý do bỏ đề án")
        page.get_by_role("button", name="Trả lại kế hoạch").click()
        confirm(page, expect_text=["Nêu lý do bỏ đề án"], shot="confirm-plan-return")
        log_in(page, staff.username)
        expect(page.get_by_test_id("work-ke-hoach-tra-lai")).to_contain_text("1")
        page.get_by_test_id("work-ke-hoach-tra-lai").get_by_role("link").first.click()
        page.get_by_test_id("queue-rows").get_by_role("link").first.click()
        expect(page.locator("main")).to_contain_text("Nêu lý do bỏ đề án")
        page.get_by_role("button", name="Trình Sở").click()
        confirm(page)
        log_in(page, official.username)
        page.get_by_test_id("work-ke-hoach-cho-duyet").get_by_role("link").first.click()
        page.get_by_test_id("queue-rows").get_by_role("link").first.click()
        page.get_by_label("Số quyết định").fill("2/QĐ-SCT")
        page.get_by_label("Ngày quyết định").fill(_today())
        page.get_by_role("button", name="Phê duyệt kế hoạch").click()
        confirm(page, expect_text=["2/QĐ-SCT"])
        success(page, "2/QĐ-SCT")
        page.goto(f"/projects/{dropped.pk}/")
        expect(page.get_by_test_id("project-status")).to_have_text("Đã hủy")
        page.goto(f"/projects/{kept.pk}/")
        expect(page.get_by_test_id("project-status")).to_have_text("Đã phê duyệt")
    finally:
        context.close()
