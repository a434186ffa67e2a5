"""Plan implementation: per project of a year's plans, what was planned, granted, paid
and contributed, and how far it has got."""

from django.db.models import BigIntegerField, IntegerField, OuterRef, Subquery
from django.utils import translation

from core.spreadsheets import COUNT, MONEY, SheetColumn
from funding.models import Grant
from projects.models import AnnualPlan, FundSource, PlanItem, ProgressReport, Project, ProjectStatus
from projects.selectors import budget_total

from .common import Progress, Sheet, noop


def plan_implementation_sheets(*, year: int, progress: Progress = noop) -> list[Sheet]:
    """Per project of the year's plans: planned, granted, paid, counterpart planned and
    actual, status, progress. One query, streamed."""
    # The amount in the plan the department approved last (the latest approved version of
    # the year's plan of that fund): a draft adjustment changes nothing yet, and a project
    # dropped by an approved adjustment has no planned amount any more.
    latest_plan = (
        AnnualPlan.objects.filter(
            year=year, fund_source=OuterRef(OuterRef("fund_source")), status="approved"
        )
        .order_by("-version")
        .values("pk")[:1]
    )
    planned = PlanItem.objects.filter(project=OuterRef("pk"), plan=Subquery(latest_plan)).values(
        "amount_vnd"
    )[:1]
    last_progress = (
        ProgressReport.objects.filter(project=OuterRef("pk"))
        .order_by("-period")
        .values("percent_done")[:1]
    )
    grants = Grant.objects.filter(project=OuterRef("pk"))
    qs = (
        Project.objects.filter(plan_year=year, plan_items__isnull=False)
        .distinct()
        .annotate(
            planned=Subquery(planned, output_field=BigIntegerField()),
            granted=Subquery(grants.values("amount_vnd")[:1], output_field=BigIntegerField()),
            paid=Subquery(grants.values("paid_vnd")[:1], output_field=BigIntegerField()),
            refunded=Subquery(grants.values("refunded_vnd")[:1], output_field=BigIntegerField()),
            cp_planned=budget_total("counterpart_vnd"),
            cp_actual=Subquery(
                grants.values("counterpart_actual_vnd")[:1], output_field=BigIntegerField()
            ),
            done=Subquery(last_progress, output_field=IntegerField()),
        )
        .order_by("fund_source", "code")
    )
    progress(30)
    with translation.override("vi"):
        statuses = {k: str(v) for k, v in ProjectStatus.choices}
        funds = {k: str(v) for k, v in FundSource.choices}

    def rows():
        for p in qs.values_list(
            "code",
            "title",
            "fund_source",
            "planned",
            "granted",
            "paid",
            "refunded",
            "cp_planned",
            "cp_actual",
            "status",
            "done",
        ).iterator(chunk_size=2000):
            code, title, fund, planned_, granted, paid, refunded, cpp, cpa, status, done = p
            yield [
                code,
                title,
                funds.get(fund, fund),
                planned_ or 0,
                granted or 0,
                (paid or 0) - (refunded or 0),
                cpp or 0,
                cpa,
                statuses.get(status, status),
                done,
            ]

    return [
        Sheet(
            f"Kế hoạch {year}",
            [
                SheetColumn("Mã đề án", 14),
                SheetColumn("Tên đề án", 50),
                SheetColumn("Nguồn kinh phí", 24),
                SheetColumn("Kế hoạch (đồng)", 17, MONEY),
                SheetColumn("Được cấp (đồng)", 17, MONEY),
                SheetColumn("Đã chi (đồng)", 17, MONEY),
                SheetColumn("Đối ứng kế hoạch (đồng)", 17, MONEY),
                SheetColumn("Đối ứng thực tế (đồng)", 17, MONEY),
                SheetColumn("Trạng thái", 20),
                SheetColumn("Tiến độ (%)", 10, COUNT),
            ],
            rows(),
            frozen_columns=2,
        )
    ]
