"""The money rules, through the services a user's click reaches."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.roles import Role
from funding import plans, services
from funding.models import (
    Allocation,
    Disbursement,
    DisbursementKind,
    DisbursementStatus,
    Grant,
    GrantStatus,
    Refund,
    SupportRule,
)
from projects.models import (
    AcceptanceResult,
    AnnualPlan,
    DocumentKind,
    PlanStatus,
    ProjectStatus,
)
from projects.monitoring import acceptance_record, document_upload
from projects.services import project_transition
from tests.factories import AllocationFactory, ProjectFactory, UserFactory, ensure_support_rules

pytestmark = pytest.mark.django_db

YEAR = 2026
APPROVED_ON = dt.date(2026, 1, 10)
TODAY = timezone.localdate()
MILLION = 1_000_000


@pytest.fixture(autouse=True)
def rules(db):
    ensure_support_rules()


@pytest.fixture
def staff():
    return UserFactory(role=Role.CENTER_STAFF)


@pytest.fixture
def accountant():
    return UserFactory(role=Role.CENTER_STAFF)


@pytest.fixture
def official():
    return UserFactory(role=Role.OFFICIAL)


def _project(*, content="machinery", fund="national", support, counterpart, status=None):
    project = ProjectFactory(
        plan_year=YEAR,
        fund_source=fund,
        content_type=content,
        status=status or ProjectStatus.APPROVED,
    )
    project.budget_lines.create(item="Máy", state_support_vnd=support, counterpart_vnd=counterpart)
    return project


def _plan(fund="national"):
    plan, _ = AnnualPlan.objects.get_or_create(
        year=YEAR, fund_source=fund, version=1, defaults={"status": PlanStatus.APPROVED}
    )
    return plan


def _grant(official, project, amount, on=APPROVED_ON):
    return services.grant_create(
        actor=official,
        project=project,
        plan=_plan(project.fund_source),
        amount_vnd=amount,
        approved_on=on,
    )


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- the caps of the rule in force ------------------------------------------------------


def test_circular_28_refuses_a_400_million_machinery_grant_and_accepts_300(official):
    AllocationFactory(year=YEAR, fund_source="national", amount_vnd=5_000 * MILLION)
    project = _project(support=400 * MILLION, counterpart=600 * MILLION)
    with pytest.raises(ValidationError) as refused:
        _grant(official, project, 400 * MILLION)
    text = _message(refused.value)
    assert "28/2018/TT-BTC" in text
    assert "mức tối đa 300.000.000 ₫" in text
    assert "là 100.000.000 ₫" in text  # by how much
    assert not Grant.objects.exists()

    grant = _grant(official, project, 300 * MILLION)
    assert (grant.amount_vnd, grant.cap_vnd, grant.rule.legal_basis) == (
        300 * MILLION,
        300 * MILLION,
        "28/2018/TT-BTC",
    )
    assert "15/05/2018" in grant.rule_reason
    assert "10/01/2026" in grant.rule_reason


def test_the_percentage_of_cost_binds_below_the_maximum(official):
    AllocationFactory(year=YEAR, fund_source="national")
    project = _project(support=260 * MILLION, counterpart=240 * MILLION)  # cost 500 M
    with pytest.raises(ValidationError) as refused:
        _grant(official, project, 260 * MILLION)
    assert "50% tổng kinh phí 500.000.000 ₫ = 250.000.000 ₫" in _message(refused.value)
    assert "10.000.000 ₫" in _message(refused.value)
    assert _grant(official, project, 250 * MILLION).cap_vnd == 250 * MILLION


def test_demonstration_model_30_percent_up_to_a_billion(official):
    AllocationFactory(year=YEAR, fund_source="national", amount_vnd=10_000 * MILLION)
    big = _project(content="demo_model", support=1_100 * MILLION, counterpart=2_900 * MILLION)
    with pytest.raises(ValidationError):
        _grant(official, big, 1_000 * MILLION + 1)
    assert _grant(official, big, 1_000 * MILLION).cap_vnd == 1_000 * MILLION
    small = _project(content="demo_model", support=700 * MILLION, counterpart=1_300 * MILLION)
    with pytest.raises(ValidationError):
        _grant(official, small, 600 * MILLION + 1)  # 30 % of 2,000 M


def test_enterprise_start_up_is_capped_at_10_million(official):
    AllocationFactory(year=YEAR, fund_source="national")
    project = _project(content="startup", support=15 * MILLION, counterpart=0)
    with pytest.raises(ValidationError):
        _grant(official, project, 10 * MILLION + 1)
    assert _grant(official, project, 10 * MILLION).rule.max_amount_vnd == 10 * MILLION


def test_the_rule_in_force_on_the_approval_date_applies(official):
    """In 2017 Joint Circular 26/2014 capped machinery at 200 million."""
    AllocationFactory(year=YEAR, fund_source="national")
    project = _project(support=300 * MILLION, counterpart=700 * MILLION)
    with pytest.raises(ValidationError) as refused:
        _grant(official, project, 250 * MILLION, on=dt.date(2017, 6, 1))
    assert "26/2014/TTLT-BTC-BCT" in _message(refused.value)
    grant = _grant(official, project, 200 * MILLION, on=dt.date(2017, 6, 1))
    assert grant.rule.legal_basis == "26/2014/TTLT-BTC-BCT"


def test_a_local_fund_is_held_to_the_national_ceiling_until_the_province_records_its_own(
    official, settings
):
    AllocationFactory(year=YEAR, fund_source="local")
    first = _project(fund="local", support=300 * MILLION, counterpart=700 * MILLION)
    grant = _grant(official, first, 300 * MILLION)
    assert grant.rule.legal_basis == "28/2018/TT-BTC"
    assert "áp dụng mức trần quốc gia" in grant.rule_reason

    SupportRule.objects.create(
        content_type="machinery",
        fund_source="local",
        province_code=settings.KHUYENCONG_PROVINCE_CODE,
        legal_basis="12/2025/NQ-HĐND",
        item="Máy móc thiết bị",
        valid_from=dt.date(2025, 7, 26),
        max_percent=50,
        max_amount_vnd=250 * MILLION,
        advance_max_percent=70,
    )
    second = _project(fund="local", support=300 * MILLION, counterpart=700 * MILLION)
    with pytest.raises(ValidationError) as refused:
        _grant(official, second, 300 * MILLION)
    assert "12/2025/NQ-HĐND" in _message(refused.value)
    assert "Đây là quy định của tỉnh" in _grant(official, second, 250 * MILLION).rule_reason


def test_an_edited_rule_does_not_rewrite_an_approved_grant(official):
    AllocationFactory(year=YEAR, fund_source="national")
    project = _project(support=300 * MILLION, counterpart=700 * MILLION)
    grant = _grant(official, project, 300 * MILLION)
    rule = grant.rule
    rule.max_amount_vnd = 100 * MILLION
    rule.save()
    grant.refresh_from_db()
    assert grant.cap_vnd == 300 * MILLION
    assert Grant.objects.get(pk=grant.pk).amount_vnd == 300 * MILLION


def test_contents_without_a_specific_rule_get_the_general_rule(official):
    AllocationFactory(year=YEAR, fund_source="national")
    project = _project(content="training", support=150 * MILLION, counterpart=10 * MILLION)
    grant = _grant(official, project, 150 * MILLION)
    assert grant.rule.content_type == ""
    assert grant.advance_max_percent == 70
    assert "áp dụng quy định chung" in grant.rule_reason
    with pytest.raises(ValidationError):  # never more than the project's cost
        _grant(official, _project(content="training", support=5, counterpart=0), 6)


# --- the allocation ---------------------------------------------------------------------


def test_grants_never_exceed_the_allocation_and_the_refusal_says_by_how_much(official):
    allocation = AllocationFactory(year=YEAR, fund_source="national", amount_vnd=500 * MILLION)
    _grant(official, _project(support=300 * MILLION, counterpart=700 * MILLION), 300 * MILLION)
    with pytest.raises(ValidationError) as refused:
        _grant(official, _project(support=300 * MILLION, counterpart=700 * MILLION), 300 * MILLION)
    text = _message(refused.value)
    assert "chỉ còn 200.000.000 ₫" in text
    assert "vượt 100.000.000 ₫" in text
    allocation.refresh_from_db()
    assert (allocation.committed_vnd, allocation.available_vnd) == (300 * MILLION, 200 * MILLION)


def test_no_allocation_no_grant(official):
    with pytest.raises(ValidationError) as refused:
        _grant(official, _project(support=MILLION, counterpart=MILLION), MILLION)
    assert "chưa có kinh phí được giao năm 2026" in _message(refused.value)


def test_an_allocation_cannot_be_lowered_below_its_grants(staff, official):
    allocation = AllocationFactory(year=YEAR, fund_source="national", amount_vnd=500 * MILLION)
    _grant(official, _project(support=300 * MILLION, counterpart=700 * MILLION), 300 * MILLION)
    with pytest.raises(ValidationError) as refused:
        services.allocation_change(
            actor=staff, allocation=allocation, amount_vnd=250 * MILLION, legal_basis="x"
        )
    assert "thiếu 50.000.000 ₫" in _message(refused.value)
    services.allocation_change(
        actor=staff, allocation=allocation, amount_vnd=300 * MILLION, legal_basis="bổ sung"
    )
    allocation.refresh_from_db()
    assert allocation.available_vnd == 0
    amounts = [h.amount_vnd for h in allocation.history.order_by("history_date", "history_id")]
    assert (amounts[0], amounts[-1]) == (500 * MILLION, 300 * MILLION)  # the old amount stays


def test_the_database_refuses_what_the_services_refuse():
    allocation = AllocationFactory(amount_vnd=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=allocation.pk).update(committed_vnd=11)


# --- grants from plan approval ----------------------------------------------------------


def _appraised(fund, support, counterpart, content="machinery"):
    return _project(
        fund=fund,
        content=content,
        support=support,
        counterpart=counterpart,
        status=ProjectStatus.APPRAISED,
    )


def test_approving_a_plan_grants_each_project_and_a_short_allocation_approves_nothing(
    staff, official
):
    allocation = AllocationFactory(year=YEAR, fund_source="local", amount_vnd=400 * MILLION)
    projects = [_appraised("local", 200 * MILLION, 300 * MILLION) for _ in range(3)]
    plan = plans.plan_create(actor=staff, year=YEAR, fund_source="local")
    for project in projects:
        plans.plan_add_item(actor=staff, plan=plan, project=project)
    plans.plan_submit(actor=staff, plan=plan)
    with pytest.raises(ValidationError) as refused:
        plans.plan_approve(
            actor=official, plan=plan, decision_number="1/QĐ", decision_date=APPROVED_ON
        )
    assert "vượt 200.000.000 ₫" in _message(refused.value)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert not Grant.objects.exists()
    assert {
        p.status for p in type(projects[0]).objects.filter(pk__in=[p.pk for p in projects])
    } == {ProjectStatus.IN_PLAN}

    services.allocation_change(
        actor=staff, allocation=allocation, amount_vnd=600 * MILLION, legal_basis="bổ sung"
    )
    plans.plan_approve(actor=official, plan=plan, decision_number="1/QĐ", decision_date=APPROVED_ON)
    allocation.refresh_from_db()
    assert allocation.committed_vnd == 600 * MILLION
    assert Grant.objects.filter(plan=plan, approved_on=APPROVED_ON).count() == 3


def test_a_plan_item_above_the_cap_is_refused_while_the_plan_is_drafted(staff):
    plan = plans.plan_create(actor=staff, year=YEAR, fund_source="national")
    project = _appraised("national", 400 * MILLION, 600 * MILLION)
    with pytest.raises(ValidationError) as refused:
        plans.plan_add_item(actor=staff, plan=plan, project=project)
    assert "28/2018/TT-BTC" in _message(refused.value)
    item = plans.plan_add_item(actor=staff, plan=plan, project=project, amount_vnd=300 * MILLION)
    with pytest.raises(ValidationError):
        plans.plan_change_amount(actor=staff, item=item, amount_vnd=300 * MILLION + 1)


def test_an_adjustment_changes_grants_and_dropping_a_project_releases_its_money(
    staff, accountant, official
):
    allocation = AllocationFactory(year=YEAR, fund_source="local", amount_vnd=1_000 * MILLION)
    kept, dropped = (_appraised("local", 200 * MILLION, 300 * MILLION) for _ in range(2))
    plan = plans.plan_create(actor=staff, year=YEAR, fund_source="local")
    for project in (kept, dropped):
        plans.plan_add_item(actor=staff, plan=plan, project=project, amount_vnd=150 * MILLION)
    plans.plan_submit(actor=staff, plan=plan)
    plans.plan_approve(actor=official, plan=plan, decision_number="1/QĐ", decision_date=APPROVED_ON)
    project_transition(actor=staff, project=dropped, target=ProjectStatus.CONTRACTED)
    paid = _pay(staff, accountant, dropped.grant, DisbursementKind.ADVANCE, 100 * MILLION)
    assert paid.status == DisbursementStatus.PAID

    new = plans.plan_adjust(actor=staff, plan=plan)
    plans.plan_change_amount(
        actor=staff, item=new.items.get(project=kept), amount_vnd=200 * MILLION
    )
    plans.plan_remove_item(actor=staff, item=new.items.get(project=dropped))
    plans.plan_submit(actor=staff, plan=new)
    plans.plan_approve(
        actor=official, plan=new, decision_number="2/QĐ", decision_date=dt.date(2026, 6, 1)
    )
    kept_grant, dropped_grant = Grant.objects.get(project=kept), Grant.objects.get(project=dropped)
    assert (kept_grant.amount_vnd, kept_grant.plan, kept_grant.approved_on) == (
        200 * MILLION,
        new,
        dt.date(2026, 6, 1),
    )
    assert dropped_grant.status == GrantStatus.CANCELLED
    assert dropped_grant.refund_due_vnd == 100 * MILLION
    allocation.refresh_from_db()
    assert allocation.committed_vnd == 200 * MILLION + 100 * MILLION  # the advance is still out


# --- disbursements, refunds, settlement -------------------------------------------------


def _pay(staff, accountant, grant, kind, amount):
    disbursement = services.disbursement_schedule(
        actor=staff, grant=grant, kind=kind, amount_vnd=amount
    )
    services.disbursement_approve(actor=accountant, disbursement=disbursement)
    return services.disbursement_pay(
        actor=accountant, disbursement=disbursement, paid_on=TODAY, reference="KB-1"
    )


@pytest.fixture
def grant(official):
    AllocationFactory(year=YEAR, fund_source="national", amount_vnd=1_000 * MILLION)
    project = _project(support=200 * MILLION, counterpart=300 * MILLION)
    grant = _grant(official, project, 200 * MILLION)
    project.status = ProjectStatus.IN_PROGRESS
    project.save()
    return grant


def test_advances_stop_at_70_percent_of_the_grant(staff, accountant, grant):
    _pay(staff, accountant, grant, DisbursementKind.ADVANCE, 100 * MILLION)
    with pytest.raises(ValidationError) as refused:
        services.disbursement_schedule(
            actor=staff, grant=grant, kind=DisbursementKind.ADVANCE, amount_vnd=50 * MILLION
        )
    text = _message(refused.value)
    assert "vượt 70% kinh phí hỗ trợ theo 28/2018/TT-BTC (140.000.000 ₫)" in text
    assert "vượt 10.000.000 ₫." in text
    services.disbursement_schedule(
        actor=staff, grant=grant, kind=DisbursementKind.ADVANCE, amount_vnd=40 * MILLION
    )


def test_payments_never_exceed_the_grant(staff, accountant, grant):
    services.disbursement_schedule(
        actor=staff, grant=grant, kind=DisbursementKind.INTERIM, amount_vnd=150 * MILLION
    )
    with pytest.raises(ValidationError) as refused:
        services.disbursement_schedule(
            actor=staff, grant=grant, kind=DisbursementKind.INTERIM, amount_vnd=60 * MILLION
        )
    assert "còn 50.000.000 ₫" in _message(refused.value)


def test_four_eyes_a_voucher_and_no_cancelling_what_is_paid(staff, accountant, grant):
    disbursement = services.disbursement_schedule(
        actor=staff, grant=grant, kind=DisbursementKind.ADVANCE, amount_vnd=10 * MILLION
    )
    with pytest.raises(ValidationError):
        services.disbursement_approve(actor=staff, disbursement=disbursement)
    with pytest.raises(ValidationError):  # not approved yet
        services.disbursement_pay(
            actor=accountant, disbursement=disbursement, paid_on=TODAY, reference="KB"
        )
    services.disbursement_approve(actor=accountant, disbursement=disbursement)
    with pytest.raises(ValidationError):
        services.disbursement_pay(
            actor=accountant, disbursement=disbursement, paid_on=TODAY, reference=" "
        )
    with pytest.raises(ValidationError):
        services.disbursement_pay(
            actor=accountant,
            disbursement=disbursement,
            paid_on=TODAY + dt.timedelta(days=1),
            reference="KB",
        )
    services.disbursement_pay(
        actor=accountant, disbursement=disbursement, paid_on=TODAY, reference="KB-9"
    )
    with pytest.raises(ValidationError):
        services.disbursement_cancel(actor=staff, disbursement=disbursement, note="nhầm")
    grant.refresh_from_db()
    assert grant.paid_vnd == 10 * MILLION
    assert disbursement.history.count() == 3  # scheduled, approved, paid


def test_only_center_staff_move_money(grant, official):
    collaborator = UserFactory(role=Role.COLLABORATOR)
    for actor in (collaborator, official):
        with pytest.raises(PermissionDenied):
            services.disbursement_schedule(
                actor=actor, grant=grant, kind=DisbursementKind.ADVANCE, amount_vnd=1
            )
        with pytest.raises(PermissionDenied):
            services.refund_record(
                actor=actor, grant=grant, amount_vnd=1, reason="x", refunded_on=TODAY
            )
    with pytest.raises(PermissionDenied):
        services.grant_create(
            actor=UserFactory(role=Role.CENTER_STAFF),
            project=grant.project,
            plan=grant.plan,
            amount_vnd=1,
            approved_on=APPROVED_ON,
        )
    assert not Disbursement.objects.exists()


def test_a_cancelled_project_owes_back_what_was_paid(staff, accountant, grant):
    _pay(staff, accountant, grant, DisbursementKind.ADVANCE, 120 * MILLION)
    pending = services.disbursement_schedule(
        actor=staff, grant=grant, kind=DisbursementKind.INTERIM, amount_vnd=20 * MILLION
    )
    project_transition(
        actor=staff, project=grant.project, target=ProjectStatus.CANCELLED, note="Không triển khai"
    )
    grant.refresh_from_db()
    pending.refresh_from_db()
    assert grant.status == GrantStatus.CANCELLED
    assert pending.status == DisbursementStatus.CANCELLED
    assert grant.refund_due_vnd == 120 * MILLION
    allocation = grant.allocation
    allocation.refresh_from_db()
    assert allocation.committed_vnd == 120 * MILLION

    with pytest.raises(ValidationError):
        services.refund_record(
            actor=staff, grant=grant, amount_vnd=121 * MILLION, reason="x", refunded_on=TODAY
        )
    services.refund_record(
        actor=staff, grant=grant, amount_vnd=120 * MILLION, reason="Hoàn tạm ứng", refunded_on=TODAY
    )
    grant.refresh_from_db()
    allocation.refresh_from_db()
    assert (grant.refund_due_vnd, grant.committed_vnd, allocation.committed_vnd) == (0, 0, 0)
    with pytest.raises(ValidationError):
        services.disbursement_schedule(
            actor=staff, grant=grant, kind=DisbursementKind.INTERIM, amount_vnd=1
        )


def _accept(staff, official, project, days_ago=20):
    acceptance_record(
        actor=staff,
        project=project,
        accepted_on=TODAY - dt.timedelta(days=days_ago),
        minutes_number="NT-1",
        result=AcceptanceResult.PASSED,
    )
    project_transition(actor=official, project=project, target=ProjectStatus.ACCEPTED)


def _settle(staff, grant, settled, counterpart=280 * MILLION):
    return services.grant_settle(
        actor=staff,
        grant=grant,
        settled_vnd=settled,
        counterpart_actual_vnd=counterpart,
        settled_on=TODAY,
        settlement_number="QT-1",
    )


def test_settlement_below_what_was_paid_makes_a_refund_due(staff, accountant, official, grant):
    _pay(staff, accountant, grant, DisbursementKind.ADVANCE, 140 * MILLION)
    with pytest.raises(ValidationError):  # not accepted yet
        _settle(staff, grant, 180 * MILLION)
    _accept(staff, official, grant.project)
    _pay(staff, accountant, grant, DisbursementKind.FINAL, 50 * MILLION)
    with pytest.raises(ValidationError) as refused:
        _settle(staff, grant, 180 * MILLION)
    assert "hồ sơ quyết toán" in _message(refused.value)
    document_upload(
        actor=staff,
        project=grant.project,
        kind=DocumentKind.SETTLEMENT,
        title="Quyết toán",
        file=ContentFile(b"%PDF-1.4", name="qt.pdf"),
    )
    pending = services.disbursement_schedule(
        actor=staff, grant=grant, kind=DisbursementKind.FINAL, amount_vnd=10 * MILLION
    )
    with pytest.raises(ValidationError):  # money still scheduled
        _settle(staff, grant, 180 * MILLION)
    services.disbursement_cancel(actor=staff, disbursement=pending, note="nhầm")
    with pytest.raises(ValidationError):  # more than granted
        _settle(staff, grant, 200 * MILLION + 1)

    grant = _settle(staff, grant, 180 * MILLION)
    grant.project.refresh_from_db()
    assert grant.project.status == ProjectStatus.SETTLED
    assert grant.refund_due_vnd == 10 * MILLION
    assert grant.counterpart_difference_vnd == 280 * MILLION - 300 * MILLION
    services.refund_record(
        actor=staff, grant=grant, amount_vnd=10 * MILLION, reason="Chênh lệch", refunded_on=TODAY
    )
    grant.refresh_from_db()
    grant.allocation.refresh_from_db()
    assert grant.refund_due_vnd == 0
    assert grant.allocation.committed_vnd == 180 * MILLION


def test_a_settlement_above_what_was_paid_leaves_the_rest_payable(
    staff, accountant, official, grant
):
    _pay(staff, accountant, grant, DisbursementKind.ADVANCE, 100 * MILLION)
    _accept(staff, official, grant.project)
    document_upload(
        actor=staff,
        project=grant.project,
        kind=DocumentKind.SETTLEMENT,
        title="Quyết toán",
        file=ContentFile(b"%PDF-1.4", name="qt.pdf"),
    )
    grant = _settle(staff, grant, 150 * MILLION)
    with pytest.raises(ValidationError):
        services.disbursement_schedule(
            actor=staff, grant=grant, kind=DisbursementKind.FINAL, amount_vnd=50 * MILLION + 1
        )
    _pay(staff, accountant, grant, DisbursementKind.FINAL, 50 * MILLION)
    grant.refresh_from_db()
    assert grant.net_paid_vnd == grant.settled_vnd == grant.committed_vnd == 150 * MILLION


# --- the allocation's running totals ----------------------------------------------------


def _fresh_sums(allocation: Allocation) -> tuple[int, int, int]:
    """Paid, refunded and grant count of an allocation, summed anew from the rows."""
    paid = Disbursement.objects.filter(grant__allocation=allocation, status="paid")
    refunds = Refund.objects.filter(grant__allocation=allocation)
    return (
        paid.aggregate(s=Sum("amount_vnd"))["s"] or 0,
        refunds.aggregate(s=Sum("amount_vnd"))["s"] or 0,
        Grant.objects.filter(allocation=allocation).count(),
    )


def test_the_allocations_running_totals_equal_a_fresh_sum_of_its_money(
    staff, accountant, official, grant
):
    allocation = grant.allocation
    other = _grant(
        official, _project(support=100 * MILLION, counterpart=100 * MILLION), 90 * MILLION
    )
    other.project.status = ProjectStatus.IN_PROGRESS
    other.project.save()
    elsewhere = AllocationFactory(year=YEAR, fund_source="local", amount_vnd=500 * MILLION)
    _grant(
        official,
        _project(fund="local", support=50 * MILLION, counterpart=50 * MILLION),
        40 * MILLION,
    )

    _pay(staff, accountant, grant, DisbursementKind.ADVANCE, 100 * MILLION)
    _pay(staff, accountant, grant, DisbursementKind.INTERIM, 30 * MILLION)
    withdrawn = services.disbursement_schedule(
        actor=staff, grant=grant, kind=DisbursementKind.INTERIM, amount_vnd=20 * MILLION
    )
    services.disbursement_cancel(actor=staff, disbursement=withdrawn, note="nhầm")
    services.refund_record(
        actor=staff, grant=grant, amount_vnd=5 * MILLION, reason="Chênh lệch", refunded_on=TODAY
    )
    _pay(staff, accountant, other, DisbursementKind.ADVANCE, 60 * MILLION)
    services.disbursement_schedule(
        actor=staff, grant=other, kind=DisbursementKind.INTERIM, amount_vnd=10 * MILLION
    )
    project_transition(
        actor=staff, project=other.project, target=ProjectStatus.CANCELLED, note="Không làm"
    )
    services.refund_record(
        actor=staff, grant=other, amount_vnd=60 * MILLION, reason="Hoàn", refunded_on=TODAY
    )

    for row in Allocation.objects.filter(pk__in=(allocation.pk, elsewhere.pk)):
        assert (row.paid_vnd, row.refunded_vnd, row.grant_count) == _fresh_sums(row)
    allocation.refresh_from_db()
    assert (allocation.paid_vnd, allocation.refunded_vnd, allocation.grant_count) == (
        190 * MILLION,
        65 * MILLION,
        2,
    )
    assert allocation.committed_vnd == 200 * MILLION  # the open grant; the cancelled is repaid


def test_a_payment_made_is_told_to_the_projects_people(
    staff, accountant, grant, django_capture_on_commit_callbacks
):
    """The staff member who drafted the project hears of the payment, in the portal and
    by mail, in Vietnamese; the accountant who paid it hears nothing of their own act."""
    from django.core import mail

    from notifications.models import Notification

    owner = UserFactory(role="center_staff", email="chu.de.an@example.vn")
    Project = type(grant.project)
    Project.objects.filter(pk=grant.project_id).update(created_by=owner)
    grant.project.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        paid = _pay(staff, accountant, grant, DisbursementKind.ADVANCE, 100 * MILLION)
    told = Notification.objects.get(event_key=f"disbursement:{paid.pk}:paid")
    assert told.recipient == owner
    assert "100.000.000 ₫" in told.title
    assert "KB-1" in told.body
    assert [m.to for m in mail.outbox if m.subject == told.title] == [[owner.email]]
    assert not Notification.objects.filter(recipient=accountant).exists()
