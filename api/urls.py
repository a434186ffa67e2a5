from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("establishments", views.EstablishmentViewSet, basename="establishment")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("products", views.ProductViewSet, basename="product")
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("localities", views.LocalityViewSet, basename="locality")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
]
