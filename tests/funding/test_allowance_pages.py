"""The allowance pages as people use them: staff prepare, a colleague approves and pays
after a confirmation that names the amount; the workbook is for people; a collaborator
reads only their own allowances; the project page and the dashboard show the spending."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role
from collaborators.models import AllowanceRule, BasicWage
from establishments.models import MonthlyReport
from funding.allowances import services
from funding.models import AllowanceSheet, Grant
from tests.factories import UserFactory, allowance_roster, assign_area, commune, network_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(db):
    return AllowanceRule.objects.create(
        legal_basis="Nghị quyết số 55/2015/NQ-HĐND",
        valid_from=dt.date(2016, 1, 1),
        wage_percent=Decimal(30),
        missing_report="withheld",
        missing_report_basis="Quy chế chi tiêu nội bộ",
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_prepare_approve_and_pay_through_the_pages(rule):
    preparer, accountant = UserFactory(role=Role.CENTER_STAFF), UserFactory(role=Role.CENTER_STAFF)
    grant = network_grant(2025)
    _roster, memberships = allowance_roster(2025, 2)
    MonthlyReport.objects.create(
        collaborator=memberships[0].collaborator,
        month=dt.date(2025, 3, 1),
        submitted_at=dt.datetime(2025, 3, 30, 9, tzinfo=dt.UTC),
    )
    staff = _client(preparer)
    form = staff.get(reverse("funding:allowance_sheet_create")).content.decode()
    assert grant.project.code in form
    response = staff.post(
        reverse("funding:allowance_sheet_create"), {"month": "2025-03", "grant": grant.pk}
    )
    sheet = AllowanceSheet.objects.get(month=dt.date(2025, 3, 1))
    assert response.status_code == 302
    assert _messages(response) == ["Đã lập bảng: 2 cộng tác viên, 702.000 đồng."]
    page = staff.get(sheet.get_absolute_url()).content.decode()
    assert "Không nộp" in page
    assert "Đúng hạn" in page
    assert "Không nộp báo cáo tháng: không chi theo Quy chế chi tiêu nội bộ" in page
    # The preparer is told, and refused, at the confirmation and on POST.
    confirm = staff.get(reverse("funding:allowance_sheet_approve", args=[sheet.pk]))
    assert "một cán bộ khác phải phê duyệt" in confirm.content.decode()
    staff.post(reverse("funding:allowance_sheet_approve", args=[sheet.pk]))
    assert AllowanceSheet.objects.get(pk=sheet.pk).status == "prepared"

    colleague = _client(accountant)
    confirm = colleague.get(reverse("funding:allowance_sheet_approve", args=[sheet.pk]))
    text = confirm.content.decode()
    assert "Phê duyệt sẽ giữ 702.000 ₫ trên kinh phí của " + grant.project.code in text
    response = colleague.post(reverse("funding:allowance_sheet_approve", args=[sheet.pk]))
    assert _messages(response) == ["Đã phê duyệt bảng; tổng số tiền đã được giữ trên kinh phí."]
    pay_page = colleague.get(reverse("funding:allowance_sheet_pay", args=[sheet.pk]))
    assert "Ghi nhận chi sẽ chi 702.000 ₫" in pay_page.content.decode()
    refused = colleague.post(
        reverse("funding:allowance_sheet_pay", args=[sheet.pk]), {"paid_on": "", "voucher": ""}
    )
    assert refused.status_code == 200
    assert AllowanceSheet.objects.get(pk=sheet.pk).status == "approved"
    response = colleague.post(
        reverse("funding:allowance_sheet_pay", args=[sheet.pk]),
        {"paid_on": "2025-04-05", "voucher": "PC-2025-03"},
    )
    assert _messages(response) == ["Đã ghi nhận chi bảng phụ cấp."]
    assert Grant.objects.get(pk=grant.pk).paid_vnd == 702_000
    # The project page shows the month it paid.
    project_page = colleague.get(grant.project.get_absolute_url()).content.decode()
    assert "Phụ cấp cộng tác viên đã chi theo tháng" in project_page
    assert "03/2025" in project_page
    assert "PC-2025-03" in project_page


def test_a_line_set_by_hand_keeps_its_reason(rule):
    preparer = UserFactory(role=Role.CENTER_STAFF)
    _roster, (_membership,) = allowance_roster(2025, 1)
    sheet = services.allowance_sheet_prepare(
        actor=preparer, month=dt.date(2025, 6, 1), grant=network_grant(2025)
    )
    line = sheet.lines.get()
    other = _client(UserFactory(role=Role.CENTER_STAFF))
    url = reverse("funding:allowance_line_edit", args=[sheet.pk, line.pk])
    refused = other.post(url, {"amount_vnd": "-5", "reason": ""})
    assert refused.status_code == 200
    response = other.post(url, {"amount_vnd": "351.000", "reason": "Nhận nhiệm vụ từ 16/6"})
    assert response.status_code == 302
    line.refresh_from_db()
    sheet.refresh_from_db()
    assert (line.amount_vnd, sheet.total_vnd) == (351_000, 351_000)
    assert "Nhận nhiệm vụ từ 16/6" in line.explanation


def test_the_workbook_is_for_people(rule):
    preparer = UserFactory(role=Role.CENTER_STAFF)
    allowance_roster(2025, 3)
    sheet = services.allowance_sheet_prepare(
        actor=preparer, month=dt.date(2025, 7, 1), grant=network_grant(2025)
    )
    services.allowance_sheet_recompute(actor=preparer, sheet=sheet)
    response = _client(UserFactory(role=Role.OFFICIAL)).get(
        reverse("funding:allowance_sheet_xlsx", args=[sheet.pk])
    )
    assert response["Content-Disposition"] == 'attachment; filename="bang-phu-cap-2025-07.xlsx"'
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "Bảng thanh toán phụ cấp cộng tác viên khuyến công tháng 07/2025"
    header = [c.value for c in ws[4]]
    assert header[:5] == [
        "TT",
        "Cộng tác viên",
        "Loại cộng tác viên",
        "Xã, phường",
        "Báo cáo tháng",
    ]
    assert "Ký nhận" in header
    assert ws.freeze_panes == "C5"
    assert ws.column_dimensions["D"].width >= 30
    assert [ws.cell(row=r, column=5).value for r in (5, 6, 7)] == ["Không nộp"] * 3
    assert ws.cell(row=5, column=9).value == 2_340_000
    assert ws.cell(row=5, column=10).value == 702_000
    assert ws.cell(row=5, column=10).number_format == "#,##0"
    total = ws.cell(row=8, column=11)
    assert (ws.cell(row=8, column=2).value, total.value, total.number_format) == (
        "Tổng cộng",
        0,
        "#,##0",
    )


def test_a_collaborator_sees_only_their_own_approved_allowances(
    rule, django_assert_max_num_queries
):
    preparer, approver = UserFactory(role=Role.CENTER_STAFF), UserFactory(role=Role.CENTER_STAFF)
    _roster, (mine, theirs) = allowance_roster(2025, 2)
    grant = network_grant(2025)
    for month in (1, 2, 3, 4):
        first = dt.date(2025, month, 1)
        for membership in (mine, theirs):
            MonthlyReport.objects.create(
                collaborator=membership.collaborator,
                month=first,
                submitted_at=dt.datetime(2025, month, 20, tzinfo=dt.UTC),
            )
        services.allowance_sheet_prepare(actor=preparer, month=first, grant=grant)
    services.allowance_line_set(
        actor=preparer,
        line=AllowanceSheet.objects.get(month=dt.date(2025, 2, 1)).lines.get(membership=theirs),
        amount_vnd=123_456,
        reason="Nghỉ ốm",
    )
    for month in (1, 2, 3):  # April stays prepared: not shown yet
        services.allowance_sheet_approve(
            actor=approver, sheet=AllowanceSheet.objects.get(month=dt.date(2025, month, 1))
        )
    client = _client(mine.collaborator.user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("funding:my_allowances"))
    text = page.content.decode()
    assert text.count("702.000 ₫") == 3
    for month in ("01/2025", "02/2025", "03/2025"):
        assert month in text
    assert "04/2025" not in text
    assert "123.456" not in text
    assert "Nghỉ ốm" not in text
    assert theirs.collaborator.full_name not in text
    # The sheet itself stays closed to them.
    sheet = AllowanceSheet.objects.get(month=dt.date(2025, 1, 1))
    assert client.get(sheet.get_absolute_url()).status_code == 404


def test_the_sheet_list_costs_the_same_for_few_and_many_sheets(rule, django_assert_num_queries):
    preparer = UserFactory(role=Role.CENTER_STAFF)
    allowance_roster(2025, 2)
    grant = network_grant(2025)
    client = _client(UserFactory(role=Role.OFFICIAL))
    counts = []
    for months in ((1, 2, 3), (4, 5, 6, 7, 8, 9)):
        for month in months:
            services.allowance_sheet_prepare(
                actor=preparer, month=dt.date(2025, month, 1), grant=grant
            )
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("funding:allowance_sheet_list"))
        assert page.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert page.content.decode().count("/2025</a>") == 9


def test_a_collaborator_sends_the_monthly_report_once():
    user = UserFactory(role=Role.COLLABORATOR)
    assign_area(user, [commune("Xã Tân Yên")])
    client = _client(user)
    today = timezone.localdate()
    month = f"{today:%Y-%m}"
    page = client.get(reverse("collaborators:my_month"), {"month": month}).content.decode()
    assert "Gửi báo cáo này cho Trung tâm" in page
    response = client.post(reverse("collaborators:my_month_send"), {"month": month})
    assert _messages(response) == [f"Đã gửi báo cáo tháng {today:%m/%Y}."]
    report = MonthlyReport.objects.get(collaborator__user=user)
    assert report.month == today.replace(day=1)
    again = client.post(reverse("collaborators:my_month_send"), {"month": month})
    assert "đã gửi ngày" in _messages(again)[-1]
    assert MonthlyReport.objects.count() == 1
    page = client.get(reverse("collaborators:my_month"), {"month": month}).content.decode()
    assert "Đã gửi Trung tâm ngày" in page
    # Staff are not collaborators: no report to send.
    staff = _client(UserFactory(role=Role.CENTER_STAFF))
    assert staff.post(reverse("collaborators:my_month_send"), {"month": month}).status_code == 404


def test_staff_keep_the_wage_and_the_rules_in_the_portal():
    staff = _client(UserFactory(role=Role.CENTER_STAFF))
    refused = staff.post(
        reverse("collaborators:allowance_rule_create"),
        {
            "legal_basis": "NQ 01/2026",
            "valid_from": "2026-01-01",
            "wage_percent": "30",
            "fixed_amount_vnd": "500.000",
            "missing_report": "paid",
        },
    )
    assert "không nhập cả hai" in refused.content.decode()
    assert not AllowanceRule.objects.exists()
    staff.post(
        reverse("collaborators:allowance_rule_create"),
        {
            "legal_basis": "NQ 01/2026",
            "valid_from": "2026-01-01",
            "wage_percent": "30",
            "missing_report": "prorated",
            "missing_report_percent": "50",
            "missing_report_basis": "Quy chế chi tiêu nội bộ",
        },
    )
    assert AllowanceRule.objects.get().missing_report_percent == 50
    staff.post(
        reverse("collaborators:wage_create"),
        {"effective_from": "2026-07-01", "amount_vnd": "2.530.000", "legal_basis": "NĐ mới"},
    )
    assert BasicWage.objects.get(effective_from=dt.date(2026, 7, 1)).amount_vnd == 2_530_000
    page = staff.get(reverse("collaborators:allowance_settings")).content.decode()
    assert "2.530.000 ₫" in page
    assert "2.340.000 ₫" in page
    assert "NQ 01/2026" in page


def test_the_dashboard_shows_the_networks_cost_per_covered_commune(rule):
    preparer, approver = UserFactory(role=Role.CENTER_STAFF), UserFactory(role=Role.CENTER_STAFF)
    year = timezone.localdate().year - 1
    _roster, memberships = allowance_roster(year, 2)  # four communes
    grant = network_grant(year)
    for month in (1, 2):
        first = dt.date(year, month, 1)
        for membership in memberships:
            MonthlyReport.objects.create(
                collaborator=membership.collaborator,
                month=first,
                submitted_at=dt.datetime(year, month, 20, tzinfo=dt.UTC),
            )
        sheet = services.allowance_sheet_prepare(actor=preparer, month=first, grant=grant)
        sheet = services.allowance_sheet_approve(actor=approver, sheet=sheet)
        services.allowance_sheet_pay(
            actor=approver, sheet=sheet, paid_on=dt.date(year, month + 1, 5), voucher="PC"
        )
    cache.clear()
    page = _client(UserFactory(role=Role.OFFICIAL)).get(reverse("reports:dashboard"))
    text = page.content.decode()
    assert "Chi phí mạng lưới cộng tác viên" in text
    # 2 collaborators, 2 months, 702.000 ₫ each, over 4 communes.
    assert "2.808.000 ₫" in text
    assert "702.000 ₫" in text


def test_a_prepared_sheet_is_cancelled_with_a_reason_and_the_month_prepared_again(rule):
    preparer = UserFactory(role=Role.CENTER_STAFF)
    grant = network_grant(2025)
    allowance_roster(2025, 2)
    staff = _client(preparer)
    staff.post(reverse("funding:allowance_sheet_create"), {"month": "2025-04", "grant": grant.pk})
    sheet = AllowanceSheet.objects.get(month=dt.date(2025, 4, 1))
    page = staff.get(sheet.get_absolute_url()).content.decode()
    assert reverse("funding:allowance_sheet_cancel", args=[sheet.pk]) in page
    confirm = staff.get(reverse("funding:allowance_sheet_cancel", args=[sheet.pk]))
    assert "không có khoản tiền nào bị ảnh hưởng" in confirm.content.decode()
    # No reason: refused on the field, nothing changes.
    refused = staff.post(reverse("funding:allowance_sheet_cancel", args=[sheet.pk]), {"note": ""})
    assert refused.status_code == 200
    assert AllowanceSheet.objects.get(pk=sheet.pk).status == "prepared"
    response = staff.post(
        reverse("funding:allowance_sheet_cancel", args=[sheet.pk]),
        {"note": "Chọn nhầm nguồn kinh phí"},
    )
    assert _messages(response) == ["Đã hủy bảng; có thể lập lại bảng của tháng này."]
    cancelled = AllowanceSheet.objects.get(pk=sheet.pk)
    assert cancelled.status == "cancelled"
    assert cancelled.events.filter(to_status="cancelled", note="Chọn nhầm nguồn kinh phí").exists()
    assert "Chọn nhầm nguồn kinh phí" in staff.get(sheet.get_absolute_url()).content.decode()
    # The month can be prepared again; the cancelled sheet stays in the list.
    staff.post(reverse("funding:allowance_sheet_create"), {"month": "2025-04", "grant": grant.pk})
    assert AllowanceSheet.objects.filter(month=dt.date(2025, 4, 1)).count() == 2
    listing = staff.get(reverse("funding:allowance_sheet_list")).content.decode()
    assert "Đã hủy" in listing


def test_only_a_prepared_sheet_can_be_cancelled(rule):
    preparer, accountant = UserFactory(role=Role.CENTER_STAFF), UserFactory(role=Role.CENTER_STAFF)
    grant = network_grant(2025)
    _roster, memberships = allowance_roster(2025, 1)
    MonthlyReport.objects.create(
        collaborator=memberships[0].collaborator,
        month=dt.date(2025, 5, 1),
        submitted_at=dt.datetime(2025, 5, 30, 9, tzinfo=dt.UTC),
    )
    sheet = services.allowance_sheet_prepare(actor=preparer, month=dt.date(2025, 5, 1), grant=grant)
    services.allowance_sheet_approve(actor=accountant, sheet=sheet)
    with pytest.raises(services.ValidationError):
        services.allowance_sheet_cancel(actor=preparer, sheet=sheet, note="Nhầm")
    assert AllowanceSheet.objects.get(pk=sheet.pk).status == "approved"
    # A second live sheet for the month is refused by the database too.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AllowanceSheet.objects.create(
            month=sheet.month,
            grant=grant,
            roster=sheet.roster,
            prepared_by=preparer,
            prepared_at=timezone.now(),
        )
