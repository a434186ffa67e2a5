"""Telling people what happened to their things. The apps where things happen (all above
this one) call `notify` inside the transaction that makes the change; the rows are
written with it, and the mails go out from the Celery worker after the commit, retried
on failure and never twice: one row per event and recipient (a unique constraint), and
a mail is sent only from a row still waiting for it, under its row lock.

Who hears of an event: the recipients the calling app names, plus those that apps above
it add through `register_recipients` (in their `AppConfig.ready()`), e.g. the
representatives of an establishment for its projects."""

import logging
from collections.abc import Callable, Iterable

from celery.exceptions import Retry
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User

from .models import DEFAULT_CHANNEL, Channel, EmailStatus, Kind, Notification, Preference

log = logging.getLogger(__name__)

RecipientHook = Callable[[object], Iterable[User]]
_recipient_hooks: dict[str, list[RecipientHook]] = {}


def register_recipients(kind: str, hook: RecipientHook) -> None:
    """An app above adds people who hear of `kind` events about an object (the hook
    gets the object the event is about and returns users)."""
    hooks = _recipient_hooks.setdefault(kind, [])
    if hook not in hooks:  # ready() may run twice
        hooks.append(hook)


def unregister_recipients(kind: str, hook: RecipientHook) -> None:
    hooks = _recipient_hooks.get(kind, [])
    if hook in hooks:
        hooks.remove(hook)


def has_recipient_hooks(kind: str) -> bool:
    """Whether apps above add people for `kind` (a caller with nobody of its own to tell
    may then skip reading anything)."""
    return bool(_recipient_hooks.get(kind))


def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def _forget_unread(user_ids: Iterable[int]) -> None:
    """Now, and again once committed (a page read in between would cache the old count)."""
    keys = [unread_cache_key(pk) for pk in set(user_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def channels_of(users: Iterable[User], kind: str) -> dict[int, str]:
    ids = [u.pk for u in users]
    chosen = dict(
        Preference.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", "channel")
    )
    return {pk: chosen.get(pk, DEFAULT_CHANNEL) for pk in ids}


def notify(
    *,
    kind: str,
    event_key: str,
    subject: object,
    recipients: Iterable[User] = (),
    title: str,
    body: str = "",
    url: str = "",
    exclude: Iterable[User] = (),
) -> list[Notification]:
    """Record one event for everyone who should hear of it, as each chose; mail those
    who want mail once the transaction commits. Telling the same event again adds
    nobody twice. `exclude`: the person who did it hears nothing of it."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    people = {u.pk: u for u in recipients if u is not None}
    for hook in _recipient_hooks.get(kind, ()):
        people.update({u.pk: u for u in hook(subject) if u is not None})
    for user in exclude:
        if user is not None:
            people.pop(user.pk, None)
    people = {pk: u for pk, u in people.items() if u.is_active}
    if not people:
        return []
    channels = channels_of(people.values(), kind)
    rows = []
    for pk, channel in channels.items():
        if channel == Channel.NONE:
            continue
        wants_mail = channel in (Channel.BOTH, Channel.EMAIL) and bool(people[pk].email)
        rows.append(
            Notification(
                recipient_id=pk,
                kind=kind,
                event_key=event_key[:120],
                title=title[:255],
                body=body,
                url=url[:500],
                in_app=channel in (Channel.BOTH, Channel.IN_APP),
                email_status=EmailStatus.PENDING if wants_mail else EmailStatus.NOT_WANTED,
            )
        )
    for row in rows:
        row.full_clean(exclude=["recipient"], validate_unique=False, validate_constraints=False)
    Notification.objects.bulk_create(
        rows, ignore_conflicts=True, unique_fields=("event_key", "recipient")
    )
    # ignore_conflicts leaves no ids: read back what this event holds now.
    made = list(Notification.objects.filter(event_key=event_key[:120], recipient_id__in=channels))
    _forget_unread(n.recipient_id for n in made if n.in_app)
    pending = [n.pk for n in made if n.email_status == EmailStatus.PENDING]
    if pending:
        from .tasks import send_notification_email

        def enqueue():
            for pk in pending:
                try:
                    send_notification_email.delay(pk)
                except Retry:  # run inline (no broker configured): retried by the sweep
                    pass
                except Exception as exc:  # the broker is down: the sweep sends it later
                    log.warning("notification %s not queued: %s", pk, exc)

        transaction.on_commit(enqueue)
    return made


# --- e-mail, run by the worker -----------------------------------------------------------

SENT, SKIPPED, RETRY, FAILED = "sent", "skipped", "retry", "failed"


def notification_email_send(*, notification_id: int, last_attempt: bool = False) -> str:
    """Mail one notification if it still waits for its mail. The row stays locked while
    the mail goes, so a second worker holding the same task waits and then finds it
    sent. A failure is recorded and retried (RETRY) until `last_attempt` (FAILED)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.email_status != EmailStatus.PENDING:
            return SKIPPED
        recipient = notification.recipient
        if not (recipient.is_active and recipient.email):
            notification.email_status = EmailStatus.NOT_WANTED
            notification.save(update_fields=["email_status"])
            return SKIPPED
        notification.email_attempts += 1
        try:
            send_mail(
                notification.title,
                email_text(notification),
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
                fail_silently=False,
            )
        except Exception as exc:
            log.warning("notification %s: mail failed: %s", notification_id, exc)
            notification.email_error = (str(exc) or exc.__class__.__name__)[:500]
            if last_attempt:
                notification.email_status = EmailStatus.FAILED
            notification.save(update_fields=["email_attempts", "email_error", "email_status"])
            return FAILED if last_attempt else RETRY
        notification.email_status = EmailStatus.SENT
        notification.email_sent_at = timezone.now()
        notification.email_error = ""
        notification.save(
            update_fields=["email_attempts", "email_status", "email_sent_at", "email_error"]
        )
        return SENT


def email_text(notification: Notification) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        parts = [notification.body]
        if notification.url:
            base = settings.KHUYENCONG_SITE_URL.rstrip("/")
            parts.append(_("See it in the portal: %(url)s") % {"url": base + notification.url})
        parts.append(_("You can choose how you hear of this on the page “Notification settings”."))
    return "\n\n".join(p for p in parts if p)


def pending_email_ids(*, older_than_minutes: int = 10) -> list[int]:
    """Mails still waiting well after their event (a broker that was down): the sweep
    queues them again; the row lock keeps them to one mail each."""
    limit = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    return list(
        Notification.objects.filter(
            email_status=EmailStatus.PENDING, created_at__lt=limit
        ).values_list("pk", flat=True)[:1000]
    )


# --- the person's own actions ------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _forget_unread([actor.pk])
    return notification


@transaction.atomic
def notification_mark_all_read(*, actor) -> int:
    count = Notification.objects.filter(recipient=actor, in_app=True, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    _forget_unread([actor.pk])
    return count


@transaction.atomic
def preferences_save(*, actor, choices: dict[str, str]) -> list[Preference]:
    """The person's choice per kind; every kind is saved (a kind left out keeps its
    current choice)."""
    if not actor.is_authenticated:
        raise PermissionDenied
    saved = []
    for kind, channel in choices.items():
        if kind not in Kind.values or channel not in Channel.values:
            raise ValidationError(_("Choose how you want to hear of each kind."))
        preference = Preference.objects.select_for_update().filter(
            user=actor, kind=kind
        ).first() or Preference(user=actor, kind=kind)
        if preference.pk and preference.channel == channel:
            saved.append(preference)
            continue
        preference.channel = channel
        preference.full_clean()
        preference._history_user = actor
        preference.save()
        saved.append(preference)
    return saved
