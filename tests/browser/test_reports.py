"""Staff ask for a period summary, watch its progress bar move while a real worker builds
it, and download the workbook."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.roles import Role
from projects.models import BudgetLine
from tests.browser.test_projects import desktop_page, log_in
from tests.factories import EstablishmentFactory, ProjectFactory, UserFactory
from tests.integration.conftest import redis_url, report_worker, report_workers  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_staff_start_a_report_watch_the_bar_and_download_it(
    browser,
    live_server,
    localities_committed,
    report_worker,  # noqa: F811 (the fixture imported above)
    tmp_path,
):
    staff = UserFactory(role=Role.CENTER_STAFF)
    for year, support in ((2022, 150_000_000), (2024, 250_000_000)):
        project = ProjectFactory(plan_year=year, status="settled")
        project.beneficiaries.add(EstablishmentFactory())
        BudgetLine.objects.create(
            project=project, item="Máy", state_support_vnd=support, counterpart_vnd=support
        )
    context, page = desktop_page(browser, live_server)
    try:
        log_in(page, staff.username)
        page.goto("/reports/")
        card = page.get_by_test_id("report-period_summary")
        card.get_by_label("Từ năm").select_option("2021")
        card.get_by_label("Đến năm").select_option("2025")
        card.get_by_role("button", name="Lập báo cáo").click()

        expect(page).to_have_url(re.compile(r"/reports/jobs/\d+/$"))
        bar = page.get_by_test_id("job-progress")
        # The bar moves: some step between start and end is shown while it runs.
        expect(bar).to_have_text(re.compile(r"^([1-9]\d?)%$"), timeout=20_000)
        expect(page.get_by_test_id("job-status")).to_have_attribute(
            "data-status", "done", timeout=30_000
        )
        expect(bar).to_have_text("100%")
        download_link = page.get_by_test_id("job-download")
        expect(download_link).to_be_visible()
        with page.expect_download() as download:
            download_link.click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        assert path.name == "tong-hop-2021-2025.xlsx"
        summary = list(load_workbook(path, read_only=True)["Tổng hợp"].iter_rows(values_only=True))
        assert summary[1][1:3] == (2, 400_000_000)
    finally:
        context.close()
