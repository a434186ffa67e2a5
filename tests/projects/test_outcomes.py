"""Results after support: who owes which follow-up and when, the form on a phone, the
monthly reminder, and the outcomes page of the reports."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from projects.models import Acceptance, OutcomeFollowUp
from projects.outcomes import add_months, followup_record, followups_due
from tests.factories import (
    EstablishmentFactory,
    ProjectFactory,
    UserFactory,
    assign_area,
    commune_named,
)

pytestmark = pytest.mark.django_db

HERE, ELSEWHERE = "Xã Tân Yên", "Xã Lục Nam"


def _today() -> dt.date:
    return timezone.localdate()


def supported(*, months_ago: int = 7, place: str = HERE, content: str = "machinery", n: int = 1):
    """An accepted project with `n` beneficiaries in `place`, accepted `months_ago`."""
    project = ProjectFactory(status="accepted", content_type=content)
    establishments = [EstablishmentFactory(commune=commune_named(place)) for _ in range(n)]
    project.beneficiaries.add(*establishments)
    Acceptance.objects.create(
        project=project,
        accepted_on=add_months(_today(), -months_ago),
        minutes_number="01/BB-NT",
        result="passed",
        recorded_by=UserFactory(),
    )
    return project, establishments


def collaborator(place: str = HERE):
    user = UserFactory(role=Role.COLLABORATOR)
    assign_area(user, [commune_named(place)])
    return user


def test_add_months_keeps_the_day_or_the_months_last():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 3, 15), -6) == dt.date(2025, 9, 15)


def test_a_follow_up_is_due_the_interval_after_acceptance(settings, staff_user):
    settings.KHUYENCONG_FOLLOWUP_MONTHS = 6
    _due, (due_est,) = supported(months_ago=7)
    _early, (early_est,) = supported(months_ago=5)
    failed, _ = supported(months_ago=9)
    failed.acceptances.update(result="failed")

    assert [p.establishment_id for p in followups_due(staff_user)] == [due_est.pk]

    settings.KHUYENCONG_FOLLOWUP_MONTHS = 4
    assert {p.establishment_id for p in followups_due(staff_user)} == {due_est.pk, early_est.pk}


def test_a_collaborator_sees_and_records_only_their_area(client):
    mine_project, (mine,) = supported()
    other_project, (other,) = supported(place=ELSEWHERE)
    user = collaborator()
    client.force_login(user)

    page = client.get(reverse("projects:followup_due"))
    assert page.status_code == 200
    assert mine.name in page.content.decode()
    assert other.name not in page.content.decode()

    url = reverse("projects:followup_record", args=[other_project.pk, other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"recorded_on": _today().isoformat()}).status_code == 404

    url = reverse("projects:followup_record", args=[mine_project.pk, mine.pk])
    response = client.post(
        url,
        {
            "recorded_on": _today().strftime("%d/%m/%Y"),
            "jobs_created": "5",
            "jobs_kept": "20",
            "new_markets": "2",
            "revenue_before_vnd": "1.200.000.000",
            "revenue_after_vnd": "1.500.000.000 đ",
            "capital_mobilised_vnd": "300.000.000",
        },
    )
    assert response.status_code == 302
    followup = OutcomeFollowUp.objects.get()
    assert (followup.establishment, followup.recorded_by) == (mine, user)
    assert followup.revenue_increase_vnd == 300_000_000
    assert followup.history.count() == 1
    # Recorded: no longer owed, listed with what was recorded.
    page = client.get(reverse("projects:followup_due")).content.decode()
    due, recorded = page.split('data-testid="followups-due"')[1].split("<h2", 1)
    assert mine.name not in due
    assert mine.name in recorded


def test_the_follow_up_cannot_be_dated_in_the_future_or_before_the_acceptance(staff_user):
    project, (establishment,) = supported()
    for day in (_today() + dt.timedelta(days=1), add_months(_today(), -8)):
        with pytest.raises(ValidationError) as error:
            followup_record(
                actor=staff_user, project=project, establishment=establishment, recorded_on=day
            )
        assert "recorded_on" in error.value.message_dict
    assert not OutcomeFollowUp.objects.exists()


def test_only_a_beneficiary_of_an_accepted_project_is_followed_up(staff_user):
    project, _ = supported()
    stranger = EstablishmentFactory()
    with pytest.raises(ValidationError, match="thụ hưởng"):
        followup_record(
            actor=staff_user, project=project, establishment=stranger, recorded_on=_today()
        )
    running = ProjectFactory(status="in_progress")
    running.beneficiaries.add(stranger)
    with pytest.raises(ValidationError, match="đã nghiệm thu"):
        followup_record(
            actor=staff_user, project=running, establishment=stranger, recorded_on=_today()
        )


@pytest.mark.parametrize("rows", [2, 20])
def test_the_due_list_costs_the_same_for_2_and_20_rows(rows, client, django_assert_max_num_queries):
    supported(n=rows)
    user = collaborator()
    client.force_login(user)
    client.get(reverse("projects:followup_due"))  # warm the roles cache
    with django_assert_max_num_queries(9):
        response = client.get(reverse("projects:followup_due"))
    assert response.content.decode().count("/followups/") >= min(rows, 25)


def test_the_reminder_goes_to_staff_and_the_area_once_a_month(staff_user):
    from reports.reminders import followup_due_digest

    _project, (establishment,) = supported()
    mine, elsewhere = collaborator(), collaborator(ELSEWHERE)

    assert followup_due_digest(_today()) == 2
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {staff_user.email, mine.email}
    assert elsewhere.email not in recipients
    assert establishment.name in mail.outbox[0].body
    assert followup_due_digest(_today()) == 0  # the same month: nobody twice


def test_the_outcomes_page_adds_up_per_content_and_year(client_for, staff_user):
    year = _today().year
    machinery, (a, b) = supported(n=2)
    training, (c,) = supported(content="training")
    for project, establishment, jobs, before, after in (
        (machinery, a, 3, 100_000_000, 250_000_000),
        (machinery, b, 4, None, 90_000_000),
        (training, c, 7, 10_000_000, 12_000_000),
    ):
        followup_record(
            actor=staff_user,
            project=project,
            establishment=establishment,
            recorded_on=_today(),
            jobs_created=jobs,
            revenue_before_vnd=before,
            revenue_after_vnd=after,
        )
    from reports.outcomes import outcomes_by_year

    (row,) = outcomes_by_year()
    assert row["year"] == year
    by_code = {r["code"]: r for r in row["contents"]}
    assert by_code["machinery"]["jobs_created"] == 7
    assert by_code["machinery"]["revenue_increase"] == 150_000_000  # b has no "before"
    assert by_code["training"]["n"] == 1
    assert row["total"]["jobs_created"] == 14

    response = client_for("official").get(reverse("reports:outcomes"))
    assert response.status_code == 200
    assert "150.000.000 ₫" in response.content.decode()
