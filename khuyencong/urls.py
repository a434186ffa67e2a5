from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from collaborators import urls as collaborator_urls
from establishments import visit_urls

admin.site.site_header = _("Industrial Promotion Center — administration")
admin.site.site_title = _("Khuyến công")
admin.site.index_title = _("Registers and settings")

urlpatterns = [
    path("", include("portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("localities/", include("localities.urls")),
    path("establishments/", include("establishments.urls")),
    # Field visits belong to establishments but keep their addresses and URL names.
    path(
        "collaborators/",
        include(
            (visit_urls.urlpatterns + collaborator_urls.urlpatterns, collaborator_urls.app_name)
        ),
    ),
    path("projects/", include("projects.urls")),
    path("funding/", include("funding.urls")),
    path("products/", include("products.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
