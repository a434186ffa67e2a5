"""What every kind of paper shares: the legal bases, the words printed for codes, the
object each kind is drafted from, and the spec of a kind."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps

from documents.models import ObjectType

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
    ObjectType.ALLOWANCE_SHEET: "funding.AllowanceSheet",
    ObjectType.REPORT_JOB: "reports.ReportJob",
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
