"""Rows of each API resource, built in Xã Tân Yên (the factories' default)."""

import datetime as dt
import itertools

from establishments.models import Establishment
from funding.models import Grant
from projects.models import AnnualPlan, BudgetLine
from tests.factories import (
    AllocationFactory,
    EstablishmentFactory,
    ProductFactory,
    ProjectFactory,
    UserFactory,
    published_certificate,
)

_years = itertools.count(2060)


def establishments(n: int) -> list:
    return EstablishmentFactory.create_batch(n)


def projects(n: int, *, grant: bool = True) -> list:
    allocation = AllocationFactory(year=next(_years)) if grant else None
    plan = AnnualPlan.objects.create(year=allocation.year, fund_source="local") if grant else None
    rows = []
    for _ in range(n):
        project = ProjectFactory()
        project.beneficiaries.add(
            EstablishmentFactory(), EstablishmentFactory(legal_form="enterprise")
        )
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(project=project, item="Máy", state_support_vnd=100, counterpart_vnd=50),
                BudgetLine(project=project, item="Khuôn", state_support_vnd=20, counterpart_vnd=5),
            ]
        )
        if grant:
            Grant.objects.create(
                project=project,
                allocation=allocation,
                plan=plan,
                approved_on=dt.date(2026, 1, 5),
                amount_vnd=120,
                project_cost_vnd=175,
                committed_vnd=120,
                paid_vnd=40,
            )
        rows.append(project)
    return rows


def plans(n: int) -> list:
    rows = []
    for _ in range(n):
        plan = AnnualPlan.objects.create(year=next(_years), fund_source="local")
        for project in ProjectFactory.create_batch(2):
            plan.items.create(project=project, amount_vnd=10)
        rows.append(plan)
    return rows


def products(n: int) -> list:
    user = UserFactory()
    return [ProductFactory(photos=[], created_by=user) for _ in range(n)]


def certificates(n: int) -> list:
    user = UserFactory()
    return [published_certificate(ProductFactory(photos=[], created_by=user)) for _ in range(n)]


BUILDERS = {
    "establishment": establishments,
    "project": projects,
    "plan": plans,
    "product": products,
    "certificate": certificates,
}


def household(**fields) -> Establishment:
    return EstablishmentFactory(
        name="Hộ kinh doanh Nguyễn Văn Bình",
        legal_form="household_business",
        tax_code="8012345678",
        phone="0987654321",
        email="binh@example.vn",
        contact_person="Nguyễn Văn Bình",
        address_line="Thôn Đông, số 12",
        **fields,
    )
