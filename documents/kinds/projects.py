"""Papers drafted from a project and what follows it: the contract, the appraisal and
acceptance minutes, the closure minutes of a settled grant, the progress reminder."""

import datetime as dt

from django.apps import apps
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from documents.kinds.base import (
    ACCEPTANCE_RESULT,
    BLANK,
    FUND_SOURCE,
    RECOMMENDATION,
    KindSpec,
    money,
    month_year,
)
from documents.models import ObjectType, TypeAbbreviation
from documents.words import amount_in_words, decree_date
from funding.rules import format_percent, percent_of, rule_in_force


def commune_name(project) -> str:
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


def _advance_ceiling_in_force(project):
    """Before the grant is approved (and its rule fixed with it), the advance ceiling of
    the support rule in force today for the project's content and fund source."""
    if not project.content_type or not project.fund_source:
        return None
    applied = rule_in_force(
        content_type=project.content_type,
        fund_source=project.fund_source,
        on=timezone.localdate(),
    )
    return applied.rule.advance_max_percent if applied.rule else None


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
    advance = grant.advance_max_percent if grant else _advance_ceiling_in_force(project)
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
            "place": commune_name(project) or BLANK,
            "year": project.plan_year,
        },
        "fund_source_lower": FUND_SOURCE.get(project.fund_source, ""),
        "party_b": party_b(project),
        "value_figures": money(value),
        "value_words": amount_in_words(value),
        "counterpart_figures": money(counterpart),
        "total_cost_figures": money(support + counterpart),
        "advance_percent": format_percent(advance) if advance is not None else BLANK,
        "advance_figures": money(percent_of(value, advance)) if advance is not None else BLANK,
        "milestones": milestones,
    }


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


def reminder_context(project) -> dict:
    """The month whose report is missing: this one after the 25th, else the last one."""
    today = timezone.localdate()
    month = today.replace(day=1)
    due = month if today.day > 25 else (month - dt.timedelta(days=1)).replace(day=1)
    return {**project_context(project), "overdue_month": month_year(due)}


def _is_overdue(project) -> bool:
    from projects.monitoring import overdue_progress

    return overdue_progress().filter(pk=project.pk).exists()


SPECS = (
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
