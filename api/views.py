"""The data exchange API, version 1: read-only, one resource per register. Each client
acts as its role: the lists and details come from the same selectors as the pages."""

import hashlib
import time

from django.db import transaction
from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.http import parse_etags
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.views import exception_handler

from establishments.models import Establishment
from funding.selectors import can_view_money
from localities.models import AdminUnit
from products.models import Certificate, Product
from projects.models import AnnualPlan, Project

from . import filters, selectors, serializers
from .authentication import BearerTokenAuthentication
from .models import ApiClient
from .pagination import ApiCursorPagination
from .services import api_call_record
from .throttling import ApiClientRateThrottle


def _exception_handler(exc, context):
    """DRF's answer to an error, without marking the surrounding transaction for
    rollback: the API only reads, and the call log is still to be written."""
    connection = transaction.get_connection()
    rollback = connection.get_rollback() if connection.in_atomic_block else None
    response = exception_handler(exc, context)
    if rollback is not None:
        connection.set_rollback(rollback)
    return response


def _etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:40] + '"'


# Read-only: no request transaction, so the call log is written even when the answer is
# an error (DRF marks the request's transaction for rollback on any error).
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class ApiViewSet(viewsets.ReadOnlyModelViewSet):
    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [ApiClientRateThrottle]
    pagination_class = ApiCursorPagination
    filter_backends = [DjangoFilterBackend]
    lookup_value_converter = "int"

    def get_exception_handler(self):
        return _exception_handler

    def list_rows(self, user):
        raise NotImplementedError

    def detail_row(self, user, pk: int):
        raise NotImplementedError

    def get_queryset(self):
        return self.list_rows(self.request.user)

    def get_object(self):
        return self.detail_row(self.request.user, self.kwargs["pk"])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        client = getattr(self.request, "auth", None)
        context["personal"] = isinstance(client, ApiClient) and client.reads_personal_data
        context["money"] = can_view_money(self.request.user)
        return context

    def dispatch(self, request, *args, **kwargs):
        started = time.monotonic()
        response = super().dispatch(request, *args, **kwargs)
        response.render()
        data = getattr(response, "data", None)
        count = None
        if response.status_code == 200:
            count = len(data["results"]) if isinstance(data, dict) and "results" in data else 1
            etag = _etag(response.content)
            response["ETag"] = etag
            response["Cache-Control"] = "private, no-cache"
            if etag in parse_etags(request.headers.get("If-None-Match", "")):
                response = HttpResponseNotModified()
                response["ETag"] = etag
                response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Authorization",))
        try:
            client = self.request.auth
        except APIException:
            client = None
        api_call_record(
            client=client if isinstance(client, ApiClient) else None,
            method=request.method,
            path=request.path,
            query=request.META.get("QUERY_STRING", ""),
            status=response.status_code,
            result_count=count,
            duration_ms=round((time.monotonic() - started) * 1000),
        )
        return response


class EstablishmentViewSet(ApiViewSet):
    """Establishments of the register the client's role sees (merged duplicates and
    archived records left out)."""

    queryset = Establishment.objects.none()
    serializer_class = serializers.EstablishmentSerializer
    filterset_class = filters.EstablishmentFilter

    def list_rows(self, user):
        return selectors.api_establishments(user)

    def detail_row(self, user, pk):
        return selectors.api_establishment_get(user, pk)


class ProjectViewSet(ApiViewSet):
    """Projects with their budget lines, beneficiaries and, for clients that read the
    money, the grant and the payments on it."""

    queryset = Project.objects.none()
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter

    def list_rows(self, user):
        return selectors.api_projects(user)

    def detail_row(self, user, pk):
        return selectors.api_project_get(user, pk)


class PlanViewSet(ApiViewSet):
    """Annual plans, every version, with their items."""

    queryset = AnnualPlan.objects.none()
    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilter

    def list_rows(self, user):
        return selectors.api_plans(user)

    def detail_row(self, user, pk):
        return selectors.api_plan_get(user, pk)


class ProductViewSet(ApiViewSet):
    queryset = Product.objects.none()
    serializer_class = serializers.ProductSerializer
    filterset_class = filters.ProductFilter

    def list_rows(self, user):
        return selectors.api_products(user)

    def detail_row(self, user, pk):
        return selectors.api_product_get(user, pk)


class CertificateViewSet(ApiViewSet):
    """Certificates of typical products: every one for staff and officials, the
    published and unrevoked ones for everyone else."""

    queryset = Certificate.objects.none()
    serializer_class = serializers.CertificateSerializer
    filterset_class = filters.CertificateFilter

    def list_rows(self, user):
        return selectors.api_certificates(user)

    def detail_row(self, user, pk):
        return selectors.api_certificate_get(user, pk)


class LocalityViewSet(ApiViewSet):
    """Provinces, districts and communes of both eras, with each legacy unit's 2025
    successors."""

    queryset = AdminUnit.objects.none()
    serializer_class = serializers.LocalitySerializer
    filterset_class = filters.LocalityFilter

    def list_rows(self, user):
        return selectors.api_localities()

    def detail_row(self, user, pk):
        return selectors.api_locality_get(pk)


class SchemaView(SpectacularAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files; its start-up script is a file too (the
    Content Security Policy allows no inline script or style)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
