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
