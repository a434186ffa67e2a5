"""The establishment's own portal in the demo: `daidien` acts for the wood-carving
household of Đồng Kỵ (linked at sign-in, its owner's identity number matched), which
has a request of its own, a project under way with its advance paid and its contract
issued, and a certified product; a correction it proposed and a second link it asked
for (not matched) wait for the center."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from documents.models import Document, DocumentStatus
from documents.services import (
    document_attach_pdf,
    document_create_draft,
    document_issue,
    kind_for,
)
from establishments import services
from establishments.models import ChangeProposal, Establishment, LinkedVia, Representative
from projects.models import Project

USERNAME = "daidien"
FULL_NAME = "Nguyễn Văn Đức"
IDENTITY_NUMBER = "024090001234"
HOUSEHOLD = "Cơ sở Mộc mỹ nghệ Đồng Kỵ"
ASKED_FOR = "HTX Mây tre đan Tân Yên"
SIGNER = "Nguyễn Văn An"


def _contract(staff, project: Project) -> Document | None:
    """The project's contract, issued (the documents demo issues one for another
    project, whichever is newest)."""
    content_type = ContentType.objects.get_for_model(Project)
    found = Document.objects.filter(
        kind__code="contract",
        content_type=content_type,
        object_id=project.pk,
        status=DocumentStatus.ISSUED,
    ).first()
    if found is not None:
        return found
    with transaction.atomic():
        draft = document_create_draft(actor=staff, kind=kind_for("contract"), obj=project)
        issued = document_issue(
            actor=staff, document=draft, issued_on=timezone.localdate(), signer_name=SIGNER
        )
    return document_attach_pdf(document_id=issued.pk)


def load(*, stdout=None) -> None:
    if Representative.objects.filter(user__username=USERNAME).exists():
        if stdout is not None:
            stdout.write("  selfservice: already loaded")
        return
    staff = User.objects.get(username="canbo")
    household = Establishment.objects.get(name=HOUSEHOLD)
    with transaction.atomic():
        person, created = User.objects.get_or_create(
            username=USERNAME,
            defaults={"full_name": FULL_NAME, "email": f"{USERNAME}@khuyencong.local"},
        )
        if created:
            person.set_password(DEMO_PASSWORD)
            person.save(update_fields=["password"])
        if household.owner_identity_number != IDENTITY_NUMBER:
            services.establishment_update(
                actor=staff, establishment=household, owner_identity_number=IDENTITY_NUMBER
            )
        facts = {"name": FULL_NAME, "identity_number": IDENTITY_NUMBER}
        services.representative_request(
            user=person, establishment=household, via=LinkedVia.OIDC, facts=facts, exact=True
        )
        # Asked for a cooperative whose tax code the provider did not give: staff decide.
        services.representative_request(
            user=person,
            establishment=Establishment.objects.get(name=ASKED_FOR),
            via=LinkedVia.OIDC,
            facts=facts,
            exact=False,
        )
        services.support_request_submit(
            actor=person,
            establishment=household,
            content_type="machinery",
            description="Cần máy chà nhám băng tải để hoàn thiện mặt bàn, giảm bụi cho thợ.",
            estimated_cost_vnd=180_000_000,
            desired_year=timezone.localdate().year + 1,
        )
        if not ChangeProposal.objects.filter(establishment=household).exists():
            services.change_proposal_submit(
                actor=person,
                establishment=household,
                changes={"workers": household.workers + 4, "phone": "0912345678"},
                note="Cơ sở tuyển thêm 4 thợ từ tháng trước; số điện thoại mới của chủ cơ sở.",
            )
    project = (
        Project.objects.filter(beneficiaries=household, status="in_progress")
        .order_by("-plan_year")
        .first()
    )
    contract = _contract(staff, project) if project is not None else None
    if stdout is not None:
        stdout.write(
            f"  selfservice: {USERNAME} acts for {HOUSEHOLD}"
            f"{f'; contract {contract.notation}' if contract else ''}; one link and one "
            "correction await the center"
        )
