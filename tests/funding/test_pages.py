import datetime as dt
import re
from itertools import count

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from funding import plans
from funding import services as money
from funding.models import (
    Allocation,
    Disbursement,
    DisbursementStatus,
    Grant,
    GrantStatus,
    Refund,
    SupportRule,
)
from projects import monitoring
from projects.models import DocumentKind, ProjectDocument, ProjectStatus
from projects.services import Line, project_appraise, project_create, project_transition
from tests.factories import (
    AllocationFactory,
    EstablishmentFactory,
    UserFactory,
    assign_area,
    commune,
    pdf_bytes,
    this_year,
)

pytestmark = pytest.mark.django_db

YEAR = this_year()
FUND = "national"
# Machinery under 28/2018/TT-BTC: 50 % of the cost, at most 300.000.000 ₫; advances up
# to 70 % of the grant. Cost 680.000.000 ₫ -> cap 300.000.000 ₫; the grant is 280.000.000 ₫,
# so the advance limit is 196.000.000 ₫.
SUPPORT = 280_000_000
COUNTERPART = 400_000_000
ADVANCE_LIMIT = 196_000_000
_codes = count(1)


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def allocation(db):
    return AllocationFactory(year=YEAR, fund_source=FUND, amount_vnd=1_500_000_000)


@pytest.fixture
def second_staff(make_user):
    return make_user(Role.CENTER_STAFF)


def _appraised(staff):
    establishment = EstablishmentFactory()  # in Xã Tân Yên
    project = project_create(
        actor=staff,
        code=f"QG-T-{next(_codes):04d}",
        title="Hỗ trợ máy cưa CNC",
        plan_year=YEAR,
        fund_source=FUND,
        content_type="machinery",
        implementing_unit="Trung tâm Khuyến công",
        beneficiaries=[establishment],
        site_communes=[establishment.commune],
        budget_lines=[Line("Máy cưa CNC", SUPPORT, COUNTERPART)],
    )
    project_transition(actor=staff, project=project, target=ProjectStatus.SUBMITTED)
    project_appraise(
        actor=staff,
        project=project,
        appraised_on=today(),
        score=85,
        recommendation="approve",
        summary="Đạt yêu cầu",
    )
    return project


def _approved(staff, official, n=1):
    """n projects approved in the year's plan: each gets a grant of SUPPORT."""
    projects = [_appraised(staff) for _ in range(n)]
    plan = plans.plan_create(actor=staff, year=YEAR, fund_source=FUND)
    for project in projects:
        plans.plan_add_item(actor=staff, plan=plan, project=project)
    plans.plan_submit(actor=staff, plan=plan)
    plans.plan_approve(
        actor=official, plan=plan, decision_number="45/QĐ-UBND", decision_date=today()
    )
    for project in projects:
        project.refresh_from_db()
    return projects if n > 1 else projects[0]


def _move(project, staff, *targets):
    for target in targets:
        project_transition(actor=staff, project=project, target=target)
    project.refresh_from_db()
    return project


def _accepted(project, staff, official, *, days_ago=1):
    if project.status == ProjectStatus.APPROVED:
        _move(project, staff, ProjectStatus.CONTRACTED)
    _move(project, staff, ProjectStatus.IN_PROGRESS)
    monitoring.acceptance_record(
        actor=staff,
        project=project,
        accepted_on=today() - dt.timedelta(days=days_ago),
        minutes_number="07/BB-NT",
        result="passed",
    )
    return _move(project, official, ProjectStatus.ACCEPTED)


def _paid(project, staff, approver, amount, kind="advance"):
    """A payment through the whole chain: scheduled, approved by another, paid."""
    disbursement = money.disbursement_schedule(
        actor=staff, grant=project.grant, kind=kind, amount_vnd=amount
    )
    money.disbursement_approve(actor=approver, disbursement=disbursement)
    return money.disbursement_pay(
        actor=approver, disbursement=disbursement, paid_on=today(), reference="UNC-01"
    )


def _refund(project, staff, amount):
    return money.refund_record(
        actor=staff,
        grant=Grant.objects.get(project=project),
        amount_vnd=amount,
        reason="Nộp hoàn phần chi thừa",
        refunded_on=today(),
    )


def _row(html: str, testid: str) -> str:
    match = re.search(rf'<tr data-testid="{re.escape(testid)}">(.*?)</tr>', html, re.S)
    assert match, f"no row {testid}"
    return match.group(1)


def _text(response) -> str:
    return response.content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _money_url(project, name="funding:project_money", *args) -> str:
    return reverse(name, args=[project.pk, *args])


def _schedule_data(**overrides) -> dict:
    data = {"kind": "advance", "amount_vnd": "196.000.000", "due_on": "", "note": "Tạm ứng"}
    data.update(overrides)
    return data


def _refund_data(**overrides) -> dict:
    data = {
        "amount_vnd": "20.000.000",
        "reason": "Chi thừa so với hóa đơn",
        "refunded_on": today().isoformat(),
        "reference": "GNT-12",
    }
    data.update(overrides)
    return data


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("quyet-toan.pdf", pdf_bytes(), content_type="application/pdf")


def _settle_data(**overrides) -> dict:
    data = {
        "settled_vnd": "150.000.000",
        "counterpart_actual_vnd": "410.000.000",
        "settled_on": today().isoformat(),
        "settlement_number": "88/QĐ-SCT",
        "note": "",
        "confirmed": "1",
    }
    data.update(overrides)
    return data


def _state(project) -> tuple:
    """Everything a money POST could change."""
    grant = Grant.objects.get(project=project)
    project.refresh_from_db()
    return (
        project.status,
        list(Disbursement.objects.order_by("pk").values_list("status", "amount_vnd", "reference")),
        list(Refund.objects.values_list("amount_vnd", flat=True)),
        (grant.status, grant.paid_vnd, grant.refunded_vnd, grant.advance_vnd),
        grant.counterpart_actual_vnd,
        ProjectDocument.objects.count(),
    )


def _money_posts(project, scheduled, approved) -> list[tuple[str, dict]]:
    return [
        (_money_url(project, "funding:disbursement_schedule"), _schedule_data(amount_vnd="1.000")),
        (_money_url(project, "funding:disbursement_approve", scheduled.pk), {"confirmed": "1"}),
        (
            _money_url(project, "funding:disbursement_pay", approved.pk),
            {"paid_on": today().isoformat(), "reference": "UNC-9", "confirmed": "1"},
        ),
        (
            _money_url(project, "funding:disbursement_cancel", scheduled.pk),
            {"note": "Nhầm", "confirmed": "1"},
        ),
        (_money_url(project, "funding:refund_record"), _refund_data(amount_vnd="1.000")),
        (
            _money_url(project, "funding:counterpart_record"),
            {"counterpart_actual_vnd": "5.000.000"},
        ),
        (_money_url(project, "funding:settle"), {**_settle_data(), "papers": _pdf()}),
    ]


def _rule_data(**overrides) -> dict:
    data = {
        "legal_basis": "17/2025/NQ-HĐND",
        "item": "Máy móc tiên tiến (mức của tỉnh)",
        "content_type": "machinery",
        "fund_source": FUND,
        "province_code": settings.KHUYENCONG_PROVINCE_CODE,
        "valid_from": "2025-01-01",
        "valid_to": "",
        "max_percent": "30",
        "max_amount_vnd": "100.000.000",
        "advance_max_percent": "50",
        "note": "",
    }
    data.update(overrides)
    return data


def _allocation_data(**overrides) -> dict:
    data = {
        "year": YEAR,
        "fund_source": FUND,
        "amount_vnd": "2.000.000.000",
        "legal_basis": "3456/QĐ-UBND",
        "decided_on": "",
        "note": "",
    }
    data.update(overrides)
    return data


# --- the ledger ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["center_staff", "official"])
def test_the_ledger_shows_each_allocations_money(
    client_for, role, allocation, staff_user, second_staff, official_user
):
    project = _approved(staff_user, official_user)
    _move(project, staff_user, ProjectStatus.CONTRACTED)
    _paid(project, staff_user, second_staff, 150_000_000)
    _refund(project, staff_user, 10_000_000)
    AllocationFactory(year=YEAR, fund_source="local", amount_vnd=700_000_000)

    html = _text(client_for(role).get(reverse("funding:ledger")))

    row = _row(html, f"allocation-{YEAR}-{FUND}")
    assert allocation.legal_basis in row
    amounts = re.findall(r"[\d.]+ ₫", row)
    # allocated, committed, paid, refunded, available
    assert amounts == [
        "1.500.000.000 ₫",
        "280.000.000 ₫",
        "150.000.000 ₫",
        "10.000.000 ₫",
        "1.220.000.000 ₫",
    ]
    local = _row(html, f"allocation-{YEAR}-local")
    assert re.findall(r"[\d.]+ ₫", local) == ["700.000.000 ₫", "0 ₫", "0 ₫", "0 ₫", "700.000.000 ₫"]


def test_a_collaborator_does_not_see_the_ledger(client_for, allocation):
    assert client_for("collaborator").get(reverse("funding:ledger")).status_code == 404


def test_the_ledger_is_flat(client_for, staff_user, official_user, allocation):
    _approved(staff_user, official_user)
    client = client_for("official")
    AllocationFactory(year=YEAR, fund_source="local")
    few = _count(client, reverse("funding:ledger"))
    for year in range(YEAR + 1, YEAR + 10):
        AllocationFactory(year=year, fund_source="local")
        AllocationFactory(year=year, fund_source="national")
    assert Allocation.objects.count() == 20
    many = _count(client, reverse("funding:ledger"))
    # session, user, roles, the ledger, the overdue count + the request's savepoint pair
    assert few == many <= 7


# --- a project's money tab ----------------------------------------------------------


@pytest.mark.parametrize("role", ["center_staff", "official"])
def test_the_money_tab_shows_the_grant_and_the_rule_that_capped_it(
    client_for, role, allocation, staff_user, official_user
):
    project = _approved(staff_user, official_user)

    response = client_for(role).get(_money_url(project))

    assert response.status_code == 200
    html = _text(response)
    assert re.search(r'data-testid="granted">280.000.000 ₫<', html)
    assert "28/2018/TT-BTC — Ứng dụng máy móc tiên tiến, chuyển giao công nghệ" in html
    assert "bao trùm ngày phê duyệt" in html  # the reason the rule applies
    assert "Đây là quy định dành cho nội dung" in html
    assert "300.000.000 ₫" in html  # the cap: the rule's maximum amount


def test_the_money_tab_is_flat(client_for, allocation, staff_user, second_staff, official_user):
    project = _move(
        _approved(staff_user, official_user),
        staff_user,
        ProjectStatus.CONTRACTED,
        ProjectStatus.IN_PROGRESS,
    )
    _paid(project, staff_user, second_staff, 10_000_000, kind="interim")
    _refund(project, staff_user, 1_000_000)
    client = client_for("center_staff")
    few = _count(client, _money_url(project))
    for _ in range(9):
        _paid(project, staff_user, second_staff, 10_000_000, kind="interim")
        _refund(project, staff_user, 1_000_000)
    assert Disbursement.objects.filter(grant__project=project).count() == 10
    many = _count(client, _money_url(project))
    assert few == many <= 10


def test_the_project_page_shows_the_money_to_those_who_see_money_only(
    client, client_for, allocation, staff_user, second_staff, official_user
):
    """The money tab, the grant and the settlement reminder on the project page come from
    funding (a section it adds to the page): for staff and officials, not for the
    collaborator of the area, and they cost the page no query of their own."""
    project = _accepted(_approved(staff_user, official_user), staff_user, official_user)
    for role in ("center_staff", "official"):
        html = _text(client_for(role).get(project.get_absolute_url()))
        assert 'data-testid="money-tab"' in html
        assert 'data-testid="grant-rule"' in html
        assert "28/2018/TT-BTC" in html
        assert "Đã nghiệm thu: ghi nhận quyết toán tại thẻ Kinh phí." in html
    collaborator = UserFactory(role=Role.COLLABORATOR)
    assign_area(collaborator, [commune("Xã Tân Yên")])
    client.force_login(collaborator)
    html = _text(client.get(project.get_absolute_url()))
    assert project.code in html
    assert 'data-testid="money-tab"' not in html
    assert "28/2018/TT-BTC" not in html
    with CaptureQueriesContext(connection) as captured:
        assert client_for("center_staff").get(project.get_absolute_url()).status_code == 200
    # The grant and its rule come joined to the project's own row.
    assert not [q for q in captured if 'FROM "funding_' in q["sql"]]
    assert any('"funding_grant"' in q["sql"] for q in captured)


# --- paying ---------------------------------------------------------------------------


def test_staff_schedule_a_payment_typed_with_dots(client, allocation, staff_user, official_user):
    project = _move(_approved(staff_user, official_user), staff_user, ProjectStatus.CONTRACTED)
    client.force_login(staff_user)

    response = client.post(
        _money_url(project, "funding:disbursement_schedule"),
        _schedule_data(due_on=today().isoformat()),
    )

    assert response.status_code == 302
    disbursement = Disbursement.objects.get()
    assert (disbursement.amount_vnd, disbursement.status) == (196_000_000, "scheduled")
    html = _text(client.get(_money_url(project)))
    row = _row(html, f"disbursement-{disbursement.pk}")
    assert "Tạm ứng" in row
    assert "196.000.000 ₫" in row
    assert today().strftime("%d/%m/%Y") in row
    assert "Đã lập khoản chi; một cán bộ khác sẽ duyệt." in html


def test_an_advance_above_seventy_percent_is_refused_and_nothing_is_written(
    client, allocation, staff_user, official_user
):
    project = _move(_approved(staff_user, official_user), staff_user, ProjectStatus.CONTRACTED)
    client.force_login(staff_user)

    response = client.post(
        _money_url(project, "funding:disbursement_schedule"),
        _schedule_data(amount_vnd="200.000.000"),
    )

    assert response.status_code == 400
    errors = response.context["disbursement_form"].errors["amount_vnd"]
    assert "Tạm ứng không được vượt 70% kinh phí hỗ trợ theo 28/2018/TT-BTC" in errors[0]
    assert "vượt 4.000.000 ₫" in errors[0]
    assert "vượt 4.000.000 ₫" in _text(response)
    assert not Disbursement.objects.exists()
    assert Grant.objects.get().advance_vnd == 0


def test_four_eyes_approve_then_pay_with_a_voucher(
    client, allocation, staff_user, second_staff, official_user
):
    project = _move(_approved(staff_user, official_user), staff_user, ProjectStatus.CONTRACTED)
    client.force_login(staff_user)
    client.post(_money_url(project, "funding:disbursement_schedule"), _schedule_data())
    disbursement = Disbursement.objects.get()
    approve = _money_url(project, "funding:disbursement_approve", disbursement.pk)
    pay = _money_url(project, "funding:disbursement_pay", disbursement.pk)

    page = client.post(approve, {"confirmed": "1"}, follow=True)
    assert "Bạn đã lập khoản chi này; một cán bộ khác phải duyệt." in _text(page)
    disbursement.refresh_from_db()
    assert disbursement.status == DisbursementStatus.SCHEDULED

    client.force_login(second_staff)
    page = client.post(approve, {"confirmed": "1"}, follow=True)
    assert "Đã duyệt khoản chi 196.000.000 ₫; có thể chi." in _text(page)
    disbursement.refresh_from_db()
    assert (disbursement.status, disbursement.approved_by) == ("approved", second_staff)

    page = client.post(pay, {"paid_on": today().isoformat(), "reference": ""}, follow=True)
    assert "Nhập ngày chi và số chứng từ Kho bạc." in _text(page)
    disbursement.refresh_from_db()
    assert disbursement.status == DisbursementStatus.APPROVED
    ledger = _row(_text(client.get(reverse("funding:ledger"))), f"allocation-{YEAR}-{FUND}")
    assert re.findall(r"[\d.]+ ₫", ledger)[2] == "0 ₫"

    page = client.post(
        pay,
        {"paid_on": today().isoformat(), "reference": "UNC 0457", "confirmed": "1"},
        follow=True,
    )
    assert "Đã ghi nhận chi 196.000.000 ₫ (chứng từ UNC 0457)." in _text(page)
    disbursement.refresh_from_db()
    assert (disbursement.status, disbursement.reference) == ("paid", "UNC 0457")
    assert "UNC 0457" in _row(_text(page), f"disbursement-{disbursement.pk}")
    ledger = _row(_text(client.get(reverse("funding:ledger"))), f"allocation-{YEAR}-{FUND}")
    assert re.findall(r"[\d.]+ ₫", ledger)[2] == "196.000.000 ₫"


# --- refunds --------------------------------------------------------------------------


def test_a_refund_above_the_money_paid_is_refused_and_a_valid_one_is_listed(
    client, allocation, staff_user, second_staff, official_user
):
    project = _move(_approved(staff_user, official_user), staff_user, ProjectStatus.CONTRACTED)
    _paid(project, staff_user, second_staff, 100_000_000)
    client.force_login(staff_user)
    url = _money_url(project, "funding:refund_record")

    response = client.post(url, _refund_data(amount_vnd="100.000.001"))  # one đồng too many

    assert response.status_code == 400
    html = _text(response)
    assert "Chỉ còn 100.000.000 ₫ đã chi chưa nộp hoàn; 100.000.001 ₫ vượt 1 ₫." in html
    assert not Refund.objects.exists()
    assert Grant.objects.get().refunded_vnd == 0

    response = client.post(url, _refund_data(), follow=True)

    html = _text(response)
    assert "Đã ghi nhận nộp hoàn." in html
    assert f"20.000.000 ₫</span> · {today():%d/%m/%Y} · GNT-12" in html
    assert "Chi thừa so với hóa đơn" in html
    assert re.search(r'data-testid="refunded">20.000.000 ₫<', html)


# --- settlement -----------------------------------------------------------------------


def test_settling_below_the_money_paid_leaves_a_refund_due(
    client, allocation, staff_user, second_staff, official_user
):
    project = _approved(staff_user, official_user)
    _move(project, staff_user, ProjectStatus.CONTRACTED)
    _paid(project, staff_user, second_staff, ADVANCE_LIMIT)
    _accepted(project, staff_user, official_user)
    client.force_login(staff_user)

    response = client.post(
        _money_url(project, "funding:settle"), {**_settle_data(), "papers": _pdf()}, follow=True
    )

    assert "Đã ghi nhận quyết toán 150.000.000 ₫; đề án đã quyết toán." in _text(response)
    project.refresh_from_db()
    grant = Grant.objects.get()
    assert project.status == ProjectStatus.SETTLED
    assert (grant.status, grant.settled_vnd, grant.settlement_number) == (
        GrantStatus.SETTLED,
        150_000_000,
        "88/QĐ-SCT",
    )
    assert ProjectDocument.objects.filter(project=project, kind=DocumentKind.SETTLEMENT).exists()
    html = _text(client.get(_money_url(project)))
    assert re.search(r'data-testid="settled">150.000.000 ₫<', html)
    assert re.search(r'data-testid="refund-due">46.000.000 ₫<', html)
    due = _text(client.get(reverse("funding:overdue_settlements")))
    refunds_table = due[due.index('data-testid="refunds-due"') :]
    assert project.code in refunds_table
    assert "46.000.000 ₫" in refunds_table


def test_settling_without_papers_is_refused(client, allocation, staff_user, official_user):
    project = _accepted(_approved(staff_user, official_user), staff_user, official_user)
    client.force_login(staff_user)

    response = client.post(_money_url(project, "funding:settle"), _settle_data(settled_vnd="0"))

    assert response.status_code == 400
    assert "Hãy đính kèm hồ sơ quyết toán vào đề án trước." in _text(response)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED
    assert Grant.objects.get().status == GrantStatus.OPEN


def test_overdue_settlements_list_projects_accepted_over_fifteen_days_ago(
    client_for, allocation, staff_user, official_user
):
    late, recent = _approved(staff_user, official_user, n=2)
    _accepted(late, staff_user, official_user, days_ago=20)
    _accepted(recent, staff_user, official_user, days_ago=5)

    html = _text(client_for("official").get(reverse("funding:overdue_settlements")))

    overdue = html[html.index('data-testid="overdue"') : html.index('data-testid="refunds-due"')]
    assert late.code in overdue
    assert (today() - dt.timedelta(days=20)).strftime("%d/%m/%Y") in overdue
    assert recent.code not in overdue
    ledger = _text(client_for("official").get(reverse("funding:ledger")))
    assert "1 đề án" in ledger


def test_the_ledger_counts_overdue_settlements_only_up_to_its_cap(
    client_for, allocation, staff_user, official_user, monkeypatch
):
    from funding import selectors

    monkeypatch.setattr(selectors, "OVERDUE_COUNT_CAP", 2)
    projects = _approved(staff_user, official_user, n=3)
    for project in projects[:2]:
        _accepted(project, staff_user, official_user, days_ago=20)
    ledger = _text(client_for("official").get(reverse("funding:ledger")))
    assert "2 đề án đã chờ hồ sơ quyết toán quá 15 ngày." in ledger
    _accepted(projects[2], staff_user, official_user, days_ago=20)
    client = client_for("official")
    with CaptureQueriesContext(connection) as captured:
        ledger = _text(client.get(reverse("funding:ledger")))
    assert "Hơn 2 đề án đã chờ hồ sơ quyết toán quá 15 ngày." in ledger
    counting = next(q["sql"] for q in captured if "COUNT(" in q["sql"])
    assert "LIMIT 3" in counting


def test_the_overdue_page_is_flat(client_for, allocation, staff_user, official_user):
    projects = _approved(staff_user, official_user, n=5)
    client = client_for("official")
    _accepted(projects[0], staff_user, official_user, days_ago=20)
    few = _count(client, reverse("funding:overdue_settlements"))
    for project in projects[1:]:
        _accepted(project, staff_user, official_user, days_ago=20)
    many = _count(client, reverse("funding:overdue_settlements"))
    assert few == many <= 7
    page = client.get(reverse("funding:overdue_settlements"))
    assert len(page.context["projects"]) == 5


# --- who may see and touch the money --------------------------------------------------


@pytest.fixture
def project_with_payments(allocation, staff_user, second_staff, official_user):
    """In progress, 50.000.000 ₫ paid, one payment scheduled and one approved."""
    project = _move(
        _approved(staff_user, official_user),
        staff_user,
        ProjectStatus.CONTRACTED,
        ProjectStatus.IN_PROGRESS,
    )
    _paid(project, staff_user, second_staff, 50_000_000, kind="interim")
    scheduled = money.disbursement_schedule(
        actor=staff_user, grant=project.grant, kind="interim", amount_vnd=10_000_000
    )
    approved = money.disbursement_schedule(
        actor=staff_user, grant=project.grant, kind="interim", amount_vnd=20_000_000
    )
    money.disbursement_approve(actor=second_staff, disbursement=approved)
    return project, scheduled, approved


def test_a_collaborator_of_the_area_sees_the_project_but_not_its_money(
    client, project_with_payments
):
    project, scheduled, approved = project_with_payments
    user = UserFactory(role=Role.COLLABORATOR)
    assign_area(user, [commune("Xã Tân Yên")])
    client.force_login(user)
    before = _state(project)

    assert client.get(project.get_absolute_url()).status_code == 200
    assert client.get(_money_url(project)).status_code == 404
    for url, data in _money_posts(project, scheduled, approved):
        assert client.post(url, data).status_code == 404, url

    assert _state(project) == before


def test_an_official_reads_the_money_but_cannot_act_on_it(
    client, official_user, project_with_payments
):
    project, scheduled, approved = project_with_payments
    client.force_login(official_user)
    before = _state(project)

    page = client.get(_money_url(project))
    assert page.status_code == 200
    assert "50.000.000 ₫" in _text(page)
    assert 'data-testid="schedule-form"' not in _text(page)
    for url, data in _money_posts(project, scheduled, approved):
        assert client.post(url, data).status_code == 404, url

    assert _state(project) == before


# --- support rules --------------------------------------------------------------------


def test_staff_add_a_rule_and_the_next_grant_check_uses_it(client, allocation, staff_user):
    project = _appraised(staff_user)
    client.force_login(staff_user)

    response = client.post(reverse("funding:rule_create"), _rule_data(), follow=True)

    assert "Đã lưu mức hỗ trợ." in _text(response)
    rule = SupportRule.objects.get(legal_basis="17/2025/NQ-HĐND")
    assert rule.max_amount_vnd == 100_000_000
    preview = _text(client.get(_money_url(project)))
    assert "17/2025/NQ-HĐND — Máy móc tiên tiến (mức của tỉnh)" in preview
    assert "100.000.000 ₫" in preview
    plan = plans.plan_create(actor=staff_user, year=YEAR, fund_source=FUND)
    with pytest.raises(ValidationError) as refused:
        plans.plan_add_item(actor=staff_user, plan=plan, project=project)
    assert "17/2025/NQ-HĐND" in str(refused.value)
    assert "180.000.000 ₫" in str(refused.value)  # 280.000.000 ₫ asked, 100.000.000 ₫ cap


def test_an_official_sees_the_rules_but_cannot_add_or_edit_one(client, official_user):
    rule = SupportRule.objects.get(legal_basis="28/2018/TT-BTC", content_type="machinery")
    client.force_login(official_user)

    page = client.get(reverse("funding:rule_list"))

    assert page.status_code == 200
    assert "Ứng dụng máy móc tiên tiến, chuyển giao công nghệ" in _text(page)
    assert reverse("funding:rule_update", args=[rule.pk]) not in _text(page)
    rules_before = SupportRule.objects.count()
    assert client.get(reverse("funding:rule_create")).status_code == 404
    assert client.post(reverse("funding:rule_create"), _rule_data()).status_code == 404
    edit = reverse("funding:rule_update", args=[rule.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, _rule_data(max_amount_vnd="1")).status_code == 404
    rule.refresh_from_db()
    assert rule.max_amount_vnd == 300_000_000
    assert SupportRule.objects.count() == rules_before


# --- allocations ----------------------------------------------------------------------


def test_staff_record_an_allocation_but_not_twice_for_a_year_and_fund(client, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("funding:allocation_create"), _allocation_data())

    allocation = Allocation.objects.get()
    assert response["Location"] == allocation.get_absolute_url()
    assert allocation.amount_vnd == 2_000_000_000
    response = client.post(
        reverse("funding:allocation_create"), _allocation_data(amount_vnd="5.000.000")
    )
    assert response.status_code == 200
    assert "Kinh phí được giao với thông tin Năm và Nguồn kinh phí đã tồn tại" in _text(response)
    assert Allocation.objects.count() == 1


def test_an_allocation_cannot_be_lowered_below_what_grants_hold(
    client, allocation, staff_user, official_user
):
    _approved(staff_user, official_user)
    client.force_login(staff_user)
    url = reverse("funding:allocation_update", args=[allocation.pk])

    response = client.post(
        url, _allocation_data(amount_vnd="100.000.000", legal_basis=allocation.legal_basis)
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["amount_vnd"]
    assert "Các đề án đã được cam kết 280.000.000 ₫ từ nguồn kinh phí này" in errors[0]
    assert "thiếu 180.000.000 ₫" in _text(response)
    allocation.refresh_from_db()
    assert allocation.amount_vnd == 1_500_000_000

    response = client.post(
        url, _allocation_data(amount_vnd="280.000.000", legal_basis="99/QĐ-UBND"), follow=True
    )
    assert "Đã điều chỉnh kinh phí được giao." in _text(response)
    allocation.refresh_from_db()
    assert (allocation.amount_vnd, allocation.available_vnd) == (280_000_000, 0)


def test_the_allocation_page_is_flat(client_for, staff_user, official_user, allocation):
    from tests.factories import ProjectFactory

    first = _approved(staff_user, official_user)
    client = client_for("official")
    url = reverse("funding:allocation_detail", args=[allocation.pk])
    few = _count(client, url)
    for _ in range(9):
        Grant.objects.create(
            project=ProjectFactory(plan_year=YEAR, fund_source=FUND),
            allocation=allocation,
            plan=first.grant.plan,
            approved_on=today(),
            amount_vnd=1,
            project_cost_vnd=1,
            committed_vnd=0,
        )
    many = _count(client, url)
    # session, user, roles, the allocation, its grants, their totals + the savepoint pair
    assert few == many <= 8


def test_the_rule_list_is_flat(client_for):
    client = client_for("official")
    url = reverse("funding:rule_list")
    few = _count(client, url)
    for n in range(12):
        SupportRule.objects.create(
            fund_source="local",
            legal_basis=f"{n}/2026/NQ-HĐND",
            item="Máy móc thiết bị",
            valid_from=dt.date(2026, 1, 1),
            max_percent=50,
        )
    many = _count(client, url)
    assert few == many <= 6


def test_settlement_papers_that_are_not_a_pdf_are_refused_at_the_field(
    client, allocation, staff_user, second_staff, official_user
):
    # The papers went to disk as they came: a page of HTML named .pdf was stored.
    project = _approved(staff_user, official_user)
    _move(project, staff_user, ProjectStatus.CONTRACTED)
    _paid(project, staff_user, second_staff, ADVANCE_LIMIT)
    _accepted(project, staff_user, official_user)
    client.force_login(staff_user)
    fake = SimpleUploadedFile("quyet-toan.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>")

    response = client.post(
        _money_url(project, "funding:settle"), {**_settle_data(), "papers": fake}
    )

    assert response.status_code == 400
    assert "Tệp này không phải là tệp .pdf đọc được" in _text(response)
    assert not ProjectDocument.objects.filter(project=project).exists()
    assert Grant.objects.get().status != GrantStatus.SETTLED


def test_the_money_tabs_forms_each_label_their_own_fields(
    client, allocation, staff_user, second_staff, official_user
):
    project = _approved(staff_user, official_user)
    _move(project, staff_user, ProjectStatus.CONTRACTED)
    _paid(project, staff_user, second_staff, ADVANCE_LIMIT)
    _accepted(project, staff_user, official_user)
    client.force_login(staff_user)
    html = _text(client.get(_money_url(project)))
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert [i for i in set(ids) if ids.count(i) > 1] == []
    # The schedule and refund forms both ask for an amount, under ids of their own.
    assert 'for="id_schedule_amount_vnd"' in html or 'for="id_refund_amount_vnd"' in html
    assert 'for="id_settle_counterpart_actual_vnd"' in html
