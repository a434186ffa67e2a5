"""No dead ends and no unasked irreversible step in the plan, acceptance and money flows."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from funding import plans
from funding import services as money
from funding.models import DisbursementStatus
from projects import monitoring
from projects.models import PlanStatus, ProjectStatus
from projects.services import Line, lines_scaled_to, project_transition
from tests.funding.test_pages import (
    SUPPORT,
    _accepted,
    _appraised,
    _approved,
    _move,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, allocation):
    return make_user(Role.CENTER_STAFF), make_user(Role.OFFICIAL), make_user(Role.CENTER_STAFF)


@pytest.fixture
def allocation(db):
    from tests.factories import AllocationFactory
    from tests.funding.test_pages import FUND, YEAR

    return AllocationFactory(year=YEAR, fund_source=FUND, amount_vnd=3_000_000_000)


def _client(client, user):
    client.force_login(user)
    return client


def test_an_adjustment_does_not_carry_a_cancelled_project_and_can_be_approved(people):
    staff, official, _ = people
    kept, cancelled = _approved(staff, official, n=2)
    project_transition(
        actor=staff, project=cancelled, target=ProjectStatus.CANCELLED, note="Cơ sở rút lui"
    )
    first = kept.plan_items.get().plan
    adjustment = plans.plan_adjust(actor=staff, plan=first)
    assert list(adjustment.items.values_list("project__code", flat=True)) == [kept.code]
    assert f"không chuyển sang (đã hủy): {cancelled.code}" in adjustment.events.get().note


def test_a_project_cancelled_while_an_adjustment_is_drafted_leaves_it(people):
    staff, official, _ = people
    kept, dropped_later = _approved(staff, official, n=2)
    adjustment = plans.plan_adjust(actor=staff, plan=kept.plan_items.get().plan)
    extra = _appraised(staff)
    plans.plan_add_item(actor=staff, plan=adjustment, project=extra)
    project_transition(
        actor=staff, project=dropped_later, target=ProjectStatus.CANCELLED, note="Rút lui"
    )
    assert not adjustment.items.filter(project=dropped_later).exists()
    plans.plan_submit(actor=staff, plan=adjustment)
    plans.plan_approve(
        actor=official, plan=adjustment, decision_number="12/QĐ-SCT", decision_date=today()
    )
    adjustment.refresh_from_db()
    extra.refresh_from_db()
    assert adjustment.status == PlanStatus.APPROVED
    assert extra.status == ProjectStatus.APPROVED


def test_an_empty_adjustment_cannot_be_submitted(client, people):
    staff, official, _ = people
    project = _approved(staff, official)
    adjustment = plans.plan_adjust(actor=staff, plan=project.plan_items.get().plan)
    response = _client(client, staff).post(
        reverse("projects:plan_submit", args=[adjustment.pk]), {"confirmed": "1"}, follow=True
    )
    adjustment.refresh_from_db()
    assert adjustment.status == PlanStatus.DRAFT
    assert "không thay đổi gì so với phiên bản 1" in response.content.decode()


def test_submitting_a_plan_asks_first_then_says_it_was_done(client, people):
    staff, _official, _ = people
    project = _appraised(staff)
    plan = plans.plan_create(actor=staff, year=project.plan_year, fund_source=project.fund_source)
    _client(client, staff)
    response = client.post(
        reverse("projects:plan_add_item", args=[plan.pk]), {"project": project.pk}, follow=True
    )
    assert f"{project.code} đã được đưa vào kế hoạch" in response.content.decode()
    url = reverse("projects:plan_submit", args=[plan.pk])
    asked = client.post(url, {})
    text = asked.content.decode()
    assert "Kiểm tra trước khi xác nhận" in text
    assert "280.000.000" in text  # how much
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT  # nothing written yet
    done = client.post(url, {"confirmed": "1"}, follow=True)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert "đã được trình Sở" in done.content.decode()


def test_a_plan_returned_by_the_department_is_on_the_staff_home(client, people):
    staff, official, _ = people
    project = _appraised(staff)
    plan = plans.plan_create(actor=staff, year=project.plan_year, fund_source=project.fund_source)
    plans.plan_add_item(actor=staff, plan=plan, project=project)
    plans.plan_submit(actor=staff, plan=plan)
    plans.plan_return(actor=official, plan=plan, note="Bổ sung thuyết minh")
    home = _client(client, staff).get(reverse("home")).content.decode()
    queue = reverse("work_queue", args=["ke-hoach-tra-lai"])
    assert queue in home
    page = client.get(queue).content.decode()
    assert plan.get_absolute_url() in page
    assert "Bổ sung thuyết minh" in page


def test_the_official_refuses_an_acceptance_and_the_center_records_a_new_one(client, people):
    staff, official, _ = people
    project = _move(_approved(staff, official), staff, ProjectStatus.CONTRACTED)
    _move(project, staff, ProjectStatus.IN_PROGRESS)
    monitoring.acceptance_record(
        actor=staff, project=project, accepted_on=today(), minutes_number="01/BB", result="passed"
    )
    url = reverse("projects:transition", args=[project.pk])
    _client(client, official)
    asked = client.post(url, {"target": "in_progress", "note": "Thiếu hóa đơn máy"})
    assert "Kiểm tra trước khi xác nhận" in asked.content.decode()
    client.post(url, {"target": "in_progress", "note": "Thiếu hóa đơn máy", "confirmed": "1"})
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS
    assert project.acceptances.get().refusal_note.endswith("Thiếu hóa đơn máy")
    # The official has nothing more to decide; the center sees the refusal in its queue.
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Duyệt nghiệm thu" not in page
    client.force_login(staff)
    queue = client.get(reverse("work_queue", args=["nghiem-thu-bi-tu-choi"])).content.decode()
    assert project.code in queue
    monitoring.acceptance_record(
        actor=staff, project=project, accepted_on=today(), minutes_number="02/BB", result="passed"
    )
    _move(project, official, ProjectStatus.ACCEPTED)
    assert project.status == ProjectStatus.ACCEPTED


def test_approving_a_payment_asks_first_and_never_offers_my_own(client, people):
    staff, official, second = people
    project = _move(_approved(staff, official), staff, ProjectStatus.CONTRACTED)
    payment = money.disbursement_schedule(
        actor=staff, grant=project.grant, kind="advance", amount_vnd=100_000_000
    )
    _client(client, staff)
    mine = client.get(reverse("work_queue", args=["khoan-chi-cho-duyet"])).content.decode()
    assert project.code not in mine  # four eyes
    client.force_login(second)
    theirs = client.get(reverse("work_queue", args=["khoan-chi-cho-duyet"])).content.decode()
    assert project.code in theirs
    url = reverse("funding:disbursement_approve", args=[project.pk, payment.pk])
    asked = client.post(url).content.decode()
    assert "100.000.000" in asked
    assert project.implementing_unit in asked
    payment.refresh_from_db()
    assert payment.status == DisbursementStatus.SCHEDULED
    done = client.post(url, {"confirmed": "1"}, follow=True).content.decode()
    payment.refresh_from_db()
    assert payment.status == DisbursementStatus.APPROVED
    assert "100.000.000" in done


def test_no_payment_form_before_the_contract_and_the_page_says_why(client, people):
    staff, official, _ = people
    project = _approved(staff, official)
    page = _client(client, staff).get(reverse("funding:project_money", args=[project.pk]))
    text = page.content.decode()
    assert 'data-testid="schedule-form"' not in text
    assert 'data-testid="payment-not-yet"' in text
    assert "hợp đồng" in text


def test_a_grant_below_the_budget_prompts_and_offers_the_lines(client, people):
    staff, official, _ = people
    project = _appraised(staff)
    plan = plans.plan_create(actor=staff, year=project.plan_year, fund_source=project.fund_source)
    plans.plan_add_item(actor=staff, plan=plan, project=project, amount_vnd=250_000_000)
    plans.plan_submit(actor=staff, plan=plan)
    plans.plan_approve(actor=official, plan=plan, decision_number="9/QĐ", decision_date=today())
    _client(client, staff)
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="budget-gap"' in page
    listing = client.get(reverse("projects:list")).content.decode()
    assert "250.000.000" in listing  # the granted amount, not only the budget's
    url = reverse("funding:budget_align", args=[project.pk])
    form = client.get(url).content.decode()
    assert "250000000" in form.replace(".", "")
    data = {
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "50",
        "lines-0-item": "Máy cưa CNC",
        "lines-0-state_support_vnd": "250.000.000",
        "lines-0-counterpart_vnd": "430.000.000",
    }
    client.post(url, data, follow=True)
    project.refresh_from_db()
    line = project.budget_lines.get()
    assert (line.state_support_vnd, line.counterpart_vnd) == (250_000_000, 430_000_000)
    assert 'data-testid="budget-gap"' not in client.get(project.get_absolute_url()).content.decode()


def test_lines_scaled_to_a_grant_keep_each_cost_and_add_up():
    lines = [Line("A", 100_000_001, 0), Line("B", 50_000_000, 10)]
    scaled = lines_scaled_to(lines, 135_000_000)
    assert sum(line.state_support_vnd for line in scaled) == 135_000_000
    for before, after in zip(lines, scaled, strict=True):
        assert before.state_support_vnd + before.counterpart_vnd == (
            after.state_support_vnd + after.counterpart_vnd
        )


def test_removing_a_project_under_way_from_an_adjustment_is_refused(people):
    staff, official, _ = people
    project = _move(_approved(staff, official), staff, ProjectStatus.CONTRACTED)
    _move(project, staff, ProjectStatus.IN_PROGRESS)
    adjustment = plans.plan_adjust(actor=staff, plan=project.plan_items.first().plan)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Hãy hủy đề án trên trang"):
        plans.plan_remove_item(actor=staff, item=adjustment.items.get())


def test_settlement_asks_first(client, people):
    staff, official, _second = people
    project = _accepted(_approved(staff, official), staff, official)
    data = {
        "settled_vnd": str(SUPPORT),
        "counterpart_actual_vnd": "400000000",
        "settled_on": today().isoformat(),
        "settlement_number": "88/QĐ",
        "note": "",
    }
    from tests.funding.test_pages import _pdf

    url = reverse("funding:settle", args=[project.pk])
    asked = _client(client, staff).post(url, {**data, "papers": _pdf()}).content.decode()
    assert "Kiểm tra trước khi xác nhận" in asked
    assert 'type="file"' in asked
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED
    client.post(url, {**data, "papers": _pdf(), "confirmed": "1"})
    project.refresh_from_db()
    assert project.status == ProjectStatus.SETTLED
