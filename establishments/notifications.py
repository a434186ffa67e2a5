"""What followers of a support request hear, through the notifications app: staff hear
of new requests and comments; the submitter hears of everything else staff do. Told in
the transaction of the event; the mails go after the commit (notifications.services)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from establishments.models import SupportRequestEvent
from notifications.models import Kind
from notifications.services import notify


def support_request_event_notify(event: SupportRequestEvent) -> int:
    """Returns how many people were told."""
    request = event.request
    if event.actor_id == request.submitted_by_id:
        recipients = list(User.objects.filter(groups__name=Role.CENTER_STAFF, is_active=True))
    else:
        recipients = [request.submitted_by]
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Support request: %(establishment)s — %(status)s") % {
            "establishment": request.establishment.name,
            "status": request.get_status_display(),
        }
        body = "\n\n".join(
            part
            for part in (
                _("%(actor)s updated the request.") % {"actor": event.actor.display_name},
                event.note,
            )
            if part
        )
    told = notify(
        kind=Kind.SUPPORT_REQUEST,
        event_key=f"support_request:{request.pk}:event:{event.pk}",
        subject=request,
        recipients=recipients,
        exclude=[event.actor],
        title=title,
        body=body,
        url=request.get_absolute_url(),
    )
    return len(told)
