"""Scheduled jobs: reminders mailed once per person and period, the collaborators' on
the 25th, the dashboard's figures with a link behind each bar, refreshed at night."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from projects.models import BudgetLine
from reports import reminders, tasks
from reports.dashboard import CACHE_KEY, dashboard_data
from reports.models import ReminderSent
from tests.factories import EstablishmentFactory, ProjectFactory, UserFactory, assign_area, commune

pytestmark = pytest.mark.django_db


def _under_way_without_report():
    project = ProjectFactory(status="in_progress", code="DP-2026-077", title="Máy sấy vải")
    project.__class__.objects.filter(pk=project.pk).update(
        created_at=project.created_at - dt.timedelta(days=90)
    )
    return project


def test_staff_get_the_overdue_digest_once_a_day():
    _under_way_without_report()
    staff = UserFactory(role=Role.CENTER_STAFF, email="lan@ttkc.vn")
    UserFactory(role=Role.CENTER_STAFF, email="")  # no address: nothing to send
    UserFactory(role=Role.OFFICIAL, email="nam@soct.vn")  # not staff
    today = timezone.localdate().replace(day=26)

    assert reminders.staff_digest(today) == 1
    assert reminders.staff_digest(today) == 0  # a second run the same day mails nobody

    (message,) = mail.outbox
    assert message.to == [staff.email]
    assert "DP-2026-077" in message.body
    assert ReminderSent.objects.filter(recipient=staff).count() == 1
    assert reminders.staff_digest(today + dt.timedelta(days=1)) == 1  # the next day, again


def test_no_digest_when_nothing_is_overdue():
    UserFactory(role=Role.CENTER_STAFF, email="lan@ttkc.vn")
    assert reminders.staff_digest(timezone.localdate()) == 0
    assert mail.outbox == []


def test_collaborators_are_reminded_on_the_25th_once():
    collaborator = UserFactory(role=Role.COLLABORATOR, email="ctv@xa.vn")
    assign_area(collaborator, [commune("Xã Tân Yên")])
    year = timezone.localdate().year

    assert reminders.collaborator_monthly(dt.date(year, 3, 24)) == 0
    assert reminders.collaborator_monthly(dt.date(year, 3, 25)) == 1
    assert reminders.collaborator_monthly(dt.date(year, 3, 25)) == 0
    assert reminders.collaborator_monthly(dt.date(year, 4, 25)) == 1
    assert [m.to for m in mail.outbox] == [["ctv@xa.vn"], ["ctv@xa.vn"]]
    assert "03/" in mail.outbox[0].subject


def test_the_beat_schedule_names_real_tasks():
    from notifications.tasks import sweep_pending_emails as send_again

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in {
            tasks.staff_reminders.name,
            tasks.collaborator_reminders.name,
            tasks.refresh_dashboard.name,
            tasks.followup_reminders.name,
            tasks.certificate_expiry_reminders.name,
            send_again.name,
        }


def test_the_followup_reminder_task_mails_through_the_digest(staff_user):
    """The scheduled task is the digest: nothing owed, nothing mailed."""
    assert tasks.followup_reminders.apply().get() == 0
    assert mail.outbox == []


def test_the_dashboard_links_each_bar_to_the_list_behind_it():
    this_year = timezone.localdate().year
    project = ProjectFactory(plan_year=this_year - 1, fund_source="national", status="settled")
    project.beneficiaries.add(EstablishmentFactory())
    BudgetLine.objects.create(project=project, item="Máy", state_support_vnd=90, counterpart_vnd=1)

    data = dashboard_data()

    national = next(d for d in data["by_year"]["datasets"] if d["projects"][-2])
    index = data["by_year"]["labels"].index(str(this_year - 1))
    assert national["projects"][index] == 1
    assert national["support"][index] == 90
    assert national["links"][index] == (
        f"{reverse('projects:list')}?year={this_year - 1}&fund_source=national&status=implemented"
    )
    assert data["by_content"]["links"] == [
        f"{reverse('projects:list')}?content_type=machinery&status=implemented"
        f"&since={data['first_year']}"
    ]
    assert data["coverage"]["communes"] > 0


def test_the_dashboard_page_and_its_nightly_refresh(client):
    staff = UserFactory(role=Role.CENTER_STAFF)
    client.force_login(staff)
    cache.clear()
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert 'id="dashboard-data"' in response.content.decode()
    cache.clear()
    tasks.refresh_dashboard.apply()
    assert cache.get(f"{CACHE_KEY}:vi") is not None


def test_a_collaborator_reminder_missed_on_the_25th_goes_out_the_next_day():
    collaborator = UserFactory(role=Role.COLLABORATOR, email="ctv@xa.vn")
    assign_area(collaborator, [commune("Xã Tân Yên")])
    year = timezone.localdate().year

    assert reminders.collaborator_monthly(dt.date(year, 5, 27)) == 1
    assert reminders.collaborator_monthly(dt.date(year, 5, 28)) == 0


def test_one_refused_address_does_not_stop_the_others(monkeypatch):
    _under_way_without_report()
    first = UserFactory(role=Role.CENTER_STAFF, email="hong@ttkc.vn")
    second = UserFactory(role=Role.CENTER_STAFF, email="lan@ttkc.vn")
    real_send = reminders.send_mail

    def send(subject, body, sender, to):
        if to == [first.email]:
            raise OSError("550 mailbox unavailable")
        return real_send(subject, body, sender, to)

    monkeypatch.setattr(reminders, "send_mail", send)
    today = timezone.localdate().replace(day=26)

    assert reminders.staff_digest(today) == 1
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert not ReminderSent.objects.filter(recipient=first).exists()  # tried again next run


def test_an_official_follows_a_commune_bar_to_that_communes_establishments(client):
    official = UserFactory(role=Role.OFFICIAL)
    here = EstablishmentFactory(name="Cơ sở ở Tân Yên")
    EstablishmentFactory(name="Cơ sở ở Từ Sơn", commune=commune("Phường Từ Sơn"))
    client.force_login(official)

    page = client.get(reverse("establishments:list"), {"commune": here.commune_id})

    html = page.content.decode()
    assert "Cơ sở ở Tân Yên" in html
    assert "Cơ sở ở Từ Sơn" not in html


def test_the_dashboard_costs_the_same_queries_for_few_and_many_projects(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory(role=Role.CENTER_STAFF))
    year = timezone.localdate().year

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reports:dashboard")).status_code == 200
        return len(captured)

    for n in range(2):
        ProjectFactory(plan_year=year - n, status="settled")
    few = count()
    for n in range(20):
        ProjectFactory(plan_year=year - n % 8, status="approved", content_type="training")
    # 13: the network's allowance cost per covered commune is one more.
    assert count() == few <= 13
