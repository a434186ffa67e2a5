"""The decision recognising the collaborators of a roster, and the decision paying a
month's allowances with its sheet (bảng thanh toán phụ cấp) as the annex."""

from documents.kinds.base import CIRCULAR_28, CIRCULAR_46, DECREE_45, KindSpec, money
from documents.models import ObjectType, TypeAbbreviation
from documents.words import amount_in_words


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


REPORT = {"on_time": "Đúng hạn", "late": "Nộp muộn", "missing": "Không nộp"}
KIND = {"commune": "Cấp xã", "district": "Cấp huyện"}


def allowance_context(sheet) -> dict:
    lines = sheet.lines.select_related("collaborator", "rule").order_by(
        "collaborator__full_name", "pk"
    )
    rows = [
        {
            "index": index,
            "name": line.collaborator.full_name,
            "kind": KIND.get(line.kind, line.kind),
            "communes": line.communes,
            "report": REPORT.get(line.report_status, line.report_status),
            "amount": money(line.amount_vnd),
        }
        for index, line in enumerate(lines, start=1)
    ]
    bases = sorted({line.rule.legal_basis for line in lines if line.rule})
    project = sheet.grant.project
    return {
        "month": f"{sheet.month:%m}",
        "year": sheet.month.year,
        "rows": rows,
        "member_count": len(rows),
        "total": money(sheet.total_vnd),
        "total_words": amount_in_words(sheet.total_vnd),
        "project_code": project.code,
        "project_title": project.title,
        "rule_bases": "; ".join(bases),
    }


def _allowance_bases(sheet) -> list[str]:
    bases = {line.rule.legal_basis for line in sheet.lines.select_related("rule") if line.rule}
    return [f"Căn cứ {basis}" for basis in sorted(bases)]


SPECS = (
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
        code="allowance_sheet",
        abbreviation=TypeAbbreviation.DECISION,
        type_name="QUYẾT ĐỊNH",
        title="Quyết định chi trả phụ cấp cộng tác viên khuyến công",
        object_type=ObjectType.ALLOWANCE_SHEET,
        subject=lambda sheet: (
            f"Về việc chi trả phụ cấp cộng tác viên khuyến công tháng {sheet.month:%m/%Y}"
        ),
        context=allowance_context,
        legal_bases=(DECREE_45, CIRCULAR_28),
        recipients=("Phòng Kế toán", "Các cộng tác viên có tên tại Phụ lục"),
        applies=lambda sheet: sheet.status in ("approved", "paid"),
        extra_bases=_allowance_bases,
    ),
)
