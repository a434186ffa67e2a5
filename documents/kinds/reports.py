"""The periodic report to the Department (báo cáo định kỳ), issued as an official paper
from a finished periodic report job: its figures per measure, in total and per fund
source, as the job computed them for its dates."""

from documents.kinds.base import KindSpec
from documents.models import ObjectType, TypeAbbreviation

DECREE_45_REPORTING = (
    "Căn cứ điểm i khoản 1 Điều 16 Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của "
    "Chính phủ về khuyến công (trách nhiệm báo cáo định kỳ về hoạt động khuyến công)"
)


def _dmy(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def periodic_report_context(job) -> dict:
    from reports.periodic.builder import format_value, summary_rows
    from reports.registry import periodic_data

    data = periodic_data(job)
    header, rows = summary_rows(data)
    units = {m["name"]: m["unit"] for m in data["measures"]}
    lines = []
    for index, (name, unit_label, total, *by_fund) in enumerate(rows, start=1):
        unit_ = units[name]
        lines.append(
            {
                "index": index,
                "name": name,
                "unit": unit_label,
                "total": format_value(total, unit_),
                "funds": [format_value(value, unit_) for value in by_fund],
                "national": format_value(by_fund[0], unit_) if by_fund else "",
                "local": format_value(by_fund[1], unit_) if len(by_fund) > 1 else "",
            }
        )
    province = data["province"]["name"]  # "Tỉnh Bắc Ninh" -> "tỉnh Bắc Ninh" mid-sentence
    return {
        "province": province[:1].lower() + province[1:],
        "period_name": data["period"]["name"],
        "from_date": _dmy(data["period"]["from"]),
        "to_date": _dmy(data["period"]["to"]),
        "fund_names": header[3:],
        "measure_count": len(lines),
        "rows": lines,
    }


SPECS = (
    KindSpec(
        code="periodic_report",
        abbreviation=TypeAbbreviation.REPORT,
        type_name="BÁO CÁO",
        title="Báo cáo định kỳ kết quả hoạt động khuyến công",
        object_type=ObjectType.REPORT_JOB,
        subject=lambda job: f"Kết quả hoạt động khuyến công {job.params.get('title', '')}".strip(),
        context=periodic_report_context,
        legal_bases=(DECREE_45_REPORTING,),
        recipients=("Sở Công Thương (để báo cáo)",),
        applies=lambda job: job.kind == "periodic" and job.status == "done",
    ),
)
