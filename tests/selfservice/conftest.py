import datetime as dt

import pytest
from django.utils import timezone

from establishments.services import representative_link
from tests.factories import (
    AllocationFactory,
    EstablishmentFactory,
    ProjectFactory,
    UserFactory,
    make_document,
)


@pytest.fixture
def staff(staff_user):
    return staff_user


@pytest.fixture
def household(db):
    return EstablishmentFactory(name="Cơ sở Mộc Đồng Kỵ", owner_identity_number="024090001234")


@pytest.fixture
def person(staff, household):
    """Acts for the household (linked by the center)."""
    user = UserFactory(full_name="Nguyễn Văn Đức")
    representative_link(actor=staff, user=user, establishment=household)
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def rep_client(client, person):
    client.force_login(person)
    return client


def paid_project(establishment, *, status="in_progress", paid=(196_000_000,), scheduled=()):
    """A project of the establishment with a grant, its payments made (and some only
    scheduled), and its contract issued."""
    from funding.models import Disbursement, Grant
    from projects.models import AnnualPlan

    project = ProjectFactory(status=status, title="Hỗ trợ máy CNC chạm khắc gỗ")
    project.beneficiaries.add(establishment)
    from funding.models import Allocation

    allocation = Allocation.objects.filter(year=project.plan_year, fund_source="local").first()
    allocation = allocation or AllocationFactory(year=project.plan_year)
    plan = AnnualPlan.objects.filter(year=project.plan_year, fund_source="local").first()
    plan = plan or AnnualPlan.objects.create(year=project.plan_year, fund_source="local")
    grant = Grant.objects.create(
        project=project,
        allocation=allocation,
        plan=plan,
        approved_on=timezone.localdate() - dt.timedelta(days=60),
        amount_vnd=280_000_000,
        project_cost_vnd=700_000_000,
        committed_vnd=280_000_000,
    )
    staff = UserFactory()
    for amount in paid:
        Disbursement.objects.create(
            grant=grant,
            kind="advance",
            amount_vnd=amount,
            status="paid",
            paid_on=timezone.localdate(),
            scheduled_by=staff,
        )
    for amount in scheduled:
        Disbursement.objects.create(
            grant=grant, kind="interim", amount_vnd=amount, scheduled_by=staff
        )
    make_document(obj=project, code="contract", pdf=True)
    return project
