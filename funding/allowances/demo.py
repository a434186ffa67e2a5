"""Demo allowances: the province's allowance rule, last year's and this year's network
projects with their grants, the collaborators' monthly reports (one month without a
report, one sent late) and the sheets of every month that has ended: paid, and the last
one prepared and waiting for a second pair of eyes. Called by funding.demo."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from collaborators import services as collaborator_services
from collaborators.models import AllowanceRule, CollaboratorRoster, MissingReport
from establishments.models import MonthlyReport
from funding import plans
from funding import services as money
from projects import services as project_services
from projects.models import ProjectStatus, Recommendation
from projects.services import Line

from .models import AllowanceSheet, SheetStatus
from .services import (
    allowance_line_set,
    allowance_sheet_approve,
    allowance_sheet_cancel,
    allowance_sheet_pay,
    allowance_sheet_prepare,
)

TITLE = "Duy trì mạng lưới cộng tác viên khuyến công năm {year}"
UNIT = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp"
RULE_BASIS = "Nghị quyết về mức phụ cấp cộng tác viên khuyến công (dữ liệu mẫu)"


def ensure_rule(staff) -> None:
    if AllowanceRule.objects.exists():
        return
    collaborator_services.allowance_rule_save(
        actor=staff,
        rule=AllowanceRule(
            legal_basis=RULE_BASIS,
            valid_from=dt.date(2016, 1, 1),
            wage_percent=Decimal(30),
            missing_report=MissingReport.PRORATED,
            missing_report_percent=Decimal(50),
            missing_report_basis="Quy chế chi tiêu nội bộ của Trung tâm (dữ liệu mẫu)",
            note="Mỗi cộng tác viên cấp xã được phụ cấp hằng tháng bằng 30% mức lương cơ sở.",
        ),
    )


def network_project(staff, year: int, amount: int, communes):
    """The year's network project, drafted and appraised, ready to go into a plan."""
    project = project_services.project_create(
        actor=staff,
        code=f"DP-{year}-290",
        title=TITLE.format(year=year),
        plan_year=year,
        fund_source="local",
        content_type="capacity",
        implementing_unit=UNIT,
        start_date=dt.date(year, 1, 1),
        end_date=dt.date(year, 12, 31),
        objectives="Chi phụ cấp hằng tháng cho cộng tác viên khuyến công theo danh sách được duyệt",
        site_communes=communes,
        budget_lines=[Line("Phụ cấp cộng tác viên 12 tháng", amount, 0)],
    )
    project_services.project_transition(
        actor=staff, project=project, target=ProjectStatus.SUBMITTED
    )
    project_services.project_appraise(
        actor=staff,
        project=project,
        appraised_on=dt.date(year - 1, 12, 10),
        score=90,
        recommendation=Recommendation.APPROVE,
        summary="Duy trì mạng lưới theo Quyết định công nhận cộng tác viên",
        council="Hội đồng thẩm định cấp cơ sở",
    )
    return project


def last_year_network(staff, official, year: int) -> None:
    """Last year's allocation, plan and network project (nothing else of that year)."""
    roster = CollaboratorRoster.objects.filter(year=year, approved_at__isnull=False).first()
    if roster is None:
        return
    communes = [c for m in roster.memberships.all() for c in m.communes.all()]
    money.allocation_create(
        actor=staff,
        year=year,
        fund_source="local",
        amount_vnd=300_000_000,
        legal_basis=f"Quyết định giao dự toán ngân sách tỉnh năm {year} (dữ liệu mẫu)",
        decided_on=dt.date(year, 1, 5),
    )
    project = network_project(staff, year, 20_000_000, communes)
    plan = plans.plan_create(actor=staff, year=year, fund_source="local")
    plans.plan_add_item(actor=staff, plan=plan, project=project)
    plans.plan_submit(actor=staff, plan=plan)
    plans.plan_approve(
        actor=official, plan=plan, decision_number="09/QĐ-SCT", decision_date=dt.date(year, 1, 8)
    )


def _reports(roster, month: dt.date, *, missing=(), late=()) -> None:
    """The month's reports, sent on the 28th (or on the 3rd of the next month when late).
    Written directly: the service sends a report now, the demo needs past months."""
    tz = timezone.get_current_timezone()
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    for membership in roster.memberships.select_related("collaborator__user"):
        username = membership.collaborator.user.username
        if username in missing:
            continue
        sent = next_month.replace(day=3) if username in late else month.replace(day=28)
        MonthlyReport.objects.get_or_create(
            collaborator=membership.collaborator,
            month=month,
            defaults={"submitted_at": dt.datetime.combine(sent, dt.time(16, 30), tzinfo=tz)},
        )


def sheets(staff, accountant, today: dt.date) -> int:
    """Every ended month of last year and this year: reports, then the sheet (paid, and
    the last ended month prepared only)."""
    count = 0
    last_ended = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for year in (today.year - 1, today.year):
        roster = CollaboratorRoster.objects.filter(year=year, approved_at__isnull=False).first()
        grant = money_grant(year)
        if roster is None or grant is None:
            continue
        for number in range(1, 13):
            month = dt.date(year, number, 1)
            if (
                month > last_ended
                or AllowanceSheet.objects.filter(month=month)
                .exclude(status=SheetStatus.CANCELLED)
                .exists()
            ):
                continue
            # One month without ctv2's report (paid at half), one sent late by ctv.
            missing = ("ctv2",) if year == today.year and number == 3 else ()
            late = ("ctv",) if year == today.year and number == 2 else ()
            _reports(roster, month, missing=missing, late=late)
            if year == today.year and number == 1:  # prepared too early, cancelled, redone
                early = allowance_sheet_prepare(actor=staff, month=month, grant=grant)
                allowance_sheet_cancel(
                    actor=staff,
                    sheet=early,
                    note="Lập trước khi nhận đủ báo cáo tháng 01; lập lại bảng mới",
                )
            sheet = allowance_sheet_prepare(actor=staff, month=month, grant=grant)
            count += 1
            if year == today.year - 1 and number == 6:  # an amount set by hand, with why
                line = sheet.lines.order_by("pk").first()
                allowance_line_set(
                    actor=staff,
                    line=line,
                    amount_vnd=line.due_vnd * 20 // 30,
                    reason="Nghỉ không hưởng phụ cấp 10 ngày (đơn ngày 05/6)",
                )
                sheet.refresh_from_db()
            if month == last_ended:
                continue  # waiting for the accountant's approval
            sheet = allowance_sheet_approve(actor=accountant, sheet=sheet)
            paid_on = min((month + dt.timedelta(days=32)).replace(day=5), today)
            allowance_sheet_pay(
                actor=accountant, sheet=sheet, paid_on=paid_on, voucher=f"PC-{year}-{number:02d}"
            )
    return count


def money_grant(year: int):
    from .services import network_grants

    return network_grants(year).first()
