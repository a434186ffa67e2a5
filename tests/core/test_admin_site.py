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
