"""Results after support (outcome follow-ups): some months after a project's acceptance
(`KHUYENCONG_FOLLOWUP_MONTHS`), each supported establishment is visited and what the
support changed is recorded — by the collaborator of its area, on a phone, by staff, or
by the establishment itself in its own portal.

Reads are scoped like the establishments: staff see every one, a collaborator those of
their area; nobody else takes part."""

import calendar
import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_center_staff, is_collaborator
from projects.models import (
    Acceptance,
    AcceptanceResult,
    OutcomeFollowUp,
    Project,
    ProjectStatus,
)

FOLLOWED = (ProjectStatus.ACCEPTED, ProjectStatus.SETTLED)
PASSED = (AcceptanceResult.PASSED, AcceptanceResult.CONDITIONAL)
FIELDS = (
    "recorded_on",
    "capacity_increase_pct",
    "productivity_increase_pct",
    "quality",
    "value_added_vnd",
    "revenue_before_vnd",
    "revenue_after_vnd",
    "new_markets",
    "new_markets_note",
    "material_saved_pct",
    "energy_saved_pct",
    "jobs_kept",
    "jobs_created",
    "capital_mobilised_vnd",
    "note",
)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), the month's last day if it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def followup_months() -> int:
    return settings.KHUYENCONG_FOLLOWUP_MONTHS


def can_follow_up(user) -> bool:
    return is_center_staff(user) or is_collaborator(user)


def represents(user, establishment) -> bool:
    """Whether the user acts for the establishment (its own portal reports its results)."""
    from establishments.selectors import represented_establishments

    return represented_establishments(user).filter(pk=establishment.pk).exists()


def _establishments_of(user) -> QuerySet:
    from establishments.selectors import establishment_list_visible_to

    return establishment_list_visible_to(user)


def _accepted_on():
    return Subquery(
        Acceptance.objects.filter(project=OuterRef("project_id"), result__in=PASSED)
        .order_by("-accepted_on")
        .values("accepted_on")[:1]
    )


def supported_visible_to(user) -> QuerySet:
    """Each (project, establishment) of a project accepted as passed, the establishment
    in the user's reach; with `accepted_on` and whether its follow-up is `done`."""
    through = Project.beneficiaries.through
    if not can_follow_up(user):
        return through.objects.none()
    done = OutcomeFollowUp.objects.filter(
        project=OuterRef("project_id"), establishment=OuterRef("establishment_id")
    )
    qs = through.objects.filter(project__status__in=FOLLOWED)
    if not is_center_staff(user):
        qs = qs.filter(establishment__in=_establishments_of(user).values("pk"))
    return qs.annotate(accepted_on=_accepted_on(), done=Exists(done)).filter(
        accepted_on__isnull=False
    )


def followups_due(user, today: dt.date | None = None) -> QuerySet:
    """Follow-ups owed: acceptance at least the interval ago, nothing recorded yet."""
    today = today or timezone.localdate()
    cutoff = add_months(today, -followup_months())
    return (
        supported_visible_to(user)
        .filter(accepted_on__lte=cutoff, done=False)
        .select_related("project", "establishment__commune")
        .order_by("accepted_on", "project__code", "establishment__normalized_name", "pk")
    )


def followups_recorded(user) -> QuerySet[OutcomeFollowUp]:
    qs = OutcomeFollowUp.objects.select_related("project", "establishment__commune")
    if is_center_staff(user):
        return qs
    if is_collaborator(user):
        return qs.filter(establishment__in=_establishments_of(user).values("pk"))
    return qs.none()


def followup_target(user, project_pk: int, establishment_pk: int):
    """The supported pair the user may record results for, with its acceptance date
    and its follow-up if one was recorded; 404 otherwise."""
    pair = (
        supported_visible_to(user)
        .filter(project_id=project_pk, establishment_id=establishment_pk)
        .select_related("project", "establishment__commune")
        .first()
    )
    if pair is None:
        raise Http404
    existing = OutcomeFollowUp.objects.filter(
        project_id=project_pk, establishment_id=establishment_pk
    ).first()
    return pair, existing


@transaction.atomic
def followup_record(*, actor, project: Project, establishment, **values) -> OutcomeFollowUp:
    """Record (or correct) the results after support of one supported establishment."""
    if not (can_follow_up(actor) or represents(actor, establishment)):
        raise PermissionDenied
    if (
        not is_center_staff(actor)
        and not _establishments_of(actor).filter(pk=establishment.pk).exists()
        and not represents(actor, establishment)
    ):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status not in FOLLOWED:
        raise ValidationError(_("Results after support are recorded for accepted projects."))
    if not project.beneficiaries.filter(pk=establishment.pk).exists():
        raise ValidationError(_("This establishment is not a beneficiary of the project."))
    accepted_on = (
        project.acceptances.filter(result__in=PASSED)
        .order_by("-accepted_on")
        .values_list("accepted_on", flat=True)
        .first()
    )
    if accepted_on is None:
        raise ValidationError(_("The project has no passed acceptance."))
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    recorded_on = values.get("recorded_on")
    if recorded_on is None or recorded_on > timezone.localdate():
        raise ValidationError({"recorded_on": _("The follow-up cannot be in the future.")})
    if recorded_on < accepted_on:
        raise ValidationError(
            {"recorded_on": _("The follow-up comes after the acceptance of the project.")}
        )
    followup = (
        OutcomeFollowUp.objects.select_for_update()
        .filter(project=project, establishment=establishment)
        .first()
    ) or OutcomeFollowUp(project=project, establishment=establishment)
    for name, value in values.items():
        setattr(followup, name, value)
    followup.recorded_by = actor
    followup.full_clean()
    followup.save()
    return followup
