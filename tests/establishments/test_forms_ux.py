"""Forms that scale: searchable, scoped choices; amounts typed as an office types them;
no silent default; errors summarised at the top and shown on their field."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from core.forms import MoneyField
from localities.models import AdminUnit, Era, Level
from tests.factories import EstablishmentFactory, UserFactory, assign_area, commune

pytestmark = pytest.mark.django_db

OPTIONS = reverse("establishments:options")


def _other_commune():
    return (
        AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, parent__code="24")
        .exclude(name="Xã Tân Yên")
        .order_by("pk")
        .first()
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_establishment_search_answers_only_within_the_users_area(
    django_assert_max_num_queries,
):
    mine = EstablishmentFactory(name="Cơ sở Đèn tre Tân Yên", tax_code="2400111111")
    theirs = EstablishmentFactory(name="Cơ sở Đèn tre Khác", commune=_other_commune())
    collaborator = UserFactory(role=Role.COLLABORATOR)
    assign_area(collaborator, [commune("Xã Tân Yên")])
    client = _client(collaborator)
    with django_assert_max_num_queries(8):
        found = client.get(OPTIONS, {"q": "den tre"}).json()["results"]
    assert [r["id"] for r in found] == [mine.pk]
    # Two establishments may share a name: the commune and tax code tell them apart.
    assert found[0]["text"] == "Cơ sở Đèn tre Tân Yên · Xã Tân Yên · MST 2400111111"
    assert client.get(OPTIONS, {"q": "2400"}).json()["results"][0]["id"] == mine.pk
    staff = _client(UserFactory(role=Role.CENTER_STAFF))
    assert {r["id"] for r in staff.get(OPTIONS, {"q": "den tre"}).json()["results"]} == {
        mine.pk,
        theirs.pk,
    }
    council = _client(UserFactory(role=Role.COUNCIL_MEMBER))
    assert council.get(OPTIONS, {"q": "den tre"}).json()["results"] == []


def test_a_list_of_three_rows_costs_what_one_costs(django_assert_max_num_queries):
    for n in range(3):
        EstablishmentFactory(name=f"Cơ sở Mây tre {n}")
    client = _client(UserFactory(role=Role.CENTER_STAFF))
    with django_assert_max_num_queries(6):
        assert len(client.get(OPTIONS, {"q": "may tre"}).json()["results"]) == 3


def test_the_visit_form_carries_no_list_and_refuses_someone_elses_establishment():
    theirs = EstablishmentFactory(commune=_other_commune())
    mine = EstablishmentFactory()
    collaborator = UserFactory(role=Role.COLLABORATOR)
    assign_area(collaborator, [commune("Xã Tân Yên")])
    client = _client(collaborator)
    page = client.get(reverse("collaborators:visit_create")).content.decode()
    assert f'data-search-url="{OPTIONS}"' in page
    assert mine.name not in page  # choices come from the search, not the page
    assert "tom-select.complete.min.js" in page
    chosen = client.get(reverse("collaborators:visit_create"), {"establishment": mine.pk})
    assert f"{mine.name} · Xã Tân Yên" in chosen.content.decode()
    refused = client.post(
        reverse("collaborators:visit_create"),
        {"establishment": theirs.pk, "visited_on": "2026-01-05", "purpose": "survey"},
    )
    assert refused.status_code == 200
    assert 'data-testid="error-summary"' in refused.content.decode()
    assert theirs.name not in refused.content.decode()


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("150.000.000", 150_000_000), ("150000000", 150_000_000), ("150 000 000 đ", 150_000_000)],
)
def test_money_is_typed_as_an_office_types_it_and_shown_grouped(typed, amount):
    field = MoneyField()
    assert field.clean(typed) == amount
    widget = field.widget.render("amount", field.prepare_value(amount), attrs={"id": "x"})
    assert 'value="150.000.000"' in widget
    assert "data-money" in widget
    assert 'type="text"' in widget
    assert "min=" not in widget


def test_the_request_form_does_not_choose_a_content_for_the_user():
    establishment = EstablishmentFactory()
    client = _client(UserFactory(role=Role.CENTER_STAFF))
    url = reverse("establishments:request_create", args=[establishment.pk])
    page = client.get(url).content.decode()
    select = re.search(r'<select name="content_type".*?</select>', page, re.S).group(0)
    assert re.search(r'<option value="" selected>', select)
    assert select.count("selected") == 1
    response = client.post(url, {"description": "Máy", "estimated_cost_vnd": "150.000.000"})
    assert response.status_code == 200
    assert 'data-testid="error-summary"' in response.content.decode()


def test_a_duplicate_tax_code_is_an_error_on_its_field_with_a_link_to_the_record():
    existing = EstablishmentFactory(name="Cơ sở Gốm Thổ Hà", tax_code="2400777777")
    client = _client(UserFactory(role=Role.CENTER_STAFF))
    response = client.post(
        reverse("establishments:create"),
        {
            "name": "Cơ sở mới",
            "legal_form": "household_business",
            "size_class": "micro",
            "tax_code": "2400777777",
            "commune": commune("Xã Tân Yên").pk,
            "sector": "handicraft",
            "workers": "3",
            "local_material_share": "50",
        },
    )
    page = response.content.decode()
    summary = page.split('data-testid="error-summary"')[1].split("</div>")[0]
    assert "Có lỗi cần sửa" in summary
    assert 'href="#id_tax_code"' in summary  # the summary links to the field
    field = page.split('id="id_tax_code"')[1].split('data-testid="same-tax-code"')[0]
    assert "Đã có cơ sở đăng ký mã số thuế này" in field  # the message on the field
    assert f'href="{existing.get_absolute_url()}"' in page.split('data-testid="same-tax-code"')[1]
