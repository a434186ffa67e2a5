"""The admin site builds its list of apps only where a page shows it."""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.test import RequestFactory

from core.admin_site import PortalAdminSite

pytestmark = pytest.mark.django_db


def test_the_site_is_ours_and_answers_every_key_djangos_does(admin_user):
    assert isinstance(admin.site, PortalAdminSite)
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    ours = admin.site.each_context(request)
    djangos = AdminSite.each_context(admin.site, request)
    assert ours.keys() == djangos.keys()
    assert list(ours["available_apps"]) == djangos["available_apps"]


def test_the_index_still_lists_the_apps(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/admin/").content.decode()
    assert "/admin/establishments/establishment/" in page


def test_every_admin_list_row_link_keeps_the_lists_filters_as_django_writes_them(
    client, admin_user
):
    """A guarded register's list (projects, read-only): each row opens its record with the
    list's filters kept, the very address Django's own row link has."""
    from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
    from django.urls import reverse
    from django.utils.http import urlencode

    from core.admin_base import RowLinkChangeList
    from projects.models import Project
    from tests.factories import ProjectFactory

    project = ProjectFactory(plan_year=2031)
    model_admin = admin.site._registry[Project]
    assert model_admin.get_changelist(RequestFactory().get("/")) is RowLinkChangeList
    client.force_login(admin_user)
    url = reverse("admin:projects_project_changelist")
    page = client.get(url, {"plan_year": 2031}).content.decode()
    change = reverse("admin:projects_project_change", args=[project.pk])
    kept = urlencode({"_changelist_filters": urlencode({"plan_year": 2031})})
    expected = add_preserved_filters({"preserved_filters": kept, "opts": Project._meta}, change)
    assert f'href="{expected}"' in page
    assert "_changelist_filters=plan_year%3D2031" in expected
