"""Every page's form script: a double tap sends a form once, and a button marked
data-confirm asks first — cancelling sends nothing."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from establishments.models import Establishment, SupportRequestEvent
from tests.browser.test_projects import desktop_page, log_in
from tests.factories import EstablishmentFactory, SupportRequestFactory, UserFactory

pytestmark = pytest.mark.browser


def test_a_double_tap_comments_once_and_a_cancelled_archive_archives_nothing(
    browser, live_server, localities_committed
):
    staff = UserFactory(role=Role.CENTER_STAFF)
    request = SupportRequestFactory()
    establishment = EstablishmentFactory(name="Cơ sở Đan lát Phú Vinh")
    context, page = desktop_page(browser, live_server)
    try:
        log_in(page, staff.username)
        page.goto(request.get_absolute_url())
        page.locator("#id_note").fill("Đã gọi điện cho chủ cơ sở")
        # A second tap 80 ms after the first, while the first is on its way.
        page.get_by_role("button", name="Thêm ý kiến").evaluate(
            "b => { b.click(); setTimeout(() => b.click(), 80); }"
        )
        expect(page.get_by_text("Đã gọi điện cho chủ cơ sở")).to_be_visible()
        page.wait_for_timeout(500)
        notes = SupportRequestEvent.objects.filter(
            request=request, note="Đã gọi điện cho chủ cơ sở"
        )
        assert notes.count() == 1

        page.goto(establishment.get_absolute_url())
        page.get_by_text("Lưu trữ hồ sơ này").click()
        page.get_by_label("Lý do").fill("Đăng ký nhầm")
        page.once("dialog", lambda dialog: dialog.dismiss())
        page.get_by_role("button", name="Lưu trữ", exact=True).click()
        page.wait_for_timeout(500)
        assert Establishment.objects.get(pk=establishment.pk).archived_at is None

        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Lưu trữ", exact=True).click()
        expect(page.get_by_test_id("archived")).to_contain_text("Đăng ký nhầm")
        assert Establishment.objects.get(pk=establishment.pk).archived_at is not None
    finally:
        context.close()
