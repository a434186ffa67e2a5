from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from collaborators import urls as collaborator_urls
from establishments import visit_urls
from funding import plan_urls
from projects import urls as project_urls

admin.site.site_header = _("Industrial Promotion Center — administration")
admin.site.site_title = _("Khuyến công")
admin.site.index_title = _("Registers and settings")

urlpatterns = [
    path("", include("portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("localities/", include("localities.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("establishments/", include("establishments.urls")),
    # Field visits belong to establishments but keep their addresses and URL names.
    path(
        "collaborators/",
        include(
            (visit_urls.urlpatterns + collaborator_urls.urlpatterns, collaborator_urls.app_name)
        ),
    ),
    # The annual plan belongs to funding but keeps its addresses and URL names.
    path(
        "projects/",
        include((project_urls.urlpatterns + plan_urls.urlpatterns, project_urls.app_name)),
    ),
    path("funding/", include("funding.urls")),
    path("products/", include("products.urls")),
    path("reports/", include("reports.urls")),
    path("documents/", include("documents.urls")),
    path("api/", include("api.urls")),
    path("api-clients/", include("api.pages_urls")),
    path("opendata/", include("opendata.urls")),
    path("my/", include("selfservice.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
