"""The dashboard's figures, aggregated in the database (a fixed number of queries), each
series with the link to the filtered list behind it."""

from urllib.parse import urlencode

from django.db.models import Count, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborators.selectors import roster_in_force_qs
from establishments.content_types import PromotionContent
from funding.allowances.selectors import network_cost
from localities.models import AdminUnit, Era, Level
from localities.selectors import configured_province
from projects.forms import IMPLEMENTED
from projects.models import FundSource

from .builders import summary_projects, totals_by

YEARS = 10
TOP_COMMUNES = 15


def _url(name: str, **query) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


CACHE_KEY = "reports:dashboard"
CACHE_SECONDS = 60 * 60


def cached_dashboard_data() -> dict:
    """The figures, recomputed at most hourly (and each night by the scheduled task)."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    key = f"{CACHE_KEY}:{get_language()}"
    data = cache.get(key)
    if data is None:
        data = dashboard_data()
        cache.set(key, data, CACHE_SECONDS)
    return data


def refresh() -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            cache.set(f"{CACHE_KEY}:{code}", dashboard_data(), CACHE_SECONDS)


def dashboard_data() -> dict:
    this_year = timezone.localdate().year
    first = this_year - YEARS + 1
    qs = summary_projects(first, this_year)
    years = list(range(first, this_year + 1))
    by_year_fund = {
        (row["plan_year"], row["fund_source"]): row
        for row in totals_by(qs, "plan_year", "fund_source")
    }
    funds = dict(FundSource.choices)
    by_year = {
        "labels": [str(y) for y in years],
        "datasets": [
            {
                "label": str(funds[fund]),
                "projects": [by_year_fund.get((y, fund), {}).get("n", 0) for y in years],
                "support": [int(by_year_fund.get((y, fund), {}).get("s", 0)) for y in years],
                "links": [
                    _url("projects:list", year=y, fund_source=fund, status=IMPLEMENTED)
                    for y in years
                ],
            }
            for fund in FundSource.values
        ],
    }
    contents = dict(PromotionContent.choices)
    content_rows = list(totals_by(qs, "content_type").order_by("-n", "content_type"))
    by_content = {
        "labels": [str(contents.get(r["content_type"], r["content_type"])) for r in content_rows],
        "projects": [r["n"] for r in content_rows],
        "support": [int(r["s"]) for r in content_rows],
        "links": [
            _url("projects:list", content_type=r["content_type"], status=IMPLEMENTED, since=first)
            for r in content_rows
        ],
    }
    province = configured_province()
    in_force = Subquery(roster_in_force_qs(None).values("pk"))
    communes = list(
        AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, parent=province)
        .annotate(
            n_establishments=Count(
                "establishments",
                filter=Q(
                    establishments__merged_into__isnull=True,
                    establishments__archived_at__isnull=True,
                ),
                distinct=True,
            ),
            n_collaborators=Count(
                "roster_memberships__collaborator",
                filter=Q(roster_memberships__roster__in=in_force),
                distinct=True,
            ),
        )
        .order_by("-n_establishments", "name")
        .values("pk", "name", "n_establishments", "n_collaborators")
    )
    top = communes[:TOP_COMMUNES]
    by_commune = {
        "labels": [c["name"] for c in top],
        "establishments": [c["n_establishments"] for c in top],
        "collaborators": [c["n_collaborators"] for c in top],
        "links": [_url("establishments:list", commune=c["pk"]) for c in top],
    }
    gaps = [c for c in communes if not c["n_collaborators"]]
    return {
        "first_year": first,
        "last_year": this_year,
        "by_year": by_year,
        "by_content": by_content,
        "by_commune": by_commune,
        "coverage": {
            "communes": len(communes),
            "without_collaborator": len(gaps),
            "without_establishment": sum(1 for c in communes if not c["n_establishments"]),
        },
        # The collaborator network's cost: allowances paid per commune the roster covers.
        "network": [network_cost(y) for y in (this_year - 1, this_year)],
        "gaps": [
            {
                "name": c["name"],
                "establishments": c["n_establishments"],
                "link": reverse("localities:unit_detail", args=[c["pk"]]),
            }
            for c in sorted(gaps, key=lambda c: (-c["n_establishments"], c["name"]))[:30]
        ],
        "titles": {
            "by_year": _("Projects and state support by year and fund source"),
            "by_content": _("Projects by content"),
            "by_commune": _("Establishments and collaborators per commune"),
            "projects": _("Projects"),
            "support": _("State support (million đồng)"),
            "establishments": _("Establishments"),
            "collaborators": _("Collaborators"),
        },
    }
