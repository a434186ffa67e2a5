"""Writes to projects. Every change of Project.status goes through `_apply`, which locks
the row, checks the table and the actor, and moves it with the workflow engine (event row,
then what other apps registered for the new state: workflow.on_enter)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.formatting import format_vnd
from establishments.models import RequestStatus, SupportRequest
from localities.models import MERGER_YEAR
from projects import permissions
from projects.models import (
    Appraisal,
    BudgetLine,
    Project,
    ProjectEvent,
    ProjectStatus,
    Recommendation,
)
from projects.monitoring import has_passed_acceptance, pending_acceptance
from projects.notifications import project_event_notify
from projects.workflow import WORKFLOW, available_transitions, find_transition


@dataclass(frozen=True)
class Line:
    item: str
    state_support_vnd: int
    counterpart_vnd: int


def _save_lines(project: Project, lines: Iterable[Line]) -> None:
    project.budget_lines.all().delete()
    objects = [
        BudgetLine(
            project=project,
            item=line.item,
            state_support_vnd=line.state_support_vnd,
            counterpart_vnd=line.counterpart_vnd,
            position=index,
        )
        for index, line in enumerate(lines)
    ]
    for obj in objects:
        obj.full_clean(exclude=["project"])
    bulk_create_with_history(objects, BudgetLine)  # money rows keep their history


def _locate(project: Project, beneficiaries: list, site_communes: list) -> None:
    """The project's main place, for reports: its first site commune, else its first
    beneficiary's commune (and that beneficiary's commune of before 07/2025)."""
    first = beneficiaries[0] if beneficiaries else None
    if site_communes:
        project.commune = site_communes[0]
    elif first is not None:
        project.commune_id = first.commune_id
    else:
        project.commune = None
    # A former commune only for a record of before the 07/2025 merger.
    before = project.plan_year is not None and project.plan_year <= MERGER_YEAR
    project.legacy_commune_id = first.legacy_commune_id if first is not None and before else None


@transaction.atomic
def project_create(
    *, actor, beneficiaries=(), site_communes=(), budget_lines: Iterable[Line] = (), **fields
) -> Project:
    if not permissions.can_create_project(actor):
        raise PermissionDenied
    beneficiaries, site_communes = list(beneficiaries), list(site_communes)
    project = Project(**fields, created_by=actor)
    _locate(project, beneficiaries, site_communes)
    project.full_clean()
    project.save()
    project.beneficiaries.set(beneficiaries)
    project.site_communes.set(site_communes)
    _save_lines(project, budget_lines)
    ProjectEvent.objects.create(
        project=project, from_status="", to_status=project.status, actor=actor
    )
    return project


@transaction.atomic
def project_update(
    *, actor, project: Project, beneficiaries=None, site_communes=None, budget_lines=None, **fields
) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_edit_project(actor, project):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(project, name, value)
    if site_communes is not None or beneficiaries is not None:
        site_communes = None if site_communes is None else list(site_communes)
        beneficiaries = None if beneficiaries is None else list(beneficiaries)
        _locate(
            project,
            list(project.beneficiaries.all()) if beneficiaries is None else beneficiaries,
            list(project.site_communes.all()) if site_communes is None else site_communes,
        )
    project.full_clean()
    project.save()
    if beneficiaries is not None:
        project.beneficiaries.set(beneficiaries)
    if site_communes is not None:
        project.site_communes.set(site_communes)
    if budget_lines is not None:
        _save_lines(project, budget_lines)
    return project


def next_project_code(year: int, fund_source: str) -> str:
    prefix = f"{'QG' if fund_source == 'national' else 'DP'}-{year}-"
    taken = Project.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    numbers = [int(c[len(prefix) :]) for c in taken if c[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def project_create_from_request(*, actor, request: SupportRequest, fund_source: str) -> Project:
    """Turn an accepted support request into a draft project for its establishment."""
    request = (
        SupportRequest.objects.select_for_update()
        .select_related("establishment")
        .get(pk=request.pk)
    )
    if request.status != RequestStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted request can become a project."))
    if Project.objects.filter(support_request=request).exists():
        raise ValidationError(_("This request already has a project."))
    establishment = request.establishment
    return project_create(
        actor=actor,
        code=next_project_code(request.desired_year, fund_source),
        title=f"{request.get_content_type_display()} — {establishment.name}",
        plan_year=request.desired_year,
        fund_source=fund_source,
        content_type=request.content_type,
        implementing_unit=establishment.name,
        objectives=request.description,
        support_request=request,
        beneficiaries=[establishment],
        site_communes=[establishment.commune],
        budget_lines=[Line(request.get_content_type_display(), request.estimated_cost_vnd, 0)],
    )


def _apply(*, actor, project: Project, target: str, note: str = "", via: str = "") -> Project:
    """Lock, check the table and the actor, save, write the event. Callers hold a
    transaction (every public service here is atomic)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    transition = find_transition(actor, project, target, via=via)
    if transition is None:
        raise PermissionDenied
    note = (note or "").strip()
    if transition.note_required and not note:
        raise ValidationError({"note": _("Give a reason; it is kept in the timeline.")})
    project._change_reason = note[:100]
    return WORKFLOW.move(
        project,
        transition,
        actor=actor,
        note=note,
        update_fields=["updated_at"],
        record=lambda previous, new: _recorded(
            project,
            ProjectEvent.objects.create(
                project=project, from_status=previous, to_status=new, actor=actor, note=note
            ),
        ),
    )


def _recorded(project: Project, event: ProjectEvent) -> ProjectEvent:
    project_event_notify(project, event)
    return event


def project_transition_via(
    *, actor, project: Project, target: str, via: str, note: str = ""
) -> Project:
    """A move that another service fires, never a bare button: the table's transitions
    marked `via` ("plan", "settlement"). For the annual plan and the settlement, which
    live with the money; they hold the transaction (this locks the project row in it)."""
    if not via:
        raise ValueError("project_transition_via is for the table's `via` transitions")
    return _apply(actor=actor, project=project, target=target, note=note, via=via)


def _awaits_decision(project: Project, target: str) -> bool:
    """The official's two acceptance buttons stand only while a passed acceptance the
    department has not refused is on record."""
    deciding = project.status == ProjectStatus.IN_PROGRESS and target in (
        ProjectStatus.ACCEPTED,
        ProjectStatus.IN_PROGRESS,
    )
    return not deciding or has_passed_acceptance(project)


def project_transitions(user, project: Project) -> list:
    """The buttons on the project page: the table's, less the acceptance decision while
    no acceptance awaits it."""
    return [t for t in available_transitions(user, project) if _awaits_decision(project, t.target)]


@transaction.atomic
def project_transition(*, actor, project: Project, target: str, note: str = "") -> Project:
    """A button on the project page. Refusing an acceptance (in progress -> in progress)
    marks the pending acceptance refused with the reason; the center records a new one."""
    if not _awaits_decision(project, target):
        raise ValidationError(_("Record a passed acceptance (nghiệm thu) first."))
    refusing = project.status == target == ProjectStatus.IN_PROGRESS
    if refusing and (note or "").strip():
        note = _("Acceptance refused: %(reason)s") % {"reason": note.strip()}
    moved = _apply(actor=actor, project=project, target=target, note=note)
    if refusing:
        acceptance = pending_acceptance(moved)
        acceptance.refused_at = timezone.now()
        acceptance.refused_by = actor
        acceptance.refusal_note = note
        acceptance.save(update_fields=["refused_at", "refused_by", "refusal_note"])
    return moved


@transaction.atomic
def project_appraise(
    *,
    actor,
    project: Project,
    appraised_on: dt.date,
    score: int | Decimal,
    recommendation: str,
    summary: str,
    council: str = "",
) -> Appraisal:
    """Record an appraisal. A recommendation for the plan moves the project to
    appraised; "revise" returns it for changes; "reject" rejects it."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_appraise_project(actor, project):
        raise PermissionDenied
    appraisal = Appraisal(
        project=project,
        appraised_on=appraised_on,
        score=score,
        recommendation=recommendation,
        summary=summary,
        council=council,
        recorded_by=actor,
    )
    appraisal.full_clean()
    appraisal.save()
    if recommendation == Recommendation.APPROVE:
        _apply(
            actor=actor,
            project=project,
            target=ProjectStatus.APPRAISED,
            via="appraisal",
            note=summary,
        )
    elif recommendation == Recommendation.REVISE:
        _apply(actor=actor, project=project, target=ProjectStatus.RETURNED, note=summary)
    else:
        _apply(actor=actor, project=project, target=ProjectStatus.REJECTED, note=summary)
    return appraisal


# A grant smaller than the budget is known once the plan is approved; the lines can then
# be set again, while the money is not settled.
BUDGET_REVISABLE = (ProjectStatus.APPROVED, ProjectStatus.CONTRACTED, ProjectStatus.IN_PROGRESS)


@transaction.atomic
def project_budget_revise(
    *, actor, project: Project, budget_lines: Iterable[Line], state_support_vnd: int
) -> Project:
    """Set the budget lines again so that the state's share adds up to what was granted
    (`state_support_vnd`); the beneficiary's counterpart carries the rest of the cost."""
    if not permissions.can_create_project(actor):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status not in BUDGET_REVISABLE:
        raise ValidationError(
            _("The budget can be revised only between approval and acceptance (now: %(s)s).")
            % {"s": project.get_status_display()}
        )
    lines = list(budget_lines)
    total = sum(line.state_support_vnd for line in lines)
    if total != state_support_vnd:
        raise ValidationError(
            _(
                "The state support of the lines adds up to %(total)s; it must equal the "
                "granted %(granted)s."
            )
            % {"total": format_vnd(total), "granted": format_vnd(state_support_vnd)}
        )
    _save_lines(project, lines)
    return project


def lines_scaled_to(lines: Iterable[Line], state_support_vnd: int) -> list[Line]:
    """The lines with their state support scaled down to `state_support_vnd` (rounded
    down, the đồng left over on the largest line) and each line's cost kept: what the
    state no longer pays moves to the counterpart."""
    lines = list(lines)
    total = sum(line.state_support_vnd for line in lines)
    if total <= 0 or state_support_vnd >= total:
        return lines
    shares = [line.state_support_vnd * state_support_vnd // total for line in lines]
    largest = max(range(len(lines)), key=lambda i: lines[i].state_support_vnd)
    shares[largest] += state_support_vnd - sum(shares)
    return [
        Line(line.item, share, line.counterpart_vnd + line.state_support_vnd - share)
        for line, share in zip(lines, shares, strict=True)
    ]
