"""What the benchmark compares the portal's reports with: the same numbers by hand.

`period_summary_sql` computes every figure of reports.builders.period_summary in one
statement (the budget lines summed once, GROUPING SETS for the breakdowns), as one would
in psql; `same_figures` checks that both agree before their times are compared.
`plain_export` writes the establishment register with openpyxl's write-only mode straight
from a server-side cursor: the floor for the XLSX export.
"""

import tempfile
from collections.abc import Iterable

from django.db import connection

SUMMARY_SQL = """
WITH p AS (
    SELECT pr.fund_source, pr.content_type, pr.plan_year, pr.commune_id, pr.legacy_commune_id,
           COALESCE(b.support, 0) AS support, COALESCE(b.counterpart, 0) AS counterpart
    FROM projects_project pr
    LEFT JOIN (
        SELECT project_id, SUM(state_support_vnd) AS support, SUM(counterpart_vnd) AS counterpart
        FROM projects_budgetline GROUP BY project_id
    ) b ON b.project_id = pr.id
    WHERE pr.plan_year BETWEEN %(first)s AND %(last)s AND pr.status = ANY(%(statuses)s)
), q AS (
    SELECT p.*, c.code AS c_code, c.name AS c_name,
           (p.plan_year < %(merger)s
            OR (p.plan_year = %(merger)s AND p.legacy_commune_id IS NOT NULL)) AS before,
           ld.code AS d_code, ld.name AS d_name, lp.code AS p_code, lp.name AS p_name
    FROM p
    LEFT JOIN localities_adminunit c ON c.id = p.commune_id
    LEFT JOIN localities_adminunit lc ON lc.id = p.legacy_commune_id
    LEFT JOIN localities_adminunit ld ON ld.id = lc.parent_id
    LEFT JOIN localities_adminunit lp ON lp.id = ld.parent_id
)
SELECT GROUPING(fund_source), GROUPING(content_type), GROUPING(plan_year), GROUPING(c_code),
       GROUPING(before), GROUPING(d_code),
       fund_source, content_type, plan_year, c_code, before, d_code, p_code,
       COUNT(*), SUM(support), SUM(counterpart)
FROM q
GROUP BY GROUPING SETS (
    (), (fund_source), (content_type), (plan_year), (c_code, c_name),
    (before, p_code, p_name), (before, d_code, d_name, p_code, p_name)
)
"""


def period_summary_sql(first: int, last: int) -> dict:
    """The figures of the period summary, keyed as `figures_of` keys the builder's."""
    from localities.models import MERGER_YEAR
    from projects.models import IMPLEMENTED_STATUSES

    params = {
        "first": first,
        "last": last,
        "merger": MERGER_YEAR,
        "statuses": [str(s) for s in IMPLEMENTED_STATUSES],
    }
    with connection.cursor() as cursor:
        cursor.execute(SUMMARY_SQL, params)
        rows = cursor.fetchall()
    out = {"total": None, "fund": {}, "content": {}, "year": {}, "commune": {}}
    out |= {"province": {}, "district": {}}
    for gf, gc, gy, gco, gb, gd, fund, content, year, c_code, before, d_code, p_code, *fig in rows:
        figures = tuple(int(x or 0) for x in fig)
        if not gf:
            out["fund"][fund] = figures
        elif not gc:
            out["content"][content] = figures
        elif not gy:
            out["year"][year] = figures
        elif not gco:
            out["commune"][c_code] = figures
        elif not gb:
            if before and not gd:
                out["district"][(d_code, p_code)] = figures
            elif before:
                out["province"][p_code] = figures
        else:
            out["total"] = figures
    return out


def figures_of(data: dict) -> dict:
    """The builder's JSON reduced to the same keys as period_summary_sql's."""

    def fig(row):
        return (row["projects"], row["support_vnd"], row["counterpart_vnd"])

    return {
        "total": fig(data),
        "fund": {k: fig(v) for k, v in data["by_fund_source"].items() if v["projects"]},
        "content": {r["code"]: fig(r) for r in data["by_content_type"]},
        "year": {r["year"]: fig(r) for r in data["by_year"]},
        "commune": {r["code"]: fig(r) for r in data["by_commune"]},
        "province": {r["code"]: fig(r) for r in data["by_legacy_province"]},
        "district": {
            (r["code"], _province_code(r, data)): fig(r) for r in data["by_legacy_district"]
        },
    }


def _province_code(row: dict, data: dict):
    by_name = {r["name"]: r["code"] for r in data["by_legacy_province"]}
    return by_name.get(row["province"]) if row["province"] else None


def same_figures(builder: dict, sql: dict) -> list[str]:
    """Where the two disagree (empty: every figure is the same)."""
    problems = []
    for key, value in sql.items():
        if builder.get(key) != value:
            problems.append(key)
    return problems


# --- the export ---------------------------------------------------------------------------

EXPORT_SQL = """
SELECT e.name, e.legal_form, e.size_class, e.tax_code, c.code, COALESCE(lc.code, ''),
       e.address_line, e.sector, e.main_products, e.workers, e.local_material_share,
       e.exports, e.women_owned, e.minority_owned, e.craft_village, e.contact_person, e.phone,
       e.email, e.verified
FROM establishments_establishment e
JOIN localities_adminunit c ON c.id = e.commune_id
LEFT JOIN localities_adminunit lc ON lc.id = e.legacy_commune_id
WHERE e.merged_into_id IS NULL {archived}
ORDER BY e.id
"""
BOOLEAN_COLUMNS = (11, 12, 13, 18)


def _rows(cursor) -> Iterable[list]:
    yes, no = "có", "không"
    while batch := cursor.fetchmany(2000):
        for record in batch:
            row = list(record)
            for i in BOOLEAN_COLUMNS:
                row[i] = yes if row[i] else no
            yield [("'" + v) if isinstance(v, str) and v.startswith("=") else v for v in row]


def plain_export(headers: list[str]) -> tuple[int, object]:
    """The register written from a plain cursor: (rows, the file, rewound)."""
    from openpyxl import Workbook

    from establishments.models import Establishment

    archived = ""
    if any(f.name == "archived_at" for f in Establishment._meta.concrete_fields):
        archived = "AND e.archived_at IS NULL"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cơ sở CNNT")
    sheet.append(headers)
    count = 0
    connection.ensure_connection()
    with connection.connection.cursor(name="bench_plain_export") as cursor:
        cursor.itersize = 2000
        cursor.execute(EXPORT_SQL.format(archived=archived))
        for row in _rows(cursor):
            sheet.append(row)
            count += 1
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the caller reads and closes it)
    workbook.save(handle)
    handle.seek(0)
    return count, handle
