"""The period summary: projects, state support and counterpart capital of the province
over a range of years, as data (the stable JSON interface), a workbook or a PDF."""

import io
from html import escape

from django.db import connection
from django.db.models import BigIntegerField, Count, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _

from core.formatting import format_vnd
from core.pdf import SANS, SERIF_BOLD, register_fonts
from core.spreadsheets import COUNT, MONEY, SheetColumn
from establishments.content_types import PromotionContent
from localities.models import MERGER_YEAR, AdminUnit
from localities.selectors import configured_province
from projects.models import BudgetLine, FundSource, Project
from projects.selectors import budget_total

from .common import COUNTED, Progress, Sheet, noop, write_xlsx


def summary_projects(from_year: int, to_year: int) -> QuerySet[Project]:
    """The projects of the period, each with its state support and counterpart."""
    return (
        Project.objects.filter(plan_year__gte=from_year, plan_year__lte=to_year, status__in=COUNTED)
        .order_by()
        .annotate(
            support=budget_total("state_support_vnd"), counterpart=budget_total("counterpart_vnd")
        )
    )


def totals_by(qs: QuerySet, *group_by: str) -> QuerySet:
    return qs.values(*group_by).annotate(
        n=Count("pk"),
        s=Coalesce(Sum("support"), Value(0), output_field=BigIntegerField()),
        c=Coalesce(Sum("counterpart"), Value(0), output_field=BigIntegerField()),
    )


def _figures(row: dict | None) -> dict:
    row = row or {}
    return {
        "projects": row.get("n") or 0,
        "support_vnd": int(row.get("s") or 0),
        "counterpart_vnd": int(row.get("c") or 0),
    }


_SUMMARY_SQL = """
WITH lines AS (
    SELECT project_id, SUM(state_support_vnd) AS s, SUM(counterpart_vnd) AS c
    FROM {lines} GROUP BY project_id
), p AS (
    SELECT pr.fund_source, pr.content_type, pr.plan_year,
           COALESCE(lines.s, 0) AS s, COALESCE(lines.c, 0) AS c,
           cu.code AS c_code, cu.name AS c_name,
           ld.code AS d_code, ld.name AS d_name, lp.code AS p_code, lp.name AS p_name,
           CASE WHEN pr.plan_year < %s
                  OR (pr.plan_year = %s AND pr.legacy_commune_id IS NOT NULL)
                THEN 1 ELSE 0 END AS pre
    FROM {projects} pr
    LEFT JOIN lines ON lines.project_id = pr.id
    LEFT JOIN {units} cu ON cu.id = pr.commune_id
    LEFT JOIN {units} lc ON lc.id = pr.legacy_commune_id
    LEFT JOIN {units} ld ON ld.id = lc.parent_id
    LEFT JOIN {units} lp ON lp.id = ld.parent_id
    WHERE pr.plan_year >= %s AND pr.plan_year <= %s AND pr.status IN ({statuses})
)
SELECT * FROM (
    SELECT 'a' AS kind, NULL AS k, NULL AS name, NULL AS extra, COUNT(*) AS n,
           SUM(s) AS s, SUM(c) AS c FROM p
    UNION ALL
    SELECT 'b', fund_source, NULL, NULL, COUNT(*), SUM(s), SUM(c) FROM p GROUP BY fund_source
    UNION ALL
    SELECT 'c', content_type, NULL, NULL, COUNT(*), SUM(s), SUM(c) FROM p GROUP BY content_type
    UNION ALL
    SELECT 'd', CAST(plan_year AS VARCHAR(10)), NULL, NULL, COUNT(*), SUM(s), SUM(c)
    FROM p GROUP BY plan_year
    UNION ALL
    SELECT 'e', c_code, c_name, NULL, COUNT(*), SUM(s), SUM(c) FROM p GROUP BY c_code, c_name
    UNION ALL
    SELECT 'f', p_code, p_name, NULL, COUNT(*), SUM(s), SUM(c)
    FROM p WHERE pre = 1 GROUP BY p_code, p_name
    UNION ALL
    SELECT 'g', d_code, d_name, p_name, COUNT(*), SUM(s), SUM(c)
    FROM p WHERE pre = 1 GROUP BY d_code, d_name, p_name
) grouped
ORDER BY kind, extra, name, k
"""


def _summary_rows(from_year: int, to_year: int) -> dict[str, list[dict]]:
    """Every grouping of the period summary in one statement: each project's budget
    lines are summed once, then grouped seven ways (a plain CTE: PostgreSQL and SQLite)."""
    statuses = list(COUNTED)
    sql = _SUMMARY_SQL.format(
        lines=BudgetLine._meta.db_table,
        projects=Project._meta.db_table,
        units=AdminUnit._meta.db_table,
        statuses=", ".join(["%s"] * len(statuses)),
    )
    params = [MERGER_YEAR, MERGER_YEAR, from_year, to_year, *statuses]
    grouped: dict[str, list[dict]] = {kind: [] for kind in "abcdefg"}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, key, name, extra, n, s, c in cursor.fetchall():
            grouped[kind].append(
                {"k": key, "name": name, "extra": extra, "n": n, "s": s or 0, "c": c or 0}
            )
    return grouped


def period_summary(*, from_year: int, to_year: int, progress: Progress = noop) -> dict:
    """Projects, state support and counterpart capital of the configured province over a
    range of plan years: in total, by fund source, content, year, 2025 commune, and for
    records of before the 2025 merger by former province and former district."""
    if from_year > to_year:
        raise ValueError(_("The first year comes after the last."))
    province = configured_province()
    progress(20)
    rows = _summary_rows(from_year, to_year)
    progress(70)
    total = rows["a"][0] if rows["a"] else None
    by_fund = {row["k"]: row for row in rows["b"]}
    with translation.override("vi"):
        contents = dict(PromotionContent.choices)
        by_content = [
            {"code": row["k"], "name": str(contents.get(row["k"], "")), **_figures(row)}
            for row in rows["c"]
        ]
    by_year = [{"year": int(row["k"]), **_figures(row)} for row in rows["d"]]
    by_commune = [
        {"code": row["k"], "name": row["name"] or "", **_figures(row)} for row in rows["e"]
    ]
    by_legacy_province = [
        {
            "code": row["k"],
            "name": row["name"] or _("Former place not recorded"),
            **_figures(row),
        }
        for row in rows["f"]
    ]
    by_legacy_district = [
        {
            "code": row["k"],
            "name": row["name"] or _("Former place not recorded"),
            "province": row["extra"] or "",
            **_figures(row),
        }
        for row in rows["g"]
    ]
    progress(95)
    return {
        "province": {"code": province.code, "name": province.name},
        "from_year": from_year,
        "to_year": to_year,
        **_figures(total),
        "by_fund_source": {fund: _figures(by_fund.get(fund)) for fund in FundSource.values},
        "by_content_type": by_content,
        "by_year": by_year,
        "by_commune": by_commune,
        "by_legacy_province": by_legacy_province,
        "by_legacy_district": by_legacy_district,
    }


FIGURE_COLUMNS = (
    SheetColumn("Số đề án", 10, COUNT),
    SheetColumn("Kinh phí hỗ trợ (đồng)", 20, MONEY),
    SheetColumn("Vốn đối ứng (đồng)", 20, MONEY),
)


def _figure_cells(row: dict) -> list:
    return [row["projects"], row["support_vnd"], row["counterpart_vnd"]]


def summary_sheets(data: dict) -> list[Sheet]:
    fund_names = {"national": "Khuyến công quốc gia", "local": "Khuyến công địa phương"}
    head = f"{data['province']['name']}, {data['from_year']} - {data['to_year']}"
    return [
        Sheet(
            "Tổng hợp",
            [SheetColumn("Chỉ tiêu", 40), *FIGURE_COLUMNS],
            [
                [head, *_figure_cells(data)],
                *[
                    [fund_names.get(k, k), *_figure_cells(v)]
                    for k, v in data["by_fund_source"].items()
                ],
            ],
            frozen_columns=1,
        ),
        Sheet(
            "Theo nội dung",
            [SheetColumn("Nội dung khuyến công", 60), *FIGURE_COLUMNS],
            [[r["name"] or r["code"], *_figure_cells(r)] for r in data["by_content_type"]],
            frozen_columns=1,
        ),
        Sheet(
            "Theo năm",
            [SheetColumn("Năm", 8), *FIGURE_COLUMNS],
            [[r["year"], *_figure_cells(r)] for r in data["by_year"]],
            frozen_columns=1,
        ),
        Sheet(
            "Theo xã (2025)",
            [SheetColumn("Mã xã", 9), SheetColumn("Xã, phường", 28), *FIGURE_COLUMNS],
            [[r["code"] or "", r["name"], *_figure_cells(r)] for r in data["by_commune"]],
            frozen_columns=2,
        ),
        Sheet(
            "Theo tỉnh cũ",
            [
                SheetColumn("Mã tỉnh (trước 07/2025)", 12),
                SheetColumn("Tỉnh (trước 07/2025)", 28),
                *FIGURE_COLUMNS,
            ],
            [[r["code"] or "", r["name"], *_figure_cells(r)] for r in data["by_legacy_province"]],
            frozen_columns=2,
        ),
        Sheet(
            "Theo huyện cũ",
            [
                SheetColumn("Mã huyện", 9),
                SheetColumn("Huyện (trước 07/2025)", 28),
                SheetColumn("Tỉnh", 24),
                *FIGURE_COLUMNS,
            ],
            [
                [r["code"] or "", r["name"], r["province"], *_figure_cells(r)]
                for r in data["by_legacy_district"]
            ],
            frozen_columns=2,
        ),
    ]


def period_summary_xlsx(data: dict) -> bytes:
    return write_xlsx(summary_sheets(data), title="Tổng hợp khuyến công")


def period_summary_pdf(data: dict) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm)
    title = ParagraphStyle("t", fontName=SERIF_BOLD, fontSize=14, leading=18, spaceAfter=6)
    heading = ParagraphStyle("h", fontName=SERIF_BOLD, fontSize=11, leading=14, spaceBefore=8)
    text = ParagraphStyle("c", fontName=SANS, fontSize=8, leading=10)
    story = [
        Paragraph(
            f"TỔNG HỢP KẾT QUẢ KHUYẾN CÔNG {data['province']['name'].upper()} "
            f"GIAI ĐOẠN {data['from_year']} - {data['to_year']}",
            title,
        )
    ]
    for sheet in summary_sheets(data):
        story.append(Paragraph(sheet.title, heading))
        kinds = [column.kind for column in sheet.columns]
        rows = [[Paragraph(escape(h), text) for h in sheet.header]] + [
            [
                format_vnd(v).replace(" ₫", "")
                if kinds[i] in (MONEY, COUNT)
                else Paragraph(escape(str(v)), text)
                if isinstance(v, str)
                else v
                for i, v in enumerate(row)
            ]
            for row in sheet.rows
        ]
        widths = [column.width for column in sheet.columns]
        table = Table(rows, repeatRows=1, colWidths=[doc.width * w / sum(widths) for w in widths])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), SANS, 8),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("ALIGN", (-3, 1), (-1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [table, Spacer(1, 4 * mm)]
    doc.build(story)
    return buffer.getvalue()
