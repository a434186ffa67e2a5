"""Reads of the establishment's own portal, every one scoped to the establishments the
person acts for (their confirmed representative links). Someone else's establishment,
request, project, paper or product answers 404, as everywhere in the portal."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from documents.models import Document, DocumentStatus
from establishments.models import (
    ChangeProposal,
    Establishment,
    Representative,
    RepresentativeStatus,
    RequestStatus,
    SupportRequest,
)
from establishments.selectors import (
    representative_list_visible_to,
    represented_establishments,
    support_request_list_represented_by,
)
from funding.models import Disbursement, DisbursementStatus
from products.models import Certificate, Product
from projects.models import Acceptance, OutcomeFollowUp, ProgressReport, Project, ProjectStatus
from projects.monitoring import UNDER_WAY
from projects.outcomes import FOLLOWED, PASSED, add_months, followup_months

# The papers an establishment receives about its projects, once issued.
ADDRESSED_KINDS = {"contract": "project", "acceptance_minutes": "acceptance"}
# A certificate is flagged this many days before it expires.
EXPIRY_WARNING_DAYS = 90
# Projects still being prepared inside the center are not shown yet.
HIDDEN_PROJECT_STATUSES = (ProjectStatus.DRAFT,)


def my_establishments(user) -> QuerySet[Establishment]:
    return represented_establishments(user).order_by("normalized_name", "id")


def my_pending_links(user) -> QuerySet[Representative]:
    """The links this person asked for that the center has not confirmed yet."""
    return representative_list_visible_to(user).filter(
        user=user, status=RepresentativeStatus.PENDING
    )


def my_establishment_get(user, pk: int) -> Establishment:
    return get_object_or_404(
        my_establishments(user).select_related("legacy_commune__parent__parent"), pk=pk
    )


# --- support requests ------------------------------------------------------------


def my_requests(user, establishment: Establishment | None = None) -> QuerySet[SupportRequest]:
    qs = support_request_list_represented_by(user)
    if establishment is not None:
        qs = qs.filter(establishment=establishment)
    return qs.order_by("-created_at", "-id")


def my_request_get(user, pk: int) -> SupportRequest:
    return get_object_or_404(my_requests(user), pk=pk)


def my_proposals(user, establishment: Establishment) -> QuerySet[ChangeProposal]:
    return ChangeProposal.objects.filter(
        establishment__in=my_establishments(user).values("pk"), establishment=establishment
    ).select_related("proposed_by")


# --- projects --------------------------------------------------------------------


def my_projects(user, establishment: Establishment | None = None) -> QuerySet[Project]:
    """Projects supporting the establishments this person acts for, with the money
    received (payments made) beside each."""
    mine = my_establishments(user).values("pk")
    through = Project.beneficiaries.through.objects.filter(establishment_id__in=mine)
    if establishment is not None:
        through = through.filter(establishment=establishment)
    paid = (
        Disbursement.objects.filter(grant__project=OuterRef("pk"), status=DisbursementStatus.PAID)
        .values("grant__project")
        .annotate(total=Sum("amount_vnd"))
        .values("total")
    )
    return (
        Project.objects.filter(pk__in=through.values("project_id"))
        .exclude(status__in=HIDDEN_PROJECT_STATUSES)
        .annotate(received_vnd=Subquery(paid))
        .order_by("-plan_year", "code")
    )


def my_project_get(user, pk: int) -> Project:
    return get_object_or_404(my_projects(user), pk=pk)


def project_payments(project: Project) -> QuerySet[Disbursement]:
    """The payments made to a project (the caller got the project from my_project_get)."""
    return Disbursement.objects.filter(
        grant__project=project, status=DisbursementStatus.PAID
    ).order_by("paid_on", "id")


def my_documents(user) -> QuerySet[Document]:
    """Issued papers addressed to the establishment: its projects' contracts and the
    acceptance minutes (a voided paper no longer counts)."""
    projects = my_projects(user).values("pk")
    project_type = ContentType.objects.get_for_model(Project)
    acceptance_type = ContentType.objects.get_for_model(Acceptance)
    acceptances = Acceptance.objects.filter(project__in=projects).values("pk")
    return (
        Document.objects.filter(status=DocumentStatus.ISSUED)
        .filter(
            Q(kind__code="contract", content_type=project_type, object_id__in=projects)
            | Q(
                kind__code="acceptance_minutes",
                content_type=acceptance_type,
                object_id__in=acceptances,
            )
        )
        .select_related("kind")
        .order_by("-issued_on", "-id")
    )


def project_documents(user, project: Project) -> QuerySet[Document]:
    project_type = ContentType.objects.get_for_model(Project)
    acceptance_type = ContentType.objects.get_for_model(Acceptance)
    return my_documents(user).filter(
        Q(content_type=project_type, object_id=project.pk)
        | Q(
            content_type=acceptance_type,
            object_id__in=Acceptance.objects.filter(project=project).values("pk"),
        )
    )


def my_document_get(user, pk: int) -> Document:
    return get_object_or_404(my_documents(user), pk=pk)


def can_report_progress(project: Project) -> bool:
    return project.status in UNDER_WAY


def my_followups(user, project: Project) -> list[dict]:
    """For each of my establishments this project supports: whether results after
    support are owed (the project accepted as passed), from when, and what was recorded."""
    if project.status not in FOLLOWED:
        return []
    accepted_on = (
        project.acceptances.filter(result__in=PASSED)
        .order_by("-accepted_on")
        .values_list("accepted_on", flat=True)
        .first()
    )
    if accepted_on is None:
        return []
    mine = project.beneficiaries.filter(pk__in=my_establishments(user).values("pk")).order_by(
        "normalized_name"
    )
    recorded = {
        f.establishment_id: f
        for f in OutcomeFollowUp.objects.filter(project=project, establishment__in=mine)
    }
    due_on = add_months(accepted_on, followup_months())
    return [{"establishment": e, "followup": recorded.get(e.pk), "due_on": due_on} for e in mine]


def my_followup_target(user, project_pk: int, establishment_pk: int):
    project = my_project_get(user, project_pk)
    for row in my_followups(user, project):
        if row["establishment"].pk == establishment_pk:
            return project, row
    raise Http404


# --- products --------------------------------------------------------------------


def my_products(user, establishment: Establishment) -> QuerySet[Product]:
    """The establishment's products with their certificates, newest first."""
    certificates = Certificate.objects.select_related("entry__round").order_by("-issued_on")
    return (
        Product.objects.filter(
            establishment__in=my_establishments(user).values("pk"), establishment=establishment
        )
        .prefetch_related(Prefetch("entries__certificate", queryset=certificates))
        .order_by("name", "id")
    )


def product_certificates(product: Product, today: dt.date | None = None) -> list[dict]:
    """A product's certificates (from the prefetched entries), with their state and
    whether they expire soon."""
    today = today or timezone.localdate()
    rows = []
    for entry in product.entries.all():
        certificate = getattr(entry, "certificate", None)
        if certificate is None:
            continue
        state = certificate.state(today)
        days_left = (certificate.valid_until - today).days
        rows.append(
            {
                "certificate": certificate,
                "state": state,
                "expires_soon": state == "valid" and days_left <= EXPIRY_WARNING_DAYS,
                "days_left": days_left,
            }
        )
    rows.sort(key=lambda row: row["certificate"].issued_on, reverse=True)
    return rows


def certificates_expiring(user, today: dt.date | None = None) -> QuerySet[Certificate]:
    """Valid certificates of my products that expire within the warning period."""
    today = today or timezone.localdate()
    return Certificate.objects.filter(
        entry__product__establishment__in=my_establishments(user).values("pk"),
        revoked_at__isnull=True,
        valid_until__gte=today,
        valid_until__lte=today + dt.timedelta(days=EXPIRY_WARNING_DAYS),
    ).order_by("valid_until")


# --- the home page's queue ---------------------------------------------------------


def my_queue(user) -> dict:
    """What awaits the person: requests the center is handling, projects whose monthly
    report is owed, results after support owed, certificates about to expire."""
    today = timezone.localdate()
    requests = my_requests(user).aggregate(
        open=Count("pk", filter=Q(status__in=(RequestStatus.SUBMITTED, RequestStatus.UNDER_REVIEW)))
    )["open"]
    month = today.replace(day=1)
    reported = ProgressReport.objects.filter(project=OuterRef("pk"), period=month)
    owing = list(
        my_projects(user)
        .filter(status__in=UNDER_WAY)
        .annotate(reported=Exists(reported))
        .filter(reported=False)
        .values_list("code", flat=True)[:10]
    )
    return {
        "establishments": my_establishments(user).count(),
        "open_requests": requests,
        "progress_owed": owing,
        "expiring": list(certificates_expiring(user, today)[:5]),
    }
