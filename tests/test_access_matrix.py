"""Every named URL of the project, for every role: the status each one gets.

A URL that is missing here fails `test_every_named_url_is_in_the_matrix`, so each new
page must say who may open it. 404 means "not yours": we never confirm that an object
exists to someone who may not see it.
"""

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib import admin
from django.contrib.auth import get_user
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from establishments.models import FieldVisit, SupportRequestPhoto
from localities.models import AdminUnit, Era, Level
from projects.models import AnnualPlan
from tests.factories import (
    AllocationFactory,
    CollaboratorFactory,
    EstablishmentFactory,
    ProductFactory,
    ProjectFactory,
    RosterFactory,
    SupportRequestFactory,
    UserFactory,
    ensure_support_rules,
    make_round,
    published_certificate,
    seat,
    tiny_png,
)

ROLES = (
    "anonymous",
    "collaborator",
    "official",
    "council_member",
    "center_staff",
    "establishment_user",
)
LOGIN = "login"  # anonymous users are sent to the login page


def everyone(status) -> dict:
    return dict.fromkeys(ROLES, status)


def logged_in(status, *, anonymous=LOGIN) -> dict:
    return {**dict.fromkeys(ROLES, status), "anonymous": anonymous}


def staff_only(status=200) -> dict:
    return {**logged_in(404), "center_staff": status}


def _province() -> dict:
    return {"pk": AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code="24").pk}


# Objects in the province but in nobody's area: only staff (and officials, for the
# register) may open them. In-area access is tested per app.
def _establishment() -> dict:
    return {"pk": EstablishmentFactory().pk}


def _request() -> dict:
    return {"pk": SupportRequestFactory().pk}


def _request_photo() -> dict:
    support_request = SupportRequestFactory()
    photo = SupportRequestPhoto.objects.create(request=support_request, image=tiny_png())
    return {"pk": support_request.pk, "photo_id": photo.pk}


def _representative() -> dict:
    from establishments.models import Representative

    link = Representative.objects.create(
        user=UserFactory(), establishment=EstablishmentFactory(), linked_via="oidc"
    )
    return {"pk": link.pk}


def _proposal() -> dict:
    from establishments.models import ChangeProposal

    proposal = ChangeProposal.objects.create(
        establishment=EstablishmentFactory(), proposed_by=UserFactory(), changes={"workers": 3}
    )
    return {"pk": proposal.pk}


def _contract() -> dict:
    from tests.factories import make_document

    project = ProjectFactory(status="contracted")
    project.beneficiaries.add(EstablishmentFactory())
    return {"pk": make_document(obj=project, code="contract", pdf=True).pk}


def _visit_photo() -> dict:
    visit = FieldVisit.objects.create(
        collaborator=CollaboratorFactory(),
        establishment=EstablishmentFactory(),
        visited_on=dt.date(2026, 1, 5),
        purpose="survey",
        photo=tiny_png(),
    )
    return {"pk": visit.pk}


def _project() -> dict:
    project = ProjectFactory()
    project.beneficiaries.add(EstablishmentFactory())
    return {"pk": project.pk}


def _followup() -> dict:
    from projects.models import Acceptance

    project = ProjectFactory(status="accepted")
    establishment = EstablishmentFactory()
    project.beneficiaries.add(establishment)
    Acceptance.objects.create(
        project=project,
        accepted_on=dt.date(2026, 1, 5),
        minutes_number="01/BB-NT",
        result="passed",
        recorded_by=UserFactory(),
    )
    return {"pk": project.pk, "establishment_id": establishment.pk}


def _plan() -> dict:
    return {"pk": AnnualPlan.objects.create(year=2031, fund_source="local").pk}


def _plan_item() -> dict:
    plan = AnnualPlan.objects.create(year=2031, fund_source="local")
    item = plan.items.create(project=ProjectFactory(), amount_vnd=1)
    return {"pk": plan.pk, "item_id": item.pk}


def _document() -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    project = ProjectFactory()
    project.beneficiaries.add(EstablishmentFactory())
    document = project.documents.create(
        kind="contract",
        title="Hợp đồng",
        uploaded_by=UserFactory(),
        file=SimpleUploadedFile("hop-dong.pdf", b"%PDF-1.4 test"),
    )
    return {"pk": project.pk, "document_id": document.pk}


def _allocation() -> dict:
    return {"pk": AllocationFactory().pk}


def _rule() -> dict:
    from funding.models import SupportRule

    ensure_support_rules()
    return {"pk": SupportRule.objects.first().pk}


def _disbursement() -> dict:
    from funding.models import Disbursement, Grant

    project = ProjectFactory()
    grant = Grant.objects.create(
        project=project,
        allocation=AllocationFactory(),
        plan=AnnualPlan.objects.create(year=2031, fund_source="local"),
        approved_on=dt.date(2031, 1, 5),
        amount_vnd=10,
        project_cost_vnd=10,
        committed_vnd=0,
    )
    staff = UserFactory()
    disbursement = Disbursement.objects.create(
        grant=grant, kind="advance", amount_vnd=1, scheduled_by=staff
    )
    return {"pk": project.pk, "disbursement_id": disbursement.pk}


def _allowance_sheet() -> dict:
    from django.utils import timezone

    from collaborators.models import RosterMembership
    from funding.models import AllowanceLine, AllowanceSheet
    from tests.factories import network_grant

    roster = RosterFactory(year=2031, approved_at=timezone.now())
    membership = RosterMembership.objects.create(roster=roster, collaborator=CollaboratorFactory())
    staff = UserFactory(role="center_staff")
    sheet = AllowanceSheet.objects.create(
        month=dt.date(2031, 1, 1),
        grant=network_grant(2031),
        roster=roster,
        prepared_by=staff,
        prepared_at=timezone.now(),
        total_vnd=702_000,
    )
    line = AllowanceLine.objects.create(
        sheet=sheet,
        membership=membership,
        collaborator=membership.collaborator,
        kind="commune",
        report_status="missing",
        due_vnd=702_000,
        amount_vnd=702_000,
    )
    return {"pk": sheet.pk, "line_id": line.pk}


def _sheet() -> dict:
    return {"pk": _allowance_sheet()["pk"]}


def _wage() -> dict:
    from collaborators.models import BasicWage

    return {"pk": BasicWage.objects.first().pk}


def _allowance_rule() -> dict:
    from collaborators.models import AllowanceRule

    rule = AllowanceRule.objects.create(
        legal_basis="NQ 55/2015", valid_from=dt.date(2016, 1, 1), wage_percent=30
    )
    return {"pk": rule.pk}


def _granted_project() -> dict:
    """An approved project granted less than its budget: its lines may follow the grant."""
    from funding.models import Grant

    project = ProjectFactory(status="approved")
    Grant.objects.create(
        project=project,
        allocation=AllocationFactory(),
        plan=AnnualPlan.objects.create(year=2032, fund_source="local"),
        approved_on=dt.date(2032, 1, 5),
        amount_vnd=10,
        project_cost_vnd=10,
        committed_vnd=0,
    )
    return {"pk": project.pk}


def _roster() -> dict:
    return {"pk": RosterFactory().pk}


# Products and rounds: nobody of the probing roles sits on these rounds or has the
# establishment in their area; council members reach only their own rounds (tested
# with seated members in tests/products).
def _product() -> dict:
    return {"pk": ProductFactory().pk}


def _certified_product() -> dict:
    return {"pk": published_certificate(ProductFactory()).entry.product_id}


def _private_photo() -> dict:
    return {"pk": ProductFactory().photos.first().pk}


def _product_photo() -> dict:
    product = ProductFactory()
    return {"pk": product.pk, "photo_id": product.photos.first().pk}


def _product_document() -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    product = ProductFactory()
    document = product.documents.create(
        kind="quality",
        title="Chứng nhận chất lượng",
        uploaded_by=product.created_by,
        file=SimpleUploadedFile("chat-luong.pdf", b"%PDF-1.4 test"),
    )
    return {"pk": document.pk}


def _round() -> dict:
    return {"pk": make_round().pk}


def _council_seat() -> dict:
    voting_round = make_round()
    return {"pk": voting_round.pk, "member_id": seat(voting_round).pk}


def _entry() -> dict:
    from products.models import Entry

    voting_round = make_round(level="commune")
    product = ProductFactory()
    entry = Entry.objects.create(
        round=voting_round, product=product, group=1, registered_by=product.created_by
    )
    return {"pk": voting_round.pk, "entry_id": entry.pk}


def _complaint() -> dict:
    from django.utils import timezone

    certificate = published_certificate(ProductFactory(), level="provincial")
    complaint = certificate.entry.round.complaints.create(
        complainant="Cơ sở A",
        content="Đề nghị xem xét lại",
        received_on=timezone.localdate(),
        recorded_by=certificate.entry.registered_by,
    )
    return {"pk": complaint.pk}


def _certificate() -> dict:
    return {"pk": published_certificate(ProductFactory()).pk}


def _certificate_token() -> dict:
    return {"token": published_certificate(ProductFactory()).token}


def _report_job() -> dict:
    from reports.models import ReportJob

    job = ReportJob.objects.create(
        kind="period_summary",
        params={"from_year": 2020, "to_year": 2021},
        requested_by=UserFactory(),
    )
    return {"pk": job.pk}


def _notification() -> dict:
    from notifications.models import Notification

    notification = Notification.objects.create(
        recipient=UserFactory(), kind="project_status", event_key="matrix:1", title="x"
    )
    return {"pk": notification.pk}


def _measure() -> dict:
    from reports.models import Measure

    measure = Measure.objects.create(code="matrix_count", name="Số đề án", kind="project_count")
    return {"pk": measure.pk}


def _report_job_done() -> dict:
    from django.core.files.base import ContentFile

    from reports.models import ReportJob

    job = ReportJob(
        kind="period_summary",
        params={"from_year": 2020, "to_year": 2021},
        requested_by=UserFactory(),
        status="done",
        progress=100,
    )
    job.file.save("tong-hop.xlsx", ContentFile(b"PK"), save=False)
    job.save()
    return {"pk": job.pk}


def _paper(**options) -> Callable[[], dict]:
    def build() -> dict:
        from tests.factories import make_document

        return {"pk": make_document(**options).pk}

    return build


def _api_client() -> dict:
    from api.services import api_client_create

    client, _token = api_client_create(
        actor=UserFactory(role="center_staff"), name="Sở Công Thương", scope="official"
    )
    return {"pk": client.pk}


def _api_object(resource: str) -> Callable[[], dict]:
    def build() -> dict:
        if resource == "locality":
            return _province()
        maker = {
            "establishment": _establishment,
            "project": _project,
            "plan": _plan,
            "product": _product,
            "certificate": _certificate,
        }[resource]
        return maker()

    return build


def _paper_object() -> dict:
    from tests.factories import document_plan

    return {"object_type": "plan", "pk": document_plan().pk}


def _paper_draft_create() -> dict:
    return {**_paper_object(), "code": "plan_decision"}


def _paper_kind() -> dict:
    from documents.services import kind_for

    return {"code": kind_for("plan_decision").code}


# The data exchange API takes Bearer tokens, never the portal's session: signed in or
# not, a browser gets 401 (tokens and scopes: tests/api, tests/security/test_api_probes).
API_RESOURCES = ("establishment", "project", "plan", "product", "certificate", "locality")
API_ROWS = {
    **{f"api:{r}-list": (None, everyone(401)) for r in API_RESOURCES},
    **{f"api:{r}-detail": (_api_object(r), everyone(401)) for r in API_RESOURCES},
}

REGISTER = {**logged_in(404), "official": 200, "center_staff": 200}
FIELD = {**logged_in(404), "collaborator": 200, "center_staff": 200}
COLLABORATOR_ONLY = {**logged_in(404), "collaborator": 200}
POST_ONLY = logged_in(405)
MONEY = {**logged_in(404), "official": 200, "center_staff": 200}


# name -> (kwargs factory or None, {role: expected status})
MATRIX: dict[str, tuple[Callable[[], dict] | None, dict]] = {
    "home": (None, everyone(200)),  # the public's front door, a user's own home
    "favicon": (None, everyone(301)),
    "system_status": (None, staff_only()),
    "work": (None, logged_in(200)),
    # Each queue answers only the roles it is for; the others get 404.
    "work_queue": (lambda: {"key": "khoan-chi-cho-duyet"}, staff_only()),
    "healthz": (None, everyone(200)),
    "set_language": (None, everyone(302)),
    "accounts:login": (None, {**everyone(302), "anonymous": 200}),
    "accounts:logout": (None, everyone(405)),  # POST only
    "accounts:password_change": (None, logged_in(200)),
    "accounts:two_factor": (None, logged_in(200)),  # not required here: optional set-up
    "accounts:security": (None, logged_in(200)),
    "accounts:confirm_password": (None, logged_in(200)),
    # No provider is configured here: no provider to start with (tests/accounts/test_oidc.py
    # and tests/integration/test_oidc.py configure them); a callback without a state of
    # this session and a confirmation with nothing waiting go back to the login page.
    "accounts:oidc_start": (None, everyone(404)),
    "accounts:oidc_callback": (None, everyone(302)),
    "accounts:oidc_confirm": (None, everyone(302)),
    "localities:unit_list": (None, logged_in(200)),
    "localities:unit_detail": (_province, logged_in(200)),
    "localities:commune_options": (None, logged_in(200)),
    "admin:index": (None, {**everyone(302), "center_staff": 200}),
    "establishments:list": (None, {**REGISTER, "collaborator": 200}),
    "establishments:create": (None, FIELD),
    # Scoped search: every signed-in role gets an answer, empty where it sees nothing.
    "establishments:options": (None, logged_in(200)),
    "establishments:detail": (_establishment, REGISTER),
    "establishments:update": (_establishment, staff_only()),
    "establishments:request_create": (_establishment, staff_only()),
    "establishments:verify": (None, POST_ONLY),
    "establishments:duplicates": (None, staff_only()),
    "establishments:merge": (None, POST_ONLY),
    "establishments:duplicate_clear": (_establishment, POST_ONLY),
    "establishments:archive": (_establishment, POST_ONLY),
    "establishments:export": (None, staff_only()),
    "establishments:import": (None, staff_only()),
    "establishments:representative_queue": (None, staff_only()),
    "establishments:representative_decide": (_representative, POST_ONLY),
    "establishments:proposal_decide": (_proposal, POST_ONLY),
    "establishments:import_template": (None, staff_only()),
    "establishments:request_list": (None, FIELD),
    "establishments:request_detail": (_request, staff_only()),
    "establishments:request_transition": (_request, POST_ONLY),
    "establishments:request_comment": (_request, POST_ONLY),
    "establishments:request_photo": (_request_photo, staff_only()),
    "collaborators:visit_list": (None, FIELD),
    "collaborators:visit_create": (None, COLLABORATOR_ONLY),
    "collaborators:visit_photo": (_visit_photo, staff_only()),
    "collaborators:my_month": (None, COLLABORATOR_ONLY),
    "collaborators:my_month_send": (None, POST_ONLY),
    "collaborators:allowance_settings": (None, staff_only()),
    "collaborators:wage_create": (None, staff_only()),
    "collaborators:wage_update": (_wage, staff_only()),
    "collaborators:allowance_rule_create": (None, staff_only()),
    "collaborators:allowance_rule_update": (_allowance_rule, staff_only()),
    "collaborators:roster_list": (None, staff_only()),
    "collaborators:roster_detail": (_roster, staff_only()),
    "collaborators:roster_approve": (_roster, POST_ONLY),
    "projects:list": (None, {**logged_in(200), "council_member": 404, "establishment_user": 404}),
    "projects:create": (None, staff_only()),
    "projects:detail": (_project, REGISTER),
    "projects:update": (_project, staff_only()),
    "projects:transition": (_project, POST_ONLY),
    "projects:appraise": (_project, POST_ONLY),
    "projects:from_request": (_request, POST_ONLY),
    "projects:plan_list": (None, {**logged_in(404), "official": 200, "center_staff": 200}),
    "projects:plan_create": (None, POST_ONLY),
    "projects:plan_detail": (_plan, {**logged_in(404), "official": 200, "center_staff": 200}),
    "projects:plan_add_item": (_plan, POST_ONLY),
    "projects:plan_remove_item": (_plan_item, POST_ONLY),
    "projects:plan_change_amount": (_plan_item, POST_ONLY),
    "projects:plan_submit": (_plan, POST_ONLY),
    "projects:plan_adjust": (_plan, POST_ONLY),
    "projects:plan_decide": (_plan, POST_ONLY),
    "projects:inbox": (None, {**logged_in(404), "official": 200}),
    "projects:history_import": (None, staff_only()),
    "projects:document_upload": (_project, POST_ONLY),
    "projects:document_download": (_document, REGISTER),
    "projects:progress_submit": (_project, POST_ONLY),
    "projects:acceptance_record": (_project, POST_ONLY),
    "projects:inspection_record": (_project, POST_ONLY),
    "projects:followup_due": (None, FIELD),
    # An establishment in nobody's area: staff only (the area's collaborator: tests/projects).
    "projects:followup_record": (_followup, staff_only()),
    "funding:ledger": (None, MONEY),
    "funding:allowance_sheet_list": (None, MONEY),
    "funding:allowance_sheet_create": (None, staff_only()),
    "funding:my_allowances": (None, COLLABORATOR_ONLY),
    "funding:allowance_sheet_detail": (_sheet, MONEY),
    "funding:allowance_sheet_recompute": (_sheet, POST_ONLY),
    "funding:allowance_line_edit": (_allowance_sheet, staff_only()),
    "funding:allowance_sheet_approve": (_sheet, staff_only()),
    "funding:allowance_sheet_pay": (_sheet, staff_only()),
    "funding:allowance_sheet_return": (_sheet, staff_only()),
    "funding:allowance_sheet_cancel": (_sheet, staff_only()),
    "funding:allowance_sheet_xlsx": (_sheet, MONEY),
    "funding:allocation_create": (None, staff_only()),
    "funding:allocation_detail": (_allocation, MONEY),
    "funding:allocation_update": (_allocation, staff_only()),
    "funding:rule_list": (None, MONEY),
    "funding:rule_create": (None, staff_only()),
    "funding:rule_update": (_rule, staff_only()),
    "funding:overdue_settlements": (None, MONEY),
    "funding:project_money": (_project, MONEY),
    "funding:disbursement_schedule": (_project, POST_ONLY),
    "funding:disbursement_approve": (_disbursement, POST_ONLY),
    "funding:disbursement_pay": (_disbursement, POST_ONLY),
    "funding:disbursement_cancel": (_disbursement, POST_ONLY),
    "funding:refund_record": (_project, POST_ONLY),
    "funding:counterpart_record": (_project, POST_ONLY),
    "funding:settle": (_project, POST_ONLY),
    "funding:budget_align": (_granted_project, {**MONEY, "official": 404}),
    "reports:job_list": (None, MONEY),
    "reports:dashboard": (None, MONEY),
    "reports:outcomes": (None, MONEY),
    "reports:job_create": (lambda: {"kind": "period_summary"}, POST_ONLY),
    # Another user's job: staff see their colleagues' jobs, an official only their own.
    "reports:job_detail": (_report_job, staff_only()),
    "reports:job_status": (_report_job, staff_only()),
    "reports:job_cancel": (_report_job, POST_ONLY),
    "reports:job_retry": (_report_job, POST_ONLY),
    "reports:job_download": (_report_job_done, staff_only()),
    "notifications:list": (None, logged_in(200)),
    "notifications:preferences": (None, logged_in(200)),
    "notifications:read_all": (None, POST_ONLY),
    "notifications:unread": (None, logged_in(200)),
    # Someone else's notification: 404 for everyone but its recipient.
    "notifications:open": (_notification, POST_ONLY),
    "reports:measure_list": (None, staff_only()),
    "reports:measure_create": (None, staff_only()),
    "reports:measure_edit": (_measure, staff_only()),
    "products:gallery": (None, everyone(200)),
    "products:public_product": (_certified_product, everyone(200)),
    "products:photo": (_private_photo, {**REGISTER, "anonymous": 404}),
    "products:verify": (None, everyone(200)),
    "products:verify_token": (_certificate_token, everyone(200)),
    "products:product_list": (None, logged_in(200)),
    "products:product_create": (None, staff_only()),
    "products:product_detail": (_product, REGISTER),
    "products:product_update": (_product, staff_only()),
    "products:product_identity": (_certified_product, staff_only()),
    "products:photo_add": (_product, POST_ONLY),
    "products:photo_remove": (_product_photo, POST_ONLY),
    "products:document_add": (_product, POST_ONLY),
    "products:document_download": (_product_document, REGISTER),
    "products:round_list": (None, {**REGISTER, "council_member": 200}),
    "products:round_create": (None, staff_only()),
    "products:round_detail": (_round, REGISTER),
    "products:round_transition": (_round, POST_ONLY),
    "products:round_criteria": (_round, REGISTER),
    "products:council_add": (_round, POST_ONLY),
    "products:council_remove": (_council_seat, POST_ONLY),
    "products:entry_add": (_round, POST_ONLY),
    "products:entry_detail": (_entry, REGISTER),
    "products:entry_remove": (_entry, POST_ONLY),
    "products:score_sheet": (_entry, logged_in(404)),  # members of that round only
    "products:conflict": (_entry, POST_ONLY),
    "products:awards": (_round, POST_ONLY),
    "products:publish": (_round, POST_ONLY),
    "products:complaint_record": (_round, POST_ONLY),
    "products:complaint_answer": (_complaint, POST_ONLY),
    "products:certificate_pdf": (_certificate, REGISTER),
    "products:certificate_revoke": (_certificate, POST_ONLY),
    "products:certificate_nominate": (_certificate, POST_ONLY),
    # Official papers: staff do everything; officials read issued papers about plans.
    "documents:register": (None, REGISTER),
    "documents:export": (None, REGISTER),
    "documents:detail": (_paper(), REGISTER),
    "documents:docx": (_paper(), REGISTER),
    "documents:pdf": (_paper(pdf=True), REGISTER),
    "documents:signed": (_paper(signed=True), REGISTER),
    "documents:issue": (_paper(status="draft"), staff_only()),
    "documents:void": (_paper(), POST_ONLY),
    "documents:discard": (_paper(status="draft"), POST_ONLY),
    "documents:attach_signed": (_paper(), POST_ONLY),
    "documents:for_object": (_paper_object, REGISTER),
    "documents:draft_create": (_paper_draft_create, POST_ONLY),
    "documents:templates": (None, staff_only()),
    "documents:template_download": (_paper_kind, staff_only()),
    "documents:template_upload": (_paper_kind, POST_ONLY),
    **API_ROWS,
    "api:schema": (None, everyone(200)),
    "api:docs": (None, everyone(200)),
    "api_clients:list": (None, staff_only()),
    "api_clients:revoke": (_api_client, staff_only()),  # the confirmation page
    # The establishment's own portal: what someone acts for; here nobody acts for these
    # objects, so every role gets 404 (the representative's own: tests/selfservice).
    "selfservice:home": (None, logged_in(200)),
    "selfservice:establishment": (_establishment, logged_in(404)),
    "selfservice:propose": (_establishment, logged_in(404)),
    "selfservice:request_list": (_establishment, logged_in(404)),
    "selfservice:request_create": (_establishment, logged_in(404)),
    "selfservice:project_list": (_establishment, logged_in(404)),
    "selfservice:product_list": (_establishment, logged_in(404)),
    "selfservice:request_detail": (_request, logged_in(404)),
    "selfservice:request_answer": (_request, POST_ONLY),
    "selfservice:project_detail": (_project, logged_in(404)),
    "selfservice:progress_submit": (_project, POST_ONLY),
    "selfservice:followup": (_followup, logged_in(404)),
    "selfservice:document": (_contract, logged_in(404)),
    "opendata:index": (None, everyone(200)),
    "opendata:csv": (None, everyone(200)),
    "opendata:json": (None, everyone(200)),
}


def _named_urls(patterns, namespace="") -> set[str]:
    names = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            if p.namespace == admin.site.name:
                continue  # Django's admin: covered by test_admin_changelists below
            names |= _named_urls(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(f"{namespace}{p.name}")
    return names


def test_every_named_url_is_in_the_matrix():
    names = _named_urls(get_resolver().url_patterns) | {"admin:index"}
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"add these URLs to the access matrix: {missing}"
    stale = sorted(MATRIX.keys() - names)
    assert not stale, f"these matrix rows name no URL: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(name, role, client_for):
    kwargs_factory, expected = MATRIX[name]
    url = reverse(name, kwargs=kwargs_factory() if kwargs_factory else None)
    response = client_for(role).get(url)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    else:
        assert response.status_code == want, f"{role} GET {url}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_changelists(role, client_for):
    """Non-staff never reach the admin; staff see exactly the registers their group allows."""
    client = client_for(role)
    for model, _model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(url)
        if role != "center_staff":
            assert response.status_code == 302, f"{role} reached {url}"
            continue
        user = get_user(client)
        perm = f"{opts.app_label}.view_{opts.model_name}"
        want = 200 if user.has_perm(perm) else 403
        assert response.status_code == want, f"staff {url}"
