"""The admin site: Django's, without the sidebar of every model on every admin page (it
took a third of a change list's time to draw and half of a 1366 px screen; the index and
the breadcrumbs lead everywhere), and with the list of every app and model built only
where a page shows it (the index): Django builds it for every page, a fifth of a change
list's time."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.utils.functional import SimpleLazyObject


class PortalAdminSite(AdminSite):
    enable_nav_sidebar = False

    def each_context(self, request):
        # AdminSite.each_context as in Django 5.2, but for "available_apps" (the test
        # tests/core/test_admin_site.py compares the keys with Django's).
        script_name = request.META["SCRIPT_NAME"]
        site_url = script_name if self.site_url == "/" and script_name else self.site_url
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": site_url,
            "has_permission": self.has_permission(request),
            # Built when a template reads it (the sidebar, if turned on again).
            "available_apps": SimpleLazyObject(lambda: self.get_app_list(request)),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }


class PortalAdminConfig(AdminConfig):
    default_site = "core.admin_site.PortalAdminSite"
