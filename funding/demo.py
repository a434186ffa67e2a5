"""Demo money: this year's allocations with four projects at each money step (under
way with a payment awaiting approval, accepted and overdue for settlement, settled with
the difference refunded, cancelled with an advance to refund), and next year's
allocations so the department can approve the plans waiting in its inbox.

Everything goes through the real services, so the demo is also a smoke test of them.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from collaborators.models import RosterMembership
from establishments.models import Establishment
from funding import plans, services
from funding.allowances import demo as allowances
from funding.models import Allocation, DisbursementKind
from localities.models import AdminUnit
from projects import services as project_services
from projects.models import (
    AcceptanceResult,
    AnnualPlan,
    DocumentKind,
    PlanStatus,
    Project,
    ProjectStatus,
    Recommendation,
)
from projects.monitoring import acceptance_record, document_upload
from projects.services import Line

UNIT = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp"


def _project(staff, year, code, title, content, fund, establishment_name, lines, start):
    establishment = Establishment.objects.get(name=establishment_name)
    project = project_services.project_create(
        actor=staff,
        code=code,
        title=title,
        plan_year=year,
        fund_source=fund,
        content_type=content,
        implementing_unit=UNIT,
        start_date=start,
        end_date=start + dt.timedelta(days=240),
        objectives=f"{title} cho {establishment.name}",
        beneficiaries=[establishment],
        site_communes=[establishment.commune],
        budget_lines=lines,
    )
    project_services.project_transition(
        actor=staff, project=project, target=ProjectStatus.SUBMITTED
    )
    project_services.project_appraise(
        actor=staff,
        project=project,
        appraised_on=start - dt.timedelta(days=40),
        score=88,
        recommendation=Recommendation.APPROVE,
        summary="Đạt yêu cầu, đề nghị đưa vào kế hoạch",
        council="Hội đồng thẩm định cấp cơ sở",
    )
    return project


def _pay(staff, accountant, grant, kind, amount, paid_on, voucher):
    disbursement = services.disbursement_schedule(
        actor=staff, grant=grant, kind=kind, amount_vnd=amount
    )
    services.disbursement_approve(actor=accountant, disbursement=disbursement)
    return services.disbursement_pay(
        actor=accountant, disbursement=disbursement, paid_on=paid_on, reference=voucher
    )


def _area_communes(year: int):
    """The communes the year's roster covers: the network project's sites."""
    through = RosterMembership.communes.through.objects.filter(
        rostermembership__roster__year=year, rostermembership__roster__approved_at__isnull=False
    )
    return AdminUnit.objects.filter(pk__in=through.values("adminunit_id")).order_by("name")


def _move(actor, project, *targets):
    for target in targets:
        project = project_services.project_transition(actor=actor, project=project, target=target)
    return project


def _plans_awaiting_the_department(staff, year: int) -> None:
    """Next year's appraised projects (the projects demo) in plans sent to the department,
    so the official's inbox has something to decide."""
    appraised = Project.objects.filter(status=ProjectStatus.APPRAISED, plan_year=year)
    for fund_source in sorted(set(appraised.values_list("fund_source", flat=True))):
        plan = plans.plan_create(actor=staff, year=year, fund_source=fund_source)
        for project in appraised.filter(fund_source=fund_source):
            plans.plan_add_item(actor=staff, plan=plan, project=project)
        plans.plan_submit(actor=staff, plan=plan)


@transaction.atomic
def load(*, stdout=None) -> None:
    if Allocation.objects.exists():
        if stdout is not None:
            stdout.write("  funding: already loaded")
        return
    staff = User.objects.get(username="canbo")
    accountant = User.objects.get(username="ketoan")
    official = User.objects.get(username="chuyenvien")
    today = timezone.localdate()
    year = today.year
    decided = today - dt.timedelta(days=150)
    _plans_awaiting_the_department(staff, year + 1)
    for y, national, local in (
        (year, 2_000_000_000, 1_500_000_000),
        (year + 1, 2_500_000_000, 1_800_000_000),
    ):
        services.allocation_create(
            actor=staff,
            year=y,
            fund_source="national",
            amount_vnd=national,
            legal_basis=f"Quyết định giao kế hoạch khuyến công quốc gia năm {y} (dữ liệu mẫu)",
            decided_on=decided if y == year else None,
        )
        services.allocation_create(
            actor=staff,
            year=y,
            fund_source="local",
            amount_vnd=local,
            legal_basis=f"Quyết định giao dự toán ngân sách tỉnh năm {y} (dữ liệu mẫu)",
            decided_on=decided if y == year else None,
        )

    start = decided + dt.timedelta(days=5)
    cnc = _project(
        staff,
        year,
        f"DP-{year}-201",
        "Hỗ trợ máy CNC chạm khắc gỗ",
        "machinery",
        "national",
        "Cơ sở Mộc mỹ nghệ Đồng Kỵ",
        [Line("Máy CNC 4 trục", 280_000_000, 420_000_000)],
        start,
    )
    kiln = _project(
        staff,
        year,
        f"DP-{year}-202",
        "Mô hình trình diễn lò sấy bánh đa tiết kiệm năng lượng",
        "demo_model",
        "local",
        "Cơ sở Bánh đa Kế",
        [
            Line("Lò sấy và lắp đặt", 220_000_000, 560_000_000),
            Line("Hướng dẫn kỹ thuật, hội thảo", 20_000_000, 40_000_000),
        ],
        start,
    )
    training = _project(
        staff,
        year,
        f"DP-{year}-203",
        "Đào tạo nghề rèn cho lao động nông thôn",
        "training",
        "local",
        "Cơ sở Rèn Đa Hội",
        [
            Line("Thù lao giảng viên, học liệu", 90_000_000, 0),
            Line("Nguyên liệu thực hành", 30_000_000, 10_000_000),
        ],
        start,
    )
    bricks = _project(
        staff,
        year,
        f"DP-{year}-204",
        "Hỗ trợ máy ép gạch không nung",
        "machinery",
        "national",
        "Công ty TNHH Gạch không nung Đồng Kỳ",
        [Line("Máy ép thủy lực", 200_000_000, 300_000_000)],
        start,
    )
    allowances.ensure_rule(staff)
    allowances.last_year_network(staff, official, year - 1)
    network = allowances.network_project(staff, year, 40_000_000, list(_area_communes(year)))
    for fund, members in (("national", (cnc, bricks)), ("local", (kiln, training, network))):
        plan = plans.plan_create(actor=staff, year=year, fund_source=fund)
        for project in members:
            plans.plan_add_item(actor=staff, plan=plan, project=project)
        plans.plan_submit(actor=staff, plan=plan)
        plans.plan_approve(
            actor=official,
            plan=plan,
            decision_number=f"{'15' if fund == 'national' else '27'}/QĐ-SCT",
            decision_date=decided,
        )

    advance_paid = decided + dt.timedelta(days=20)
    for project in (cnc, kiln, training, bricks, network):
        _move(staff, project, ProjectStatus.CONTRACTED, ProjectStatus.IN_PROGRESS)

    # Under way: the advance paid, an interim payment waiting for a second pair of eyes.
    cnc.refresh_from_db()
    grant = cnc.grant
    _pay(staff, accountant, grant, DisbursementKind.ADVANCE, 196_000_000, advance_paid, "KB-0101")
    services.disbursement_schedule(
        actor=staff,
        grant=grant,
        kind=DisbursementKind.INTERIM,
        amount_vnd=50_000_000,
        due_on=today + dt.timedelta(days=7),
        note="Thanh toán đợt 2 theo hợp đồng",
    )
    services.counterpart_record(actor=staff, grant=grant, amount_vnd=250_000_000)

    # Accepted a month ago, no settlement papers yet: overdue; the final payment approved.
    kiln.refresh_from_db()
    grant = kiln.grant
    _pay(staff, accountant, grant, DisbursementKind.ADVANCE, 168_000_000, advance_paid, "KB-0102")
    acceptance_record(
        actor=staff,
        project=kiln,
        accepted_on=today - dt.timedelta(days=30),
        minutes_number="NT-12/BB",
        result=AcceptanceResult.PASSED,
    )
    _move(official, kiln, ProjectStatus.ACCEPTED)
    final = services.disbursement_schedule(
        actor=staff, grant=grant, kind=DisbursementKind.FINAL, amount_vnd=72_000_000
    )
    services.disbursement_approve(actor=accountant, disbursement=final)

    # Settled below what was paid; the difference came back.
    training.refresh_from_db()
    grant = training.grant
    _pay(staff, accountant, grant, DisbursementKind.ADVANCE, 84_000_000, advance_paid, "KB-0103")
    acceptance_record(
        actor=staff,
        project=training,
        accepted_on=today - dt.timedelta(days=45),
        minutes_number="NT-08/BB",
        result=AcceptanceResult.PASSED,
    )
    _move(official, training, ProjectStatus.ACCEPTED)
    _pay(
        staff,
        accountant,
        grant,
        DisbursementKind.FINAL,
        36_000_000,
        today - dt.timedelta(days=40),
        "KB-0140",
    )
    document_upload(
        actor=staff,
        project=training,
        kind=DocumentKind.SETTLEMENT,
        title="Hồ sơ quyết toán",
        file=ContentFile(b"%PDF-1.4\n% demo settlement papers\n", name="quyet-toan.pdf"),
    )
    grant = services.grant_settle(
        actor=staff,
        grant=grant,
        settled_vnd=112_000_000,
        counterpart_actual_vnd=9_500_000,
        settled_on=today - dt.timedelta(days=20),
        settlement_number="QT-05/QĐ-TTKC",
        note="Giảm 8 học viên so với dự kiến",
    )
    services.refund_record(
        actor=accountant,
        grant=grant,
        amount_vnd=8_000_000,
        reason="Hoàn trả chênh lệch sau quyết toán",
        refunded_on=today - dt.timedelta(days=10),
        reference="GNT-0021",
    )

    # Cancelled after the advance: the advance is due back.
    bricks.refresh_from_db()
    _pay(
        staff,
        accountant,
        bricks.grant,
        DisbursementKind.ADVANCE,
        140_000_000,
        advance_paid,
        "KB-0104",
    )
    project_services.project_transition(
        actor=staff,
        project=bricks,
        target=ProjectStatus.CANCELLED,
        note="Cơ sở không bố trí được mặt bằng lắp đặt máy",
    )
    sheet_count = allowances.sheets(staff, accountant, today)
    # The department refused the CNC machine's acceptance: the center records it again
    # (its queue "Nghiệm thu bị Sở từ chối").
    cnc.refresh_from_db()
    acceptance_record(
        actor=staff,
        project=cnc,
        accepted_on=today - dt.timedelta(days=3),
        minutes_number="NT-15/BB",
        result=AcceptanceResult.PASSED,
    )
    project_services.project_transition(
        actor=official,
        project=cnc,
        target=ProjectStatus.IN_PROGRESS,
        note="Thiếu biên bản bàn giao máy và hóa đơn",
    )

    # Next year's plan came back from the department with comments (the staff's queue
    # "Kế hoạch Sở trả lại"); this year's national plan is adjusted to record the cancelled
    # project, and the adjustment awaits the official.
    for returned in AnnualPlan.objects.filter(year=year + 1, status=PlanStatus.SUBMITTED):
        plans.plan_return(
            actor=official,
            plan=returned,
            note="Bổ sung thuyết minh hiệu quả và phương án đối ứng của cơ sở",
        )
    approved = AnnualPlan.objects.get(year=year, fund_source="national", version=1)
    plans.plan_submit(actor=staff, plan=plans.plan_adjust(actor=staff, plan=approved))
    if stdout is not None:
        stdout.write(
            f"  funding: {sheet_count} allowance sheets, "
            f"{Allocation.objects.count()} allocations, "
            f"{Project.objects.filter(plan_year=year).count()} projects with money this year"
        )
