"""Recording the checked rows, all or none: new projects with their budget line,
beneficiary, site and first event, in bulk; each row's establishment found in the
register or registered through the register's service."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.roles import is_center_staff
from core.spreadsheets import ImportReport, Problem
from establishments.models import Establishment, LegalForm, Sector
from establishments.services import establishment_register
from localities.addresses import AddressResolver
from localities.selectors import configured_province
from projects.models import BudgetLine, Project, ProjectEvent, ProjectSource

from .parsing import HEADERS_VI, Row, fold, parse

HISTORY_LINE = "Kinh phí thực hiện (dữ liệu lịch sử)"


@dataclass
class ImportOutcome(ImportReport):
    created: int = 0
    unchanged: int = 0
    establishments_created: int = 0


class Refused(Exception):
    """A row the register refused: the whole import rolls back."""


def _same(project: Project, row: Row, totals: tuple[int, int]) -> bool:
    return (
        project.title == row.title
        and project.plan_year == row.year
        and project.fund_source == row.fund_source
        and project.content_type == row.content_type
        and project.status == row.status
        and project.commune_id == row.commune.pk
        and project.legacy_commune_id == (row.legacy_commune.pk if row.legacy_commune else None)
        and totals == (row.support_vnd, row.counterpart_vnd)
    )


def import_projects(*, actor, rows: list[list], filename: str = "") -> ImportOutcome:
    """Import every row, or none: any problem leaves the database as it was."""
    if not is_center_staff(actor):
        raise PermissionDenied
    outcome = ImportOutcome()
    resolver = AddressResolver(configured_province())
    parsed, outcome.problems = parse(rows, resolver=resolver)
    outcome.total = len(parsed) + len({p.row for p in outcome.problems if p.row > 1})
    if outcome.problems:
        return outcome
    from django.db.models import Sum
    from django.db.models.functions import Upper

    existing = {
        p.code.casefold(): p
        for p in Project.objects.annotate(upper_code=Upper("code"))
        .filter(upper_code__in=[r.code.upper() for r in parsed])
        .annotate(
            support=Sum("budget_lines__state_support_vnd"),
            counterpart=Sum("budget_lines__counterpart_vnd"),
        )
    }
    new_rows = []
    for row in parsed:
        project = existing.get(row.code.casefold())
        if project is None:
            new_rows.append(row)
        elif _same(project, row, (project.support or 0, project.counterpart or 0)):
            outcome.unchanged += 1
        else:
            outcome.problems.append(
                Problem(
                    row.number,
                    HEADERS_VI["code"],
                    _("project %(code)s is already recorded with other data")
                    % {"code": project.code},
                )
            )
    if outcome.problems:
        return outcome
    try:
        _write(actor, new_rows, outcome, filename)
    except Refused:
        outcome.establishments_created = 0  # rolled back with the rest
        outcome.problems.sort(key=lambda p: p.row)
        return outcome
    except IntegrityError:
        outcome.problems.append(
            Problem(
                0, "", _("Another import recorded some of these projects just now; import again.")
            )
        )
        return outcome
    return outcome


def _write(actor, new_rows: list[Row], outcome: ImportOutcome, filename: str) -> None:
    with transaction.atomic():
        establishments = _establishments(actor, new_rows, outcome)
        unit = getattr(settings, "KHUYENCONG_CENTER_NAME", "") or "—"
        projects = [
            Project(
                code=row.code,
                title=row.title,
                plan_year=row.year,
                fund_source=row.fund_source,
                content_type=row.content_type,
                status=row.status,
                commune=row.commune,
                legacy_commune=row.legacy_commune,
                source=ProjectSource.IMPORT,
                implementing_unit=unit[:255],
                created_by=actor,
            )
            for row in new_rows
        ]
        # In bulk, and with their history rows, as one save each would write.
        note = _("Imported from %(file)s") % {"file": filename or "XLSX"}
        history = {"batch_size": 1000, "default_user": actor, "default_change_reason": note}
        bulk_create_with_history(projects, Project, **history)
        bulk_create_with_history(
            [
                BudgetLine(
                    project=project,
                    item=HISTORY_LINE,
                    state_support_vnd=row.support_vnd,
                    counterpart_vnd=row.counterpart_vnd,
                )
                for project, row in zip(projects, new_rows, strict=True)
            ],
            BudgetLine,
            **history,
        )
        Beneficiary = Project.beneficiaries.through
        Beneficiary.objects.bulk_create(
            (
                Beneficiary(
                    project_id=project.pk, establishment_id=establishments[_est_key(row)].pk
                )
                for project, row in zip(projects, new_rows, strict=True)
            ),
            batch_size=1000,
        )
        Site = Project.site_communes.through
        Site.objects.bulk_create(
            (
                Site(project_id=project.pk, adminunit_id=row.commune.pk)
                for project, row in zip(projects, new_rows, strict=True)
            ),
            batch_size=1000,
        )
        ProjectEvent.objects.bulk_create(
            (
                ProjectEvent(
                    project=project,
                    from_status="",
                    to_status=project.status,
                    actor=actor,
                    note=note,
                )
                for project in projects
            ),
            batch_size=1000,
        )
    outcome.created = len(projects)


def _est_key(row: Row) -> tuple:
    return (
        ("tax", row.tax_code) if row.tax_code else ("name", fold(row.establishment), row.commune.pk)
    )


# The register's fields, as the columns of the file that gave them.
REGISTER_COLUMNS = {
    "name": "establishment",
    "tax_code": "tax_code",
    "commune": "address",
    "legacy_commune": "address",
}


def _register_problems(row: Row, error: ValidationError) -> list[Problem]:
    if not hasattr(error, "error_dict"):
        return [Problem(row.number, HEADERS_VI["establishment"], " ".join(error.messages))]
    return [
        Problem(
            row.number,
            HEADERS_VI[REGISTER_COLUMNS.get(name, "establishment")],
            " ".join(str(m) for e in errors for m in e.messages),
        )
        for name, errors in error.error_dict.items()
    ]


def _establishments(actor, rows: list[Row], outcome: ImportOutcome) -> dict[tuple, Establishment]:
    """Each row's establishment: by tax code, else by name and commune, else a new one,
    registered as the register's own pages would (the register's checks refuse a row:
    its problems are reported and nothing is written)."""
    found: dict[tuple, Establishment] = {}
    tax_codes = {r.tax_code for r in rows if r.tax_code}
    live = Establishment.objects.filter(merged_into__isnull=True)
    for establishment in live.filter(tax_code__in=tax_codes):
        found[("tax", establishment.tax_code)] = establishment
    names = {fold(r.establishment) for r in rows}
    by_name = {}
    for establishment in live.filter(normalized_name__in=names).order_by("pk"):
        by_name.setdefault((establishment.normalized_name, establishment.commune_id), establishment)
    for row in rows:
        key = _est_key(row)
        if key in found:
            continue
        match = by_name.get((fold(row.establishment), row.commune.pk))
        if match is not None and (not row.tax_code or not match.tax_code):
            found[key] = match
            continue
        try:
            establishment = establishment_register(
                actor=actor,
                name=row.establishment,
                legal_form=LegalForm.HOUSEHOLD_BUSINESS,
                sector=Sector.OTHER,
                tax_code=row.tax_code,
                commune=row.commune,
                legacy_commune=row.legacy_commune,
            )
        except ValidationError as error:
            outcome.problems += _register_problems(row, error)
            continue
        outcome.establishments_created += 1
        found[key] = establishment
        by_name.setdefault((establishment.normalized_name, establishment.commune_id), establishment)
    if outcome.problems:
        raise Refused
    return found
