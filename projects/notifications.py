"""The people of a project hear of its moves: the staff member who drafted it, and
whoever apps above add through `notifications.services.register_recipients` (an
establishment's own representatives)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import has_recipient_hooks, notify
from projects.models import Project, ProjectEvent, ProjectStatus


def project_event_notify(project: Project, event: ProjectEvent) -> None:
    # A plan approval moves a thousand projects: those with nobody to tell cost nothing.
    owner = project.created_by_id
    if (owner is None or owner == event.actor_id) and not has_recipient_hooks(Kind.PROJECT_STATUS):
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Project %(code)s: %(status)s") % {
            "code": project.code,
            "status": project.get_status_display(),
        }
        body = "\n\n".join(
            part
            for part in (
                project.title,
                _("%(actor)s moved it from “%(before)s” to “%(after)s”.")
                % {
                    "actor": event.actor.display_name if event.actor_id else _("The portal"),
                    "before": ProjectStatus(event.from_status).label if event.from_status else "",
                    "after": project.get_status_display(),
                },
                event.note,
            )
            if part
        )
    notify(
        kind=Kind.PROJECT_STATUS,
        event_key=f"project:{project.pk}:event:{event.pk}",
        subject=project,
        recipients=[project.created_by] if project.created_by_id else [],
        exclude=[event.actor] if event.actor_id else [],
        title=title,
        body=body,
        url=project.get_absolute_url(),
    )
