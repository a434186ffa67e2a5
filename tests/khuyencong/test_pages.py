"""The portal's own pages: what each role sees, and what each page costs in queries."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from localities.models import AdminUnit, Era, Level
from tests.conftest import ROLE_USERS
from tests.factories import (
    EstablishmentFactory,
    ProductFactory,
    assign_area,
    commune,
    make_round,
    seat,
)

pytestmark = pytest.mark.django_db


def test_home_shows_each_role_its_own_sections(client_for):
    staff = client_for("center_staff").get(reverse("home")).content.decode()
    assert "Quản trị" in staff  # Administration link
    assert "Tỉnh Bắc Ninh" in staff
    assert "Tỉnh Bắc Giang" in staff  # formed from

    collaborator = client_for("collaborator").get(reverse("home")).content.decode()
    assert "Địa bàn của tôi" in collaborator
    assert reverse("admin:index") not in collaborator
    assert reverse("system_status") not in collaborator

    official = client_for("official").get(reverse("home")).content.decode()
    assert "Chờ tôi quyết định" in official

    council = client_for("council_member").get(reverse("home")).content.decode()
    assert "Các đợt bình chọn của tôi" in council


def test_home_can_switch_to_english(client_for):
    client = client_for("official")
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert "Awaiting my decision" in page
    assert 'lang="en"' in page


@pytest.mark.parametrize(
    ("role", "limit"),
    # Each role's work queues cost one count each (portal.queues.work_counts).
    [
        ("collaborator", 14),
        ("official", 15),
        ("council_member", 10),
        ("center_staff", 23),
        ("establishment_user", 9),
    ],
)
def test_home_query_count(role, limit, make_user, client, django_assert_max_num_queries):
    user = make_user(ROLE_USERS[role])
    if role == "collaborator":
        assign_area(user, [commune("Xã Tân Yên"), commune("Phường Từ Sơn")])
    EstablishmentFactory.create_batch(3)
    client.force_login(user)
    with django_assert_max_num_queries(limit):
        page = client.get(reverse("home")).content.decode()
    if role == "collaborator":
        assert "Phường Từ Sơn, Xã Tân Yên" in page
        assert "3 cơ sở" in page


def test_council_member_home_lists_rounds_with_what_is_left_to_score(make_user, client):
    from products.models import Entry, RoundStatus, VotingRound

    user = make_user(ROLE_USERS["council_member"])
    voting_round = make_round(title="Bình chọn cấp tỉnh năm nay")
    seat(voting_round, user, role="chair")
    for product in ProductFactory.create_batch(2):
        Entry.objects.create(
            round=voting_round, product=product, group=1, registered_by=product.created_by
        )
    VotingRound.objects.filter(pk=voting_round.pk).update(status=RoundStatus.SCORING)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "Bình chọn cấp tỉnh năm nay: đã chấm 0/2 sản phẩm" in page
    assert voting_round.get_absolute_url() in page


def test_locality_list_shows_communes_with_their_legacy_origin(client_for):
    page = client_for("collaborator").get(reverse("localities:unit_list")).content.decode()
    assert "Tỉnh Bắc Ninh" in page
    assert "Bắc Giang" in page


def test_locality_search_ignores_diacritics(client_for):
    client = client_for("collaborator")
    response = client.get(reverse("localities:unit_list"), {"q": "tan yen"})
    names = [u.name for u in response.context["page"]]
    assert names == ["Xã Tân Yên"]


def test_locality_list_filters_by_former_province(client_for):
    bac_giang = AdminUnit.objects.get(era=Era.LEGACY, level=Level.PROVINCE, name="Tỉnh Bắc Giang")
    response = client_for("official").get(
        reverse("localities:unit_list"), {"legacy_province": bac_giang.pk}
    )
    page = response.context["page"]
    assert page.paginator.count > 10
    for unit in page:
        provinces = {s.old.parent.parent_id for s in unit.predecessors.all()}
        assert bac_giang.pk in provinces


def test_locality_list_cost_does_not_grow_with_rows(client_for):
    """3 rows and a full page of 50 cost the same number of queries (one fewer with
    Redis, where the session is read from the cache)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("official")
    url = reverse("localities:unit_list")
    with CaptureQueriesContext(connection) as first:
        few = client.get(url, {"q": "yen"})
    with CaptureQueriesContext(connection) as second:
        many = client.get(url)
    assert len(first) == len(second) <= 10
    assert 3 <= len(few.context["page"]) < len(many.context["page"]) == 50


def test_unit_detail_of_a_legacy_commune_shows_its_successor(
    client_for, django_assert_max_num_queries
):
    viet_lap = AdminUnit.objects.get(
        era=Era.LEGACY, level=Level.COMMUNE, key="xavietlap", parent__key="huyentanyen"
    )
    client = client_for("collaborator")
    with django_assert_max_num_queries(9):
        page = client.get(viet_lap.get_absolute_url()).content.decode()
    assert "Huyện Tân Yên" in page
    assert "Tỉnh Bắc Ninh" in page


def test_unit_detail_of_a_province_lists_its_subdivisions(
    client_for, django_assert_max_num_queries
):
    province = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code="24")
    client = client_for("official")
    with django_assert_max_num_queries(9):
        response = client.get(province.get_absolute_url())
    assert response.context["children"].count() == 99
    assert "Tỉnh Bắc Giang" in response.content.decode()  # formed from


def test_commune_options_for_another_province(client_for, django_assert_max_num_queries):
    hcm = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code="79")
    client = client_for("collaborator")
    with django_assert_max_num_queries(6):
        data = client.get(reverse("localities:commune_options"), {"province": hcm.pk}).json()
    assert data["province"]["name"] == "Thành phố Hồ Chí Minh"
    assert len(data["results"]) == 168


def test_commune_options_filter_and_unknown_province(client_for):
    client = client_for("collaborator")
    data = client.get(reverse("localities:commune_options"), {"q": "tan yen"}).json()
    assert data["province"]["name"] == "Tỉnh Bắc Ninh"
    assert [r["name"] for r in data["results"]] == ["Xã Tân Yên"]
    legacy = AdminUnit.objects.get(era=Era.LEGACY, level=Level.PROVINCE, code="27")
    response = client.get(reverse("localities:commune_options"), {"province": legacy.pk})
    assert response.status_code == 404


def test_system_status_for_staff(client_for, django_assert_max_num_queries):
    client = client_for("center_staff")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("system_status"))
    assert response.context["unit_count"] == AdminUnit.objects.count()


def test_staff_can_send_a_test_job_inline(client_for, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client = client_for("center_staff")
    response = client.post(reverse("system_status"), follow=True)
    assert response.context["heartbeat"]["worker"] == "inline"


def test_system_status_refuses_other_roles_to_send_jobs(client_for):
    for role in ("collaborator", "official", "council_member"):
        assert client_for(role).post(reverse("system_status")).status_code == 404


def test_roles_are_distinct_groups(make_user):
    user = make_user(Role.OFFICIAL)
    assert list(user.groups.values_list("name", flat=True)) == ["official"]


def test_an_english_browser_still_gets_vietnamese_until_it_switches(client):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log in" in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.parametrize(
    ("role", "url_name", "limit"),
    [
        ("anonymous", "accounts:login", 2),
        ("official", "accounts:password_change", 6),
        ("anonymous", "healthz", 1),
        ("center_staff", "admin:index", 8),
    ],
)
def test_other_page_query_counts(role, url_name, limit, client_for, django_assert_max_num_queries):
    client = client_for(role)
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(url_name)).status_code == 200
