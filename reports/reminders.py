"""Scheduled reminders (Celery beat): overdue progress reports and settlements to center
staff each working morning; the monthly report to collaborators on the 25th. Each is
mailed at most once per person and period (ReminderSent), so a re-run sends nothing new.
Mail goes through Django's backend: the console by default, SMTP by environment."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from collaborators.selectors import roster_in_force
from funding.selectors import overdue_settlements
from projects.monitoring import overdue_progress

from .models import ReminderKind, ReminderSent

log = logging.getLogger(__name__)

MONTHLY_REPORT_DAY = 25


def _mail_once(kind: str, period: str, user: User, subject: str, body: str) -> bool:
    """Mail `user` unless this reminder already went to them for this period."""
    if not user.email:
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(kind=kind, period=period, recipient=user)
            # Inside the savepoint: if the mail server refuses, no record, so a re-run
            # tries again.
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except IntegrityError:
        return False
    except Exception:  # one refused address must not stop the others
        log.exception("reminder %s %s to %s not sent", kind, period, user.email)
        return False
    return True


def _staff() -> list[User]:
    return list(
        User.objects.filter(groups__name=Role.CENTER_STAFF, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def staff_digest(today: dt.date | None = None) -> int:
    """Overdue progress reports and settlements, to every center staff member."""
    today = today or timezone.localdate()
    period = today.isoformat()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        progress = list(overdue_progress(today).values_list("code", "title")[:50])
        settlements = list(overdue_settlements(today).values_list("code", "title")[:50])
        for kind, rows, subject, intro in (
            (
                ReminderKind.OVERDUE_PROGRESS,
                progress,
                _("Progress reports overdue: %(n)s projects"),
                _("These projects have not sent this month's progress report (due by the 25th):"),
            ),
            (
                ReminderKind.OVERDUE_SETTLEMENT,
                settlements,
                _("Settlements overdue: %(n)s projects"),
                _("These projects were accepted more than 15 days ago without settlement papers:"),
            ),
        ):
            if not rows:
                continue
            body = "\n".join([intro, *(f"- {code}: {title}" for code, title in rows)])
            for user in _staff():
                sent += _mail_once(kind, period, user, subject % {"n": len(rows)}, body)
    return sent


def collaborator_monthly(today: dt.date | None = None) -> int:
    """On the 25th: remind every collaborator of this year's roster of their monthly report."""
    today = today or timezone.localdate()
    if today.day < MONTHLY_REPORT_DAY:  # from the 25th: a day the worker missed is caught up
        return 0
    roster = roster_in_force(today)
    if roster is None:
        return 0
    period = f"{today:%Y-%m}"
    users = User.objects.filter(collaborator__memberships__roster=roster, is_active=True).distinct()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your monthly collaborator report for %(month)s") % {"month": f"{today:%m/%Y}"}
        body = _(
            "Please send this month's report in the portal (My month) before the end of the "
            "month: the establishments you visited, registered and the needs you found."
        )
        for user in users:
            sent += _mail_once(ReminderKind.COLLABORATOR_MONTH, period, user, subject, body)
    return sent


def followup_due_digest(today: dt.date | None = None) -> int:
    """Results after support owed: to each collaborator, those of their area; to staff,
    all of them. Mailed at most once a month per person."""
    from projects.outcomes import followups_due

    today = today or timezone.localdate()
    period = f"{today:%Y-%m}"
    collaborators = (
        User.objects.filter(groups__name=Role.COLLABORATOR, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in [*_staff(), *collaborators]:
            rows = list(
                followups_due(user, today).values_list("project__code", "establishment__name")[:50]
            )
            if not rows:
                continue
            subject = _("Results after support to record: %(n)s establishments") % {
                "n": followups_due(user, today).count()
            }
            body = "\n".join(
                [
                    _(
                        "These supported establishments are due a follow-up of the results "
                        "after support (Results after support in the portal):"
                    ),
                    *(f"- {code}: {name}" for code, name in rows),
                ]
            )
            sent += _mail_once(ReminderKind.FOLLOWUP_DUE, period, user, subject, body)
    return sent


# Typical-product certificates: told twice before they lapse, two months and two weeks
# ahead, so the establishment can enter a new round in time.
CERTIFICATE_NOTICE_DAYS = (60, 14)


def certificate_expiry_reminders(today: dt.date | None = None) -> int:
    """Certificates that lapse within a notice period, told to center staff (and to the
    people apps above add for the certificate: its establishment's representatives).
    Each certificate once per notice period, however often this runs."""
    from django.urls import reverse

    from notifications.models import Kind
    from notifications.services import notify
    from products.models import Certificate

    today = today or timezone.localdate()
    staff = _staff_all()
    told = 0
    widest = max(CERTIFICATE_NOTICE_DAYS)
    certificates = Certificate.objects.filter(
        revoked_at__isnull=True,
        valid_until__gte=today,
        valid_until__lte=today + dt.timedelta(days=widest),
    ).select_related("entry")
    for certificate in certificates.order_by("valid_until", "pk"):
        days_left = (certificate.valid_until - today).days
        notice = min(d for d in CERTIFICATE_NOTICE_DAYS if days_left <= d)
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Certificate %(number)s expires on %(date)s") % {
                "number": certificate.number,
                "date": certificate.valid_until.strftime("%d/%m/%Y"),
            }
            body = _(
                "“%(product)s” of %(establishment)s: the certificate of a typical rural "
                "industrial product lapses in %(days)s days."
            ) % {
                "product": certificate.product_name,
                "establishment": certificate.establishment_name,
                "days": days_left,
            }
        with transaction.atomic():
            told += bool(
                notify(
                    kind=Kind.CERTIFICATE_EXPIRY,
                    event_key=(
                        f"certificate:{certificate.pk}:expires:{certificate.valid_until}:{notice}d"
                    ),
                    subject=certificate,
                    recipients=staff,
                    title=title,
                    body=body,
                    url=reverse("products:product_detail", args=[certificate.entry.product_id]),
                )
            )
    return told


def _staff_all() -> list[User]:
    return list(User.objects.filter(groups__name=Role.CENTER_STAFF, is_active=True).order_by("pk"))
