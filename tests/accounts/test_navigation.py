"""The navigation bar: at most seven top entries per role, menus for the rest, one name
per place, breadcrumbs under the top, the same palette for every status."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.navigation import MAX_TOP_ITEMS, breadcrumbs_for, navigation_for
from tests.conftest import ROLE_USERS

pytestmark = pytest.mark.django_db

TOP = re.compile(r'data-testid="nav-(\w+)"')


@pytest.mark.parametrize("role", [*ROLE_USERS, "anonymous"])
def test_no_role_has_more_than_seven_top_entries(role, client_for):
    client = client_for(role) if role != "anonymous" else Client()
    page = client.get(reverse("products:gallery")).content.decode()
    top = TOP.findall(page)
    assert 1 <= len(top) <= MAX_TOP_ITEMS, top
    assert len(set(top)) == len(top)


def test_staff_find_every_page_they_had_in_the_grouped_menus(client_for):
    page = client_for("center_staff").get(reverse("home")).content.decode()
    assert len(TOP.findall(page)) == MAX_TOP_ITEMS  # 23 pages before, on three rows
    for name in (
        "establishments:list",
        "establishments:request_list",
        "collaborators:visit_list",
        "collaborators:roster_list",
        "projects:list",
        "projects:plan_list",
        "funding:ledger",
        "reports:dashboard",
        "documents:register",
        "admin:index",
        "system_status",
    ):
        assert f'href="{reverse(name)}"' in page, name
    # Menus are buttons that open with the keyboard (Bootstrap's dropdown), not links.
    assert 'data-bs-toggle="dropdown" aria-expanded="false"' in page


def test_a_collaborator_no_longer_sees_two_kinds_of_area(client_for):
    page = client_for("collaborator").get(reverse("establishments:list")).content.decode()
    nav = page.split('data-testid="topnav"')[1].split("</ul>\n      <form")[0]
    assert "Cơ sở trên địa bàn" in nav
    assert "Đơn vị hành chính" in nav
    assert ">Địa bàn<" not in nav
    assert "Địa bàn của tôi" not in nav


def test_pages_below_the_top_have_breadcrumbs_and_the_home_has_none(client_for):
    client = client_for("center_staff")
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="breadcrumbs"' not in home
    plans = client.get(reverse("projects:plan_list")).content.decode()
    trail = plans.split('data-testid="breadcrumbs"')[1].split("</nav>")[0]
    assert f'<a href="{reverse("home")}">Trang chủ</a>' in trail
    assert "Đề án" in trail  # the menu the page sits in


def test_a_detail_page_links_back_to_its_list(staff_user):
    entries = navigation_for(staff_user)
    crumbs, current = breadcrumbs_for(entries, "/projects/plans/12/")
    assert current == "projects"
    assert [str(c.label) for c in crumbs][-1] == "Kế hoạch"
    assert crumbs[-1].url == reverse("projects:plan_list")
    # A page outside the menus (sign-in safety) still leads home.
    crumbs, current = breadcrumbs_for(entries, reverse("accounts:security"))
    assert [c.url for c in crumbs] == [reverse("home")]


def test_home_page_counts_are_links_to_what_they_count(client_for):
    staff = client_for("center_staff").get(reverse("home")).content.decode()
    assert re.search(rf'<a href="{reverse("establishments:duplicates")}">0 [^<]*trùng', staff)
    assert f'<a href="{reverse("establishments:list")}?verified=false">' in staff
    collaborator = client_for("collaborator").get(reverse("home")).content.decode()
    assert f'<li><a href="{reverse("establishments:request_list")}">' in collaborator or (
        "chưa phân công" in collaborator  # no area yet: no counts to show
    )
