"""Papers drafted from an annual plan version: the decision approving it, with the list
of its projects as the annex, and the decision adjusting it."""

from collections import OrderedDict

from django.apps import apps
from django.db.models import BigIntegerField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from documents.kinds.base import FUND_SOURCE, KindSpec, money, month_year
from documents.kinds.projects import commune_name
from documents.models import ObjectType, TypeAbbreviation
from documents.words import amount_in_words, decree_date

# The annex's list is cut into tables of this many rows (see documents.docx_build.plans):
# LibreOffice converts a plan of 1,800 projects three times faster so.
ANNEX_ROWS_PER_TABLE = 100


def _plan_rows(plan):
    PlanItem = apps.get_model("projects", "PlanItem")
    BudgetLine = apps.get_model("projects", "BudgetLine")

    def total(column: str):
        lines = (
            BudgetLine.objects.filter(project=OuterRef("project_id"))
            .order_by()
            .values("project")
            .annotate(total=Sum(column))
            .values("total")
        )
        return Coalesce(Subquery(lines, output_field=BigIntegerField()), Value(0))

    Establishment = apps.get_model("establishments", "Establishment")
    return (
        PlanItem.objects.filter(plan=plan)
        .select_related("project__commune", "project__legacy_commune")
        .prefetch_related(
            Prefetch(
                "project__beneficiaries",
                queryset=Establishment.objects.only("name", "tax_code").order_by("name"),
            )
        )
        .annotate(
            support_total=total("state_support_vnd"), counterpart_total=total("counterpart_vnd")
        )
        .order_by("project__code")
    )


def plan_context(plan) -> dict:
    rows, groups = [], OrderedDict()
    sums = {"total_cost": 0, "support": 0, "counterpart": 0}
    for index, item in enumerate(_plan_rows(plan), start=1):
        project = item.project
        cost = item.support_total + item.counterpart_total
        names = "; ".join(
            f"{e.name} (MST: {e.tax_code})" if e.tax_code else e.name
            for e in project.beneficiaries.all()
        )
        period = " - ".join(
            p for p in (month_year(project.start_date), month_year(project.end_date)) if p
        )
        content = project.get_content_type_display()
        rows.append(
            {
                "index": index,
                "code": project.code,
                "title": project.title,
                "content": content,
                "beneficiary": names,
                "commune": commune_name(project),
                "period": period or str(project.plan_year),
                "total_cost": money(cost),
                "support": money(item.amount_vnd),
                "counterpart": money(item.counterpart_total),
            }
        )
        group = groups.setdefault(
            content,
            {"content": content, "count": 0, "total_cost": 0, "support": 0, "counterpart": 0},
        )
        for key, value in (
            ("total_cost", cost),
            ("support", item.amount_vnd),
            ("counterpart", item.counterpart_total),
        ):
            group[key] += value
            sums[key] += value
        group["count"] += 1
    by_content = [
        {**g, **{k: money(g[k]) for k in ("total_cost", "support", "counterpart")}}
        for g in sorted(groups.values(), key=lambda g: g["content"])
    ]
    fund = FUND_SOURCE.get(plan.fund_source, "")
    return {
        "year": plan.year,
        "version": plan.version,
        "fund_source": f"Kinh phí {fund}",
        "fund_source_lower": fund,
        "fund_source_upper": fund.upper(),
        "item_count": len(rows),
        "rows": rows,
        "row_chunks": [
            rows[start : start + ANNEX_ROWS_PER_TABLE]
            for start in range(0, len(rows), ANNEX_ROWS_PER_TABLE)
        ]
        or [[]],
        "by_content": by_content,
        "total_cost": money(sums["total_cost"]),
        "total_support": money(sums["support"]),
        "total_support_words": amount_in_words(sums["support"]),
        "total_counterpart": money(sums["counterpart"]),
        "total_support_vnd": sums["support"],
    }


def _approval_basis(plan) -> list[str]:
    if not plan.decision_number:
        return []
    return [
        f"Căn cứ Quyết định số {plan.decision_number} {decree_date(plan.decision_date)} "
        f"phê duyệt kế hoạch {FUND_SOURCE.get(plan.fund_source, '')} năm {plan.year}"
    ]


def _previous_plan(plan):
    AnnualPlan = apps.get_model("projects", "AnnualPlan")
    return (
        AnnualPlan.objects.filter(
            year=plan.year, fund_source=plan.fund_source, version__lt=plan.version
        )
        .order_by("-version")
        .first()
    )


def adjustment_context(plan) -> dict:
    context = plan_context(plan)
    previous = _previous_plan(plan)
    before = dict(previous.items.values_list("project_id", "amount_vnd")) if previous else {}
    after = {item.project_id: item for item in plan.items.select_related("project")}
    Project = apps.get_model("projects", "Project")
    dropped = Project.objects.in_bulk(set(before) - set(after))
    changes = []
    for project_id in sorted(set(before) | set(after), key=lambda pk: pk):
        old, new = before.get(project_id), after.get(project_id)
        if new is not None and old == new.amount_vnd:
            continue
        project = new.project if new else dropped[project_id]
        change = "Bổ sung" if old is None else ("Đưa ra" if new is None else "Điều chỉnh kinh phí")
        changes.append(
            {
                "code": project.code,
                "title": project.title,
                "change": change,
                "before": money(old) if old is not None else "",
                "after": money(new.amount_vnd) if new else "",
            }
        )
    changes.sort(key=lambda row: row["code"])
    for index, row in enumerate(changes, start=1):
        row["index"] = index
    return {**context, "changes": changes, "previous_version": previous.version if previous else ""}


SPECS = (
    KindSpec(
        code="plan_decision",
        abbreviation=TypeAbbreviation.DECISION,
        type_name="QUYẾT ĐỊNH",
        title="Quyết định phê duyệt kế hoạch khuyến công",
        object_type=ObjectType.PLAN,
        subject=lambda plan: (
            f"Về việc phê duyệt kế hoạch {FUND_SOURCE.get(plan.fund_source, '')} năm {plan.year}"
        ),
        context=plan_context,
        recipients=("Như Điều 3", "Sở Công Thương (để báo cáo)", "Kho bạc Nhà nước tỉnh"),
        extra_bases=_approval_basis,
    ),
    KindSpec(
        code="plan_adjustment_decision",
        abbreviation=TypeAbbreviation.DECISION,
        type_name="QUYẾT ĐỊNH",
        title="Quyết định điều chỉnh kế hoạch khuyến công",
        object_type=ObjectType.PLAN,
        subject=lambda plan: (
            f"Về việc điều chỉnh kế hoạch {FUND_SOURCE.get(plan.fund_source, '')} năm {plan.year}"
        ),
        context=adjustment_context,
        recipients=("Như Điều 2", "Sở Công Thương (để báo cáo)", "Kho bạc Nhà nước tỉnh"),
        applies=lambda plan: plan.version > 1,
        extra_bases=_approval_basis,
    ),
)
