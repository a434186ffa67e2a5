"""What happened to my things: told in the portal and by e-mail as each person chose,
in Vietnamese, after the commit, retried when the mail server refuses, never twice."""

import datetime as dt
from smtplib import SMTPException

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from notifications import services
from notifications.models import EmailStatus, Kind, Notification, Preference
from notifications.tasks import send_notification_email
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def _tell(recipients, *, key="project:1:event:1", subject=None, **extra):
    return services.notify(
        kind=Kind.PROJECT_STATUS,
        event_key=key,
        subject=subject,
        recipients=recipients,
        title="Đề án DP-26-001: Đã phê duyệt",
        body="Sở Công Thương đã phê duyệt kế hoạch.",
        url="/projects/",
        **extra,
    )


def test_a_mail_goes_after_the_commit_and_running_the_task_twice_sends_one(
    django_capture_on_commit_callbacks,
):
    person = UserFactory(email="nguoi.nhan@example.vn")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (notification,) = _tell([person])
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]
    assert mail.outbox[0].subject == "Đề án DP-26-001: Đã phê duyệt"
    assert "Xem trên cổng thông tin" in mail.outbox[0].body
    # A worker that takes the same message again (a lost acknowledgement) sends nothing.
    assert send_notification_email.apply(args=[notification.pk]).get() == services.SKIPPED
    assert send_notification_email.apply(args=[notification.pk]).get() == services.SKIPPED
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert notification.email_attempts == 1


def test_the_same_event_told_twice_makes_one_row_and_one_mail(django_capture_on_commit_callbacks):
    person = UserFactory(email="a@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        _tell([person])
        _tell([person])
    assert Notification.objects.filter(recipient=person).count() == 1
    assert len(mail.outbox) == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=person, kind=Kind.PROJECT_STATUS, event_key="project:1:event:1", title="x"
        )


def test_a_refused_mail_is_retried_then_sent_once(monkeypatch, django_capture_on_commit_callbacks):
    person = UserFactory(email="b@example.vn")
    calls = {"n": 0}
    real = services.send_mail

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise SMTPException("421 try again later")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "send_mail", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = _tell([person])
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING  # refused once: to retry
    assert notification.email_attempts == 1
    assert "421" in notification.email_error
    # The worker's retries: refused again, then sent.
    pk = notification.pk
    assert services.notification_email_send(notification_id=pk) == services.RETRY
    assert services.notification_email_send(notification_id=pk) == services.SENT
    assert services.notification_email_send(notification_id=pk) == services.SKIPPED
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert notification.email_attempts == 3
    assert notification.email_error == ""
    assert len(mail.outbox) == 1


def test_a_mail_server_that_never_answers_is_given_up_and_said(
    monkeypatch, django_capture_on_commit_callbacks
):
    person = UserFactory(email="c@example.vn")

    def down(*args, **kwargs):
        raise SMTPException("connection refused")

    monkeypatch.setattr(services, "send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = _tell([person])
    for retry in range(1, 6):  # the worker's five retries, the last one gives up
        services.notification_email_send(notification_id=notification.pk, last_attempt=retry == 5)
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED
    assert notification.email_attempts == 6  # on commit, then five retries
    assert "connection refused" in notification.email_error
    assert notification.in_app  # still in the list


@pytest.mark.parametrize(
    ("channel", "in_list", "mailed"),
    [("both", True, True), ("in_app", True, False), ("email", False, True), ("none", False, False)],
)
def test_each_person_chooses_per_kind(
    channel, in_list, mailed, client, django_capture_on_commit_callbacks
):
    person = UserFactory(email="d@example.vn")
    client.force_login(person)
    answer = client.post(
        reverse("notifications:preferences"),
        {kind: (channel if kind == Kind.PROJECT_STATUS else "both") for kind in Kind.values},
    )
    assert answer.status_code == 302
    assert Preference.objects.get(user=person, kind=Kind.PROJECT_STATUS).channel == channel
    with django_capture_on_commit_callbacks(execute=True):
        _tell([person])
    page = client.get(reverse("notifications:list")).content.decode()
    assert ("Đề án DP-26-001: Đã phê duyệt" in page) is in_list
    assert bool(mail.outbox) is mailed


def test_the_list_is_mine_with_an_unread_count_and_opening_marks_read(
    client, django_capture_on_commit_callbacks
):
    me, other = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _tell([me, other], key="k1")
        _tell([me], key="k2")
        services.notify(
            kind=Kind.SUPPORT_REQUEST,
            event_key="k3",
            subject=None,
            recipients=[other],
            title="Yêu cầu của người khác",
        )
    client.force_login(me)
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.count('data-testid="notification"') == 2
    assert "Yêu cầu của người khác" not in page
    assert client.get(reverse("notifications:unread")).json() == {"unread": 2}
    assert "2 chưa đọc" in page
    mine = Notification.objects.filter(recipient=me).order_by("pk").first()
    answer = client.post(reverse("notifications:open", args=[mine.pk]))
    assert answer.status_code == 302
    assert answer["Location"] == "/projects/"
    assert client.get(reverse("notifications:unread")).json() == {"unread": 1}
    theirs = Notification.objects.get(recipient=other, event_key="k1")
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 2


def test_the_list_costs_the_same_queries_for_3_and_30(client, django_assert_max_num_queries):
    me = UserFactory()
    client.force_login(me)
    for i in range(3):
        _tell([me], key=f"few:{i}")
    client.get(reverse("notifications:list"))
    with django_assert_max_num_queries(8):
        client.get(reverse("notifications:list"))
    for i in range(30):
        _tell([me], key=f"many:{i}")
    with django_assert_max_num_queries(8):
        page = client.get(reverse("notifications:list")).content.decode()
    assert page.count('data-testid="notification"') == 25  # a page


def test_an_app_above_adds_recipients_through_a_hook(django_capture_on_commit_callbacks):
    """An establishment's own people hear of its projects: an app above registers who
    they are; this app never names it."""
    representative = UserFactory(email="dai.dien@example.vn")
    project = ProjectFactory()

    def representatives(subject):
        return [representative] if subject == project else []

    services.register_recipients(Kind.PROJECT_STATUS, representatives)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _tell([], subject=project, key="hook:1")
            _tell([], subject=ProjectFactory(), key="hook:2")
    finally:
        services.unregister_recipients(Kind.PROJECT_STATUS, representatives)
    assert list(Notification.objects.values_list("recipient", "event_key")) == [
        (representative.pk, "hook:1")
    ]
    assert [m.to for m in mail.outbox] == [[representative.email]]


def test_a_project_move_is_told_to_the_staff_member_who_drafted_it(
    django_capture_on_commit_callbacks,
):
    from projects.services import project_transition

    owner = UserFactory(role="center_staff", email="soan.thao@example.vn")
    mover = UserFactory(role="center_staff")
    project = ProjectFactory(status="draft", created_by=owner)
    project.budget_lines.create(item="Máy", state_support_vnd=10_000_000, counterpart_vnd=0)
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(actor=mover, project=project, target="submitted")
    told = Notification.objects.get(recipient=owner)
    assert told.kind == Kind.PROJECT_STATUS
    assert project.code in told.title
    assert told.url == project.get_absolute_url()
    from django.utils import translation

    from projects.models import ProjectStatus

    with translation.override("vi"):
        assert f"“{ProjectStatus.DRAFT.label}”" in told.body
        assert f"“{ProjectStatus.SUBMITTED.label}”" in told.body
    assert "đã chuyển" in told.body  # the sentence, in Vietnamese
    assert not Notification.objects.filter(recipient=mover).exists()
    assert [m.to for m in mail.outbox] == [[owner.email]]


def test_certificates_about_to_lapse_are_told_once_per_notice(django_capture_on_commit_callbacks):
    from products.models import Certificate
    from reports.reminders import certificate_expiry_reminders
    from tests.factories import ProductFactory, published_certificate

    staff = UserFactory(role="center_staff", email="can.bo@example.vn")
    certificate = published_certificate(ProductFactory(name="Nón lá làng Chuông"))
    today = dt.date(2026, 12, 6)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=today + dt.timedelta(days=50))
    with django_capture_on_commit_callbacks(execute=True):
        assert certificate_expiry_reminders(today) == 1
        assert certificate_expiry_reminders(today + dt.timedelta(days=1)) == 1  # same notice
    assert Notification.objects.filter(recipient=staff).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        certificate_expiry_reminders(today + dt.timedelta(days=40))  # 10 days left
    titles = list(Notification.objects.filter(recipient=staff).values_list("title", flat=True))
    assert len(titles) == 2
    assert all("hết hạn" in t or "Giấy chứng nhận" in t for t in titles)
    assert len([m for m in mail.outbox if m.to == [staff.email]]) == 2


def test_the_task_asks_the_worker_to_retry_later_and_gives_up_on_the_last(monkeypatch):
    answers = iter([services.RETRY, services.FAILED])
    calls = []

    def send(*, notification_id, last_attempt):
        calls.append(last_attempt)
        return next(answers)

    class Later(Exception):
        pass

    monkeypatch.setattr(services, "notification_email_send", send)
    monkeypatch.setattr(send_notification_email, "retry", lambda countdown: Later(countdown))
    with pytest.raises(Later) as later:
        send_notification_email.run(1)
    assert later.value.args == (60,)
    send_notification_email.push_request(retries=send_notification_email.max_retries)
    try:
        assert send_notification_email.run(1) == services.FAILED
    finally:
        send_notification_email.pop_request()
    assert calls == [False, True]
