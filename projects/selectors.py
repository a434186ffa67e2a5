from django.db.models import (
    Aggregate,
    BigIntegerField,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.roles import is_center_staff, is_collaborator, is_official
from core.panels import section_relations
from establishments.selectors import establishment_list_visible_to
from projects.models import AnnualPlan, BudgetLine, DocumentKind, Project, ProjectDocument


def budget_total(field: str):
    """A project's budget lines summed, as a subquery: joining the lines would multiply
    with other joins (and aggregate wrongly once grouped)."""
    lines = (
        BudgetLine.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(lines, output_field=BigIntegerField()), Value(0))


def with_totals(qs: QuerySet[Project]) -> QuerySet[Project]:
    return qs.annotate(
        state_support_total=budget_total("state_support_vnd"),
        counterpart_total=budget_total("counterpart_vnd"),
    )


def project_list_visible_to(user) -> QuerySet[Project]:
    """Staff and officials: every project. A collaborator: projects that benefit an
    establishment of their area. Anyone else: none."""
    qs = Project.objects.all()
    if is_center_staff(user) or is_official(user):
        return qs
    if is_collaborator(user):
        visible = establishment_list_visible_to(user).values("pk")
        return qs.filter(
            pk__in=Project.beneficiaries.through.objects.filter(
                establishment_id__in=visible
            ).values("project_id")
        )
    return qs.none()


def project_get_visible(user, pk: int) -> Project:
    return get_object_or_404(with_totals(project_list_visible_to(user)), pk=pk)


# The project page's lists, each read only when the project has rows in it (most
# projects have a few of them): one EXISTS each in the project's own query instead.
PAGE_RELATIONS = ("appraisals", "progress_reports", "inspections", "acceptances", "documents")


class JoinedNames(Aggregate):
    """Names joined by ", " in the order of a key: STRING_AGG on PostgreSQL; SQLite's
    GROUP_CONCAT joins them in the order it reads the rows (it has no ORDER BY here)."""

    output_field = TextField()

    def __init__(self, name: str, *, key: str):
        super().__init__(name, key)

    def as_sql(self, compiler, connection, **extra_context):
        name, key = self.source_expressions
        (name, name_params), (key, key_params) = compiler.compile(name), compiler.compile(key)
        return f"STRING_AGG({name}, ', ' ORDER BY {key})", (*name_params, *key_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        name, params = compiler.compile(self.source_expressions[0])
        return f"GROUP_CONCAT({name}, ', ')", params


def site_commune_names():
    """A project's site communes as one line of names, read with the project."""
    sites = (
        Project.site_communes.through.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(names=JoinedNames("adminunit__name", key="adminunit__code"))
        .values("names")
    )
    return Subquery(sites, output_field=TextField())


def project_get_for_page(user, pk: int) -> Project:
    """The project with `has_<relation>` flags for the lists of its page, and the names
    of its site communes (a short line: no query of its own)."""
    flags = {
        f"has_{name}": Exists(
            Project._meta.get_field(name).related_model.objects.filter(project=OuterRef("pk"))
        )
        for name in PAGE_RELATIONS
    }
    flags["has_beneficiaries"] = Exists(
        Project.beneficiaries.through.objects.filter(project=OuterRef("pk"))
    )
    qs = with_totals(project_list_visible_to(user)).annotate(
        **flags, site_commune_names=site_commune_names()
    )
    # What the page's sections read comes along (the grant and its rule: one LEFT JOIN).
    relations = section_relations("projects:detail")
    if relations:  # select_related() with no names would follow every foreign key
        qs = qs.select_related(*relations)
    return get_object_or_404(qs, pk=pk)


def project_documents_visible_to(user, project: Project) -> QuerySet[ProjectDocument]:
    """The documents of a project the user sees. Settlement papers are money: like the
    money tab, only staff and officials read them."""
    documents = project.documents.all()
    if not (is_center_staff(user) or is_official(user)):
        documents = documents.exclude(kind=DocumentKind.SETTLEMENT)
    return documents


def plan_list_visible_to(user) -> QuerySet[AnnualPlan]:
    """Staff and officials: every plan and version. Anyone else: none."""
    if is_center_staff(user) or is_official(user):
        return AnnualPlan.objects.all()
    return AnnualPlan.objects.none()
