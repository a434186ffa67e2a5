import datetime as dt

import pytest

from tests.factories import EstablishmentFactory, ProjectFactory


def make_project(code: str, *, support: int, counterpart: int, status="approved", **fields):
    from projects.models import BudgetLine

    project = ProjectFactory(code=code, status=status, **fields)
    establishment = EstablishmentFactory(
        name=f"Hợp tác xã mây tre {code}",
        tax_code=f"23{abs(hash(code)) % 10**8:08d}",
        contact_person="Nguyễn Thị Hoa",
        address_line="Thôn Đông",
    )
    project.beneficiaries.add(establishment)
    project.commune = establishment.commune
    project.start_date, project.end_date = (
        dt.date(project.plan_year, 3, 1),
        dt.date(project.plan_year, 10, 31),
    )
    project.save()
    BudgetLine.objects.create(
        project=project, item="Máy", state_support_vnd=support, counterpart_vnd=counterpart
    )
    return project


@pytest.fixture
def plan_with_items(db):
    """An approved local plan of three projects of two contents."""
    from projects.models import AnnualPlan

    plan = AnnualPlan.objects.create(
        year=2026,
        fund_source="local",
        status="approved",
        decision_number="45/QĐ-UBND",
        decision_date=dt.date(2026, 1, 5),
    )
    for code, content, support, counterpart in (
        ("DP-26-001", "machinery", 135_000_000, 200_000_000),
        ("DP-26-002", "machinery", 90_000_000, 60_000_000),
        ("DP-26-003", "training", 45_500_000, 0),
    ):
        project = make_project(
            code, support=support, counterpart=counterpart, content_type=content, plan_year=2026
        )
        plan.items.create(project=project, amount_vnd=support)
    return plan


@pytest.fixture
def contract_project(db):
    return make_project("DP-26-010", support=135_000_000, counterpart=215_000_000, plan_year=2026)


@pytest.fixture
def acceptance(db, staff_user):
    from projects.models import Acceptance

    project = make_project(
        "DP-26-020", support=80_000_000, counterpart=20_000_000, plan_year=2026, status="accepted"
    )
    return Acceptance.objects.create(
        project=project,
        accepted_on=dt.date(2026, 11, 12),
        minutes_number="07/BB-NT",
        result="passed",
        notes="Máy chạy ổn định",
        recorded_by=staff_user,
    )
