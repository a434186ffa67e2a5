import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from accounts.roles import Role
from funding import plans
from projects.models import PlanStatus, ProjectStatus
from tests.factories import AllocationFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR = 2030


@pytest.fixture(autouse=True)
def allocation(db):
    """Plans are approved against the year's money (funding)."""
    return AllocationFactory(year=YEAR, fund_source="local")


def _appraised(n=1, **kwargs):
    projects = ProjectFactory.create_batch(
        n,
        status=ProjectStatus.APPRAISED,
        plan_year=YEAR,
        fund_source="local",
        **{"content_type": "training", **kwargs},
    )
    for p in projects:
        p.budget_lines.create(item="Máy", state_support_vnd=100_000_000, counterpart_vnd=5)
    return projects


@pytest.fixture
def staff():
    return UserFactory(role=Role.CENTER_STAFF)


@pytest.fixture
def official():
    return UserFactory(role=Role.OFFICIAL)


def _submitted_plan(staff, projects):
    plan = plans.plan_create(actor=staff, year=YEAR, fund_source="local")
    for p in projects:
        plans.plan_add_item(actor=staff, plan=plan, project=p)
    return plans.plan_submit(actor=staff, plan=plan)


def test_assemble_submit_and_approve_moves_every_project(staff, official):
    projects = _appraised(3)
    plan = _submitted_plan(staff, projects)
    for p in projects:
        p.refresh_from_db()
        assert p.status == ProjectStatus.IN_PLAN
    plans.plan_approve(
        actor=official, plan=plan, decision_number="123/QĐ-UBND", decision_date=dt.date(2030, 1, 5)
    )
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by, plan.decision_number) == (
        PlanStatus.APPROVED,
        official,
        "123/QĐ-UBND",
    )
    for p in projects:
        p.refresh_from_db()
        assert p.status == ProjectStatus.APPROVED
        assert p.events.last().actor == official


def test_only_appraised_projects_of_the_same_year_and_fund_enter(staff):
    plan = plans.plan_create(actor=staff, year=YEAR, fund_source="local")
    draft = ProjectFactory(plan_year=YEAR, fund_source="local")
    with pytest.raises(ValidationError):
        plans.plan_add_item(actor=staff, plan=plan, project=draft)
    other_fund = _appraised(1)[0]
    other_fund.fund_source = "national"
    other_fund.save()
    with pytest.raises(ValidationError):
        plans.plan_add_item(actor=staff, plan=plan, project=other_fund)
    project = _appraised(1)[0]
    with pytest.raises(ValidationError):
        plans.plan_add_item(actor=staff, plan=plan, project=project, amount_vnd=100_000_001)
    assert not plan.items.exists()


def test_approval_is_atomic(staff, official):
    projects = _appraised(3)
    plan = _submitted_plan(staff, projects)
    # Someone moved one project out of "in plan" behind the plan's back.
    ProjectFactory._meta.model.objects.filter(pk=projects[1].pk).update(
        status=ProjectStatus.REJECTED
    )
    with pytest.raises(ValidationError, match=projects[1].code):
        plans.plan_approve(
            actor=official, plan=plan, decision_number="1/QĐ", decision_date=dt.date(2030, 1, 5)
        )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    projects[0].refresh_from_db()
    assert projects[0].status == ProjectStatus.IN_PLAN
    assert not projects[0].events.filter(to_status=ProjectStatus.APPROVED).exists()


def test_only_officials_decide_and_only_staff_assemble(staff, official):
    plan = _submitted_plan(staff, _appraised(1))
    with pytest.raises(PermissionDenied):
        plans.plan_approve(
            actor=staff, plan=plan, decision_number="1", decision_date=dt.date(2030, 1, 5)
        )
    with pytest.raises(PermissionDenied):
        plans.plan_create(actor=official, year=YEAR + 1, fund_source="local")
    with pytest.raises(PermissionDenied):
        plans.plan_return(actor=UserFactory(role=Role.COLLABORATOR), plan=plan, note="x")


def test_return_with_comments_back_to_draft(staff, official):
    plan = _submitted_plan(staff, _appraised(1))
    with pytest.raises(ValidationError):
        plans.plan_return(actor=official, plan=plan, note=" ")
    plans.plan_return(actor=official, plan=plan, note="Bổ sung thuyết minh")
    plan.refresh_from_db()
    assert (plan.status, plan.return_note) == (PlanStatus.DRAFT, "Bổ sung thuyết minh")
    plans.plan_submit(actor=staff, plan=plan)


def test_adjustment_is_a_new_version_with_a_diff(staff, official):
    first, second, third = _appraised(3)
    plan = _submitted_plan(staff, [first, second])
    plans.plan_approve(
        actor=official, plan=plan, decision_number="1/QĐ", decision_date=dt.date(2030, 1, 5)
    )
    v2 = plans.plan_adjust(actor=staff, plan=plan)
    assert (v2.version, v2.status, v2.items.count()) == (2, PlanStatus.DRAFT, 2)
    plans.plan_remove_item(actor=staff, item=v2.items.get(project=second))
    plans.plan_change_amount(actor=staff, item=v2.items.get(project=first), amount_vnd=80_000_000)
    plans.plan_add_item(actor=staff, plan=v2, project=third)
    diff = {(c.code, c.kind, c.before, c.after) for c in plans.plan_diff(v2)}
    assert diff == {
        (first.code, "changed", 100_000_000, 80_000_000),
        (second.code, "dropped", 100_000_000, None),
        (third.code, "added", None, 100_000_000),
    }
    # The page shows the first changes by project code and says how many there are.
    shown, count = plans.plan_changes(v2, first=2)
    assert count == 3
    assert [c.code for c in shown] == sorted([first.code, second.code, third.code])[:2]
    assert plans.plan_changes(v2, previous=None) == ([], 0)
    plans.plan_submit(actor=staff, plan=v2)
    plans.plan_approve(
        actor=official, plan=v2, decision_number="9/QĐ", decision_date=dt.date(2030, 7, 1)
    )
    for p, status in ((first, "approved"), (second, "cancelled"), (third, "approved")):
        p.refresh_from_db()
        assert p.status == status
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED  # the old version stays readable
    assert plan.items.count() == 2
    with pytest.raises(ValidationError):
        plans.plan_adjust(actor=staff, plan=plan)  # not the latest version


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officials_approving_at_once_make_one_approval(localities_committed):
    if connection.vendor != "postgresql":
        from tests.conftest import skip_or_fail

        skip_or_fail("needs PostgreSQL (DATABASE_URL) for concurrent connections")
    staff = UserFactory(role=Role.CENTER_STAFF)
    officials = [UserFactory(role=Role.OFFICIAL) for _ in range(2)]
    plan = _submitted_plan(staff, _appraised(3))
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(official):
        from django.db import connections

        try:
            barrier.wait()
            plans.plan_approve(
                actor=official,
                plan=plan,
                decision_number=f"QĐ-{official.pk}",
                decision_date=dt.date(2030, 1, 5),
            )
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(o,)) for o in officials]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["approved", "refused"]
    plan.refresh_from_db()
    assert plan.events.filter(to_status=PlanStatus.APPROVED).count() == 1
    for item in plan.items.select_related("project"):
        assert item.project.events.filter(to_status=ProjectStatus.APPROVED).count() == 1
