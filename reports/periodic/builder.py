"""The periodic report (quarter, half-year, year, or any dates): every active measure
(reports.models.Measure) in total, by fund source, by content, by 2025 commune and, for
records of before the July 2025 merger, by former province. The JSON of
`manage.py report periodic` is `periodic_report`'s dict:

    {"province": {"code", "name"},
     "period": {"code", "name", "from", "to", "plan_years": [first, last]},
     "measures": [{"code", "name", "unit"}],
     "total": {measure code: value},
     "by_fund_source" | "by_content_type" | "by_commune" | "by_legacy_province":
         [{"code", "name", "values": {measure code: value}}]}

A value is an integer (đồng or a count), a percent with one decimal, or null where a
measure cannot be split that way (allocations by commune) or a ratio has no base.
"""

import datetime as dt
import io
import json
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.spreadsheets import COUNT
from core.spreadsheets import PERCENT as PERCENT_KIND
from establishments.content_types import PromotionContent
from localities.selectors import configured_province
from projects.models import FundSource
from reports.models import Measure, ReportingPeriod

from .measures import (
    COMPOSITE,
    DIMENSIONS,
    PERCENT,
    UNIT_LABELS,
    Period,
    aggregate,
    combine,
    unit,
)

Progress = Callable[[int], None]
ADHOC = "adhoc"
SECTIONS = {
    "fund_source": "by_fund_source",
    "content_type": "by_content_type",
    "commune": "by_commune",
    "legacy_province": "by_legacy_province",
}


def _noop(_percent: int) -> None:
    pass


def period_dates(code: str, year: int) -> tuple[dt.date, dt.date, str]:
    """The dates and the title of a named period of a reporting year."""
    period = ReportingPeriod.objects.filter(code=code).first()
    if period is None:
        raise ValidationError({"period": _("Choose a reporting period.")})
    start, end = period.dates(year)
    return start, end, f"{period.name} năm {year}"


def adhoc_title(start: dt.date, end: dt.date) -> str:
    return f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def check_dates(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise ValidationError({"to_date": _("The last day cannot come before the first.")})
    if start.year < 2000 or end.year > timezone.localdate().year + 1:
        raise ValidationError({"from_date": _("Choose dates from 2000 to next year.")})


def _ordered(dimension: str, lines: dict) -> list[dict]:
    with translation.override("vi"):
        if dimension == "fund_source":
            labels = {k: str(v) for k, v in FundSource.choices}
            order = list(labels)
        elif dimension == "content_type":
            labels = {k: str(v) for k, v in PromotionContent.choices}
            order = list(labels)
        else:
            labels, order = {}, sorted((k for k in lines if k is not None), key=str)
    if dimension in ("fund_source", "content_type"):
        order = [k for k in order if k in lines] + sorted(
            (k for k in lines if k not in labels and k is not None), key=str
        )
    if None in lines:
        order.append(None)
    missing = {
        "commune": "Chưa ghi xã, phường",
        "legacy_province": "Chưa ghi nơi trước 07/2025",
    }
    return [
        {
            "code": key,
            "name": labels.get(key) or lines[key]["name"] or missing.get(dimension, "—"),
            "values": lines[key]["values"],
        }
        for key in order
    ]


def periodic_report(
    *,
    start: dt.date,
    end: dt.date,
    first_year: int | None = None,
    last_year: int | None = None,
    code: str = ADHOC,
    title: str = "",
    progress: Progress = _noop,
) -> dict:
    """Every active measure over the period. Plan-year measures cover the years of the
    dates unless `first_year`/`last_year` say otherwise (a named period reports on
    its reporting year, though its first days fall in the year before)."""
    check_dates(start, end)
    period = Period(start, end, first_year or start.year, last_year or end.year)
    measures = list(Measure.objects.filter(active=True).order_by("position", "code"))
    # Composite measures may name inactive ones: compute every measure they need.
    needed = {m.code: m for m in Measure.objects.all()}
    base: dict[str, dict] = {}
    plain = [m for m in needed.values() if m.kind not in COMPOSITE]
    for i, measure in enumerate(plain):
        base[measure.code] = aggregate(measure.kind, measure.params, period)
        progress(10 + int(80 * (i + 1) / max(len(plain), 1)))

    def line_values(getter) -> dict:
        values = {code: getter(result) for code, result in base.items()}
        for kind_order in ("combination", "ratio"):
            for m in needed.values():
                if m.kind == kind_order:
                    values[m.code] = combine(m.kind, m.params, values)
        return {m.code: values.get(m.code) for m in measures}

    total = line_values(lambda r: r["total"])
    sections = {}
    for dimension in DIMENSIONS:
        keys: dict = {}
        for result in base.values():
            for key, (name, _v) in (result[dimension] or {}).items():
                if keys.get(key) is None:
                    keys[key] = name

        def getter(result, key=None, dimension=dimension):
            lines = result[dimension]
            if lines is None:
                return None
            return lines.get(key, (None, 0))[1]

        lines = {
            key: {"name": name, "values": line_values(lambda r, k=key: getter(r, k))}
            for key, name in keys.items()
        }
        sections[SECTIONS[dimension]] = _ordered(dimension, lines)
    province = configured_province()
    progress(95)
    return {
        "province": {"code": province.code, "name": province.name},
        "period": {
            "code": code,
            "name": title or adhoc_title(start, end),
            "from": start.isoformat(),
            "to": end.isoformat(),
            "plan_years": [period.first_year, period.last_year],
        },
        "measures": [
            {"code": m.code, "name": m.name, "unit": unit(m.kind, m.params)} for m in measures
        ],
        "total": total,
        **sections,
    }


def periodic_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode() + b"\n"


# --- XLSX and PDF ------------------------------------------------------------------------------

SECTION_TITLES = {
    "by_content_type": ("Theo nội dung", "Nội dung"),
    "by_commune": ("Theo xã (2025)", "Xã, phường"),
    "by_legacy_province": ("Theo tỉnh cũ", "Tỉnh (trước 07/2025)"),
}


CODED_SECTIONS = ("by_commune", "by_legacy_province")


def heading(data: dict) -> str:
    return (
        f"BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KHUYẾN CÔNG {data['province']['name'].upper()} — "
        f"{data['period']['name']}"
    )


def summary_rows(data: dict) -> tuple[list[str], list[list]]:
    """Rows: measures; columns: the total and each fund source."""
    funds = data["by_fund_source"]
    by_code = {line["code"]: line for line in funds}
    with translation.override("vi"):
        fund_names = [str(label) for _code, label in FundSource.choices]
    header = ["Chỉ tiêu", "Đơn vị", "Tổng số", *fund_names]
    rows = []
    for measure in data["measures"]:
        code = measure["code"]
        rows.append(
            [
                measure["name"],
                UNIT_LABELS[measure["unit"]],
                data["total"][code],
                *[
                    by_code[fund]["values"][code] if fund in by_code else _empty(data, code)
                    for fund in FundSource.values
                ],
            ]
        )
    return header, rows


def _empty(data: dict, code: str):
    """A fund source without rows: nothing, or nothing to divide for a ratio."""
    unit_ = next(m["unit"] for m in data["measures"] if m["code"] == code)
    return None if unit_ == PERCENT else 0


def section_rows(data: dict, section: str) -> tuple[list[str], list[list]]:
    """Rows: the lines of a breakdown; columns: the measures. Places keep their official
    code beside the name; a content is named only (its code is ours, not the reader's)."""
    _title, label = SECTION_TITLES[section]
    coded = section in CODED_SECTIONS
    header = [*(["Mã"] if coded else []), label, *[m["name"] for m in data["measures"]]]
    rows = [
        [
            *([line["code"] or ""] if coded else []),
            line["name"],
            *[line["values"][m["code"]] for m in data["measures"]],
        ]
        for line in data[section]
    ]
    return header, rows


def _kind(unit_: str) -> str:
    return PERCENT_KIND if unit_ == PERCENT else COUNT


def periodic_xlsx(data: dict) -> bytes:
    from core.spreadsheets import SheetColumn, Styled, people_bytes, people_sheet, people_workbook

    workbook = people_workbook(title=heading(data))
    units = [m["unit"] for m in data["measures"]]
    header, rows = summary_rows(data)
    widths = [46, 8, 20, *[24] * (len(header) - 3)]
    people_sheet(
        workbook,
        "Tổng hợp",
        [SheetColumn(h, w) for h, w in zip(header, widths, strict=True)],
        (
            [row[0], row[1], *[Styled(v, _kind(unit_)) for v in row[2:]]]
            for row, unit_ in zip(rows, units, strict=True)
        ),
        frozen_columns=1,
    )
    for section, (title, _label) in SECTION_TITLES.items():
        header, rows = section_rows(data, section)
        named = len(header) - len(units)
        columns = [
            *[SheetColumn(h, 10 if i < named - 1 else 36) for i, h in enumerate(header[:named])],
            *[SheetColumn(h, 18, _kind(u)) for h, u in zip(header[named:], units, strict=True)],
        ]
        people_sheet(workbook, title, columns, rows, frozen_columns=named)
    return people_bytes(workbook)


def format_value(value, unit_: str) -> str:
    """A figure as printed: 1.234.567 for đồng and counts, 12,5 for a percent."""
    if value is None:
        return "—"
    if unit_ == PERCENT:
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


PDF_COLUMNS = 4  # lines of a breakdown side by side on a landscape page


def periodic_pdf(data: dict) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from core.pdf import SANS, SERIF, SERIF_BOLD, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=heading(data),
    )
    title = ParagraphStyle("t", fontName=SERIF_BOLD, fontSize=13, leading=17, spaceAfter=4)
    sub = ParagraphStyle("s", fontName=SERIF, fontSize=10, leading=13, spaceAfter=6)
    section = ParagraphStyle("h", fontName=SERIF_BOLD, fontSize=11, leading=14, spaceBefore=8)
    cell = ParagraphStyle("c", fontName=SANS, fontSize=7.5, leading=9)
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), SANS, 7.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    units = {m["code"]: m["unit"] for m in data["measures"]}
    period = data["period"]
    story = [
        Paragraph(heading(data), title),
        Paragraph(
            f"Kỳ báo cáo: từ ngày {dt.date.fromisoformat(period['from']):%d/%m/%Y} đến ngày "
            f"{dt.date.fromisoformat(period['to']):%d/%m/%Y}; kế hoạch năm "
            f"{period['plan_years'][0]}"
            + (
                f" - {period['plan_years'][1]}"
                if period["plan_years"][1] != period["plan_years"][0]
                else ""
            )
            + ". Số tiền tính bằng đồng.",
            sub,
        ),
        Paragraph("Tổng hợp theo nguồn kinh phí", section),
    ]
    header, rows = summary_rows(data)
    table_rows = [header] + [
        [row[0], row[1], *[format_value(v, units[m["code"]]) for v in row[2:]]]
        for row, m in zip(rows, data["measures"], strict=True)
    ]
    table = Table(table_rows, repeatRows=1, colWidths=[95 * mm, 14 * mm, 45 * mm, 55 * mm, 55 * mm])
    table.setStyle(style)
    story.append(table)
    for key, (name, _label) in SECTION_TITLES.items():
        story.append(Paragraph(name, section))
        lines = data[key]
        if not lines:
            story.append(Paragraph("Không có số liệu.", sub))
            continue
        for first in range(0, len(lines), PDF_COLUMNS):
            chunk = lines[first : first + PDF_COLUMNS]
            names = [Paragraph(escape(line["name"]), cell) for line in chunk]
            table_rows = [["Chỉ tiêu", *names]] + [
                [
                    m["name"],
                    *[format_value(line["values"][m["code"]], m["unit"]) for line in chunk],
                ]
                for m in data["measures"]
            ]
            table = Table(
                table_rows,
                repeatRows=1,
                colWidths=[95 * mm] + [44 * mm] * len(chunk),
            )
            table.setStyle(style)
            story += [table, Spacer(1, 3 * mm)]
    doc.build(story)
    return buffer.getvalue()
