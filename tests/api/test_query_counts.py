"""Every list of the API costs the same number of queries for 2 rows as for 20 (no query
per row), pinned; and a cursor walks thousands of rows without losing or repeating one,
each page at the same cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from establishments.models import Establishment
from localities.models import AdminUnit
from projects.models import BudgetLine, Project
from tests.api import builders
from tests.factories import commune_named

pytestmark = pytest.mark.django_db

# Every call: the client's token (1), its roles (1), the page (1) and the call log (1), on
# PostgreSQL after telling the log's commit not to wait for the disk (1); then one query
# per nested list (a project's budget lines and beneficiaries, a plan's items, a unit's
# successors). The client's "last used" is written at most once a minute: the calls below
# come after a first one that wrote it.
LISTS = {
    "establishment": ("/api/v1/establishments/", 4),
    "project": ("/api/v1/projects/", 6),
    "plan": ("/api/v1/plans/", 5),
    "product": ("/api/v1/products/", 4),
    "certificate": ("/api/v1/certificates/", 4),
    "locality": ("/api/v1/localities/", 5),
}


def _pinned(count: int) -> int:
    return count + (connection.vendor == "postgresql")


def test_every_list_endpoint_is_pinned():
    from api.urls import router

    assert {basename for _prefix, _viewset, basename in router.registry} == LISTS.keys()


@pytest.mark.parametrize("resource", sorted(LISTS))
def test_a_list_costs_the_same_queries_for_2_and_20_rows(resource, api_for):
    url, pinned = LISTS[resource]
    pinned = _pinned(pinned)
    caller = api_for("center_staff")
    assert caller.get(url).status_code == 200  # the first call writes "last used"
    for n in (2, 20):
        if resource == "locality":  # 13,000 units are loaded: the page size decides
            params = {"page_size": n}
        else:
            builders.BUILDERS[resource](n - (2 if n == 20 else 0))
            params = {}
        with CaptureQueriesContext(connection) as queries:
            response = caller.get(url, params)
        assert response.status_code == 200
        assert len(response.json()["results"]) == n
        assert len(queries) == pinned, [q["sql"][:100] for q in queries.captured_queries]


def _walk(caller, url: str, pinned: int) -> list[int]:
    pinned = _pinned(pinned)
    assert caller.get(url).status_code == 200  # the first call writes "last used"
    ids, pages = [], 0
    next_url = url
    while next_url:
        with CaptureQueriesContext(connection) as queries:
            response = caller.get(next_url)
        assert response.status_code == 200, response.content[:300]
        assert len(queries) == pinned
        body = response.json()
        assert set(body) == {"results", "next"}
        ids += [row["id"] for row in body["results"]]
        next_url = body["next"]
        pages += 1
        assert pages < 100
    return ids


def test_a_cursor_walks_thousands_of_establishments_once_each(api_for):
    commune = commune_named("Xã Tân Yên")
    Establishment.objects.bulk_create(
        Establishment(
            name=f"Cơ sở {i}",
            normalized_name=f"co so {i}",
            legal_form="enterprise",
            sector="handicraft",
            commune=commune,
        )
        for i in range(3000)
    )
    ids = _walk(api_for("official"), "/api/v1/establishments/?page_size=500", 4)
    assert len(ids) == len(set(ids)) == Establishment.objects.count() >= 3000


def test_a_cursor_walks_thousands_of_projects_once_each(api_for):
    projects = Project.objects.bulk_create(
        Project(
            code=f"DP-L-{i:05d}",
            title=f"Đề án {i}",
            plan_year=2030,
            fund_source="local",
            content_type="machinery",
            implementing_unit="Trung tâm",
        )
        for i in range(2000)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(project=p, item="Máy", state_support_vnd=1, counterpart_vnd=1) for p in projects
    )
    ids = _walk(api_for("center_staff"), "/api/v1/projects/?page_size=500&year=2030", 6)
    assert len(ids) == len(set(ids)) == 2000


def test_a_cursor_walks_every_administrative_unit_of_both_eras_once(api_for):
    ids = _walk(api_for("public"), "/api/v1/localities/?page_size=500", 5)
    assert len(ids) == len(set(ids)) == AdminUnit.objects.count() > 10_000


def test_the_page_size_is_100_by_default_and_500_at_most(api_for):
    caller = api_for("public")
    assert len(caller.get("/api/v1/localities/").json()["results"]) == 100
    assert len(caller.get("/api/v1/localities/", {"page_size": 5000}).json()["results"]) == 500
