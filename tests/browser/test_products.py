"""Three council members score two entries on their phones; the chair closes the round
and records the council's decision; staff publish it; the public gallery shows the
certified product and its certificate verifies."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from products import services
from products.models import Certificate, Criterion, Entry, ScoreSheet
from tests.browser.test_projects import desktop_page, log_in
from tests.browser.test_workflows import shoot
from tests.factories import ProductFactory, UserFactory, make_round, seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 800},
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: dialog.accept())  # "Close the round?" and the like
    return context, page


def score_entry(page, values: list[str]) -> None:
    fields = page.locator("input.points")
    expect(fields).to_have_count(len(values))
    for index, value in enumerate(values):
        fields.nth(index).fill(value)
    page.get_by_test_id("save-sheet").click()


def test_council_scores_on_phones_chair_closes_public_verifies(
    browser, live_server, localities_committed
):
    staff = UserFactory(role=Role.CENTER_STAFF)
    voting_round = make_round(level="provincial", actor=staff, title="Bình chọn cấp tỉnh thử")
    lamp = ProductFactory(name="Đèn tre Tân Yên")
    basket = ProductFactory(name="Giỏ mây đan", group=1)
    for product in (lamp, basket):
        services.entry_add(
            actor=staff,
            voting_round=voting_round,
            product=product,
            forwarding_note="Công văn 12/UBND",
            forwarding_file=SimpleUploadedFile("cv.pdf", b"%PDF-1.4 cv"),
        )
    chair = seat(voting_round, UserFactory(role=Role.COUNCIL_MEMBER), role="chair")
    members = [chair, seat(voting_round), seat(voting_round, role="jury")]
    services.open_scoring(actor=staff, voting_round=voting_round)
    maxima = list(
        Criterion.objects.filter(group__round=voting_round)
        .order_by("group__position", "position")
        .values_list("max_points", flat=True)
    )

    # Every member gives the lamp 8,5 of 10 and 4,5 of 5 (86 points, typed with a decimal
    # comma) and the basket 6 of 10 and 3 of 5 (60 points, below the threshold of 70).
    def typed(points: dict[int, str]) -> list[str]:
        return [points[m] for m in maxima]

    lamp_entry = Entry.objects.get(round=voting_round, product=lamp)
    basket_entry = Entry.objects.get(round=voting_round, product=basket)
    contexts = []
    try:
        for member in members:
            context, page = phone(browser, live_server)
            contexts.append(context)
            log_in(page, member.user.username)
            if member is chair:  # the council member's home and work queue, for people
                page.goto("/")
                expect(page.get_by_test_id("work-cham-diem")).to_contain_text("2")
                shoot(page, "home-council")
                page.get_by_test_id("work-cham-diem").get_by_role("link").first.click()
                shoot(page, "queue-council-entries")
            page.goto(voting_round.get_absolute_url())
            page.get_by_test_id(f"score-{lamp_entry.pk}").click()
            score_entry(page, typed({10: "8,5", 5: "4,5"}))
            # Saving moves on to the next entry still to score.
            expect(page.locator("h1")).to_have_text("Giỏ mây đan")
            score_entry(page, typed({10: "6", 5: "3"}))
            expect(page).to_have_url(re.compile(rf"/products/rounds/{voting_round.pk}/$"))
            expect(page.get_by_test_id(f"score-{basket_entry.pk}")).to_contain_text("Đã chấm")
        assert ScoreSheet.objects.filter(entry__round=voting_round).count() == 6

        # The chair sees nobody missing, closes the round and records the decision.
        chair_page = contexts[0].pages[0]
        chair_page.goto(voting_round.get_absolute_url())
        for member in members:
            expect(chair_page.get_by_test_id(f"missing-{member.pk}")).to_have_text("0")
        chair_page.get_by_test_id("transition-closed").click()
        # The check-your-answers page: what closing does, then the step.
        expect(chair_page.get_by_test_id("confirm-consequence")).to_contain_text(
            "không thể chấm điểm nữa"
        )
        chair_page.get_by_test_id("confirm-button").click()
        expect(chair_page.get_by_test_id("round-status")).to_have_text("Đã đóng")
        row = chair_page.get_by_test_id(f"entry-{lamp_entry.pk}")
        expect(row.get_by_test_id("average")).to_contain_text("86,00")
        expect(chair_page.get_by_test_id(f"award-{basket_entry.pk}")).to_have_count(0)
        chair_page.get_by_test_id(f"award-{lamp_entry.pk}").check()
        chair_page.get_by_role("button", name="Ghi quyết định cấp giấy chứng nhận").click()
        expect(chair_page.get_by_test_id(f"award-{lamp_entry.pk}")).to_be_checked()

        # Staff publish with the recognition decision.
        desk, office = desktop_page(browser, live_server)
        contexts.append(desk)
        log_in(office, staff.username)
        office.goto(voting_round.get_absolute_url())
        office.get_by_label("Số quyết định công nhận").fill("2145/QĐ-UBND")
        office.get_by_label("Ngày quyết định").fill(timezone.localdate().isoformat())
        office.get_by_test_id("publish").click()
        expect(office.get_by_test_id("confirm-summary")).to_contain_text("2145/QĐ-UBND")
        office.get_by_test_id("confirm-button").click()
        expect(office.get_by_test_id("round-status")).to_have_text("Đã công bố")
        certificate = Certificate.objects.get(entry=lamp_entry)
        expect(office.get_by_test_id("certificate-number")).to_have_text(certificate.number)

        # A complaint about the basket's result, received and answered.
        office.get_by_text("Ghi nhận khiếu nại").click()
        office.get_by_label("Người khiếu nại").fill("HTX Mây tre Phúc Hòa")
        office.get_by_label("Ngày nhận").fill(timezone.localdate().isoformat())
        office.locator("textarea[name=content]").fill("Đề nghị chấm lại sản phẩm giỏ mây.")
        office.get_by_role("button", name="Ghi nhận", exact=True).click()
        expect(office.locator(".alert-success")).to_contain_text("Đã ghi nhận khiếu nại")
        office.get_by_label("Trả lời của hội đồng").fill("Hội đồng giữ nguyên kết quả.")
        office.get_by_role("button", name="Ghi nhận trả lời").click()
        expect(office.locator(".alert-success")).to_contain_text("Đã ghi nhận nội dung trả lời")
        expect(office.locator("main")).to_contain_text("Hội đồng giữ nguyên kết quả.")

        # The public, on a phone, finds the product and verifies its certificate.
        public, visitor = phone(browser, live_server)
        contexts.append(public)
        visitor.goto("/products/")
        cards = visitor.get_by_test_id("gallery-card")
        expect(cards).to_have_count(1)
        expect(cards.first).to_contain_text("Đèn tre Tân Yên")
        expect(cards.first).to_contain_text("Cấp tỉnh")
        cards.first.get_by_role("link", name="Đèn tre Tân Yên").click()
        expect(visitor.locator("img").first).to_be_visible()
        visitor.get_by_role("link", name=certificate.number).click()
        result = visitor.get_by_test_id("verify-result")
        expect(result).to_have_attribute("data-state", "valid")
        expect(result).to_contain_text("Đèn tre Tân Yên")
        # By number, typed in lower case with spaces around it.
        visitor.goto("/products/verify/")
        visitor.get_by_label("Số giấy chứng nhận").fill(f"  {certificate.number.lower()} ")
        visitor.get_by_role("button", name="Tra cứu").click()
        expect(visitor.get_by_test_id("verify-result")).to_have_attribute("data-state", "valid")
        visitor.get_by_label("Số giấy chứng nhận").fill("999/2026/SPTB-T")
        visitor.get_by_role("button", name="Tra cứu").click()
        expect(visitor.get_by_test_id("verify-result")).to_have_attribute("data-state", "unknown")
    finally:
        for context in contexts:
            context.close()
