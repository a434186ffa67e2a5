"""Annual plan services: assemble, submit, approve or return, adjust.

Approving a plan moves every project in it in one transaction: if one cannot move,
none does. The plan row is locked first, so two officials approving at once produce
one approval.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.roles import is_center_staff, is_official
from funding import workflow
from funding.services import assess, check_cap, grants_for_plan
from projects.models import AnnualPlan, PlanEvent, PlanItem, PlanStatus, Project, ProjectStatus
from projects.selectors import with_totals
from projects.services import project_transition_via

P = PlanStatus
# Projects an earlier version approved; an adjustment carries them on unchanged.
ALREADY_APPROVED = (
    ProjectStatus.APPROVED,
    ProjectStatus.CONTRACTED,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.ACCEPTED,
    ProjectStatus.SETTLED,
)


def _event(plan: AnnualPlan, previous: str, actor, note: str = "") -> None:
    PlanEvent.objects.create(
        plan=plan, from_status=previous, to_status=plan.status, actor=actor, note=note
    )


def _lock(plan: AnnualPlan) -> AnnualPlan:
    return AnnualPlan.objects.select_for_update().get(pk=plan.pk)


def _require_staff(actor) -> None:
    if not is_center_staff(actor):
        raise PermissionDenied


@transaction.atomic
def plan_create(*, actor, year: int, fund_source: str) -> AnnualPlan:
    _require_staff(actor)
    if AnnualPlan.objects.filter(year=year, fund_source=fund_source).exists():
        raise ValidationError(
            _("A plan for %(year)s and this fund source exists; adjust it instead.")
            % {"year": year}
        )
    plan = AnnualPlan(year=year, fund_source=fund_source, created_by=actor)
    plan.full_clean()
    plan.save()
    _event(plan, "", actor)
    return plan


def _editable(plan: AnnualPlan) -> None:
    if plan.status != P.DRAFT:
        raise ValidationError(_("Only a draft plan can be changed."))


def _check_rule(project: Project, amount: int) -> None:
    """Warn while the plan is drafted: the support rule in force today. The approval
    checks again against the rule in force on the decision's date."""
    check_cap(project, amount, assess(project, timezone.localdate()))


@transaction.atomic
def plan_add_item(
    *, actor, plan: AnnualPlan, project: Project, amount_vnd: int | None = None
) -> PlanItem:
    """Put an appraised project of the plan's year and fund source into a draft plan."""
    _require_staff(actor)
    plan = _lock(plan)
    _editable(plan)
    project = with_totals(Project.objects.select_for_update(of=("self",))).get(pk=project.pk)
    if (project.plan_year, project.fund_source) != (plan.year, plan.fund_source):
        raise ValidationError(_("The project belongs to another year or fund source."))
    if project.status != ProjectStatus.APPRAISED:
        raise ValidationError(_("Only an appraised project can be put in a plan."))
    amount = project.state_support_total if amount_vnd is None else amount_vnd
    if not 0 <= amount <= project.state_support_total:
        raise ValidationError(
            {"amount_vnd": _("The amount must be between 0 and the project's state support.")}
        )
    _check_rule(project, amount)
    item = PlanItem(plan=plan, project=project, amount_vnd=amount)
    item.full_clean()
    item.save()
    project_transition_via(
        actor=actor, project=project, target=ProjectStatus.IN_PLAN, via="plan", note=str(plan)
    )
    return item


@transaction.atomic
def plan_change_amount(*, actor, item: PlanItem, amount_vnd: int) -> PlanItem:
    _require_staff(actor)
    _editable(_lock(item.plan))
    project = with_totals(Project.objects.all()).get(pk=item.project_id)
    if not 0 <= amount_vnd <= project.state_support_total:
        raise ValidationError(
            {"amount_vnd": _("The amount must be between 0 and the project's state support.")}
        )
    _check_rule(project, amount_vnd)
    item.amount_vnd = amount_vnd
    item.save(update_fields=["amount_vnd"])
    return item


# An adjustment may drop a project only before the work begins: the approval then
# cancels it. One under way is cancelled on its own page (its money is settled there).
DROPPABLE = (ProjectStatus.IN_PLAN, ProjectStatus.APPROVED, ProjectStatus.CONTRACTED)


@transaction.atomic
def plan_remove_item(*, actor, item: PlanItem) -> None:
    """Take a project out of a draft plan. One not yet approved goes back to appraised;
    an approved one stays approved until the adjustment is approved (then it is dropped)."""
    _require_staff(actor)
    _editable(_lock(item.plan))
    project = item.project
    if project.status not in DROPPABLE and project.status != ProjectStatus.CANCELLED:
        raise ValidationError(
            _(
                "Project %(code)s is %(status)s: an adjustment cannot drop it. Cancel it on "
                "its page instead; it then leaves the plan."
            )
            % {"code": project.code, "status": project.get_status_display()}
        )
    item.delete()
    if project.status == ProjectStatus.IN_PLAN:
        project_transition_via(
            actor=actor, project=project, target=ProjectStatus.APPRAISED, via="plan"
        )


@transaction.atomic
def plan_submit(*, actor, plan: AnnualPlan) -> AnnualPlan:
    _require_staff(actor)
    plan = _lock(plan)
    _editable(plan)
    if not plan.items.exists():
        raise ValidationError(_("Put at least one project in the plan first."))
    out = list(
        plan.items.exclude(project__status__in=(ProjectStatus.IN_PLAN, *ALREADY_APPROVED))
        .order_by("project__code")
        .values_list("project__code", flat=True)
    )
    if out:
        raise ValidationError(
            _("Remove the projects that can no longer be approved first: %(codes)s.")
            % {"codes": ", ".join(out)}
        )
    previous = _previous_version(plan)
    if previous is not None and not plan_changes(plan, previous)[1]:
        raise ValidationError(
            _(
                "This adjustment changes nothing against version %(v)s: add or remove a "
                "project, or change an amount, before submitting it to the department."
            )
            % {"v": previous.version}
        )
    workflow.PLAN.fire(plan, P.SUBMITTED, actor=actor)
    _event(plan, P.DRAFT, actor)
    return plan


@transaction.atomic
def plan_return(*, actor, plan: AnnualPlan, note: str) -> AnnualPlan:
    """The department sends the plan back with comments; it becomes a draft again."""
    if not is_official(actor):
        raise PermissionDenied
    plan = _lock(plan)
    if plan.status != P.SUBMITTED:
        raise ValidationError(_("This plan is not awaiting a decision."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Write the comments for the center.")})
    plan.return_note = note.strip()
    workflow.PLAN.fire(plan, P.DRAFT, actor=actor, note=note, update_fields=["return_note"])
    _event(plan, P.SUBMITTED, actor, note.strip())
    return plan


def _previous_version(plan: AnnualPlan) -> AnnualPlan | None:
    return (
        AnnualPlan.objects.filter(
            year=plan.year, fund_source=plan.fund_source, version__lt=plan.version
        )
        .order_by("-version")
        .first()
    )


@transaction.atomic
def plan_approve(
    *, actor, plan: AnnualPlan, decision_number: str, decision_date: dt.date
) -> AnnualPlan:
    """Approve with the decision's number and date; every project moves with it."""
    if not is_official(actor):
        raise PermissionDenied
    plan = _lock(plan)
    if plan.status != P.SUBMITTED:
        raise ValidationError(_("This plan is not awaiting a decision."))
    if not decision_number.strip() or decision_date is None:
        raise ValidationError(_("Give the decision's number and date."))
    in_plan = set(plan.items.values_list("project_id", flat=True))
    for project in Project.objects.filter(pk__in=in_plan).order_by("pk"):
        if project.status == ProjectStatus.IN_PLAN:
            project_transition_via(
                actor=actor,
                project=project,
                target=ProjectStatus.APPROVED,
                via="plan",
                note=decision_number,
            )
        elif project.status not in ALREADY_APPROVED:
            raise ValidationError(
                _(
                    "Project %(code)s cannot be approved now (%(status)s); nothing was "
                    "approved. Return the plan so that the center takes it out."
                )
                % {"code": project.code, "status": project.get_status_display()}
            )
    previous = _previous_version(plan)
    if previous is not None:
        dropped = previous.items.exclude(project_id__in=in_plan).values_list("project", flat=True)
        for project in Project.objects.filter(pk__in=list(dropped)):
            if project.status in (ProjectStatus.APPROVED, ProjectStatus.CONTRACTED):
                project_transition_via(
                    actor=actor,
                    project=project,
                    target=ProjectStatus.CANCELLED,
                    via="plan",
                    note=_("Dropped by %(plan)s") % {"plan": plan},
                )
    plan.decision_number = decision_number.strip()
    plan.decision_date = decision_date
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    workflow.PLAN.fire(
        plan,
        P.APPROVED,
        actor=actor,
        update_fields=["decision_number", "decision_date", "approved_by", "approved_at"],
    )
    _event(plan, P.SUBMITTED, actor, plan.decision_number)

    grants_for_plan(actor=actor, plan=plan)
    return plan


@transaction.atomic
def plan_adjust(*, actor, plan: AnnualPlan) -> AnnualPlan:
    """Start a mid-year adjustment: a new draft version with the same items."""
    _require_staff(actor)
    plan = _lock(plan)
    latest = AnnualPlan.objects.filter(year=plan.year, fund_source=plan.fund_source).aggregate(
        v=Max("version")
    )["v"]
    if plan.status != P.APPROVED or plan.version != latest:
        raise ValidationError(_("Only the latest approved version can be adjusted."))
    new = AnnualPlan.objects.create(
        year=plan.year, fund_source=plan.fund_source, version=plan.version + 1, created_by=actor
    )
    # Only the projects still alive go on: a cancelled one left the programme and can
    # never be approved again, so the new version does not carry it.
    items = plan.items.select_related("project").order_by("project__code")
    carried = [i for i in items if i.project.status in ALREADY_APPROVED]
    left = [i.project.code for i in items if i.project.status not in ALREADY_APPROVED]
    bulk_create_with_history(
        [PlanItem(plan=new, project_id=i.project_id, amount_vnd=i.amount_vnd) for i in carried],
        PlanItem,
        default_user=actor,
    )
    note = _("Adjustment of version %(v)s") % {"v": plan.version}
    if left:
        note += "; " + _("not carried (cancelled): %(codes)s") % {"codes": ", ".join(left)}
    _event(new, "", actor, note)
    return new


def plan_items_release_for_project(*, project: Project, actor=None, note: str = "") -> None:
    """A cancelled project leaves every version not yet approved (a draft or one awaiting
    the department), with a line in that plan's timeline; approved versions keep it as
    the record of what was decided. Registered for the project's `cancelled` state."""
    items = PlanItem.objects.filter(
        project=project, plan__status__in=(P.DRAFT, P.SUBMITTED)
    ).select_related("plan")
    for item in items:
        plan = item.plan
        item.delete()
        PlanEvent.objects.create(
            plan=plan,
            from_status=plan.status,
            to_status=plan.status,
            actor=actor,
            note=_("%(code)s left this version: the project was cancelled.")
            % {"code": project.code},
        )


@dataclass(frozen=True)
class Change:
    code: str
    title: str
    kind: str  # added | dropped | changed
    before: int | None
    after: int | None


_UNKNOWN = object()


def plan_diff(plan: AnnualPlan, previous=_UNKNOWN) -> list[Change]:
    """What this version changed against the one before it (`previous`, when the caller
    has it already)."""
    return plan_changes(plan, previous)[0]


def plan_changes(
    plan: AnnualPlan, previous=_UNKNOWN, *, first: int | None = None
) -> tuple[list[Change], int]:
    """The changes against the previous version by project code (only the `first` ones
    when given: a province's adjustment may change hundreds), and how many there are."""
    if previous is _UNKNOWN:
        previous = _previous_version(plan)
    if previous is None:
        return [], 0

    # The database compares the versions and answers only what differs, sorted by project
    # code, the first ones with their projects and how many there are: one query. Python
    # reading thousands of unchanged rows (a province's adjustment), or the ORM building a
    # list of hundreds of changed ids, cost more than the page's other rows.
    with connection.cursor() as cursor:
        cursor.execute(
            _CHANGES_SQL.format(
                item=PlanItem._meta.db_table,
                project=Project._meta.db_table,
                limit="" if first is None else "LIMIT %(first)s",
            ),
            {"plan": plan.pk, "previous": previous.pk, "first": first},
        )
        rows = cursor.fetchall()
    changes = [
        Change(code, title, _change_kind(before, after), before, after)
        for code, title, before, after, _count in rows
    ]
    return changes, rows[0][4] if rows else 0


# Added or changed (in this version, not in the previous one at that amount), then
# dropped (in the previous version only); the project's code and title looked up per
# change (PostgreSQL would hash the whole project table to join them).
_CHANGES_SQL = """
WITH changed AS (
    SELECT m.project_id, t.amount_vnd AS before, m.amount_vnd AS after
    FROM {item} m LEFT JOIN {item} t
        ON t.plan_id = %(previous)s AND t.project_id = m.project_id
    WHERE m.plan_id = %(plan)s AND (t.id IS NULL OR t.amount_vnd <> m.amount_vnd)
    UNION ALL
    SELECT t.project_id, t.amount_vnd, NULL
    FROM {item} t LEFT JOIN {item} m
        ON m.plan_id = %(plan)s AND m.project_id = t.project_id
    WHERE t.plan_id = %(previous)s AND m.id IS NULL
), counted AS (
    SELECT c.project_id, c.before, c.after, COUNT(*) OVER () AS n,
        (SELECT p.code FROM {project} p WHERE p.id = c.project_id) AS code
    FROM changed c
)
SELECT c.code, (SELECT p.title FROM {project} p WHERE p.id = c.project_id), c.before, c.after, c.n
FROM counted c
ORDER BY c.code
{limit}
"""


def _change_kind(before: int | None, after: int | None) -> str:
    return "added" if before is None else "dropped" if after is None else "changed"
