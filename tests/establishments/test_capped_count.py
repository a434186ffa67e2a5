"""The register never counts a whole province: past 1,000 rows it says "more than"."""

import pytest
from django.urls import reverse

from core.pagination import CappedPaginator
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def test_the_register_says_more_than_the_cap_and_counts_exactly_below_it(
    client, staff_user, monkeypatch
):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    EstablishmentFactory.create_batch(5, sector="handicraft")
    EstablishmentFactory(sector="food", name="Cơ sở bún Phú Đô")
    client.force_login(staff_user)

    page = client.get(reverse("establishments:list")).content.decode()
    assert "Hơn 3 cơ sở" in page
    filtered = client.get(reverse("establishments:list"), {"sector": "food"})
    assert "1 cơ sở" in filtered.content.decode()
    assert "Phú Đô" in filtered.content.decode()


def test_the_capped_count_is_exact_below_the_cap(db):
    EstablishmentFactory.create_batch(4)
    from establishments.models import Establishment

    paginator = CappedPaginator(Establishment.objects.order_by("pk"), 2)
    assert paginator.count == 4
    assert not paginator.capped
    assert paginator.num_pages == 2
