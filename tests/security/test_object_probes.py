"""Object-level probes: every URL that names an object, tried by everyone who may not
reach that object.

For each URL pattern with an object argument there is a builder that makes the object
(in Xã Tân Yên, in a state where the action would succeed) and a list of outsiders: the
anonymous visitor, a collaborator of another area, an official where officials have no
business, a council member not on the round, a non-staff role trying a staff action.
Each outsider must get 404 (anonymous: the login page; public pages: 404 for anything
unpublished) for every method the view takes, and nothing may change: no row of any
project table (history tables included), no stored file, no mail, no task scheduled.

The insider test proves each probe has teeth: the same object and the same POST, sent
by someone who may act, is answered and does change the database. The completeness
test fails when a URL with an object argument is added without a probe here.
"""

import datetime as dt
import hashlib
import importlib.util
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.test import Client, override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.views.static import serve

from accounts.roles import Role
from projects.models import Project
from tests.factories import (
    AllocationFactory,
    CollaboratorFactory,
    EstablishmentFactory,
    ProductFactory,
    RosterFactory,
    SupportRequestFactory,
    UserFactory,
    assign_area,
    commune_named,
    make_round,
    pdf_bytes,
    published_certificate,
    seat,
    this_year,
    tiny_png,
)

pytestmark = pytest.mark.django_db

HERE = "Xã Tân Yên"  # where every probed object lives (the factories' default)
ELSEWHERE = "Xã Lục Nam"
PROJECT_APPS = (
    "accounts",
    "localities",
    "notifications",
    "establishments",
    "collaborators",
    "projects",
    "funding",
    "products",
    "reports",
    "documents",
    "api",
    "selfservice",
)
# Public pages (no login): an unpublished object answers 404 there, not the login page.
PUBLIC = frozenset({"products:public_product", "products:photo", "products:verify_token"})

_codes = itertools.count(1)


def _today() -> dt.date:
    return timezone.localdate()


def _pdf(name: str = "giay-to.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


# --- scenes -------------------------------------------------------------------------------


@dataclass
class Scene:
    """An object to probe: the URL's kwargs, the POST that would act on it, and the
    people around it that some outsiders and insiders are."""

    kwargs: dict
    data: Callable[[], dict] = dict  # fresh uploads on every call
    round: object = None  # the voting round, for seated outsiders
    chair: object = None
    owner: object = None  # whose object it is (a visit, a report job)
    representative: object = None  # who acts for the object's establishment in its portal


def _staff():
    return UserFactory(role=Role.CENTER_STAFF)


def _official():
    return UserFactory(role=Role.OFFICIAL)


# establishments ---------------------------------------------------------------------------


def _establishment_form() -> dict:
    return {
        "name": "Cơ sở đổi tên",
        "legal_form": "household_business",
        "size_class": "micro",
        "commune": commune_named(HERE).pk,
        "sector": "handicraft",
        "workers": 3,
        "local_material_share": 20,
    }


def _establishment() -> Scene:
    return Scene({"pk": EstablishmentFactory().pk}, _establishment_form)


def _establishment_for_request() -> Scene:
    def data():
        return {
            "content_type": "machinery",
            "description": "Máy cưa CNC",
            "estimated_cost_vnd": "450000000",
            "desired_year": str(this_year() + 1),
            "photos": [tiny_png("a.png")],
        }

    return Scene({"pk": EstablishmentFactory().pk}, data)


def _archived(data=dict) -> Callable[[], Scene]:
    """An establishment taken out of the register: staff alone still open it."""

    def build() -> Scene:
        from establishments.services import establishment_archive

        establishment = establishment_archive(
            actor=_staff(), establishment=EstablishmentFactory(), reason="Ngừng sản xuất"
        )
        return Scene({"pk": establishment.pk}, data)

    return build


def _flagged_duplicate() -> Scene:
    original = EstablishmentFactory(name="Cơ sở mây tre Hòa Bình")
    duplicate = EstablishmentFactory(name="Cơ sở mây tre Hoà Bình", possible_duplicate_of=original)
    return Scene({"pk": duplicate.pk})


def _merge() -> Scene:
    """Merging names both establishments in the body, not the URL."""
    original = EstablishmentFactory(name="Cơ sở gốm Thổ Hà")
    duplicate = EstablishmentFactory(name="Cơ sở gốm Thổ Hà 2", possible_duplicate_of=original)
    return Scene({}, lambda: {"duplicate": duplicate.pk, "target": original.pk})


def _unverified() -> Scene:
    """Verifying names the establishments in the body, not the URL."""
    establishment = EstablishmentFactory(verified=False)
    return Scene({}, lambda: {"ids": [establishment.pk], "query_string": ""})


def _visit_elsewhere() -> Scene:
    """A visit logged for an establishment named in the body."""
    establishment = EstablishmentFactory()

    def data():
        return {
            "establishment": establishment.pk,
            "visited_on": _today().isoformat(),
            "purpose": "survey",
            "needs": "",
            "notes": "",
        }

    return Scene({}, data)


def _product_elsewhere() -> Scene:
    """A product registered for an establishment named in the body. The outsider's own
    area has an establishment too, so the form opens for them."""
    establishment = EstablishmentFactory()
    EstablishmentFactory(commune=commune_named(ELSEWHERE))

    def data():
        return {
            "establishment": establishment.pk,
            "name": "Nón lá làng Chuông",
            "group": "1",
            "description": "Lá cọ, vành tre, khâu tay.",
            "photo_front": tiny_png("front.png"),
            "photo_side": tiny_png("side.png"),
            "photo_top": tiny_png("top.png"),
        }

    return Scene({}, data)


def _support_request() -> Scene:
    return Scene(
        {"pk": SupportRequestFactory().pk},
        lambda: {"target": "under_review", "note": "Xem xét"},
    )


def _request_to_comment() -> Scene:
    return Scene({"pk": SupportRequestFactory().pk}, lambda: {"note": "Bổ sung ảnh máy cũ"})


def _request_photo() -> Scene:
    from establishments.models import SupportRequestPhoto

    support_request = SupportRequestFactory()
    photo = SupportRequestPhoto.objects.create(request=support_request, image=tiny_png())
    return Scene({"pk": support_request.pk, "photo_id": photo.pk})


def _accepted_request() -> Scene:
    from establishments.services import support_request_transition

    staff = _staff()
    support_request = SupportRequestFactory()
    for target in ("under_review", "accepted"):
        support_request_transition(actor=staff, request=support_request, target=target)
    return Scene({"pk": support_request.pk}, lambda: {"fund_source": "local"})


# collaborators ----------------------------------------------------------------------------


def _visit_photo() -> Scene:
    from collaborators.models import Collaborator
    from establishments.models import FieldVisit

    owner = UserFactory(role=Role.COLLABORATOR)
    assign_area(owner, [commune_named(HERE)])
    visit = FieldVisit.objects.create(
        collaborator=Collaborator.objects.get(user=owner),
        establishment=EstablishmentFactory(),
        visited_on=_today(),
        purpose="survey",
        photo=tiny_png(),
    )
    return Scene({"pk": visit.pk}, owner=owner)


def _roster_to_approve() -> Scene:
    """Next year's roster, not approved yet, with one member."""
    from collaborators.models import RosterMembership

    roster = RosterFactory(year=this_year() + 1, approved_at=None)
    membership = RosterMembership.objects.create(roster=roster, collaborator=CollaboratorFactory())
    membership.communes.set([commune_named(HERE)])
    return Scene({"pk": roster.pk})


# projects ---------------------------------------------------------------------------------

SUPPORT = 280_000_000  # machinery, national fund: under the 300.000.000 ₫ cap
COUNTERPART = 400_000_000


def _free_year() -> int:
    """A plan year no plan holds yet: plans are unique per year and fund source."""
    from projects.models import AnnualPlan, Project

    used = [
        *AnnualPlan.objects.values_list("year", flat=True),
        *Project.objects.values_list("plan_year", flat=True),
    ]
    return max([this_year(), *used]) + 1


def _project(staff=None, *, year=None, status="draft"):
    """A project of Xã Tân Yên through the service; `status` past submitted is set
    straight in the table (no money moves in those probes)."""
    from projects.models import Project
    from projects.services import Line, project_create, project_transition

    staff = staff or _staff()
    establishment = EstablishmentFactory()
    project = project_create(
        actor=staff,
        code=f"QG-P-{next(_codes):04d}",
        title="Hỗ trợ máy cưa CNC",
        plan_year=year or _free_year(),
        fund_source="national",
        content_type="machinery",
        implementing_unit="Trung tâm Khuyến công",
        beneficiaries=[establishment],
        site_communes=[establishment.commune],
        budget_lines=[Line("Máy cưa CNC", SUPPORT, COUNTERPART)],
    )
    if status != "draft":
        project_transition(actor=staff, project=project, target="submitted")
    if status not in ("draft", "submitted"):
        Project.objects.filter(pk=project.pk).update(status=status)
    project.refresh_from_db()
    return project


def _appraised(staff, year):
    from projects.services import project_appraise

    project = _project(staff, year=year, status="submitted")
    project_appraise(
        actor=staff,
        project=project,
        appraised_on=_today(),
        score=85,
        recommendation="approve",
        summary="Đạt yêu cầu",
    )
    project.refresh_from_db()
    return project


def _project_form(project) -> dict:
    return {
        "code": project.code,
        "title": "Tên đề án đã sửa",
        "plan_year": project.plan_year,
        "fund_source": project.fund_source,
        "content_type": project.content_type,
        "implementing_unit": project.implementing_unit,
        "start_date": "",
        "end_date": "",
        "beneficiaries": [],
        "site_communes": [commune_named(HERE).pk],
        "objectives": "Nâng cao năng suất",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-item": "Máy cưa CNC",
        "lines-0-state_support_vnd": "200000000",
        "lines-0-counterpart_vnd": "300000000",
    }


def _project_scene(status="draft") -> Callable[[], Scene]:
    def build() -> Scene:
        project = _project(status=status)
        return Scene({"pk": project.pk})

    return build


def _draft_project() -> Scene:
    project = _project()
    return Scene({"pk": project.pk}, lambda: _project_form(project))


def _project_to_submit() -> Scene:
    return Scene({"pk": _project().pk}, lambda: {"target": "submitted", "note": ""})


def _project_to_appraise() -> Scene:
    project = _project(status="submitted")
    return Scene(
        {"pk": project.pk},
        lambda: {
            "appraised_on": _today().isoformat(),
            "council": "Hội đồng thẩm định",
            "score": "85",
            "recommendation": "approve",
            "summary": "Đạt yêu cầu",
        },
    )


def _project_document(kind="contract") -> Callable[[], Scene]:
    def build() -> Scene:
        project = _project()
        document = project.documents.create(
            kind=kind,
            title="Giấy tờ",
            uploaded_by=UserFactory(),
            file=SimpleUploadedFile("giay-to.pdf", b"%PDF-1.4 test"),
        )
        return Scene({"pk": project.pk, "document_id": document.pk})

    return build


def _document_upload() -> Scene:
    return Scene(
        {"pk": _project().pk},
        lambda: {"kind": "contract", "title": "Hợp đồng", "file": _pdf("hop-dong.pdf")},
    )


def _progress() -> Scene:
    return Scene(
        {"pk": _project(status="contracted").pk},
        lambda: {"period": _today().strftime("%Y-%m"), "percent_done": "40", "narrative": "Đã lắp"},
    )


def _inspection() -> Scene:
    return Scene(
        {"pk": _project(status="contracted").pk},
        lambda: {
            "inspected_on": _today().isoformat(),
            "inspector": "Ông Trần Văn B",
            "findings": "Đúng tiến độ",
        },
    )


def _acceptance() -> Scene:
    return Scene(
        {"pk": _project(status="in_progress").pk},
        lambda: {
            "accepted_on": _today().isoformat(),
            "minutes_number": "07/BB-NT",
            "result": "passed",
            "notes": "",
        },
    )


def _followup() -> Scene:
    """An accepted project of Xã Tân Yên whose beneficiary's results are owed."""
    from projects.models import Acceptance

    project = _project(status="accepted")
    Acceptance.objects.create(
        project=project,
        accepted_on=_today() - dt.timedelta(days=200),
        minutes_number="05/BB-NT",
        result="passed",
        recorded_by=_staff(),
    )
    return Scene(
        {"pk": project.pk, "establishment_id": project.beneficiaries.get().pk},
        lambda: {
            "recorded_on": _today().isoformat(),
            "jobs_created": "4",
            "jobs_kept": "12",
            "new_markets": "1",
            "revenue_before_vnd": "800.000.000",
            "revenue_after_vnd": "1.100.000.000",
            "capital_mobilised_vnd": "200.000.000",
        },
    )


def _draft_plan(*, item=True):
    from funding import plans

    staff = _staff()
    year = _free_year()
    AllocationFactory(year=year, fund_source="national", amount_vnd=1_500_000_000)
    plan = plans.plan_create(actor=staff, year=year, fund_source="national")
    project = _appraised(staff, year)
    plan_item = plans.plan_add_item(actor=staff, plan=plan, project=project) if item else None
    return staff, plan, project, plan_item


def _plan() -> Scene:
    _staff_user, plan, _candidate, _item = _draft_plan()
    return Scene({"pk": plan.pk})


def _plan_with_candidate() -> Scene:
    _staff_user, plan, project, _item = _draft_plan(item=False)
    return Scene({"pk": plan.pk}, lambda: {"project": project.pk, "amount_vnd": ""})


def _plan_item() -> Scene:
    _staff_user, plan, _candidate, item = _draft_plan()
    return Scene({"pk": plan.pk, "item_id": item.pk}, lambda: {"amount_vnd": "250.000.000"})


def _submitted_plan():
    from funding import plans

    staff_user, plan, _candidate, _item = _draft_plan()
    return staff_user, plans.plan_submit(actor=staff_user, plan=plan)


def _plan_to_decide() -> Scene:
    _staff_user, plan = _submitted_plan()
    return Scene({"pk": plan.pk}, lambda: {"decision": "return", "note": "Bổ sung thuyết minh"})


def _approved_plan() -> Scene:
    from funding import plans

    _staff_user, plan = _submitted_plan()
    plans.plan_approve(
        actor=_official(), plan=plan, decision_number="45/QĐ-UBND", decision_date=_today()
    )
    return Scene({"pk": plan.pk})


# funding ----------------------------------------------------------------------------------


def _approved_project():
    """A project approved in its year's plan, so it has a grant; and its staff."""
    from funding import plans

    staff, plan = _submitted_plan()
    plans.plan_approve(
        actor=_official(), plan=plan, decision_number="45/QĐ-UBND", decision_date=_today()
    )
    project = plan.items.get().project
    project.refresh_from_db()
    return staff, project


def _move(staff, project, *targets):
    from projects.services import project_transition

    for target in targets:
        project_transition(actor=staff, project=project, target=target)
    project.refresh_from_db()
    return project


def _money_scene(data=dict, *, contracted=False) -> Callable[[], Scene]:
    def build() -> Scene:
        staff, project = _approved_project()
        if contracted:  # advances are paid once the contract is signed
            _move(staff, project, "contracted")
        return Scene({"pk": project.pk}, data)

    return build


def _budget_scene() -> Scene:
    """An approved project; its budget lines set again to add up to its grant."""
    _staff_user, project = _approved_project()
    granted = project.grant.amount_vnd

    def data() -> dict:
        return {
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "50",
            "lines-0-item": "Máy theo số được cấp",
            "lines-0-state_support_vnd": str(granted),
            "lines-0-counterpart_vnd": "1",
        }

    return Scene({"pk": project.pk}, data)


def _scheduled(*, approved=False, paid=False):
    from funding import services as money

    staff, project = _approved_project()
    _move(staff, project, "contracted")
    disbursement = money.disbursement_schedule(
        actor=staff, grant=project.grant, kind="advance", amount_vnd=50_000_000
    )
    if approved or paid:
        money.disbursement_approve(actor=_staff(), disbursement=disbursement)
    if paid:
        money.disbursement_pay(
            actor=_staff(), disbursement=disbursement, paid_on=_today(), reference="UNC-01"
        )
    return project, disbursement


def _disbursement_scene(*, approved=False, data=dict) -> Callable[[], Scene]:
    def build() -> Scene:
        project, disbursement = _scheduled(approved=approved)
        return Scene({"pk": project.pk, "disbursement_id": disbursement.pk}, data)

    return build


def _paid_project() -> Scene:
    project, _disbursement = _scheduled(paid=True)
    return Scene(
        {"pk": project.pk},
        lambda: {
            "amount_vnd": "1.000.000",
            "reason": "Chi thừa",
            "refunded_on": _today().isoformat(),
            "reference": "GNT-1",
        },
    )


def _accepted_project() -> Scene:
    from projects import monitoring

    staff, project = _approved_project()
    _move(staff, project, "contracted", "in_progress")
    monitoring.acceptance_record(
        actor=staff,
        project=project,
        accepted_on=_today(),
        minutes_number="07/BB-NT",
        result="passed",
    )
    _move(_official(), project, "accepted")
    return Scene(
        {"pk": project.pk},
        lambda: {
            "settled_vnd": "150.000.000",
            "counterpart_actual_vnd": "410.000.000",
            "settled_on": _today().isoformat(),
            "settlement_number": "88/QĐ-SCT",
            "note": "",
            "papers": _pdf("quyet-toan.pdf"),
        },
    )


def _allocation() -> Scene:
    return Scene(
        {"pk": AllocationFactory().pk},
        lambda: {
            "amount_vnd": "2.000.000.000",
            "legal_basis": "3456/QĐ-UBND",
            "decided_on": "",
            "note": "Bổ sung",
        },
    )


def _rule() -> Scene:
    from funding.models import SupportRule

    rule = SupportRule.objects.order_by("pk").first()

    def data():
        return {
            "legal_basis": rule.legal_basis,
            "item": rule.item,
            "content_type": rule.content_type,
            "fund_source": rule.fund_source,
            "province_code": rule.province_code,
            "valid_from": rule.valid_from.isoformat(),
            "valid_to": rule.valid_to.isoformat() if rule.valid_to else "",
            "max_percent": "10",
            "max_amount_vnd": "1.000",
            "advance_max_percent": str(rule.advance_max_percent),
            "note": "",
        }

    return Scene({"pk": rule.pk}, data)


# products ---------------------------------------------------------------------------------


def _enter(voting_round, product=None):
    from products.models import Entry

    product = product or ProductFactory()
    return Entry.objects.create(
        round=voting_round,
        product=product,
        group=product.group,
        forwarding_note="Công văn 12/UBND-KT",
        registered_by=product.created_by,
    )


def _product_form() -> dict:
    return {"name": "Tên sản phẩm mới", "group": "1", "description": "Mô tả mới"}


def _product(data=dict) -> Callable[[], Scene]:
    """A product of Xã Tân Yên, entered in an open round (so a council member of that
    round sees it, yet may not edit it)."""

    def build() -> Scene:
        product = ProductFactory()
        voting_round = make_round()
        _enter(voting_round, product)
        return Scene({"pk": product.pk}, data, round=voting_round)

    return build


def _extra_photo() -> Scene:
    from products.models import ProductPhoto

    scene = _product()()
    extra = ProductPhoto.objects.create(
        product_id=scene.kwargs["pk"], view="other", image=tiny_png("other.png"), position=3
    )
    scene.kwargs["photo_id"] = extra.pk
    return scene


def _product_document() -> Scene:
    from products.models import ProductDocument

    scene = _product()()
    document = ProductDocument.objects.create(
        product_id=scene.kwargs["pk"],
        kind="quality",
        title="Chứng nhận chất lượng",
        uploaded_by=UserFactory(),
        file=SimpleUploadedFile("chat-luong.pdf", b"%PDF-1.4 test"),
    )
    return Scene({"pk": document.pk}, round=scene.round)


def _certified_product() -> Scene:
    """A certified product of Xã Tân Yên, entered in an open round of the level above
    (so a council member of that round sees it); staff rename it with a reason."""
    certificate = published_certificate(ProductFactory())
    product = certificate.entry.product
    voting_round = make_round(level="provincial")
    voting_round.entries.create(
        product=product,
        group=product.group,
        nominated_from=certificate,
        registered_by=product.created_by,
    )
    return Scene(
        {"pk": product.pk},
        lambda: {
            "name": "Tên mới sau chứng nhận",
            "group": str(product.group),
            "establishment": product.establishment_id,
            "reason": "Cơ sở đăng ký nhãn hiệu mới",
        },
        round=voting_round,
    )


def _uncertified_photo() -> Scene:
    return Scene({"pk": ProductFactory().photos.first().pk})


def _revoked_photo() -> Scene:
    certificate = published_certificate(ProductFactory(), revoked=True)
    return Scene({"pk": certificate.entry.product.photos.first().pk})


def _unpublished_certificate():
    """A certificate row whose round is closed, not published: not public yet."""
    from products.models import VotingRound

    certificate = published_certificate(ProductFactory())
    VotingRound.objects.filter(pk=certificate.entry.round_id).update(status="closed")
    return certificate


def _unpublished_photo() -> Scene:
    return Scene({"pk": _unpublished_certificate().entry.product.photos.first().pk})


def _uncertified_product() -> Scene:
    return Scene({"pk": ProductFactory().pk})


def _revoked_product() -> Scene:
    return Scene({"pk": published_certificate(ProductFactory(), revoked=True).entry.product_id})


def _unpublished_product() -> Scene:
    return Scene({"pk": _unpublished_certificate().entry.product_id})


def _unpublished_token() -> Scene:
    return Scene({"token": _unpublished_certificate().token})


def _open_round(data=lambda scene: {}) -> Callable[[], Scene]:
    """An open round ready to score: one entry, a chair and a member."""

    def build() -> Scene:
        voting_round = make_round()
        _enter(voting_round)
        chair = seat(voting_round, role="chair")
        seat(voting_round)
        scene = Scene({"pk": voting_round.pk}, round=voting_round, chair=chair.user)
        scene.data = lambda: data(scene)
        return scene

    return build


def _round_child(kind: str) -> Callable[[], Scene]:
    """An open round and, in the URL, one of its entries or council seats."""

    def build() -> Scene:
        scene = _open_round()()
        voting_round = scene.round
        if kind == "entry_id":
            scene.kwargs["entry_id"] = voting_round.entries.get().pk
        else:
            scene.kwargs["member_id"] = voting_round.council.get(role="member").pk
        return scene

    return build


def _round_to_seat() -> Scene:
    scene = _open_round()()
    candidate = UserFactory(role=Role.COUNCIL_MEMBER)
    scene.data = lambda: {"user": candidate.pk, "role": "member", "organisation": ""}
    return scene


def _round_to_enter() -> Scene:
    scene = _open_round()()
    product = ProductFactory()
    scene.data = lambda: {
        "product": product.pk,
        "nominated_from": "",
        "forwarding_note": "Công văn 15/UBND-KT",
        "forwarding_file": _pdf("cong-van.pdf"),
    }
    return scene


def _criteria(voting_round):
    from products.models import Criterion

    return Criterion.objects.filter(group__round=voting_round)


def _points(voting_round) -> dict:
    return {c.pk: Decimal(8 if c.max_points == 10 else 4) for c in _criteria(voting_round)}


def _scoring_round(data=lambda scene: {}) -> Callable[[], Scene]:
    """A round in scoring, the URL naming its entry; a chair and a member seated."""

    def build() -> Scene:
        from products.services import open_scoring

        scene = _open_round()()
        open_scoring(actor=_staff(), voting_round=scene.round)
        scene.round.refresh_from_db()
        scene.kwargs["entry_id"] = scene.round.entries.get().pk
        scene.data = lambda: data(scene)
        return scene

    return build


def _sheet_form(scene) -> dict:
    return {f"c{c.pk}": "8" if c.max_points == 10 else "4" for c in _criteria(scene.round)}


def _closed_round(*, awarded=False):
    from products.services import awards_set, close_round, sheet_save

    scene = _scoring_round()()
    del scene.kwargs["entry_id"]
    voting_round = scene.round
    entry = voting_round.entries.get()
    for member in voting_round.council.all():
        sheet_save(actor=member.user, entry=entry, points=_points(voting_round))
    staff = _staff()
    close_round(actor=staff, voting_round=voting_round)
    if awarded:
        awards_set(actor=staff, voting_round=voting_round, entry_ids=[entry.pk])
    voting_round.refresh_from_db()
    return scene, entry


def _round_to_award() -> Scene:
    scene, entry = _closed_round()
    scene.data = lambda: {"entry": [entry.pk]}
    return scene


def _round_to_publish() -> Scene:
    scene, _entry = _closed_round(awarded=True)
    scene.data = lambda: {"decision_number": "125/QĐ-UBND", "decision_date": _today().isoformat()}
    return scene


def _published_round() -> Scene:
    certificate = published_certificate(ProductFactory(), level="provincial")
    voting_round = certificate.entry.round
    chair = seat(voting_round, role="chair")
    seat(voting_round)
    return Scene(
        {"pk": voting_round.pk},
        lambda: {
            "complainant": "Ông Nguyễn Văn A",
            "contact": "0912 345 678",
            "entry": "",
            "received_on": _today().isoformat(),
            "content": "Điểm của sản phẩm tôi bị chấm thấp.",
        },
        round=voting_round,
        chair=chair.user,
    )


def _complaint() -> Scene:
    scene = _published_round()
    complaint = scene.round.complaints.create(
        complainant="Cơ sở A",
        content="Đề nghị xem xét lại",
        received_on=_today(),
        recorded_by=UserFactory(),
    )
    scene.kwargs = {"pk": complaint.pk}
    scene.data = lambda: {"answer": "Hội đồng giữ nguyên kết quả."}
    return scene


def _certificate(data=dict) -> Callable[[], Scene]:
    def build() -> Scene:
        certificate = published_certificate(ProductFactory())
        voting_round = certificate.entry.round
        seat(voting_round)
        return Scene({"pk": certificate.pk}, data, round=voting_round)

    return build


def _certificate_to_nominate() -> Scene:
    scene = _certificate()()
    above = make_round(level="provincial")
    scene.data = lambda: {"voting_round": above.pk}
    return scene


# reports ----------------------------------------------------------------------------------


def _job(status="queued", *, done=False) -> Callable[[], Scene]:
    """A report job of an official; staff and that official may touch it."""

    def build() -> Scene:
        from reports.models import ReportJob

        owner = _official()
        job = ReportJob(
            kind="period_summary",
            params={"from_year": 2020, "to_year": 2021},
            requested_by=owner,
            status=status,
            error="Hết thời gian chờ" if status == "failed" else "",
        )
        if done:
            job.progress = 100
            job.file.save("tong-hop.xlsx", ContentFile(b"PK\x03\x04"), save=False)
        job.save()
        return Scene({"pk": job.pk}, owner=owner)

    return build


def _measure() -> Scene:
    """A column of the periodic reports: only center staff rename it."""
    from reports.models import Measure

    measure = Measure.objects.create(code="probe_count", name="Số đề án", kind="project_count")

    def data():
        return {
            "name": "Số đề án (đổi tên)",
            "position": str(measure.position),
            "kind": measure.kind,
            "params": json.dumps(measure.params),
            "active": "on",
        }

    return Scene({"pk": measure.pk}, data)


def _notification() -> Scene:
    """A staff member's unread notification: nobody else opens or marks it, staff
    included."""
    from notifications.models import Notification

    owner = _staff()
    notification = Notification.objects.create(
        recipient=owner,
        kind="project_status",
        event_key="probe:1",
        title="Đề án DP-26-001: Đã phê duyệt",
        url="/projects/",
        email_status="not_wanted",
    )
    return Scene({"pk": notification.pk}, owner=owner)


def _staff_only_report() -> Scene:
    return Scene({"kind": "collaborator_activity"}, lambda: {"ctv-year": str(this_year())})


def _api_client() -> Scene:
    """An active API client: staff revoke it (after a confirmation page)."""
    from api.services import api_client_create

    client, _token = api_client_create(actor=_staff(), name="Sở Công Thương", scope="official")
    return Scene({"pk": client.pk})


def _province() -> Scene:
    from localities.models import AdminUnit, Era, Level

    return Scene({"pk": AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code="24").pk})


# documents --------------------------------------------------------------------------------


def _paper(**options) -> Callable[[], Scene]:
    """A paper drafted from a plan: officials read it once issued; staff act on it."""

    def build() -> Scene:
        from tests.factories import make_document

        return Scene({"pk": make_document(**options).pk})

    return build


def _paper_to_issue() -> Scene:
    from tests.factories import make_document

    def data():
        return {
            "issued_on": _today().isoformat(),
            "signer_authority": "",
            "signer_title": "GIÁM ĐỐC",
            "signer_name": "Nguyễn Văn An",
        }

    return Scene({"pk": make_document(status="draft").pk}, data)


def _paper_to_void() -> Scene:
    scene = _paper()()
    scene.data = lambda: {"reason": "Sai trích yếu"}
    return scene


def _paper_to_sign() -> Scene:
    scene = _paper()()
    scene.data = lambda: {"file": _pdf("ban-ky.pdf")}
    return scene


def _papers_of(object_type: str) -> Callable[[], Scene]:
    def build() -> Scene:
        from tests.factories import document_plan

        obj = document_plan() if object_type == "plan" else _project()
        return Scene({"object_type": object_type, "pk": obj.pk})

    return build


def _paper_draft() -> Scene:
    from tests.factories import document_plan

    return Scene({"object_type": "plan", "pk": document_plan().pk, "code": "plan_decision"})


def _default_template() -> bytes:
    from documents.rendering import default_template_path

    return default_template_path("plan_decision").read_bytes()


def _template(uploaded: bool = False) -> Callable[[], Scene]:
    def build() -> Scene:
        from documents.services import kind_for, template_upload
        from tests.factories import document_plan

        kind = kind_for("plan_decision")
        document_plan()  # a plan to try the template on
        if uploaded:
            template_upload(
                actor=_staff(), kind=kind, file=SimpleUploadedFile("mau.docx", _default_template())
            )
        return Scene(
            {"code": kind.code},
            lambda: {"file": SimpleUploadedFile("mau.docx", _default_template()), "note": "Sửa"},
        )

    return build


# the establishment's own portal ---------------------------------------------------------


def _representative_of(establishment):
    """A person the center linked to this establishment (confirmed)."""
    from establishments.services import representative_link

    user = UserFactory()
    representative_link(actor=_staff(), user=user, establishment=establishment)
    return user


def _proposal_form() -> dict:
    return {
        "name": "Cơ sở mộc Tân Yên",
        "address_line": "Thôn Đông",
        "main_products": "Bàn ghế",
        "workers": "14",
        "local_material_share": "60",
        "contact_person": "Nguyễn Văn Đức",
        "phone": "0912345678",
        "email": "",
        "note": "Thêm thợ",
    }


def _request_form() -> dict:
    return {
        "content_type": "machinery",
        "description": "Máy chà nhám",
        "estimated_cost_vnd": "180000000",
        "desired_year": str(this_year() + 1),
        "photos": [tiny_png("a.png")],
    }


def _progress_form() -> dict:
    return {"period": _today().strftime("%Y-%m"), "percent_done": "40", "narrative": "Đã lắp"}


def _mine(data=dict) -> Callable[[], Scene]:
    def build() -> Scene:
        establishment = EstablishmentFactory()
        return Scene(
            {"pk": establishment.pk}, data, representative=_representative_of(establishment)
        )

    return build


# collaborator allowances -------------------------------------------------------------------


def _allowance_sheet(*, approved=False, data=dict, child=False) -> Callable[[], Scene]:
    """A sheet of last January, prepared by one staff member (approved by another), with
    the line of a collaborator of this area: the owner, who sees only their own history."""

    def build() -> Scene:
        from collaborators.models import AllowanceRule, CollaboratorRoster, RosterMembership
        from funding.allowances import services as sheets
        from tests.factories import network_grant

        year = this_year() - 1
        AllowanceRule.objects.get_or_create(
            legal_basis="NQ 55/2015/NQ-HĐND",
            defaults={"valid_from": dt.date(2016, 1, 1), "wage_percent": Decimal(30)},
        )
        owner = UserFactory(role=Role.COLLABORATOR)
        roster = CollaboratorRoster.objects.filter(
            year=year, approved_at__isnull=False
        ).first() or RosterFactory(year=year, approved_at=timezone.now())
        membership = RosterMembership.objects.create(
            roster=roster, collaborator=CollaboratorFactory(user=owner)
        )
        membership.communes.set([commune_named(HERE)])
        preparer = _staff()
        sheet = sheets.allowance_sheet_prepare(
            actor=preparer, month=dt.date(year, next(_codes) % 12 + 1, 1), grant=network_grant(year)
        )
        if approved:
            sheet = sheets.allowance_sheet_approve(actor=_staff(), sheet=sheet)
        kwargs = {"pk": sheet.pk}
        if child:
            kwargs["line_id"] = sheet.lines.get(collaborator__user=owner).pk
        return Scene(kwargs, data, owner=owner)

    return build


def _my_request(data=dict) -> Callable[[], Scene]:
    def build() -> Scene:
        support_request = SupportRequestFactory()
        return Scene(
            {"pk": support_request.pk},
            data,
            representative=_representative_of(support_request.establishment),
        )

    return build


def _my_project(status="contracted", data=dict) -> Callable[[], Scene]:
    def build() -> Scene:
        project = _project(status=status)
        return Scene(
            {"pk": project.pk},
            data,
            representative=_representative_of(project.beneficiaries.get()),
        )

    return build


def _my_followup() -> Scene:
    scene = _followup()
    scene.representative = _representative_of(
        EstablishmentFactory._meta.model.objects.get(pk=scene.kwargs["establishment_id"])
    )
    return scene


def _my_paper() -> Scene:
    from tests.factories import make_document

    project = _project(status="contracted")
    document = make_document(obj=project, code="contract", pdf=True)
    return Scene(
        {"pk": document.pk}, representative=_representative_of(project.beneficiaries.get())
    )


def _pending_link() -> Scene:
    from establishments.services import representative_request

    link = representative_request(
        user=UserFactory(),
        establishment=EstablishmentFactory(),
        via="oidc",
        facts={"name": "Nguyễn Văn Đức"},
        exact=False,
    )
    return Scene({"pk": link.pk}, lambda: {"target": "confirmed"})


def _pending_proposal() -> Scene:
    from establishments.services import change_proposal_submit

    establishment = EstablishmentFactory()
    proposal = change_proposal_submit(
        actor=_representative_of(establishment),
        establishment=establishment,
        changes={"workers": 30},
    )
    return Scene({"pk": proposal.pk}, lambda: {"target": "applied"})


def _wage() -> Scene:
    from collaborators.models import BasicWage

    wage = BasicWage.objects.order_by("effective_from").first()
    return Scene(
        {"pk": wage.pk},
        lambda: {"effective_from": "2019-07-01", "amount_vnd": "9.990.000", "legal_basis": "x"},
    )


def _allowance_rule() -> Scene:
    from collaborators.models import AllowanceRule

    rule = AllowanceRule.objects.create(
        legal_basis="NQ 55/2015/NQ-HĐND", valid_from=dt.date(2016, 1, 1), wage_percent=30
    )
    return Scene(
        {"pk": rule.pk},
        lambda: {
            "legal_basis": "NQ 99/2026",
            "valid_from": "2016-01-01",
            "wage_percent": "45",
            "missing_report": "paid",
        },
    )


# --- who probes ---------------------------------------------------------------------------


def _collaborator_in(name: str):
    user = UserFactory(role=Role.COLLABORATOR)
    assign_area(user, [commune_named(name)])
    return user


PEOPLE: dict[str, Callable[[Scene], object]] = {
    "anonymous": lambda scene: None,
    # of the object's area: sees it, but some actions are not theirs
    "collaborator-in-area": lambda scene: _collaborator_in(HERE),
    "collaborator-elsewhere": lambda scene: _collaborator_in(ELSEWHERE),
    "official": lambda scene: _official(),
    # chairs another round: a council seat opens that round only
    "council-member": lambda scene: seat(make_round(title="Vòng khác"), role="chair").user,
    "seated-member": lambda scene: seat(scene.round).user,
    "seated-secretary": lambda scene: seat(scene.round, role="secretary").user,
    "chair": lambda scene: scene.chair,
    "center-staff": lambda scene: _staff(),
    # left the center: the account is switched off, an old session must not act
    "deactivated-staff": lambda scene: UserFactory(role=Role.CENTER_STAFF, is_active=False),
    "owner": lambda scene: scene.owner,
    # acts for another establishment of the same commune, in its own portal
    "establishment-user": lambda scene: _representative_of(EstablishmentFactory()),
    "representative": lambda scene: scene.representative,
}

GET, POST = "GET", "POST"
BOTH = (GET, POST)


@dataclass(frozen=True)
class Probe:
    build: Callable[[], Scene]
    methods: tuple[str, ...]  # what the view answers; the others get 405 before any check
    outsiders: tuple[str | tuple[str, tuple[str, ...]], ...]  # kind, or (kind, methods)
    insider: str | None  # someone who may: proves the POST would change something
    child: str = ""  # the second id of a nested URL: must belong to the first
    # Ids in a form's body are refused by the form (shown again with its error) where
    # the page itself is the user's: then 200 is a refusal too, if nothing changed.
    refused_with: tuple[int, ...] = (404,)


ANON_ELSEWHERE_COUNCIL = (
    "anonymous",
    "collaborator-elsewhere",
    "council-member",
    "establishment-user",
)
NOT_STAFF = (
    "anonymous",
    "collaborator-in-area",
    "collaborator-elsewhere",
    "official",
    "establishment-user",
)
NOT_STAFF_COUNCIL = (*NOT_STAFF, "council-member")
MONEY_READERS_ONLY = (
    "anonymous",
    "collaborator-in-area",
    "collaborator-elsewhere",
    "establishment-user",
)
ROUND_OUTSIDERS = ("anonymous", "collaborator-in-area", "council-member", "establishment-user")
# The establishment's own portal: only who acts for that establishment; not the center.
NOT_MINE = ("anonymous", "establishment-user", "collaborator-in-area", "official", "center-staff")
ROUND_STAFF_ACTION = (*ROUND_OUTSIDERS, "official", "seated-member", "chair")
REPORT_OUTSIDERS = (
    "anonymous",
    "collaborator-in-area",
    "council-member",
    "official",
    "establishment-user",
)

# (url name, variant) -> probe. The variant tells objects of one URL apart.
PROBES: dict[tuple[str, str], Probe] = {
    # establishments
    ("establishments:detail", ""): Probe(
        _establishment, (GET,), ANON_ELSEWHERE_COUNCIL, "collaborator-in-area"
    ),
    ("establishments:update", ""): Probe(
        _establishment,
        BOTH,
        (*ANON_ELSEWHERE_COUNCIL, "official"),
        "collaborator-in-area",
    ),
    # Once staff have verified a record, its collaborator no longer edits it.
    ("establishments:update", "verified"): Probe(
        lambda: Scene({"pk": EstablishmentFactory(verified=True).pk}, _establishment_form),
        BOTH,
        ("anonymous", "collaborator-in-area", "official"),
        "center-staff",
    ),
    ("establishments:detail", "archived"): Probe(
        _archived(),
        (GET,),
        ("anonymous", "collaborator-in-area", "official", "council-member"),
        "center-staff",
    ),
    ("establishments:archive", "archive"): Probe(
        lambda: Scene(
            {"pk": EstablishmentFactory().pk},
            lambda: {"action": "archive", "reason": "Ngừng sản xuất"},
        ),
        (POST,),
        NOT_STAFF_COUNCIL,
        "center-staff",
    ),
    ("establishments:archive", "restore"): Probe(
        _archived(lambda: {"action": "restore"}), (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("establishments:request_create", ""): Probe(
        _establishment_for_request,
        BOTH,
        (*ANON_ELSEWHERE_COUNCIL, "official"),
        "collaborator-in-area",
    ),
    ("establishments:duplicate_clear", ""): Probe(
        _flagged_duplicate, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("establishments:merge", "ids in the body"): Probe(
        _merge, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("establishments:verify", "ids in the body"): Probe(
        _unverified, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("collaborators:visit_create", "ids in the body"): Probe(
        _visit_elsewhere,
        (POST,),
        ("anonymous", "collaborator-elsewhere", "official", "council-member"),
        "collaborator-in-area",
        refused_with=(200, 404),
    ),
    ("products:product_create", "ids in the body"): Probe(
        _product_elsewhere,
        (POST,),
        ("anonymous", "collaborator-elsewhere", "official", "council-member"),
        "collaborator-in-area",
        refused_with=(200, 404),
    ),
    ("establishments:request_detail", ""): Probe(
        _support_request, (GET,), (*ANON_ELSEWHERE_COUNCIL, "official"), "collaborator-in-area"
    ),
    ("establishments:request_transition", ""): Probe(
        _support_request, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("establishments:request_comment", ""): Probe(
        _request_to_comment,
        (POST,),
        (*ANON_ELSEWHERE_COUNCIL, "official"),
        "collaborator-in-area",
    ),
    ("establishments:request_photo", ""): Probe(
        _request_photo,
        (GET,),
        (*ANON_ELSEWHERE_COUNCIL, "official"),
        "collaborator-in-area",
        child="photo_id",
    ),
    # collaborators
    ("collaborators:visit_photo", ""): Probe(
        _visit_photo,
        (GET,),
        # another collaborator of the same area: visits are their author's own
        ("anonymous", "collaborator-in-area", "official", "council-member"),
        "owner",
    ),
    ("collaborators:roster_detail", ""): Probe(
        _roster_to_approve, (GET,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("collaborators:roster_approve", ""): Probe(
        _roster_to_approve, (POST,), (*NOT_STAFF_COUNCIL, "deactivated-staff"), "center-staff"
    ),
    # projects
    ("projects:detail", ""): Probe(
        _project_scene(), (GET,), ANON_ELSEWHERE_COUNCIL, "collaborator-in-area"
    ),
    ("projects:update", ""): Probe(_draft_project, BOTH, NOT_STAFF_COUNCIL, "center-staff"),
    ("projects:transition", ""): Probe(
        _project_to_submit, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("projects:appraise", ""): Probe(
        _project_to_appraise, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("projects:from_request", ""): Probe(
        _accepted_request, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("projects:plan_detail", ""): Probe(
        _plan, (GET,), ("anonymous", "collaborator-in-area", "council-member"), "official"
    ),
    ("projects:plan_add_item", ""): Probe(
        _plan_with_candidate, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("projects:plan_remove_item", ""): Probe(
        _plan_item, (POST,), NOT_STAFF_COUNCIL, "center-staff", child="item_id"
    ),
    ("projects:plan_change_amount", ""): Probe(
        _plan_item, (POST,), NOT_STAFF_COUNCIL, "center-staff", child="item_id"
    ),
    ("projects:plan_submit", ""): Probe(_plan, (POST,), NOT_STAFF_COUNCIL, "center-staff"),
    ("projects:plan_adjust", ""): Probe(_approved_plan, (POST,), NOT_STAFF_COUNCIL, "center-staff"),
    ("projects:plan_decide", ""): Probe(
        _plan_to_decide,
        (POST,),
        ("anonymous", "collaborator-in-area", "council-member", "center-staff"),
        "official",
    ),
    ("projects:document_upload", ""): Probe(
        _document_upload, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("projects:document_download", "contract"): Probe(
        _project_document("contract"),
        (GET,),
        ANON_ELSEWHERE_COUNCIL,
        "collaborator-in-area",
        child="document_id",
    ),
    ("projects:document_download", "decision"): Probe(
        _project_document("decision"), (GET,), ANON_ELSEWHERE_COUNCIL, "collaborator-in-area"
    ),
    # Settlement papers are money: like the money tab, not for collaborators.
    ("projects:document_download", "settlement papers"): Probe(
        _project_document("settlement"),
        (GET,),
        (*ANON_ELSEWHERE_COUNCIL, "collaborator-in-area"),
        "official",
    ),
    ("projects:progress_submit", ""): Probe(_progress, (POST,), NOT_STAFF_COUNCIL, "center-staff"),
    ("projects:inspection_record", ""): Probe(
        _inspection, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("projects:acceptance_record", ""): Probe(
        _acceptance, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    # Results after support: the collaborator of the area and staff; the establishment
    # must be a beneficiary of that project.
    ("projects:followup_record", ""): Probe(
        _followup,
        BOTH,
        ("anonymous", "collaborator-elsewhere", "official", "council-member"),
        "collaborator-in-area",
        child="establishment_id",
    ),
    # funding
    ("funding:allocation_detail", ""): Probe(
        _allocation, (GET,), ("anonymous", "collaborator-in-area", "council-member"), "official"
    ),
    ("funding:allocation_update", ""): Probe(_allocation, BOTH, NOT_STAFF_COUNCIL, "center-staff"),
    ("funding:rule_update", ""): Probe(_rule, BOTH, NOT_STAFF_COUNCIL, "center-staff"),
    ("funding:project_money", ""): Probe(
        _money_scene(), (GET,), (*MONEY_READERS_ONLY, "council-member"), "official"
    ),
    ("funding:disbursement_schedule", ""): Probe(
        _money_scene(
            lambda: {"kind": "advance", "amount_vnd": "1.000.000", "due_on": "", "note": ""},
            contracted=True,
        ),
        (POST,),
        NOT_STAFF_COUNCIL,
        "center-staff",
    ),
    ("funding:disbursement_approve", ""): Probe(
        _disbursement_scene(),
        (POST,),
        NOT_STAFF_COUNCIL,
        "center-staff",  # not the one who scheduled it
        child="disbursement_id",
    ),
    ("funding:disbursement_pay", ""): Probe(
        _disbursement_scene(
            approved=True, data=lambda: {"paid_on": _today().isoformat(), "reference": "UNC-9"}
        ),
        (POST,),
        NOT_STAFF_COUNCIL,
        "center-staff",
        child="disbursement_id",
    ),
    ("funding:disbursement_cancel", ""): Probe(
        _disbursement_scene(data=lambda: {"note": "Nhầm"}),
        (POST,),
        NOT_STAFF_COUNCIL,
        "center-staff",
        child="disbursement_id",
    ),
    ("funding:refund_record", ""): Probe(_paid_project, (POST,), NOT_STAFF_COUNCIL, "center-staff"),
    ("funding:counterpart_record", ""): Probe(
        _money_scene(lambda: {"counterpart_actual_vnd": "5.000.000"}),
        (POST,),
        NOT_STAFF_COUNCIL,
        "center-staff",
    ),
    ("funding:budget_align", ""): Probe(
        _budget_scene, (GET, POST), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("funding:settle", ""): Probe(
        _accepted_project, (POST,), (*NOT_STAFF_COUNCIL, "deactivated-staff"), "center-staff"
    ),
    # collaborator allowances
    ("collaborators:wage_update", ""): Probe(_wage, BOTH, NOT_STAFF_COUNCIL, "center-staff"),
    ("collaborators:allowance_rule_update", ""): Probe(
        _allowance_rule, BOTH, NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("funding:allowance_sheet_detail", ""): Probe(
        _allowance_sheet(), (GET,), (*MONEY_READERS_ONLY, "council-member", "owner"), "official"
    ),
    ("funding:allowance_sheet_xlsx", ""): Probe(
        _allowance_sheet(), (GET,), (*MONEY_READERS_ONLY, "council-member", "owner"), "official"
    ),
    ("funding:allowance_sheet_recompute", ""): Probe(
        _allowance_sheet(), (POST,), (*NOT_STAFF_COUNCIL, "owner"), "center-staff"
    ),
    ("funding:allowance_line_edit", ""): Probe(
        _allowance_sheet(
            child=True, data=lambda: {"amount_vnd": "500.000", "reason": "Nghỉ phép 10 ngày"}
        ),
        BOTH,
        (*NOT_STAFF_COUNCIL, "owner"),
        "center-staff",
        child="line_id",
    ),
    ("funding:allowance_sheet_approve", ""): Probe(
        _allowance_sheet(), BOTH, (*NOT_STAFF_COUNCIL, "owner"), "center-staff"
    ),
    ("funding:allowance_sheet_pay", ""): Probe(
        _allowance_sheet(
            approved=True,
            data=lambda: {"paid_on": _today().isoformat(), "voucher": "PC-01"},
        ),
        BOTH,
        (*NOT_STAFF_COUNCIL, "owner", "deactivated-staff"),
        "center-staff",
    ),
    ("funding:allowance_sheet_return", ""): Probe(
        _allowance_sheet(approved=True, data=lambda: {"note": "Sai số xã"}),
        BOTH,
        (*NOT_STAFF_COUNCIL, "owner"),
        "center-staff",
    ),
    ("funding:allowance_sheet_cancel", ""): Probe(
        _allowance_sheet(data=lambda: {"note": "Chọn nhầm nguồn kinh phí"}),
        BOTH,
        (*NOT_STAFF_COUNCIL, "owner"),
        "center-staff",
    ),
    # products: public pages, for unpublished objects
    ("products:public_product", "uncertified"): Probe(
        _uncertified_product, (GET,), ("anonymous", "official"), None
    ),
    ("products:public_product", "revoked"): Probe(
        _revoked_product, (GET,), ("anonymous", "official"), None
    ),
    ("products:public_product", "round not published"): Probe(
        _unpublished_product, (GET,), ("anonymous", "official"), None
    ),
    ("products:verify_token", "round not published"): Probe(
        _unpublished_token, (GET,), ("anonymous", "official"), None
    ),
    ("products:photo", "uncertified"): Probe(
        _uncertified_photo, (GET,), ANON_ELSEWHERE_COUNCIL, "official"
    ),
    ("products:photo", "revoked"): Probe(
        _revoked_photo, (GET,), ANON_ELSEWHERE_COUNCIL, "official"
    ),
    ("products:photo", "round not published"): Probe(
        _unpublished_photo, (GET,), ANON_ELSEWHERE_COUNCIL, "official"
    ),
    # products: the register
    ("products:product_detail", ""): Probe(
        _product(), (GET,), ANON_ELSEWHERE_COUNCIL, "collaborator-in-area"
    ),
    ("products:product_update", ""): Probe(
        _product(_product_form),
        BOTH,
        (*ANON_ELSEWHERE_COUNCIL, "official", "seated-member"),
        "collaborator-in-area",
    ),
    ("products:product_identity", ""): Probe(
        _certified_product,
        BOTH,
        (*ANON_ELSEWHERE_COUNCIL, "collaborator-in-area", "official", "seated-member"),
        "center-staff",
    ),
    ("products:photo_add", ""): Probe(
        _product(lambda: {"view": "other", "image": tiny_png("them.png")}),
        (POST,),
        (*ANON_ELSEWHERE_COUNCIL, "official", "seated-member"),
        "collaborator-in-area",
    ),
    ("products:photo_remove", ""): Probe(
        _extra_photo,
        (POST,),
        (*ANON_ELSEWHERE_COUNCIL, "official", "seated-member"),
        "collaborator-in-area",
        child="photo_id",
    ),
    ("products:document_add", ""): Probe(
        _product(
            lambda: {
                "kind": "quality",
                "title": "Chứng nhận",
                "issued_on": "",
                "file": _pdf("chung-nhan.pdf"),
            }
        ),
        (POST,),
        (*ANON_ELSEWHERE_COUNCIL, "official", "seated-member"),
        "collaborator-in-area",
    ),
    ("products:document_download", ""): Probe(
        _product_document, (GET,), ANON_ELSEWHERE_COUNCIL, "collaborator-in-area"
    ),
    # products: rounds
    ("products:round_detail", ""): Probe(_open_round(), (GET,), ROUND_OUTSIDERS, "official"),
    # A work queue is for its role: the payments awaiting approval are the staff's only.
    ("work_queue", ""): Probe(
        lambda: Scene({"key": "khoan-chi-cho-duyet"}), (GET,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("products:round_transition", ""): Probe(
        _open_round(lambda scene: {"target": "scoring"}),
        (POST,),
        # Not the chair: they see the round and may close it, so opening scoring is
        # refused with a message (tests/products), which tells them nothing new.
        (*ROUND_OUTSIDERS, "official", "seated-member"),
        "center-staff",
    ),
    ("products:round_criteria", ""): Probe(
        _open_round(lambda scene: {"action": "group_save", "name": "Nhóm mới", "max_points": "5"}),
        BOTH,
        (
            *ROUND_OUTSIDERS,
            # they read the score sheet; only staff change it
            ("official", (POST,)),
            ("seated-member", (POST,)),
            ("chair", (POST,)),
        ),
        "center-staff",
    ),
    ("products:council_add", ""): Probe(
        _round_to_seat,
        (POST,),
        ROUND_STAFF_ACTION,
        "center-staff",
    ),
    ("products:council_remove", ""): Probe(
        _round_child("member_id"), (POST,), ROUND_STAFF_ACTION, "center-staff", child="member_id"
    ),
    ("products:entry_add", ""): Probe(
        _round_to_enter,
        (POST,),
        ROUND_STAFF_ACTION,
        "center-staff",
    ),
    ("products:entry_detail", ""): Probe(
        _round_child("entry_id"), (GET,), ROUND_OUTSIDERS, "seated-member", child="entry_id"
    ),
    ("products:entry_remove", ""): Probe(
        _round_child("entry_id"), (POST,), ROUND_STAFF_ACTION, "center-staff", child="entry_id"
    ),
    ("products:score_sheet", ""): Probe(
        _scoring_round(_sheet_form),
        BOTH,
        # staff run the round but do not score; a secretary sits but does not score
        (*ROUND_OUTSIDERS, "official", "center-staff", "seated-secretary"),
        "seated-member",
        child="entry_id",
    ),
    ("products:conflict", ""): Probe(
        _scoring_round(lambda scene: {"note": "Người nhà của chủ cơ sở"}),
        (POST,),
        (*ROUND_OUTSIDERS, "official", "center-staff", "seated-secretary"),
        "seated-member",
        child="entry_id",
    ),
    ("products:awards", ""): Probe(
        _round_to_award,
        (POST,),
        (*ROUND_OUTSIDERS, "official", "seated-member"),
        "chair",
    ),
    ("products:publish", ""): Probe(
        _round_to_publish, (POST,), (*ROUND_STAFF_ACTION, "deactivated-staff"), "center-staff"
    ),
    ("products:complaint_record", ""): Probe(
        _published_round, (POST,), ROUND_STAFF_ACTION, "center-staff"
    ),
    ("products:complaint_answer", ""): Probe(
        _complaint,
        (POST,),
        (*ROUND_OUTSIDERS, "official", "seated-member"),
        "chair",
    ),
    ("products:certificate_pdf", ""): Probe(
        _certificate(), (GET,), (*ROUND_OUTSIDERS, "seated-member"), "official"
    ),
    ("products:certificate_revoke", ""): Probe(
        _certificate(lambda: {"reason": "Vi phạm chất lượng"}),
        (POST,),
        (*ROUND_OUTSIDERS, "official", "seated-member"),
        "center-staff",
    ),
    ("products:certificate_nominate", ""): Probe(
        _certificate_to_nominate,
        (POST,),
        (*ROUND_OUTSIDERS, "official", "seated-member"),
        "center-staff",
    ),
    # reports: another official's jobs
    ("reports:job_detail", ""): Probe(_job(), (GET,), REPORT_OUTSIDERS, "owner"),
    ("reports:job_status", ""): Probe(_job(), (GET,), REPORT_OUTSIDERS, "owner"),
    ("reports:job_cancel", ""): Probe(_job(), (POST,), REPORT_OUTSIDERS, "owner"),
    ("reports:job_retry", ""): Probe(_job("failed"), (POST,), REPORT_OUTSIDERS, "owner"),
    ("reports:job_download", ""): Probe(_job("done", done=True), (GET,), REPORT_OUTSIDERS, "owner"),
    # notifications: another person's
    ("notifications:open", ""): Probe(
        _notification,
        (POST,),
        ("anonymous", "collaborator-in-area", "official", "council-member", "center-staff"),
        "owner",
    ),
    ("reports:measure_edit", ""): Probe(_measure, BOTH, NOT_STAFF_COUNCIL, "center-staff"),
    ("reports:job_create", "staff-only kind"): Probe(
        _staff_only_report,
        (POST,),
        ("anonymous", "collaborator-in-area", "council-member", "official"),
        "center-staff",
    ),
    # documents: officials read issued papers about plans; everything else is staff's
    ("documents:detail", ""): Probe(_paper(), (GET,), ROUND_OUTSIDERS, "official"),
    ("documents:detail", "draft"): Probe(
        _paper(status="draft"), (GET,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("documents:docx", ""): Probe(_paper(), (GET,), ROUND_OUTSIDERS, "official"),
    ("documents:docx", "draft"): Probe(
        _paper(status="draft"), (GET,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("documents:pdf", ""): Probe(_paper(pdf=True), (GET,), ROUND_OUTSIDERS, "official"),
    ("documents:signed", ""): Probe(_paper(signed=True), (GET,), ROUND_OUTSIDERS, "official"),
    ("documents:issue", ""): Probe(_paper_to_issue, BOTH, NOT_STAFF_COUNCIL, "center-staff"),
    ("documents:void", ""): Probe(_paper_to_void, (POST,), NOT_STAFF_COUNCIL, "center-staff"),
    ("documents:discard", ""): Probe(
        _paper(status="draft"), (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("documents:attach_signed", ""): Probe(
        _paper_to_sign, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("documents:for_object", ""): Probe(_papers_of("plan"), (GET,), ROUND_OUTSIDERS, "official"),
    ("documents:for_object", "project"): Probe(
        _papers_of("project"), (GET,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("documents:draft_create", ""): Probe(_paper_draft, (POST,), NOT_STAFF_COUNCIL, "center-staff"),
    ("documents:template_download", "uploaded"): Probe(
        _template(uploaded=True), (GET,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("documents:template_upload", ""): Probe(
        _template(), (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    # API clients: staff issue and revoke them
    ("api_clients:revoke", ""): Probe(_api_client, BOTH, NOT_STAFF_COUNCIL, "center-staff"),
    # representative links and corrections: staff decide
    ("establishments:representative_decide", ""): Probe(
        _pending_link, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    ("establishments:proposal_decide", ""): Probe(
        _pending_proposal, (POST,), NOT_STAFF_COUNCIL, "center-staff"
    ),
    # the establishment's own portal
    ("selfservice:establishment", ""): Probe(_mine(), (GET,), NOT_MINE, "representative"),
    ("selfservice:propose", ""): Probe(_mine(_proposal_form), BOTH, NOT_MINE, "representative"),
    ("selfservice:request_list", ""): Probe(_mine(), (GET,), NOT_MINE, "representative"),
    ("selfservice:request_create", ""): Probe(
        _mine(_request_form), BOTH, NOT_MINE, "representative"
    ),
    ("selfservice:project_list", ""): Probe(_mine(), (GET,), NOT_MINE, "representative"),
    ("selfservice:product_list", ""): Probe(_mine(), (GET,), NOT_MINE, "representative"),
    ("selfservice:request_detail", ""): Probe(_my_request(), (GET,), NOT_MINE, "representative"),
    ("selfservice:request_answer", ""): Probe(
        _my_request(lambda: {"note": "Máy cũ đã hỏng từ năm ngoái"}),
        (POST,),
        NOT_MINE,
        "representative",
    ),
    ("selfservice:project_detail", ""): Probe(_my_project(), (GET,), NOT_MINE, "representative"),
    ("selfservice:progress_submit", ""): Probe(
        _my_project(data=_progress_form), (POST,), NOT_MINE, "representative"
    ),
    ("selfservice:followup", ""): Probe(
        _my_followup, BOTH, NOT_MINE, "representative", child="establishment_id"
    ),
    ("selfservice:document", ""): Probe(_my_paper, (GET,), NOT_MINE, "representative"),
    # localities: reference data every signed-in user reads; only the login wall applies
    ("localities:unit_detail", ""): Probe(
        _province, (GET,), ("anonymous",), "collaborator-in-area"
    ),
}

# Patterns with arguments that have no probe here, and why.
EXEMPT_NAMESPACES = {
    # Django's admin: only is_staff users pass its login wall; what each staff group may
    # open is the model permissions of accounts/roles.py, checked in test_access_matrix.
    "admin",
    # The data exchange API takes tokens, not sessions: its object probes send each
    # scope's token (tests/security/test_api_probes.py, with its own completeness test).
    "api",
}


# --- running a probe ----------------------------------------------------------------------


def _outsider_cases() -> list:
    cases = []
    for (name, variant), probe in PROBES.items():
        for spec in probe.outsiders:
            kind, methods = spec if isinstance(spec, tuple) else (spec, probe.methods)
            label = f"{name}[{variant}]" if variant else name
            cases.append(pytest.param(name, variant, kind, methods, id=f"{label}-{kind}"))
    return cases


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _send(client: Client, method: str, url: str, data: dict):
    # Every POST says it has been confirmed: the check-your-answers page (core.confirm)
    # writes nothing, so the probe goes past it to the step itself.
    response = client.get(url) if method == GET else client.post(url, {**data, "confirmed": "1"})
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)  # reading to the end closes the file
    return response


def _tables():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in PROJECT_APPS
    ]


def _counts(tables) -> dict:
    """Row counts of all the tables in one query."""
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {i}, COUNT(*) FROM {quote(model._meta.db_table)}" for i, model in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {tables[i]._meta.label: count for i, count in cursor.fetchall()}


def _state(media: Path) -> dict:
    """Every row of every project table (history and many-to-many tables included):
    its count, and a hash of its rows where it has any (an empty table can only change
    by its count). Also the files stored under the media root."""
    tables = _tables()
    state = _counts(tables)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in tables:
            label = model._meta.label
            # Localities: 25,000 reference rows no view writes; their count is enough.
            if state[label] and model._meta.app_label != "localities":
                table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
                cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")
                rows = repr(cursor.fetchall()).encode()
                state[label] = (state[label], hashlib.sha256(rows).hexdigest())
    state["<media files>"] = sorted(
        (str(path.relative_to(media)), path.stat().st_size)
        for path in media.rglob("*")
        if path.is_file()
    )
    return state


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(
        label for label in before.keys() | after.keys() if before.get(label) != after.get(label)
    )


@pytest.fixture
def media(settings, tmp_path):
    """A media root of this test's own: what it stores is all it sees."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def _refused(response, *, user, name: str, allowed: tuple[int, ...], label: str) -> None:
    if (user is None or not user.is_active) and name not in PUBLIC:
        assert response.status_code == 302, f"{label}: {response.status_code}"
        login = reverse("accounts:login")
        assert response["Location"].startswith(login), f"{label}: {response['Location']}"
        return
    want = " or ".join(map(str, allowed))
    assert response.status_code in allowed, f"{label}: answered {response.status_code}, not {want}"


def _probe(probe: Probe, name: str, kwargs: dict, *, user, methods, data, capture, label):
    """Send each method as `user`: each must be refused, and nothing may change."""
    client = _client(user)
    url = reverse(name, kwargs=kwargs)
    mail.outbox.clear()
    before = _state(settings.MEDIA_ROOT)
    with capture() as callbacks:
        for method in methods:
            response = _send(client, method, url, data())
            _refused(
                response,
                user=user,
                name=name,
                allowed=probe.refused_with,
                label=f"{label}: {method} {url}",
            )
    changed = _changed(before, _state(settings.MEDIA_ROOT))
    assert not changed, f"{label}: {url} changed {changed}"
    assert not callbacks, f"{label}: {url} scheduled {len(callbacks)} task(s) on commit"
    assert not mail.outbox, f"{label}: {url} sent mail"


@pytest.mark.usefixtures("media")
@pytest.mark.parametrize(("name", "variant", "kind", "methods"), _outsider_cases())
def test_an_outsider_gets_404_and_changes_nothing(
    name, variant, kind, methods, django_capture_on_commit_callbacks
):
    probe = PROBES[name, variant]
    scene = probe.build()
    _probe(
        probe,
        name,
        scene.kwargs,
        user=PEOPLE[kind](scene),
        methods=methods,
        data=scene.data,
        capture=django_capture_on_commit_callbacks,
        label=f"{kind} on {name}",
    )


@pytest.mark.usefixtures("media")
@pytest.mark.parametrize(
    ("name", "variant"),
    [key for key, probe in PROBES.items() if probe.child],
    ids=[name for (name, _variant), probe in PROBES.items() if probe.child],
)
def test_an_id_nested_under_another_object_is_404(
    name, variant, django_capture_on_commit_callbacks
):
    """Someone who may reach the first object asks for a child of another one: the URL
    must not let the first object's permission open the second's child."""
    probe = PROBES[name, variant]
    mine, other = probe.build(), probe.build()
    _probe(
        probe,
        name,
        {**mine.kwargs, probe.child: other.kwargs[probe.child]},
        user=PEOPLE[probe.insider](mine),
        methods=probe.methods,
        data=mine.data,
        capture=django_capture_on_commit_callbacks,
        label=f"{probe.insider} on {name} with another object's {probe.child}",
    )


@pytest.mark.parametrize(
    ("name", "variant"),
    [key for key, probe in PROBES.items() if probe.insider],
    ids=[f"{n}[{v}]" if v else n for (n, v), probe in PROBES.items() if probe.insider],
)
def test_an_insider_reaches_what_the_outsiders_were_refused(name, variant, media):
    """The probe's object and POST are real: someone who may act opens it and the POST
    changes the database. Without this, a 404 could come from a broken builder."""
    probe = PROBES[name, variant]
    scene = probe.build()
    user = PEOPLE[probe.insider](scene)
    client = _client(user)
    url = reverse(name, kwargs=scene.kwargs)
    for method in probe.methods:
        before = _state(media)
        response = _send(client, method, url, scene.data())
        label = f"{probe.insider} {method} {url}"
        if method == GET:
            assert response.status_code == 200, f"{label}: {response.status_code}"
        else:
            assert response.status_code in (200, 302), f"{label}: {response.status_code}"
            assert _changed(before, _state(media)), f"{label} changed nothing: check the probe"


def test_a_collaborator_of_the_area_sees_the_project_papers_but_not_its_settlement(client):
    """Settlement papers are money: the project page does not list them to whom the
    money tab is closed, while the contract stays theirs to read."""
    contract = _project_document("contract")()
    project = Project.objects.get(pk=contract.kwargs["pk"])
    settlement = project.documents.create(
        kind="settlement",
        title="Hồ sơ quyết toán",
        uploaded_by=UserFactory(),
        file=SimpleUploadedFile("quyet-toan.pdf", b"%PDF-1.4 test"),
    )
    client.force_login(_collaborator_in(HERE))
    page = client.get(project.get_absolute_url()).content.decode()
    assert reverse("projects:document_download", kwargs=contract.kwargs) in page
    hidden = reverse("projects:document_download", args=[project.pk, settlement.pk])
    assert hidden not in page
    assert "Hồ sơ quyết toán" not in page
    client.force_login(_official())
    assert hidden in client.get(project.get_absolute_url()).content.decode()


# --- every URL with an object argument has a probe ------------------------------------------


def _patterns_with_arguments(patterns, prefix="", exempt=False):
    """(name, argument names, exempt) of every pattern, walking includes."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            yield from _patterns_with_arguments(
                pattern.url_patterns,
                f"{prefix}{namespace}:" if namespace else prefix,
                exempt or namespace in EXEMPT_NAMESPACES,
            )
        elif isinstance(pattern, URLPattern):
            arguments = tuple(pattern.pattern.regex.groupindex) or tuple(
                range(pattern.pattern.regex.groups)
            )
            if arguments:
                yield f"{prefix}{pattern.name or pattern.lookup_str}", arguments, exempt


def test_every_url_with_an_object_argument_has_a_probe():
    found = {
        name: arguments
        for name, arguments, exempt in _patterns_with_arguments(get_resolver().url_patterns)
        if not exempt
    }
    probed = {name for name, _variant in PROBES}
    for (name, variant), probe in PROBES.items():
        kinds = {spec if isinstance(spec, str) else spec[0] for spec in probe.outsiders}
        assert "anonymous" in kinds, f"{name} [{variant}]: probe the anonymous visitor too"
        # Only public pages of unpublished objects have no one who may open them.
        assert probe.insider or name in PUBLIC, f"{name} [{variant}]: who may reach it?"
    missing = sorted(found.keys() - probed)
    assert not missing, f"add object probes for these URLs: {missing}"
    for (name, variant), probe in PROBES.items():
        if name not in found:
            assert variant == "ids in the body", f"the probe of {name} names no URL"
            continue
        scene_arguments = set(found[name])
        assert probe.methods, name
        if probe.child:
            assert probe.child in scene_arguments, f"{name}: no argument {probe.child}"


def test_the_admin_and_the_token_api_are_the_only_exempt_namespaces():
    exempt = {
        name.split(":")[0]
        for name, _arguments, is_exempt in _patterns_with_arguments(get_resolver().url_patterns)
        if is_exempt
    }
    assert exempt == EXEMPT_NAMESPACES == {admin.site.name, "api"}


# --- private files ------------------------------------------------------------------------

# Every file field of the project -> the probe of the view that serves it.
FILE_VIEWS = {
    "establishments.SupportRequestPhoto.image": ("establishments:request_photo", ""),
    "establishments.FieldVisit.photo": ("collaborators:visit_photo", ""),
    "projects.ProjectDocument.file": ("projects:document_download", "contract"),
    "products.ProductPhoto.image": ("products:photo", "uncertified"),
    "products.ProductDocument.file": ("products:document_download", ""),
    "reports.ReportJob.file": ("reports:job_download", ""),
    "documents.Document.docx_file": ("documents:docx", ""),
    "documents.Document.pdf_file": ("documents:pdf", ""),
    "documents.Document.signed_file": ("documents:signed", ""),
    "documents.DocumentTemplate.file": ("documents:template_download", "uploaded"),
}
# Stored, but served by no view at all (the MEDIA_URL test below shows they stay so).
FILES_NOT_SERVED = {
    "collaborators.CollaboratorRoster.document",
    "projects.ProgressReport.photo",
}


def _file_fields() -> set[str]:
    return {
        f"{model._meta.label}.{f.name}"
        for model in _tables()
        for f in model._meta.get_fields()
        if isinstance(f, models.FileField)
    }


def test_every_private_file_kind_has_a_permission_checked_view_probed():
    assert _file_fields() == FILE_VIEWS.keys() | FILES_NOT_SERVED
    for key in FILE_VIEWS.values():
        assert key in PROBES, key
        assert PROBES[key].outsiders, key
    # Each kind of private paper the portal keeps is probed: dossiers, decisions, contracts,
    # settlement papers (project documents), product photos of uncertified products,
    # another user's report, score sheets.
    for key in (
        ("projects:document_download", "decision"),
        ("projects:document_download", "settlement papers"),
        ("products:score_sheet", ""),
        ("products:entry_detail", ""),
    ):
        assert key in PROBES, key


def _stored_files():
    """One stored file of every file field of the project, made by the probes' builders."""
    from collaborators.models import CollaboratorRoster
    from projects.models import ProgressReport

    for key in FILE_VIEWS.values():
        PROBES[key].build()
    roster = RosterFactory(year=this_year() + 2)
    roster.document.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.4 qd"))
    project = _project(status="contracted")
    ProgressReport.objects.create(
        project=project,
        period=_today().replace(day=1),
        percent_done=10,
        narrative="Bắt đầu",
        photo=tiny_png(),
        submitted_by=UserFactory(),
    )
    assert CollaboratorRoster.objects.exclude(document="").exists()
    for model in _tables():
        for f in model._meta.get_fields():
            if isinstance(f, models.FileField):
                for row in model._base_manager.exclude(**{f.name: ""}):
                    yield f"{model._meta.label}.{f.name}", getattr(row, f.name)


def test_no_private_file_is_reachable_under_the_media_url(media, make_user):
    seen = set()
    clients = {"anonymous": Client(), "center_staff": _client(make_user(Role.CENTER_STAFF))}
    for label, stored in _stored_files():
        assert (media / stored.name).is_file(), stored.name
        assert stored.url.startswith("/" + settings.MEDIA_URL.lstrip("/")), stored.url
        with pytest.raises(Resolver404):
            resolve(stored.url)
        for who, client in clients.items():
            response = client.get(stored.url)
            assert response.status_code == 404, f"{who} fetched {label} at {stored.url}"
        seen.add(label)
    assert seen == _file_fields()


def _serves_media(patterns) -> list[str]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _serves_media(pattern.url_patterns)
        elif pattern.callback is serve or getattr(pattern.callback, "__wrapped__", None) is serve:
            found.append(str(pattern.pattern))
    return found


def test_no_url_serves_the_media_folder_even_in_debug():
    """`static(settings.MEDIA_URL, ...)` in the URLconf would publish every upload the day
    someone runs with DEBUG on; load a fresh copy of the URLconf with DEBUG on to see."""
    assert not _serves_media(get_resolver().url_patterns)
    spec = importlib.util.find_spec(settings.ROOT_URLCONF)
    with override_settings(DEBUG=True):
        fresh = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(fresh)
    assert not _serves_media(fresh.urlpatterns)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    static_places = [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]
    for place in static_places:
        assert not media_root.is_relative_to(place.resolve()), place
    assert not getattr(settings, "WHITENOISE_ROOT", None)
