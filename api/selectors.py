"""What each API resource lists for a client: the page selectors of each app (one
scoping rule for the portal and the API), with the joins the serializers need so that a
page of 500 rows costs the same few queries as a page of 2."""

import datetime as dt

from django.db.models import F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from establishments.models import Establishment
from establishments.selectors import establishment_get_visible, establishment_list_visible_to
from funding.models import Grant
from funding.selectors import can_view_money
from localities.models import AdminUnit, AdminUnitSuccession
from products.models import Certificate, Product
from products.selectors import (
    certificate_list_visible_to,
    product_get_visible,
    product_list_visible_to,
)
from projects.models import AnnualPlan, BudgetLine, PlanItem, Project
from projects.selectors import (
    plan_list_visible_to,
    project_get_visible,
    project_list_visible_to,
    with_totals,
)

from .models import ApiClient


def api_client_list(user) -> QuerySet[ApiClient]:
    from accounts.roles import is_center_staff

    if not is_center_staff(user):
        return ApiClient.objects.none()
    return ApiClient.objects.select_related("user", "created_by", "revoked_by").order_by(
        "revoked_at", "name"
    )


def api_client_get(user, pk: int) -> ApiClient:
    return get_object_or_404(api_client_list(user), pk=pk)


# --- changed since ------------------------------------------------------------------------
# Every record the API serves keeps its history (django-simple-history, indexed by date):
# a record changed after a moment when it, or a part the API shows with it (a project's
# budget lines and grant, a plan's items), has a history row after that moment.


def changed_after(model, moment: dt.datetime, *, key: str = "id") -> QuerySet:
    return model.history.filter(history_date__gt=moment).values(key)


def project_changed_after(moment: dt.datetime) -> Q:
    return (
        Q(pk__in=changed_after(Project, moment))
        | Q(pk__in=changed_after(BudgetLine, moment, key="project_id"))
        | Q(pk__in=changed_after(Grant, moment, key="project_id"))
    )


def plan_changed_after(moment: dt.datetime) -> Q:
    return Q(pk__in=changed_after(AnnualPlan, moment)) | Q(
        pk__in=changed_after(PlanItem, moment, key="plan_id")
    )


# --- resources ----------------------------------------------------------------------------


def api_establishments(user) -> QuerySet[Establishment]:
    return establishment_list_visible_to(user).select_related("commune", "legacy_commune")


def api_establishment_get(user, pk: int) -> Establishment:
    return establishment_get_visible(user, pk)


def _project_parts(qs: QuerySet[Project], user) -> QuerySet[Project]:
    """Projects with their totals, budget lines (`api_budget_lines`) and beneficiaries
    (`api_beneficiaries`). The related rows go to plain lists: prefetching into the
    related managers builds a manager and a queryset per project, a third of the time of a
    page of a hundred projects."""
    qs = with_totals(qs).prefetch_related(
        Prefetch(
            "budget_lines",
            queryset=BudgetLine.objects.order_by("position", "id"),
            to_attr="api_budget_lines",
        ),
        Prefetch(
            "beneficiaries",
            queryset=Establishment.objects.only("id", "name", "legal_form", "contact_person"),
            to_attr="api_beneficiaries",
        ),
    )
    if can_view_money(user):
        qs = qs.select_related("grant")
    return qs


def api_projects(user) -> QuerySet[Project]:
    return _project_parts(project_list_visible_to(user), user)


def api_project_get(user, pk: int) -> Project:
    project_get_visible(user, pk)  # the page's rule: 404 if not the client's
    return _project_parts(Project.objects.filter(pk=pk), user).get()


def api_plans(user) -> QuerySet[AnnualPlan]:
    return plan_list_visible_to(user).prefetch_related(
        Prefetch(
            "items",
            queryset=PlanItem.objects.select_related("project")
            .only("id", "plan_id", "amount_vnd", "project__id", "project__code")
            .order_by("project__code"),
        )
    )


def api_plan_get(user, pk: int) -> AnnualPlan:
    return get_object_or_404(api_plans(user), pk=pk)


def api_products(user) -> QuerySet[Product]:
    return product_list_visible_to(user).select_related("establishment__commune")


def api_product_get(user, pk: int) -> Product:
    product_get_visible(user, pk)
    return api_products(user).get(pk=pk)


def api_certificates(user) -> QuerySet[Certificate]:
    return certificate_list_visible_to(user).annotate(
        product_id=F("entry__product_id"),
        establishment_legal_form=F("entry__product__establishment__legal_form"),
    )


def api_certificate_get(user, pk: int) -> Certificate:
    return get_object_or_404(api_certificates(user), pk=pk)


def api_localities() -> QuerySet[AdminUnit]:
    """Administrative units of both eras: public facts, the same for every client."""
    return AdminUnit.objects.prefetch_related(
        Prefetch(
            "successions",
            queryset=AdminUnitSuccession.objects.only("id", "old_id", "new_id", "is_default"),
        )
    )


def api_locality_get(pk: int) -> AdminUnit:
    return get_object_or_404(api_localities(), pk=pk)
