"""The admin's establishment search works like the register's box: accent-free name or
the first digits of a tax code, on indexes (a trigram index on PostgreSQL)."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def test_admin_search_by_name_without_accents_or_tax_code_prefix(admin_client):
    EstablishmentFactory(name="Cơ sở Gốm Thổ Hà", normalized_name="co so gom tho ha")
    EstablishmentFactory(
        name="Mây tre Phú Vinh", normalized_name="may tre phu vinh", tax_code="2400777001"
    )
    url = reverse("admin:establishments_establishment_changelist")

    page = admin_client.get(url, {"q": "gom THO"}).content.decode()
    assert "Gốm Thổ Hà" in page
    assert "Phú Vinh" not in page
    page = admin_client.get(url, {"q": "2400777"}).content.decode()
    assert "Phú Vinh" in page
    assert "Gốm Thổ Hà" not in page
    assert admin_client.get(url, {"q": "   "}).status_code == 200


def test_postgres_has_the_search_indexes():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL indexes")  # SQLite gets none by design
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'establishments_establishment'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"establishment_name_trgm", "establishment_tax_code_prefix"} <= names


def test_admin_search_sorts_the_matches_off_the_trigram_index(admin_client, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    from establishments import admin as establishment_admin

    monkeypatch.setattr(establishment_admin.EstablishmentAdmin, "list_per_page", 2)
    for name in ("Mây tre Xuân", "Cơ sở mây tre An", "Mây tre Bình"):
        EstablishmentFactory(name=name)
    EstablishmentFactory(name="Gốm Bát Tràng")
    url = reverse("admin:establishments_establishment_changelist")

    def listing(params) -> tuple[str, str]:
        with CaptureQueriesContext(connection) as captured:
            page = admin_client.get(url, params).content.decode()
        query = next(q["sql"] for q in captured if "LIKE" in q["sql"] and "ORDER BY" in q["sql"])
        return page, query

    page, query = listing({"q": "may tre"})
    assert "Cơ sở mây tre An" in page
    assert page.index("Cơ sở mây tre An") < page.index("Mây tre Bình")
    assert "Mây tre Xuân" not in page  # on the second page
    assert "Bát Tràng" not in page
    # An order the name index cannot give: PostgreSQL sorts the matches the trigram index
    # finds instead of walking every name from "a" to reach a page of them.
    assert 'ORDER BY LOWER("establishments_establishment"."normalized_name")' in query
    page, query = listing({"q": "may tre", "p": 2})
    assert "Mây tre Xuân" in page
    assert "Mây tre Bình" not in page
    # Past the last page: Django's own answer (the list again, with its error flag).
    assert admin_client.get(url, {"q": "may tre", "p": 9}).status_code == 302
    # A column sort takes Django's way: the newest registered first, say.
    page, _query = listing({"q": "may tre", "o": "-1"})
    assert page.index("Mây tre Xuân") < page.index("Mây tre Bình")
    assert "Cơ sở mây tre An" not in page


def test_a_row_link_brings_back_to_the_same_search(admin_client):
    """Each row opens its record with the list's search and filters kept, so that saving
    or closing comes back to the same list (Django's address, written once a page)."""
    from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
    from django.contrib.admin.utils import quote
    from django.utils.http import urlencode

    made = EstablishmentFactory(name="Mây tre Phú Vinh", verified=False)
    url = reverse("admin:establishments_establishment_changelist")
    page = admin_client.get(url, {"q": "mây tre", "verified__exact": "0"}).content.decode()
    change = reverse("admin:establishments_establishment_change", args=[quote(made.pk)])
    # What Django's own row link is: the list's query, kept as one parameter.
    kept = urlencode({"_changelist_filters": urlencode({"q": "mây tre", "verified__exact": 0})})
    expected = add_preserved_filters({"preserved_filters": kept, "opts": made._meta}, change)
    assert "_changelist_filters=" in expected
    assert f'<a href="{expected.replace("&", "&amp;")}">Mây tre Phú Vinh</a>' in page
    plain = admin_client.get(url).content.decode()
    assert f'<a href="{change}">Mây tre Phú Vinh</a>' in plain


def test_admin_search_counts_on_the_trigram_index_and_selects_rows(admin_client, monkeypatch):
    """A name search says how many match, counted in one query PostgreSQL answers from
    the trigram index, and each row keeps its selection box for the "verify" action."""
    from django.test.utils import CaptureQueriesContext

    from establishments import admin as establishment_admin

    monkeypatch.setattr(establishment_admin.EstablishmentAdmin, "list_per_page", 2)
    made = [EstablishmentFactory(name=f"Mây tre số {i}") for i in range(3)]
    EstablishmentFactory(name="Gốm Bát Tràng")
    url = reverse("admin:establishments_establishment_changelist")
    with CaptureQueriesContext(connection) as captured:
        page = admin_client.get(url, {"q": "mây tre"}).content.decode()
    assert "3 kết quả" in page or "3 results" in page
    first = min(made, key=lambda e: (e.normalized_name, e.pk))
    assert f'name="_selected_action" value="{first.pk}" class="action-select"' in page
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"] and "LIKE" in q["sql"]]
    assert len(counts) == 1
    # The ids, which the name index does not hold: PostgreSQL takes the trigram index
    # (at N=1, 8 ms where COUNT(*) walks the whole name index in 40).
    assert "COUNT(*)" not in counts[0]
