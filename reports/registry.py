"""Which builder makes the file of each kind of report job: a registry, so that a new
report is one function registered here (with its `ReportKind`, its formats in
`services.FORMATS` and its parameters in `services._check_params`), not a branch in the
worker's code.

A builder takes the job and a progress callback and returns (file name, content).
"""

import datetime as dt
from collections.abc import Callable

from reports.models import ReportFormat, ReportJob, ReportKind

Builder = Callable[[ReportJob, Callable[[int], None]], tuple[str, bytes]]
BUILDERS: dict[str, Builder] = {}


def register(kind: str) -> Callable[[Builder], Builder]:
    def decorate(function: Builder) -> Builder:
        if kind in BUILDERS:
            raise ValueError(f"a builder is registered for {kind!r} already")
        BUILDERS[kind] = function
        return function

    return decorate


def builder_for(kind: str) -> Builder:
    try:
        return BUILDERS[kind]
    except KeyError:
        raise ValueError(f"unknown report kind {kind!r}") from None


@register(ReportKind.PERIOD_SUMMARY)
def period_summary(job: ReportJob, progress) -> tuple[str, bytes]:
    from reports import builders

    params = job.params
    data = builders.period_summary(
        from_year=params["from_year"], to_year=params["to_year"], progress=progress
    )
    stem = f"tong-hop-{params['from_year']}-{params['to_year']}"
    if job.format == ReportFormat.PDF:
        return f"{stem}.pdf", builders.period_summary_pdf(data)
    return f"{stem}.xlsx", builders.period_summary_xlsx(data)


@register(ReportKind.PLAN_IMPLEMENTATION)
def plan_implementation(job: ReportJob, progress) -> tuple[str, bytes]:
    from reports import builders

    year = job.params["year"]
    sheets = builders.plan_implementation_sheets(year=year, progress=progress)
    return f"thuc-hien-ke-hoach-{year}.xlsx", builders.write_xlsx(
        sheets, title="Thực hiện kế hoạch"
    )


@register(ReportKind.COLLABORATOR_ACTIVITY)
def collaborator_activity(job: ReportJob, progress) -> tuple[str, bytes]:
    from reports import builders

    year = job.params["year"]
    sheets = builders.collaborator_activity_sheets(year=year, progress=progress)
    return f"cong-tac-vien-{year}.xlsx", builders.write_xlsx(
        sheets, title="Hoạt động cộng tác viên"
    )


@register(ReportKind.VOTING_RESULTS)
def voting_results(job: ReportJob, progress) -> tuple[str, bytes]:
    from reports import builders

    round_id = job.params["round_id"]
    sheets = builders.voting_results_sheets(round_id=round_id, progress=progress)
    return f"ket-qua-binh-chon-{round_id}.xlsx", builders.write_xlsx(
        sheets, title="Kết quả bình chọn"
    )


@register(ReportKind.PERIODIC)
def periodic(job: ReportJob, progress) -> tuple[str, bytes]:
    from reports.periodic import builder as periodic_builder
    from reports.services import download_name

    data = periodic_data(job, progress)
    writers = {
        ReportFormat.XLSX: periodic_builder.periodic_xlsx,
        ReportFormat.PDF: periodic_builder.periodic_pdf,
        ReportFormat.JSON: periodic_builder.periodic_json,
    }
    return download_name(job), writers[job.format](data)


def periodic_data(job: ReportJob, progress=None) -> dict:
    """The figures of a periodic report job (its dates are fixed when it is asked for)."""
    from reports.periodic import builder as periodic_builder

    params = job.params
    extra = {"progress": progress} if progress is not None else {}
    return periodic_builder.periodic_report(
        start=dt.date.fromisoformat(params["from"]),
        end=dt.date.fromisoformat(params["to"]),
        first_year=params["first_year"],
        last_year=params["last_year"],
        code=params["period"],
        title=params["title"],
        **extra,
    )
