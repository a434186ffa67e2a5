"""Open data: the projects approved in the annual plans and their grants, read live
from the plans and the ledger — published when a plan is approved (that is when the
grant is made), updated when the grant is settled. No personal data: household
businesses are counted, never named."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from establishments.models import Establishment, LegalForm
from establishments.privacy import without_household_names
from funding.models import Grant
from projects.models import PlanStatus

HOUSEHOLD = LegalForm.HOUSEHOLD_BUSINESS


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    description: str
    kind: str


TEXT, NUMBER, DATE = _("text"), _("whole number"), _("date")

COLUMNS = (
    Column("year", _("Plan year"), _("Year of the annual plan that approved the project."), NUMBER),
    Column("project_code", _("Project code"), _("The project's code at the center."), TEXT),
    Column("title", _("Project title"), _("What the project does."), TEXT),
    Column(
        "content",
        _("Content"),
        _("Industrial promotion content (Decree 45/2012, Decree 235/2025)."),
        TEXT,
    ),
    Column("fund_source", _("Fund source"), _("National or local promotion fund."), TEXT),
    Column("commune", _("Commune"), _("Main commune of the project (units from 07/2025)."), TEXT),
    Column(
        "former_commune",
        _("Commune before 07/2025"),
        _(
            "For projects recorded before the merger: the commune of that time, its "
            "district and province."
        ),
        TEXT,
    ),
    Column(
        "beneficiary_organisations",
        _("Beneficiary organisations"),
        _("Enterprises, cooperatives and cooperative groups supported, separated by ';'."),
        TEXT,
    ),
    Column(
        "household_beneficiaries",
        _("Household businesses supported"),
        _("How many household businesses the project supports; they are not named."),
        NUMBER,
    ),
    Column(
        "approved_vnd",
        _("Approved support (VND)"),
        _("State support granted with the plan, in đồng."),
        NUMBER,
    ),
    Column("disbursed_vnd", _("Disbursed (VND)"), _("Paid so far minus refunds, in đồng."), NUMBER),
    Column(
        "settled_vnd",
        _("Settled (VND)"),
        _("State support finally settled, in đồng; empty until settlement."),
        NUMBER,
    ),
    Column("grant_status", _("Grant status"), _("Open, settled or cancelled."), TEXT),
    Column("plan_decision", _("Plan decision number"), _("The decision approving the plan."), TEXT),
    Column(
        "plan_decision_date",
        _("Plan decision date"),
        _("Date of that decision (yyyy-mm-dd)."),
        DATE,
    ),
    Column(
        "settlement_decision",
        _("Settlement decision"),
        _("The settlement decision number; empty until settlement."),
        TEXT,
    ),
    Column("settled_on", _("Settlement date"), _("Date of settlement (yyyy-mm-dd)."), DATE),
)


def published_grants(*, year: int | None = None) -> QuerySet[Grant]:
    """Grants of approved plans, oldest plan first, with what a row needs in one query
    per 500 rows plus one for their beneficiaries."""
    qs = (
        Grant.objects.filter(plan__status=PlanStatus.APPROVED)
        .select_related(
            "plan",
            "project__commune",
            "project__legacy_commune__parent__parent",
        )
        .prefetch_related(
            Prefetch(
                "project__beneficiaries",
                queryset=Establishment.objects.only(
                    "id", "name", "legal_form", "contact_person"
                ).order_by("name"),
            )
        )
        .order_by("plan__year", "project__code", "id")
    )
    if year is not None:
        qs = qs.filter(plan__year=year)
    return qs


def latest_published_grants(*, year: int, limit: int) -> list[Grant]:
    """The `limit` grants of the year's approved plans approved last (newest first),
    with what a row needs. Picked by their ids first (the plans' grants, a top-N sort),
    then read whole: ordering the whole join by project code made PostgreSQL walk the
    register in code order to reach the year."""
    ids = list(
        Grant.objects.filter(plan__status=PlanStatus.APPROVED, plan__year=year)
        .order_by("-approved_on", "-id")
        .values_list("id", flat=True)[:limit]
    )
    if not ids:
        return []
    return list(published_grants().filter(id__in=ids).order_by("-approved_on", "-id"))


def published_years() -> QuerySet:
    """Each year with published projects: how many and the money approved and settled."""
    return (
        Grant.objects.filter(plan__status=PlanStatus.APPROVED)
        .values("plan__year")
        .annotate(projects=Count("id"), approved=Sum("amount_vnd"), settled=Sum("settled_vnd"))
        .order_by("-plan__year")
    )


def _former(unit) -> str:
    if unit is None:
        return ""
    names = [unit.name]
    parent = unit.parent
    while parent is not None:
        names.append(parent.name)
        parent = parent.parent
    return ", ".join(names)


def row_of(grant: Grant) -> dict:
    project = grant.project
    beneficiaries = list(project.beneficiaries.all())
    plan = grant.plan
    return {
        "year": plan.year,
        "project_code": project.code,
        "title": without_household_names(project.title, beneficiaries),
        "content": str(project.get_content_type_display()),
        "fund_source": str(project.get_fund_source_display()),
        "commune": project.commune.name if project.commune else "",
        "former_commune": _former(project.legacy_commune),
        "beneficiary_organisations": "; ".join(
            e.name for e in beneficiaries if e.legal_form != HOUSEHOLD
        ),
        "household_beneficiaries": sum(1 for e in beneficiaries if e.legal_form == HOUSEHOLD),
        "approved_vnd": grant.amount_vnd,
        "disbursed_vnd": grant.paid_vnd - grant.refunded_vnd,
        "settled_vnd": grant.settled_vnd,
        "grant_status": str(grant.get_status_display()),
        "plan_decision": plan.decision_number,
        "plan_decision_date": plan.decision_date.isoformat() if plan.decision_date else None,
        "settlement_decision": grant.settlement_number,
        "settled_on": grant.settled_on.isoformat() if grant.settled_on else None,
    }


def published_rows(*, year: int | None = None) -> Iterator[dict]:
    """The rows, labels in Vietnamese whatever the visitor's language, read in chunks."""
    with translation.override("vi"):
        for grant in published_grants(year=year).iterator(chunk_size=500):
            yield row_of(grant)
