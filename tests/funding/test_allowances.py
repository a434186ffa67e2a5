"""Collaborator allowances: the rule and the basic wage in force on a month's first day,
overrides, months without a report, the sheet's four eyes, and its money in the ledger
and the period reports to the đồng."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone

from accounts.roles import Role
from collaborators import services as collaborator_services
from collaborators.allowances import allowance_due, rule_on, wage_on
from collaborators.models import AllowanceRule, BasicWage
from establishments.models import MonthlyReport
from funding import services as money
from funding.allowances import services
from funding.models import (
    Allocation,
    AllowanceSheet,
    Disbursement,
    DisbursementKind,
    DisbursementStatus,
    Grant,
    SheetStatus,
)
from reports.models import Measure
from reports.periodic.measures import Period, aggregate
from tests.factories import UserFactory, allowance_roster, network_grant

pytestmark = pytest.mark.django_db

RESOLUTION = "Nghị quyết của HĐND tỉnh về phụ cấp cộng tác viên (dữ liệu thử)"


@pytest.fixture
def staff():
    return UserFactory(role=Role.CENTER_STAFF)


@pytest.fixture
def second():
    return UserFactory(role=Role.CENTER_STAFF)


def rule(actor, **fields) -> AllowanceRule:
    values = {
        "legal_basis": RESOLUTION,
        "valid_from": dt.date(2016, 1, 1),
        "wage_percent": Decimal(30),
    } | fields
    return collaborator_services.allowance_rule_save(actor=actor, rule=AllowanceRule(**values))


def report(membership, month: dt.date, sent_on: dt.date) -> MonthlyReport:
    at = timezone.make_aware(dt.datetime.combine(sent_on, dt.time(9)))
    return MonthlyReport.objects.create(
        collaborator=membership.collaborator, month=month, submitted_at=at
    )


# --- the rule and the wage ---------------------------------------------------------------


def test_the_wages_of_the_decrees_are_data():
    assert [
        (w.effective_from, w.amount_vnd) for w in BasicWage.objects.order_by("effective_from")
    ] == [
        (dt.date(2019, 7, 1), 1_490_000),
        (dt.date(2023, 7, 1), 1_800_000),
        (dt.date(2024, 7, 1), 2_340_000),
    ]
    assert wage_on(dt.date(2024, 6, 30)).amount_vnd == 1_800_000
    assert wage_on(dt.date(2024, 7, 1)).amount_vnd == 2_340_000
    assert wage_on(dt.date(2019, 6, 1)) is None


def test_the_wage_change_of_july_2024_splits_the_roster_year(staff):
    rule(staff)
    _roster, (membership,) = allowance_roster(2024, 1)
    months = [allowance_due(membership, dt.date(2024, m, 1)) for m in range(1, 13)]
    assert [d.amount_vnd for d in months] == [540_000] * 6 + [702_000] * 6
    assert sum(d.amount_vnd for d in months) == 7_452_000
    assert "73/2024/NĐ-CP" in months[6].explanation
    assert "24/2023/NĐ-CP" in months[5].explanation
    # The wage in force on the month's first day counts: a change on the 2nd waits a month.
    collaborator_services.basic_wage_save(
        actor=staff,
        wage=BasicWage(effective_from=dt.date(2024, 9, 2), amount_vnd=3_000_000, legal_basis="x"),
    )
    assert allowance_due(membership, dt.date(2024, 9, 1)).amount_vnd == 702_000
    assert allowance_due(membership, dt.date(2024, 10, 1)).amount_vnd == 900_000


def test_the_rule_in_force_by_date_and_kind(staff):
    old = rule(staff, valid_from=dt.date(2016, 1, 1), valid_to=dt.date(2024, 12, 31))
    new = rule(staff, valid_from=dt.date(2025, 1, 1), wage_percent=Decimal("40.5"))
    district = rule(
        staff,
        valid_from=dt.date(2025, 1, 1),
        kind="district",
        wage_percent=None,
        fixed_amount_vnd=1_500_000,
    )
    assert rule_on("commune", dt.date(2024, 12, 1)) == old
    assert rule_on("commune", dt.date(2025, 1, 1)) == new
    assert rule_on("district", dt.date(2025, 1, 1)) == district
    assert rule_on("district", dt.date(2024, 12, 1)) == old
    assert rule_on("commune", dt.date(2015, 12, 1)) is None
    _roster, (commune_m, district_m) = allowance_roster(2025, 2, kinds=["commune", "district"])
    assert allowance_due(commune_m, dt.date(2025, 3, 1)).amount_vnd == 947_700  # 40,5 % floor
    assert allowance_due(district_m, dt.date(2025, 3, 1)).amount_vnd == 1_500_000


def test_a_rule_gives_a_share_or_an_amount_never_both(staff):
    with pytest.raises(ValidationError):
        rule(staff, fixed_amount_vnd=500_000)
    with pytest.raises(ValidationError):
        rule(staff, missing_report="prorated")  # without the share
    with pytest.raises(PermissionDenied):
        rule(UserFactory(role=Role.OFFICIAL))


def test_an_override_replaces_the_month_with_its_reason(staff):
    rule(staff, missing_report="withheld")
    _roster, (membership,) = allowance_roster(2025, 1)
    collaborator_services.allowance_override_set(
        actor=staff,
        membership=membership,
        month=dt.date(2025, 4, 15),
        amount_vnd=351_000,
        reason="Nhận nhiệm vụ từ ngày 16/4",
    )
    due = allowance_due(membership, dt.date(2025, 4, 1))
    assert due.amount_vnd == 351_000
    assert "Nhận nhiệm vụ từ ngày 16/4" in due.explanation
    assert allowance_due(membership, dt.date(2025, 5, 1)).amount_vnd == 702_000
    with pytest.raises(ValidationError):
        collaborator_services.allowance_override_set(
            actor=staff,
            membership=membership,
            month=dt.date(2026, 1, 1),
            amount_vnd=1,
            reason="x",
        )
    with pytest.raises(ValidationError):
        collaborator_services.allowance_override_set(
            actor=staff,
            membership=membership,
            month=dt.date(2025, 6, 1),
            amount_vnd=1,
            reason=" ",
        )


# --- the sheet ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "percent", "expected"),
    [("paid", None, 702_000), ("withheld", None, 0), ("prorated", Decimal(50), 351_000)],
)
def test_a_month_without_a_report_follows_the_setting(staff, setting, percent, expected):
    rule(
        staff,
        missing_report=setting,
        missing_report_percent=percent,
        missing_report_basis="Quy chế chi tiêu nội bộ 2025",
    )
    grant = network_grant(2025)
    _roster, (on_time, late, missing) = allowance_roster(2025, 3)
    march = dt.date(2025, 3, 1)
    report(on_time, march, dt.date(2025, 3, 31))
    report(late, march, dt.date(2025, 4, 3))
    sheet = services.allowance_sheet_prepare(actor=staff, month=march, grant=grant)
    lines = {line.membership_id: line for line in sheet.lines.all()}
    assert lines[on_time.pk].report_status == "on_time"
    assert lines[late.pk].report_status == "late"
    assert lines[missing.pk].report_status == "missing"
    assert lines[on_time.pk].amount_vnd == lines[late.pk].amount_vnd == 702_000
    assert lines[missing.pk].due_vnd == 702_000
    assert lines[missing.pk].amount_vnd == expected
    assert sheet.total_vnd == 2 * 702_000 + expected
    if setting != "paid":
        assert "Quy chế chi tiêu nội bộ 2025" in lines[missing.pk].explanation
    assert lines[on_time.pk].commune_count == 2


def test_a_late_report_changes_the_sheet_when_it_is_recomputed(staff, second):
    rule(staff, missing_report="withheld")
    grant = network_grant(2025)
    _roster, (membership,) = allowance_roster(2025, 1)
    sheet = services.allowance_sheet_prepare(actor=staff, month=dt.date(2025, 5, 1), grant=grant)
    assert sheet.total_vnd == 0
    report(membership, dt.date(2025, 5, 1), dt.date(2025, 6, 4))
    sheet = services.allowance_sheet_recompute(actor=second, sheet=sheet)
    assert sheet.total_vnd == 702_000
    assert sheet.prepared_by == second  # whoever recomputed may not approve it now
    with pytest.raises(ValidationError, match="một cán bộ khác phải phê duyệt"):
        services.allowance_sheet_approve(actor=second, sheet=sheet)


def test_a_sheet_needs_an_ended_month_the_years_project_and_one_per_month(staff):
    rule(staff)
    grant_2025 = network_grant(2025)
    allowance_roster(2025, 1)
    with pytest.raises(ValidationError, match="2024"):
        services.allowance_sheet_prepare(actor=staff, month=dt.date(2024, 12, 1), grant=grant_2025)
    this_month = timezone.localdate().replace(day=1)
    with pytest.raises(ValidationError):
        services.allowance_sheet_prepare(actor=staff, month=this_month, grant=grant_2025)
    services.allowance_sheet_prepare(actor=staff, month=dt.date(2025, 2, 1), grant=grant_2025)
    with pytest.raises(ValidationError):
        services.allowance_sheet_prepare(actor=staff, month=dt.date(2025, 2, 1), grant=grant_2025)
    with pytest.raises(PermissionDenied):
        services.allowance_sheet_prepare(
            actor=UserFactory(role=Role.OFFICIAL), month=dt.date(2025, 3, 1), grant=grant_2025
        )


def test_four_eyes_the_preparer_never_approves(staff, second):
    rule(staff)
    grant = network_grant(2025)
    allowance_roster(2025, 2)
    sheet = services.allowance_sheet_prepare(actor=staff, month=dt.date(2025, 1, 1), grant=grant)
    with pytest.raises(ValidationError, match="một cán bộ khác phải phê duyệt"):
        services.allowance_sheet_approve(actor=staff, sheet=sheet)
    with pytest.raises(PermissionDenied):
        services.allowance_sheet_approve(actor=UserFactory(role=Role.OFFICIAL), sheet=sheet)
    with pytest.raises(ValidationError):  # not approved yet: cannot be paid
        services.allowance_sheet_pay(
            actor=second, sheet=sheet, paid_on=dt.date(2025, 2, 5), voucher="PC-01"
        )
    sheet = services.allowance_sheet_approve(actor=second, sheet=sheet)
    assert sheet.status == SheetStatus.APPROVED
    payment = sheet.disbursement
    assert (payment.kind, payment.status, payment.amount_vnd) == (
        "allowance",
        "approved",
        1_404_000,
    )
    assert (payment.scheduled_by, payment.approved_by) == (staff, second)
    # The payment moves with its sheet only, never from the project's money tab.
    with pytest.raises(ValidationError, match="bảng thanh toán phụ cấp"):
        money.disbursement_cancel(actor=staff, disbursement=payment, note="x")
    with pytest.raises(ValidationError, match="bảng thanh toán phụ cấp"):
        money.disbursement_pay(
            actor=staff, disbursement=payment, paid_on=dt.date(2025, 2, 5), reference="x"
        )
    assert list(sheet.events.values_list("to_status", flat=True)) == ["prepared", "approved"]


def test_returning_an_approved_sheet_releases_its_money(staff, second):
    rule(staff)
    grant = network_grant(2025)
    allowance_roster(2025, 1)
    sheet = services.allowance_sheet_prepare(actor=staff, month=dt.date(2025, 1, 1), grant=grant)
    sheet = services.allowance_sheet_approve(actor=second, sheet=sheet)
    payment = sheet.disbursement
    with pytest.raises(ValidationError):
        services.allowance_sheet_return(actor=second, sheet=sheet, note="")
    sheet = services.allowance_sheet_return(actor=second, sheet=sheet, note="Sai số xã")
    payment.refresh_from_db()
    assert (sheet.status, sheet.disbursement, payment.status) == ("prepared", None, "cancelled")
    sheet = services.allowance_sheet_approve(actor=second, sheet=sheet)
    assert sheet.disbursement.status == "approved"


def test_approval_is_refused_beyond_what_is_left_of_the_grant(staff, second):
    rule(staff)
    grant = network_grant(2025, amount_vnd=1_000_000)
    allowance_roster(2025, 2)
    sheet = services.allowance_sheet_prepare(actor=staff, month=dt.date(2025, 1, 1), grant=grant)
    with pytest.raises(ValidationError) as refused:
        services.allowance_sheet_approve(actor=second, sheet=sheet)
    assert "1.000.000 ₫" in str(refused.value)
    assert "404.000 ₫" in str(refused.value)
    assert not Disbursement.objects.filter(grant=grant).exists()


def test_the_ledger_and_the_period_report_count_the_allowances_to_the_dong(staff, second):
    rule(staff, missing_report="prorated", missing_report_percent=Decimal("33.33"))
    grant = network_grant(2025, amount_vnd=50_000_000)
    _roster, memberships = allowance_roster(2025, 3)
    allocation_before = Allocation.objects.get(pk=grant.allocation_id)
    paid = 0
    for month in (1, 2, 7):
        first = dt.date(2025, month, 1)
        report(memberships[0], first, first.replace(day=28))
        sheet = services.allowance_sheet_prepare(actor=staff, month=first, grant=grant)
        sheet = services.allowance_sheet_approve(actor=second, sheet=sheet)
        sheet = services.allowance_sheet_pay(
            actor=staff,
            sheet=sheet,
            paid_on=first.replace(month=month + 1, day=5),
            voucher=f"PC-{month:02d}",
        )
        paid += sheet.total_vnd
    # 30 % of 2.340.000 = 702.000; one report sent, two paid at 33,33 %: 233.976 each.
    assert paid == 3 * (702_000 + 2 * 233_976)
    grant.refresh_from_db()
    allocation = Allocation.objects.get(pk=grant.allocation_id)
    assert grant.paid_vnd == paid
    assert allocation.paid_vnd - allocation_before.paid_vnd == paid
    assert (
        Disbursement.objects.filter(grant=grant, status="paid", kind="allowance").aggregate(
            s=Sum("amount_vnd")
        )["s"]
        == paid
    )
    # The period report's "spent in the period" (the default measure) includes them.
    params = Measure.objects.get(code="da_chi").params
    assert "allowance" in params["kinds"]
    first_half = aggregate(
        "disbursement_sum", params, Period(dt.date(2025, 1, 1), dt.date(2025, 6, 30), 2025, 2025)
    )
    assert first_half["total"] == 2 * (702_000 + 2 * 233_976)
    assert first_half["fund_source"]["local"][1] == first_half["total"]
    # Paid means paid: a second payment is refused and nothing moves.
    with pytest.raises(ValidationError):
        services.allowance_sheet_pay(
            actor=staff, sheet=sheet, paid_on=dt.date(2025, 8, 6), voucher="PC-X"
        )
    assert Grant.objects.get(pk=grant.pk).paid_vnd == paid


def test_the_pay_service_needs_a_voucher_and_a_past_date(staff, second):
    rule(staff)
    grant = network_grant(2025)
    allowance_roster(2025, 1)
    sheet = services.allowance_sheet_prepare(actor=staff, month=dt.date(2025, 1, 1), grant=grant)
    sheet = services.allowance_sheet_approve(actor=second, sheet=sheet)
    with pytest.raises(ValidationError):
        services.allowance_sheet_pay(
            actor=staff, sheet=sheet, paid_on=dt.date(2025, 2, 1), voucher=" "
        )
    with pytest.raises(ValidationError):
        services.allowance_sheet_pay(
            actor=staff,
            sheet=sheet,
            paid_on=timezone.localdate() + dt.timedelta(days=1),
            voucher="PC-1",
        )
    assert AllowanceSheet.objects.get(pk=sheet.pk).status == "approved"
    assert Disbursement.objects.get(pk=sheet.disbursement_id).status == DisbursementStatus.APPROVED
    assert DisbursementKind.ALLOWANCE == "allowance"
