import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding import plans
from projects.models import AnnualPlan, PlanStatus, ProjectStatus
from tests.factories import AllocationFactory, ProjectFactory

pytestmark = pytest.mark.django_db
YEAR = 2031


@pytest.fixture(autouse=True)
def allocation(db):
    """Plans are approved against the year's money (funding)."""
    return AllocationFactory(year=YEAR, fund_source="local")


def _appraised(n):
    projects = ProjectFactory.create_batch(
        n,
        status=ProjectStatus.APPRAISED,
        plan_year=YEAR,
        fund_source="local",
        content_type="training",
    )
    for p in projects:
        p.budget_lines.create(item="Máy", state_support_vnd=200_000_000)
    return projects


def test_staff_build_a_plan_and_the_official_approves_it_from_the_inbox(
    client, staff_user, official_user
):
    first, second = _appraised(2)
    client.force_login(staff_user)
    response = client.post(reverse("projects:plan_create"), {"year": YEAR, "fund_source": "local"})
    plan = AnnualPlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert first.code in page
    assert "Đưa vào kế hoạch" in page
    for p in (first, second):
        client.post(reverse("projects:plan_add_item", args=[plan.pk]), {"project": p.pk})
    item = plan.items.get(project=second)
    client.post(
        reverse("projects:plan_change_amount", args=[plan.pk, item.pk]), {"amount_vnd": "150000000"}
    )
    client.post(reverse("projects:plan_submit", args=[plan.pk]), {"confirmed": "1"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    client.force_login(official_user)
    inbox = client.get(reverse("projects:inbox"))
    assert list(inbox.context["plans"]) == [plan]
    assert inbox.context["plans"][0].total == 350_000_000
    client.post(
        reverse("projects:plan_decide", args=[plan.pk]),
        {
            "decision": "approve",
            "decision_number": "45/QĐ-UBND",
            "decision_date": "2031-01-10",
            "confirmed": "1",
        },
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    first.refresh_from_db()
    assert first.status == ProjectStatus.APPROVED
    assert list(client.get(reverse("projects:inbox")).context["plans"]) == []


def test_the_official_returns_a_plan_with_comments(client, staff_user, official_user):
    plan = plans.plan_create(actor=staff_user, year=YEAR, fund_source="local")
    plans.plan_add_item(actor=staff_user, plan=plan, project=_appraised(1)[0])
    plans.plan_submit(actor=staff_user, plan=plan)
    client.force_login(official_user)
    client.post(
        reverse("projects:plan_decide", args=[plan.pk]),
        {"decision": "return", "note": "Thiếu thuyết minh", "confirmed": "1"},
    )
    client.force_login(staff_user)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Thiếu thuyết minh" in page


def test_staff_cannot_decide_and_officials_cannot_assemble(client, staff_user, official_user):
    plan = plans.plan_create(actor=staff_user, year=YEAR, fund_source="local")
    project = _appraised(1)[0]
    client.force_login(official_user)
    assert (
        client.post(
            reverse("projects:plan_add_item", args=[plan.pk]), {"project": project.pk}
        ).status_code
        == 404
    )
    client.force_login(staff_user)
    plans.plan_add_item(actor=staff_user, plan=plan, project=project)
    plans.plan_submit(actor=staff_user, plan=plan)
    response = client.post(
        reverse("projects:plan_decide", args=[plan.pk]),
        {"decision": "approve", "decision_number": "1", "decision_date": "2031-01-10"},
    )
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_plan_page_and_inbox_are_flat(client, staff_user, official_user):
    plan = plans.plan_create(actor=staff_user, year=YEAR, fund_source="local")
    first_batch = _appraised(2)
    for p in first_batch:
        plans.plan_add_item(actor=staff_user, plan=plan, project=p)
    _appraised(2)  # candidates
    client.force_login(staff_user)
    few = _count(client, plan.get_absolute_url())
    for p in _appraised(18):
        plans.plan_add_item(actor=staff_user, plan=plan, project=p)
    _appraised(18)
    many = _count(client, plan.get_absolute_url())
    assert few == many <= 14
    plans.plan_submit(actor=staff_user, plan=plan)
    client.force_login(official_user)
    few = _count(client, reverse("projects:inbox"))
    for year in range(2040, 2059):
        other = plans.plan_create(actor=staff_user, year=year, fund_source="local")
        AnnualPlan.objects.filter(pk=other.pk).update(status=PlanStatus.SUBMITTED)
    many = _count(client, reverse("projects:inbox"))
    assert few == many <= 9


def test_the_plan_dossier_shows_each_projects_appraisal(client, staff_user):
    import datetime as dt

    plan = plans.plan_create(actor=staff_user, year=YEAR, fund_source="local")
    project = _appraised(1)[0]
    project.appraisals.create(
        appraised_on=dt.date(2031, 1, 2),
        score=91,
        recommendation="approve",
        summary="Công nghệ phù hợp",
        recorded_by=staff_user,
    )
    plans.plan_add_item(actor=staff_user, plan=plan, project=project)
    client.force_login(staff_user)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "91/100" in page
    assert "Công nghệ phù hợp" in page


def test_a_large_plan_shows_fifty_projects_a_page_with_the_whole_total(
    client, staff_user, official_user
):
    plan = plans.plan_create(actor=staff_user, year=YEAR, fund_source="local")
    projects = _appraised(105)
    plan.items.bulk_create(
        [plan.items.model(plan=plan, project=p, amount_vnd=1_000_000) for p in projects]
    )
    client.force_login(official_user)
    first = client.get(plan.get_absolute_url()).content.decode()
    codes = sorted(p.code for p in projects)
    assert codes[0] in first
    assert codes[49] in first
    assert codes[50] not in first
    assert "105.000.000" in first  # the total is the whole plan's
    assert 'data-testid="whole-dossier"' in first
    second = client.get(plan.get_absolute_url() + "?page=2").content.decode()
    assert codes[50] in second
    assert codes[0] not in second
    whole = client.get(plan.get_absolute_url() + "?page=all").content.decode()
    assert all(code in whole for code in codes)


def test_the_inbox_lists_the_first_acceptances_and_counts_them_all(client, official_user):
    # Acceptances to decide: a passed one recorded, not refused (a project under way
    # without one has nothing to decide yet).
    for project in ProjectFactory.create_batch(34, status=ProjectStatus.IN_PROGRESS)[:33]:
        project.acceptances.create(
            accepted_on=dt.date(2031, 5, 1),
            minutes_number="01/BB",
            result="passed",
            recorded_by=official_user,
        )
    client.force_login(official_user)
    page = client.get(reverse("projects:inbox")).content.decode()
    assert page.count('class="list-group-item list-group-item-action" href="/projects/') == 30
    assert ">33<" in page
    assert "?status=in_progress" in page


def test_the_plan_rows_edit_for_staff_on_a_draft_and_read_for_the_official(
    client, staff_user, official_user
):
    """Staff change an amount or remove a project from the draft on its row; the
    department reads the amount formatted; an adjustment lists what changed."""
    plan = plans.plan_create(actor=staff_user, year=YEAR, fund_source="local")
    first, second = _appraised(2)
    for p in (first, second):
        plans.plan_add_item(actor=staff_user, plan=plan, project=p)
    item = plan.items.get(project=first)
    client.force_login(staff_user)
    page = client.get(plan.get_absolute_url()).content.decode()
    change_url = reverse("projects:plan_change_amount", args=[plan.pk, item.pk])
    remove_url = reverse("projects:plan_remove_item", args=[plan.pk, item.pk])
    assert f'action="{change_url}"' in page
    assert f'action="{remove_url}"' in page
    assert 'name="amount_vnd" value="200000000"' in page
    assert page.count('name="csrfmiddlewaretoken"') >= 5  # both rows' forms and submit
    assert f'<a href="{first.get_absolute_url()}">{first.code}</a>' in page
    response = client.post(change_url, {"amount_vnd": "150000000"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.amount_vnd == 150_000_000

    plans.plan_submit(actor=staff_user, plan=plan)
    plans.plan_approve(
        actor=official_user, plan=plan, decision_number="3/QĐ", decision_date=dt.date(YEAR, 1, 9)
    )
    v2 = plans.plan_adjust(actor=staff_user, plan=plan)
    plans.plan_remove_item(actor=staff_user, item=v2.items.get(project=second))
    plans.plan_change_amount(
        actor=staff_user, item=v2.items.get(project=first), amount_vnd=90_000_000
    )
    plans.plan_submit(actor=staff_user, plan=v2)
    client.force_login(official_user)
    page = client.get(v2.get_absolute_url()).content.decode()
    v2_item = v2.items.get(project=first)
    assert reverse("projects:plan_change_amount", args=[v2.pk, v2_item.pk]) not in page
    assert reverse("projects:plan_remove_item", args=[v2.pk, v2_item.pk]) not in page
    assert '<td class="money">90.000.000 ₫</td>' in page
    assert (
        f"<tr><td>{first.code}</td><td>{first.title}</td><td>đổi số tiền</td>"
        '<td class="money">150.000.000 ₫ → 90.000.000 ₫</td></tr>'
    ) in page
    assert (
        f"<tr><td>{second.code}</td><td>{second.title}</td><td>đưa ra</td>"
        '<td class="money">200.000.000 ₫ → —</td></tr>'
    ) in page
