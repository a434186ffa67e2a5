"""Demo history: ten years of projects of both former provinces (Bắc Giang and Bắc Ninh,
merged into Bắc Ninh in 2025), imported through the real historical import, and a
period summary already built, so the dashboard and the reports have something to say."""

import random

from django.utils import timezone

from accounts.models import User
from localities.models import AdminUnit, Era, Level
from projects.history_import import import_projects
from projects.models import Project, ProjectSource
from reports import services
from reports.models import ReportJob
from reports.reminders import certificate_expiry_reminders

CONTENTS = [
    ("machinery", "Hỗ trợ ứng dụng máy móc thiết bị"),
    ("demo_model", "Xây dựng mô hình trình diễn kỹ thuật"),
    ("training", "Đào tạo nghề, truyền nghề"),
    ("fair_exhibition", "Tham gia hội chợ triển lãm"),
    ("typical_product", "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu"),
    ("brand_showroom", "Hỗ trợ xây dựng thương hiệu, phòng trưng bày"),
]
TRADES = ["Mộc", "Mây tre đan", "Cơ khí", "Chế biến nông sản", "Gốm", "Dệt may", "Bánh đa"]


def _rows(rng: random.Random, this_year: int) -> list[list]:
    legacy = list(
        AdminUnit.objects.filter(
            era=Era.LEGACY,
            level=Level.COMMUNE,
            parent__parent__level=Level.PROVINCE,
            parent__parent__code__in=("24", "27"),
        )
        .select_related("parent__parent")
        .order_by("code")
    )
    current = list(
        AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, parent__code="24")
        .select_related("parent")
        .order_by("code")
    )
    header = [
        "Mã đề án",
        "Tên đề án",
        "Năm",
        "Nguồn kinh phí",
        "Nội dung",
        "Cơ sở",
        "Mã số thuế",
        "Địa chỉ",
        "Kinh phí hỗ trợ",
        "Vốn đối ứng",
        "Trạng thái",
    ]
    rows = [header]
    for year in range(this_year - 10, this_year):
        for n in range(1, rng.randint(9, 15)):
            content, label = rng.choice(CONTENTS)
            fund = "Quốc gia" if rng.random() < 0.4 else "Địa phương"
            if year < 2025:
                unit = rng.choice(legacy)
                address = f"{unit.name}, {unit.parent.name}, {unit.parent.parent.name}"
            else:
                unit = rng.choice(current)
                address = f"{unit.name}, {unit.parent.name}"
            trade = rng.choice(TRADES)
            support = rng.randrange(50, 600) * 1_000_000
            rows.append(
                [
                    f"LS-{year}-{n:03d}",
                    f"{label} — {trade.lower()} {unit.name}",
                    year,
                    fund,
                    content,
                    f"Cơ sở {trade} {unit.name.split(' ', 1)[-1]}",
                    "",
                    address,
                    support,
                    support * rng.randint(1, 3),
                    "",
                ]
            )
    return rows


def load(*, stdout=None) -> None:
    if Project.objects.filter(source=ProjectSource.IMPORT).exists():
        if stdout is not None:
            stdout.write("  reports: already loaded")
        return
    staff = User.objects.get(username="canbo")
    this_year = timezone.localdate().year
    outcome = import_projects(
        actor=staff, rows=_rows(random.Random(2025), this_year), filename="lich-su-demo.xlsx"
    )
    if not outcome.ok:
        problems = "; ".join(f"{p.row} {p.column}: {p.message}" for p in outcome.problems[:5])
        raise RuntimeError(f"demo history import refused: {problems}")
    services.job_submit(
        actor=staff,
        kind="period_summary",
        params={"from_year": this_year - 10, "to_year": this_year - 1},
    )
    followups = _followups(staff, this_year)
    services.job_submit(
        actor=staff, kind="periodic", params={"period": "year", "year": this_year - 1}
    )
    certificate_expiry_reminders()  # staff hear of certificates about to lapse
    if stdout is not None:
        stdout.write(
            f"  reports: {outcome.created} historical projects, "
            f"{outcome.establishments_created} establishments; "
            f"{followups} results after support; {ReportJob.objects.count()} report jobs"
        )


def _followups(staff, this_year: int) -> int:
    """Results after support: one recorded (the training project accepted this year),
    one owed (a project of last year's history, accepted eight months ago: imported
    records carry no acceptance minutes, so the demo writes them)."""
    import datetime as dt

    from projects.models import Acceptance, AcceptanceResult, ProjectStatus
    from projects.outcomes import add_months, followup_record

    today = timezone.localdate()
    done = 0
    training = Project.objects.filter(code=f"DP-{this_year}-203").first()
    if training is not None:
        establishment = training.beneficiaries.first()
        accepted_on = training.acceptances.order_by("-accepted_on").first().accepted_on
        followup_record(
            actor=staff,
            project=training,
            establishment=establishment,
            recorded_on=max(accepted_on, today - dt.timedelta(days=3)),
            capacity_increase_pct=20,
            productivity_increase_pct=15,
            quality="Sản phẩm rèn đồng đều hơn, ít lỗi nứt",
            value_added_vnd=180_000_000,
            revenue_before_vnd=1_200_000_000,
            revenue_after_vnd=1_450_000_000,
            new_markets=1,
            new_markets_note="Đại lý nông cụ tại Thái Nguyên",
            jobs_kept=12,
            jobs_created=6,
            capital_mobilised_vnd=150_000_000,
        )
        done += 1
    owed = (
        Project.objects.filter(
            source=ProjectSource.IMPORT,
            plan_year=this_year - 1,
            status=ProjectStatus.SETTLED,
            beneficiaries__isnull=False,
        )
        .order_by("code")
        .first()
    )
    if owed is not None:
        Acceptance.objects.create(
            project=owed,
            accepted_on=add_months(today, -8),
            minutes_number="NT-LS/BB",
            result=AcceptanceResult.PASSED,
            people_trained=0,
            recorded_by=staff,
        )
    return done
