"""Query filters of the API resources: year, status, commune and `updated_after`."""

import django_filters
from django.utils.translation import gettext_lazy as _

from establishments.models import Establishment
from localities.models import AdminUnit
from products.models import Certificate, Product
from projects.models import AnnualPlan, Project

from . import selectors


def _updated_after(model_or_rule):
    def method(queryset, name, value):
        if callable(model_or_rule):
            return queryset.filter(model_or_rule(value))
        return queryset.filter(pk__in=selectors.changed_after(model_or_rule, value))

    return method


def updated_after(model_or_rule) -> django_filters.IsoDateTimeFilter:
    return django_filters.IsoDateTimeFilter(
        method=lambda qs, name, value: _updated_after(model_or_rule)(qs, name, value),
        label=_("Changed after this moment (ISO 8601, e.g. 2026-01-31T00:00:00+07:00)."),
    )


class EstablishmentFilter(django_filters.FilterSet):
    commune = django_filters.NumberFilter(field_name="commune_id")
    updated_after = updated_after(Establishment)

    class Meta:
        model = Establishment
        fields = ("commune", "legal_form", "sector", "verified")


class ProjectFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="plan_year")
    commune = django_filters.NumberFilter(field_name="commune_id")
    content = django_filters.CharFilter(field_name="content_type")
    updated_after = updated_after(selectors.project_changed_after)

    class Meta:
        model = Project
        fields = ("year", "status", "fund_source", "content", "commune")


class PlanFilter(django_filters.FilterSet):
    updated_after = updated_after(selectors.plan_changed_after)

    class Meta:
        model = AnnualPlan
        fields = ("year", "status", "fund_source")


class ProductFilter(django_filters.FilterSet):
    commune = django_filters.NumberFilter(field_name="establishment__commune_id")
    updated_after = updated_after(Product)

    class Meta:
        model = Product
        fields = ("commune", "establishment", "group")


class CertificateFilter(django_filters.FilterSet):
    commune = django_filters.NumberFilter(field_name="entry__product__establishment__commune_id")
    product = django_filters.NumberFilter(field_name="entry__product_id")
    updated_after = updated_after(Certificate)

    class Meta:
        model = Certificate
        fields = ("year", "level", "commune", "product")


class LocalityFilter(django_filters.FilterSet):
    class Meta:
        model = AdminUnit
        fields = ("era", "level", "parent", "code")
