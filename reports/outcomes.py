"""Results after support, per content and per year: what the follow-ups recorded, added
up in the database (two queries whatever the number of follow-ups)."""

from django.db.models import BigIntegerField, Count, ExpressionWrapper, F, Sum
from django.db.models.functions import ExtractYear
from django.utils import translation

from establishments.content_types import PromotionContent
from projects.models import OutcomeFollowUp

FIGURES = {
    "n": Count("pk"),
    "jobs_created": Sum("jobs_created"),
    "jobs_kept": Sum("jobs_kept"),
    "revenue_increase": Sum(
        ExpressionWrapper(
            F("revenue_after_vnd") - F("revenue_before_vnd"), output_field=BigIntegerField()
        )
    ),
    "value_added": Sum("value_added_vnd"),
    "capital": Sum("capital_mobilised_vnd"),
    "new_markets": Sum("new_markets"),
}


def _clean(row: dict) -> dict:
    return {k: int(row[k] or 0) for k in FIGURES}


def outcomes_by_year() -> list[dict]:
    """[{"year", "total": {...}, "contents": [{"code", "name", figures...}]}], latest first."""
    qs = OutcomeFollowUp.objects.annotate(year=ExtractYear("recorded_on")).order_by()
    by_content = qs.values("year", "project__content_type").annotate(**FIGURES)
    totals = {row["year"]: _clean(row) for row in qs.values("year").annotate(**FIGURES)}
    with translation.override("vi"):
        labels = {k: str(v) for k, v in PromotionContent.choices}
    order = list(labels)
    years: dict[int, list] = {}
    for row in by_content:
        code = row["project__content_type"]
        years.setdefault(row["year"], []).append(
            {"code": code, "name": labels.get(code, code), **_clean(row)}
        )
    return [
        {
            "year": year,
            "total": totals[year],
            "contents": sorted(
                years[year],
                key=lambda r: order.index(r["code"]) if r["code"] in order else len(order),
            ),
        }
        for year in sorted(years, reverse=True)
    ]
