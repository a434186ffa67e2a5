from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from establishments.models import SupportRequestEvent


def support_request_event_notify(*, event_id: int) -> int:
    """Staff hear of new requests and comments; the submitter hears of everything else
    staff do. Returns the number of mails sent."""
    event = (
        SupportRequestEvent.objects.select_related(
            "request__establishment", "request__submitted_by", "actor"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    request = event.request
    if event.actor_id == request.submitted_by_id:
        recipients = list(
            User.objects.filter(groups__name=Role.CENTER_STAFF, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    else:
        recipients = [request.submitted_by.email] if request.submitted_by.email else []
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Support request: %(establishment)s — %(status)s") % {
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
    return send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients],
        fail_silently=False,
    )
