"""The kinds of official papers the portal drafts: their defaults, the object each is
drafted from, and the facts of that object each template prints.

Kind codes are stable (scripts and `manage.py document render` name them). The defaults
seed the DocumentKind rows; the center edits the rows afterwards (legal bases change).

Long module: every kind of paper and what fills it; to be split by family.
"""

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import BigIntegerField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from documents.models import ObjectType, TypeAbbreviation
from documents.words import amount_in_words, decree_date

# Legal bases in force as the portal was written (see docs/DOMAIN.md); the center keeps
# them current on the kind's page in the admin.
DECREE_45 = (
    "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến "
    "công; Nghị định số 235/2025/NĐ-CP ngày 27 tháng 8 năm 2025 của Chính phủ sửa đổi, bổ sung "
    "một số điều của Nghị định số 45/2012/NĐ-CP"
)
CIRCULAR_46 = (
    "Căn cứ Thông tư số 46/2012/TT-BCT ngày 28 tháng 12 năm 2012 của Bộ trưởng Bộ Công "
    "Thương quy định chi tiết một số nội dung của Nghị định số 45/2012/NĐ-CP"
)
CIRCULAR_28 = (
    "Căn cứ Thông tư số 28/2018/TT-BTC ngày 28 tháng 3 năm 2018 của Bộ trưởng Bộ Tài chính "
    "hướng dẫn lập, quản lý, sử dụng kinh phí khuyến công; Thông tư số 64/2024/TT-BTC ngày 28 "
    "tháng 8 năm 2024 sửa đổi, bổ sung một số điều của Thông tư số 28/2018/TT-BTC"
)
MONEY_BASES = (DECREE_45, CIRCULAR_46, CIRCULAR_28)

FUND_SOURCE = {
    "national": "khuyến công quốc gia",
    "local": "khuyến công địa phương",
}
ACCEPTANCE_RESULT = {
    "passed": "đạt yêu cầu",
    "conditional": "đạt yêu cầu, có điều kiện",
    "failed": "không đạt yêu cầu",
}
RECOMMENDATION = {
    "approve": "đề nghị đưa vào kế hoạch",
    "revise": "đề nghị chỉnh sửa, bổ sung",
    "reject": "không đề nghị hỗ trợ",
}
LEVEL = {
    "commune": "cấp xã",
    "provincial": "cấp tỉnh",
    "regional": "cấp khu vực",
    "national": "cấp quốc gia",
}
BLANK = "……"

OBJECT_MODELS = {
    ObjectType.PLAN: "projects.AnnualPlan",
    ObjectType.PROJECT: "projects.Project",
    ObjectType.ACCEPTANCE: "projects.Acceptance",
    ObjectType.GRANT: "funding.Grant",
    ObjectType.VOTING_ROUND: "products.VotingRound",
    ObjectType.ROSTER: "collaborators.CollaboratorRoster",
}


def object_model(object_type: str):
    return apps.get_model(OBJECT_MODELS[object_type])


def money(amount: int | None) -> str:
    """In a paper: "135.000.000" (the text says "đồng")."""
    if amount is None:
        return BLANK
    return f"{int(amount):,}".replace(",", ".")


def month_year(value: dt.date | None) -> str:
    return f"{value.month:02d}/{value.year}" if value else ""


@dataclass(frozen=True)
class KindSpec:
    code: str
    abbreviation: str
    type_name: str
    title: str
    object_type: str
    subject: Callable[[object], str]
    context: Callable[[object], dict]
    legal_bases: tuple[str, ...] = MONEY_BASES
    recipients: tuple[str, ...] = ()
    signer_authority: str = ""
    signer_title: str = "GIÁM ĐỐC"
    applies: Callable[[object], bool] = lambda obj: True
    extra_bases: Callable[[object], list[str]] = field(default=lambda obj: [])


# --- facts shared by the project papers -------------------------------------------------


def _commune_name(project) -> str:
    unit = project.commune or project.legacy_commune
    return unit.name if unit else ""


def _beneficiary(project):
    return next(iter(project.beneficiaries.all()), None)


def _project_totals(project) -> tuple[int, int]:
    lines = project.budget_lines.aggregate(
        support=Coalesce(Sum("state_support_vnd"), 0),
        counterpart=Coalesce(Sum("counterpart_vnd"), 0),
    )
    return lines["support"], lines["counterpart"]


def _grant(project):
    Grant = apps.get_model("funding", "Grant")
    return Grant.objects.filter(project=project).first()


def party_b(project) -> dict:
    establishment = _beneficiary(project)
    if establishment is None:
        return {
            "name": BLANK,
            "representative": BLANK,
            "address": BLANK,
            "tax_code": BLANK,
            "bank_account": "",
        }
    commune = establishment.commune.name if establishment.commune_id else ""
    address = ", ".join(part for part in (establishment.address_line, commune) if part)
    return {
        "name": establishment.name,
        "representative": establishment.contact_person or BLANK,
        "address": address or BLANK,
        "tax_code": establishment.tax_code or BLANK,
        "bank_account": getattr(establishment, "bank_account", "") or "",
    }


def project_context(project) -> dict:
    support, counterpart = _project_totals(project)
    grant = _grant(project)
    value = grant.amount_vnd if grant else support
    advance = grant.advance_max_percent if grant and grant.advance_max_percent else None
    milestones = []
    if project.start_date:
        milestones.append(f"Bắt đầu thực hiện: {decree_date(project.start_date)}.")
    milestones.append("Hằng tháng, trước ngày 25: Bên B gửi báo cáo tiến độ thực hiện.")
    if project.end_date:
        milestones.append(f"Hoàn thành, nghiệm thu: trước {decree_date(project.end_date)}.")
    else:
        milestones.append(f"Hoàn thành, nghiệm thu: trong năm {project.plan_year}.")
    return {
        "project": {
            "code": project.code,
            "title": project.title,
            "content": project.get_content_type_display(),
            "place": _commune_name(project) or BLANK,
            "year": project.plan_year,
        },
        "fund_source_lower": FUND_SOURCE.get(project.fund_source, ""),
        "party_b": party_b(project),
        "value_figures": money(value),
        "value_words": amount_in_words(value),
        "counterpart_figures": money(counterpart),
        "total_cost_figures": money(support + counterpart),
        "advance_percent": f"{advance:g}" if advance is not None else BLANK,
        "advance_figures": money(value * advance // 100) if advance is not None else BLANK,
        "milestones": milestones,
    }


# --- plans ------------------------------------------------------------------------------


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
                "commune": _commune_name(project),
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


# --- other objects ----------------------------------------------------------------------


def acceptance_context(acceptance) -> dict:
    return {
        **project_context(acceptance.project),
        "accepted_on_text": decree_date(acceptance.accepted_on),
        "minutes_number": acceptance.minutes_number,
        "result": ACCEPTANCE_RESULT.get(acceptance.result, acceptance.result),
        "notes": acceptance.notes,
    }


def _latest_appraisal(project):
    return project.appraisals.order_by("-appraised_on", "-id").first()


def appraisal_context(project) -> dict:
    appraisal = _latest_appraisal(project)
    return {
        **project_context(project),
        "appraised_on_text": decree_date(appraisal.appraised_on) if appraisal else BLANK,
        "council": appraisal.council if appraisal and appraisal.council else "Hội đồng thẩm định",
        "summary": appraisal.summary if appraisal else "",
        "score": appraisal.score if appraisal else BLANK,
        "recommendation": RECOMMENDATION.get(appraisal.recommendation, "") if appraisal else "",
    }


def closure_context(grant) -> dict:
    lines = [
        ("Kinh phí khuyến công được duyệt", grant.amount_vnd),
        ("Kinh phí đã cấp", grant.paid_vnd),
        ("Kinh phí đã thu hồi", grant.refunded_vnd),
        ("Kinh phí được quyết toán", grant.settled_vnd),
        ("Vốn đối ứng thực hiện", grant.counterpart_actual_vnd),
    ]
    return {
        **project_context(grant.project),
        "settlement": [{"label": label, "amount": money(amount)} for label, amount in lines],
        "settled_figures": money(grant.settled_vnd),
        "settled_words": amount_in_words(grant.settled_vnd or 0),
    }


def recognition_context(voting_round) -> dict:
    Certificate = apps.get_model("products", "Certificate")
    certificates = (
        Certificate.objects.filter(entry__round=voting_round, revoked_at__isnull=True)
        .select_related("entry")
        .order_by("sequence")
    )
    rows = [
        {
            "index": index,
            "product": c.product_name,
            "establishment": c.establishment_name,
            "certificate": c.number,
            "points": getattr(c.entry, "total", "") or "",
        }
        for index, c in enumerate(certificates, start=1)
    ]
    return {
        "year": voting_round.year,
        "level": LEVEL.get(voting_round.level, ""),
        "round_title": voting_round.title,
        "product_count": len(rows),
        "rows": rows,
    }


def roster_context(roster) -> dict:
    memberships = roster.memberships.select_related("collaborator").prefetch_related("communes")
    rows = [
        {
            "index": index,
            "name": m.collaborator.full_name,
            "workplace": m.collaborator.workplace,
            "communes": ", ".join(c.name for c in m.communes.all()),
        }
        for index, m in enumerate(memberships.order_by("collaborator__full_name"), start=1)
    ]
    return {"year": roster.year, "member_count": len(rows), "rows": rows}


def reminder_context(project) -> dict:
    """The month whose report is missing: this one after the 25th, else the last one."""
    today = timezone.localdate()
    month = today.replace(day=1)
    due = month if today.day > 25 else (month - dt.timedelta(days=1)).replace(day=1)
    return {**project_context(project), "overdue_month": month_year(due)}


def _is_overdue(project) -> bool:
    from projects.monitoring import overdue_progress

    return overdue_progress().filter(pk=project.pk).exists()


KINDS: dict[str, KindSpec] = {
    spec.code: spec
    for spec in (
        KindSpec(
            code="plan_decision",
            abbreviation=TypeAbbreviation.DECISION,
            type_name="QUYẾT ĐỊNH",
            title="Quyết định phê duyệt kế hoạch khuyến công",
            object_type=ObjectType.PLAN,
            subject=lambda plan: (
                f"Về việc phê duyệt kế hoạch {FUND_SOURCE.get(plan.fund_source, '')} "
                f"năm {plan.year}"
            ),
            context=plan_context,
            recipients=("Như Điều 3", "Sở Công Thương (để báo cáo)", "Kho bạc Nhà nước tỉnh"),
            extra_bases=_approval_basis,
        ),
        KindSpec(
            code="contract",
            abbreviation=TypeAbbreviation.CONTRACT,
            type_name="HỢP ĐỒNG",
            title="Hợp đồng thực hiện đề án khuyến công",
            object_type=ObjectType.PROJECT,
            subject=lambda project: f"Thực hiện đề án khuyến công {project.code}",
            context=project_context,
            recipients=("Bên B", "Phòng Kế hoạch - Tài chính"),
            applies=lambda project: (
                project.status in ("approved", "contracted", "in_progress", "accepted", "settled")
            ),
        ),
        KindSpec(
            code="acceptance_minutes",
            abbreviation=TypeAbbreviation.MINUTES,
            type_name="BIÊN BẢN",
            title="Biên bản nghiệm thu đề án khuyến công",
            object_type=ObjectType.ACCEPTANCE,
            subject=lambda acceptance: f"Nghiệm thu đề án {acceptance.project.code}",
            context=acceptance_context,
            recipients=("Đơn vị thụ hưởng", "Sở Công Thương"),
        ),
        KindSpec(
            code="plan_adjustment_decision",
            abbreviation=TypeAbbreviation.DECISION,
            type_name="QUYẾT ĐỊNH",
            title="Quyết định điều chỉnh kế hoạch khuyến công",
            object_type=ObjectType.PLAN,
            subject=lambda plan: (
                f"Về việc điều chỉnh kế hoạch {FUND_SOURCE.get(plan.fund_source, '')} "
                f"năm {plan.year}"
            ),
            context=adjustment_context,
            recipients=("Như Điều 2", "Sở Công Thương (để báo cáo)", "Kho bạc Nhà nước tỉnh"),
            applies=lambda plan: plan.version > 1,
            extra_bases=_approval_basis,
        ),
        KindSpec(
            code="appraisal_minutes",
            abbreviation=TypeAbbreviation.MINUTES,
            type_name="BIÊN BẢN",
            title="Biên bản thẩm định đề án khuyến công",
            object_type=ObjectType.PROJECT,
            subject=lambda project: f"Thẩm định đề án {project.code}",
            context=appraisal_context,
            recipients=("Thành viên Hội đồng",),
            signer_title="CHỦ TỊCH HỘI ĐỒNG",
            applies=lambda project: _latest_appraisal(project) is not None,
        ),
        KindSpec(
            code="closure_minutes",
            abbreviation=TypeAbbreviation.MINUTES,
            type_name="BIÊN BẢN",
            title="Biên bản thanh lý hợp đồng khuyến công",
            object_type=ObjectType.GRANT,
            subject=lambda grant: f"Thanh lý hợp đồng đề án {grant.project.code}",
            context=closure_context,
            recipients=("Bên B", "Phòng Kế hoạch - Tài chính"),
            applies=lambda grant: grant.settled_vnd is not None,
        ),
        KindSpec(
            code="recognition_decision",
            abbreviation=TypeAbbreviation.DECISION,
            type_name="QUYẾT ĐỊNH",
            title="Quyết định công nhận sản phẩm công nghiệp nông thôn tiêu biểu",
            object_type=ObjectType.VOTING_ROUND,
            subject=lambda r: (
                f"Về việc công nhận sản phẩm công nghiệp nông thôn tiêu biểu năm {r.year}"
            ),
            context=recognition_context,
            legal_bases=(
                DECREE_45,
                "Căn cứ Thông tư số 26/2014/TT-BCT ngày 28 tháng 8 năm 2014 của Bộ trưởng Bộ "
                "Công Thương quy định về việc tổ chức bình chọn sản phẩm công nghiệp nông "
                "thôn tiêu biểu",
            ),
            recipients=("Như Điều 2", "Sở Công Thương (để báo cáo)"),
            applies=lambda r: r.status == "published",
        ),
        KindSpec(
            code="roster_decision",
            abbreviation=TypeAbbreviation.DECISION,
            type_name="QUYẾT ĐỊNH",
            title="Quyết định công nhận cộng tác viên khuyến công",
            object_type=ObjectType.ROSTER,
            subject=lambda roster: f"Về việc công nhận cộng tác viên khuyến công năm {roster.year}",
            context=roster_context,
            legal_bases=(DECREE_45, CIRCULAR_46),
            recipients=("Như Điều 2", "Ủy ban nhân dân các xã, phường"),
        ),
        KindSpec(
            code="progress_reminder",
            abbreviation=TypeAbbreviation.LETTER,
            type_name="",
            title="Công văn đôn đốc báo cáo tiến độ",
            object_type=ObjectType.PROJECT,
            subject=lambda project: f"đôn đốc báo cáo tiến độ đề án {project.code}",
            context=reminder_context,
            legal_bases=(),
            recipients=("Như trên",),
            applies=_is_overdue,
        ),
    )
}
