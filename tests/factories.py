import io

import factory
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from accounts.roles import Role

TEST_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """UserFactory(role=Role.OFFICIAL) -> a user in that role's group."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password(TEST_PASSWORD)
    role = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        role = kwargs.pop("role", None)
        if role == Role.CENTER_STAFF:
            kwargs.setdefault("is_staff", True)
        user = super()._create(model_class, *args, **kwargs)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user


def tiny_png(name: str = "photo.png") -> SimpleUploadedFile:
    """A real 2x2 PNG, as a phone upload would arrive."""

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_bytes(pages: int = 1) -> bytes:
    """A real PDF of blank A4 pages: uploads are parsed, not sniffed."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def tiny_pdf(name: str = "van-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def commune(name: str, province_code: str = "24"):
    from localities.models import AdminUnit, Era, Level

    return AdminUnit.objects.select_related("parent").get(
        era=Era.CURRENT, level=Level.COMMUNE, name=name, parent__code=province_code
    )


commune_named = commune  # for functions whose argument is called `commune`


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "establishments.Establishment"

    name = factory.Sequence(lambda n: f"Cơ sở sản xuất số {n}")
    normalized_name = factory.LazyAttribute(lambda e: _normalize(e.name))
    legal_form = "household_business"
    sector = "handicraft"
    commune = factory.LazyFunction(lambda: commune("Xã Tân Yên"))
    workers = 10


def _normalize(name: str) -> str:
    from establishments.services import normalize_name

    return normalize_name(name)


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "establishments.SupportRequest"

    establishment = factory.SubFactory(EstablishmentFactory)
    submitted_by = factory.SubFactory(UserFactory, role=Role.COLLABORATOR)
    content_type = "machinery"
    description = "Cần máy chà nhám"
    estimated_cost_vnd = 300_000_000
    desired_year = factory.LazyFunction(lambda: this_year() + 1)


class CollaboratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "collaborators.Collaborator"

    user = factory.SubFactory(UserFactory, role=Role.COLLABORATOR)
    full_name = factory.LazyAttribute(lambda c: c.user.full_name)
    phone = "0912000000"


class RosterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "collaborators.CollaboratorRoster"

    year = factory.LazyFunction(lambda: this_year())
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-SCT")
    decision_date = factory.LazyAttribute(lambda r: __import__("datetime").date(r.year - 1, 12, 1))
    signed_by = "Giám đốc Sở"


def this_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def assign_area(user, communes, *, year: int | None = None, approved: bool = True):
    """Put a collaborator user on an approved roster of `year` covering `communes`."""
    from django.utils import timezone

    from collaborators.models import Collaborator, CollaboratorRoster, RosterMembership

    year = year or this_year()
    collaborator = Collaborator.objects.filter(user=user).first() or CollaboratorFactory(user=user)
    roster = CollaboratorRoster.objects.filter(year=year, approved_at__isnull=False).first()
    if roster is None:
        roster = RosterFactory(year=year, approved_at=timezone.now() if approved else None)
    membership, _ = RosterMembership.objects.get_or_create(roster=roster, collaborator=collaborator)
    membership.communes.set(communes)
    return roster


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Project"

    code = factory.Sequence(lambda n: f"DP-T-{n:04d}")
    title = factory.Sequence(lambda n: f"Hỗ trợ máy móc số {n}")
    plan_year = factory.LazyFunction(lambda: this_year() + 1)
    fund_source = "local"
    content_type = "machinery"
    implementing_unit = "Trung tâm Khuyến công"


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "funding.Allocation"

    year = factory.LazyFunction(lambda: this_year() + 1)
    fund_source = "local"
    amount_vnd = 10_000_000_000
    legal_basis = factory.Sequence(lambda n: f"{1000 + n}/QĐ-UBND")


def ensure_support_rules() -> None:
    """The rules (and the basic wages) the data migrations ship. A transactional test's
    flush empties every table, data migrations included; tests that need them call this
    first."""
    import importlib

    from django.apps import apps

    importlib.import_module("funding.migrations.0002_circular_rules").add_rules(apps, None)
    importlib.import_module("collaborators.migrations.0006_basic_wages").seed(apps, None)


class ProductFactory(factory.django.DjangoModelFactory):
    """A product with the three photos the dossier needs (front, side, top)."""

    class Meta:
        model = "products.Product"
        skip_postgeneration_save = True

    establishment = factory.SubFactory(EstablishmentFactory)
    name = factory.Sequence(lambda n: f"Sản phẩm tiêu biểu số {n}")
    group = 1
    description = "Mây tre đan thủ công từ nguyên liệu địa phương."
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def photos(self, create, extracted, **kwargs):
        if not create:
            return
        from products.models import ProductPhoto

        views = ("front", "side", "top") if extracted is None else extracted
        for position, view in enumerate(views):
            ProductPhoto.objects.create(
                product=self, view=view, image=tiny_png(f"{view}.png"), position=position
            )


def make_round(*, level="provincial", year=None, commune=None, actor=None, **fields):
    """A voting round through the service (so it gets the default score sheet)."""
    from products.services import round_create

    if level == "commune" and commune is None:
        commune = commune_named("Xã Tân Yên")
    return round_create(
        actor=actor or UserFactory(role=Role.CENTER_STAFF),
        level=level,
        year=year or this_year(),
        title=fields.pop("title", f"Bình chọn cấp {level}"),
        commune=commune,
        **fields,
    )


def seat(voting_round, user=None, role="member"):
    """Put a council member (a user with the council role) on a round's council."""
    from products.models import CouncilMember

    user = user or UserFactory(role=Role.COUNCIL_MEMBER)
    return CouncilMember.objects.create(round=voting_round, user=user, role=role)


def published_certificate(product, *, level="commune", issued_on=None, revoked=False):
    """A certificate of a published round of `level`, straight into the tables: the
    starting point of a product entering the level above."""
    from django.utils import timezone

    from products.models import (
        LEVEL_CODE,
        Certificate,
        Entry,
        VotingRound,
        certificate_valid_until,
    )

    issued_on = issued_on or timezone.localdate()
    voting_round = VotingRound.objects.create(
        level=level,
        year=issued_on.year,
        title=f"Đã công bố {level} {issued_on.year}",
        commune=product.establishment.commune if level == "commune" else None,
        status="published",
        published_on=issued_on,
        decision_number="1/QĐ-UBND",
        decision_date=issued_on,
        created_by=product.created_by,
    )
    entry = Entry.objects.create(
        round=voting_round,
        product=product,
        group=product.group,
        registered_by=product.created_by,
        average_score=80,
        scorer_count=3,
        rank=1,
        recognised=True,
        awarded=True,
    )
    sequence = Certificate.objects.filter(level=level, year=issued_on.year).count() + 1
    return Certificate.objects.create(
        entry=entry,
        level=level,
        year=issued_on.year,
        sequence=sequence,
        number=f"{sequence:03d}/{issued_on.year}/SPTB-{LEVEL_CODE[level]}",
        decision_number="1/QĐ-UBND",
        decision_date=issued_on,
        issued_on=issued_on,
        valid_until=certificate_valid_until(issued_on),
        revoked_at=timezone.now() if revoked else None,
        revoked_reason="Vi phạm chất lượng" if revoked else "",
        revoked_by=product.created_by if revoked else None,
        product_name=product.name,
        group=product.group,
        establishment_name=product.establishment.name,
        commune_name=product.establishment.commune.name,
        address=product.establishment.commune.name,
    )


_document_years = iter(range(2040, 2400))


def document_plan():
    """A plan of a year no other test uses, to draft papers from."""
    from projects.models import AnnualPlan

    return AnnualPlan.objects.create(year=next(_document_years), fund_source="local")


def make_document(*, status="issued", obj=None, pdf=False, signed=False, code="plan_decision"):
    """A paper of the register drafted from a plan (officials read those), written
    straight to the table: issued with a stored DOCX, or a draft."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from documents.models import Document, NumberCounter
    from documents.services import kind_for

    obj = obj or document_plan()
    kind = kind_for(code)
    document = Document(
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        unit="TTKC",
        subject="Về việc phê duyệt kế hoạch khuyến công",
        signer_title="GIÁM ĐỐC",
        signer_name="Nguyễn Văn An",
        status=status,
    )
    if status != "draft":
        today = timezone.localdate()
        counter, _created = NumberCounter.objects.get_or_create(unit="TTKC", year=today.year)
        counter.last_number += 1
        counter.save()
        document.number, document.year, document.issued_on = counter.last_number, today.year, today
        document.notation = f"{counter.last_number:02d}/QĐ-TTKC"
        document.docx_file.save("qd.docx", ContentFile(b"PK\x03\x04 docx"), save=False)
        if pdf:
            document.pdf_file.save("qd.pdf", ContentFile(b"%PDF-1.4 qd"), save=False)
        if signed:
            document.signed_file.save("qd-ky.pdf", ContentFile(b"%PDF-1.4 ky"), save=False)
    document.save()
    return document


def ensure_basic_wages() -> None:
    """The basic wages the data migration ships (a transactional test's flush empties them)."""
    import importlib

    from django.apps import apps

    importlib.import_module("collaborators.migrations.0006_basic_wages").seed(apps, None)


def network_grant(year: int, amount_vnd: int = 100_000_000, *, status: str = "in_progress"):
    """That year's collaborator network project, approved with a grant on its allocation."""
    import datetime as dt

    from funding.models import Allocation, Grant
    from projects.models import AnnualPlan

    allocation = Allocation.objects.filter(
        year=year, fund_source="local"
    ).first() or AllocationFactory(year=year, fund_source="local", amount_vnd=10 * amount_vnd)
    project = ProjectFactory(
        plan_year=year,
        content_type="capacity",
        status=status,
        title=f"Duy trì mạng lưới cộng tác viên khuyến công năm {year}",
    )
    grant = Grant.objects.create(
        project=project,
        allocation=allocation,
        plan=AnnualPlan.objects.filter(year=year, fund_source="local").first()
        or AnnualPlan.objects.create(year=year, fund_source="local", status="approved"),
        approved_on=dt.date(year, 1, 5),
        amount_vnd=amount_vnd,
        project_cost_vnd=amount_vnd,
        committed_vnd=amount_vnd,
    )
    Allocation.objects.filter(pk=allocation.pk).update(
        committed_vnd=allocation.committed_vnd + amount_vnd,
        grant_count=allocation.grant_count + 1,
    )
    return grant


def allowance_roster(year: int, members: int = 2, *, kinds=None):
    """An approved roster of `year` with `members` collaborators, two communes each."""
    from django.utils import timezone

    from collaborators.models import RosterMembership
    from localities.selectors import commune_list, configured_province

    roster = RosterFactory(year=year, approved_at=timezone.now())
    communes = list(commune_list(province=configured_province())[: 2 * members])
    memberships = []
    for index in range(members):
        membership = RosterMembership.objects.create(
            roster=roster,
            collaborator=CollaboratorFactory(),
            kind=(kinds or ["commune"] * members)[index],
        )
        membership.communes.set(communes[2 * index : 2 * index + 2])
        memberships.append(membership)
    return roster, memberships
