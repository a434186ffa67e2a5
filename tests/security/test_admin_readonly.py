"""Every door is a door: what a service guards is read-only in the admin, for everyone.

Each registered model is classified (core/admin_base.py): guarded rows offer no
change form that saves, no history form that saves, no add, no delete, no import; the
registers the admin may still edit save through the portal's services. These tests
post every form the admin shows, as center staff and as a superuser, and compare every
guarded table before and after.
"""

import datetime as dt
import hashlib
from decimal import Decimal
from io import StringIO

import pytest
from axes.models import AccessFailureLog
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.forms import (
    BooleanField,
    CharField,
    ChoiceField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    MultipleChoiceField,
    MultiWidget,
    modelform_factory,
)
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from accounts.roles import Role
from collaborators import services as roster_services
from collaborators.models import CollaboratorRoster, RosterMembership
from core.admin_base import EDITABLE, GUARDED, ViewOnlyHistoryAdmin, classification
from funding import services as funding
from funding.models import DisbursementKind, DisbursementStatus, SupportRule
from localities.selectors import commune_list, configured_province
from projects.models import AnnualPlan, PlanStatus, Project, ProjectStatus
from tests.factories import (
    AllocationFactory,
    CollaboratorFactory,
    ProjectFactory,
    RosterFactory,
    UserFactory,
    ensure_support_rules,
)

pytestmark = pytest.mark.django_db

MILLION = 1_000_000


# --- helpers ----------------------------------------------------------------------------


def _value_pairs(bound_field) -> list[tuple[str, object]]:
    """What a browser would post for this field, unchanged."""
    field, name = bound_field.field, bound_field.html_name
    if field.disabled or getattr(field.widget, "input_type", "") == "file":
        return []
    value = bound_field.value()
    widget = field.widget
    if isinstance(widget, MultiWidget):
        parts = widget.decompress(value) if not isinstance(value, list) else value
        return [(f"{name}_{i}", "" if p is None else p) for i, p in enumerate(parts)]
    if isinstance(field, MultipleChoiceField | ModelMultipleChoiceField):
        return [(name, [str(v) for v in value or []])]
    if getattr(widget, "input_type", "") == "checkbox":
        return [(name, "on")] if value else []
    if isinstance(value, list | tuple):
        return [(name, [str(v) for v in value])]
    return [(name, "" if value is None else value)]


def admin_form_data(response) -> dict:
    """The form of an admin change or history page as the page shows it, inlines too."""
    data: dict = {}
    for bound in response.context["adminform"].form:
        data.update(_value_pairs(bound))
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
        for form in formset.forms:
            for bound in form:
                data.update(_value_pairs(bound))
    return data


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff():
    return UserFactory(role=Role.CENTER_STAFF)


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def grant():
    ensure_support_rules()
    year = timezone.localdate().year + 1
    AllocationFactory(year=year, fund_source="national", amount_vnd=1_000 * MILLION)
    project = ProjectFactory(plan_year=year, fund_source="national", status=ProjectStatus.APPROVED)
    project.budget_lines.create(
        item="Máy", state_support_vnd=200 * MILLION, counterpart_vnd=300 * MILLION
    )
    plan = AnnualPlan.objects.create(
        year=year, fund_source="national", version=1, status=PlanStatus.APPROVED
    )
    official = UserFactory(role=Role.OFFICIAL)
    grant = funding.grant_create(
        actor=official,
        project=project,
        plan=plan,
        amount_vnd=200 * MILLION,
        approved_on=dt.date(year, 1, 10),
    )
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.IN_PROGRESS)
    return grant


def _history_url(obj, record) -> str:
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk, record.history_id],
    )


# --- the findings of the review, one by one ---------------------------------------------


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_a_history_form_cannot_approve_and_pay_a_scheduled_payment(who, request, grant):
    """Four eyes: the payment a staff member scheduled is approved and paid by someone
    else, in the portal. The history form must approve it in nobody's name, nor mark it
    paid."""
    scheduler = UserFactory(role=Role.CENTER_STAFF)
    someone_else = UserFactory(role=Role.CENTER_STAFF)
    payment = funding.disbursement_schedule(
        actor=scheduler, grant=grant, kind=DisbursementKind.ADVANCE, amount_vnd=50 * MILLION
    )
    client = _signed_in(request.getfixturevalue(who))
    url = _history_url(payment, payment.history.latest())
    page = client.get(url)
    assert page.status_code == 200  # the record stays viewable
    data = admin_form_data(page) if page.context and "adminform" in page.context else {}
    for changes in (
        {"status": DisbursementStatus.APPROVED, "approved_by": someone_else.pk},
        {
            "status": DisbursementStatus.PAID,
            "approved_by": someone_else.pk,
            "paid_by": someone_else.pk,
            "paid_on": timezone.localdate().isoformat(),
            "reference": "KB-FORGED",
        },
    ):
        client.post(url, {**data, **changes, "_save": "Revert"})
    payment.refresh_from_db()
    assert payment.status == DisbursementStatus.SCHEDULED
    assert payment.approved_by is None
    assert payment.paid_by is None
    assert payment.reference == ""
    grant.refresh_from_db()
    assert grant.paid_vnd == 0


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_a_history_form_cannot_put_a_paid_payment_back_to_scheduled(who, request, grant):
    staff_member, accountant = (UserFactory(role=Role.CENTER_STAFF) for _ in range(2))
    payment = funding.disbursement_schedule(
        actor=staff_member, grant=grant, kind=DisbursementKind.ADVANCE, amount_vnd=50 * MILLION
    )
    funding.disbursement_approve(actor=accountant, disbursement=payment)
    funding.disbursement_pay(
        actor=accountant, disbursement=payment, paid_on=timezone.localdate(), reference="KB-1"
    )
    client = _signed_in(request.getfixturevalue(who))
    first = payment.history.earliest()  # the scheduled version
    url = _history_url(payment, first)
    page = client.get(url)
    assert page.status_code == 200
    data = admin_form_data(page) if page.context and "adminform" in page.context else {}
    client.post(url, {**data, "_save": "Revert"})
    payment.refresh_from_db()
    assert (payment.status, payment.reference) == (DisbursementStatus.PAID, "KB-1")


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_the_change_form_cannot_edit_a_project_in_progress(who, request):
    """The portal edits drafts and returned projects only; the admin edits none."""
    project = ProjectFactory(status=ProjectStatus.IN_PROGRESS, title="Máy sấy chè")
    project.budget_lines.create(item="Máy", state_support_vnd=100 * MILLION, counterpart_vnd=0)
    client = _signed_in(request.getfixturevalue(who))
    opts = Project._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = admin_form_data(page)
    client.post(
        url,
        {
            **data,
            "title": "Đổi tên sau khi duyệt",
            "plan_year": project.plan_year + 1,
            "fund_source": "national",
            "_save": "Save",
        },
    )
    project.refresh_from_db()
    assert (project.title, project.fund_source) == ("Máy sấy chè", "local")


# --- every model registered in the admin --------------------------------------------------


def _registry() -> list[tuple[type, object]]:
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _guarded() -> list[tuple[type, object]]:
    return [(m, a) for m, a in _registry() if classification(a) == GUARDED]


def _has_history(model_admin) -> bool:
    return isinstance(model_admin, SimpleHistoryAdmin)


def fingerprint() -> dict[str, str]:
    """A hash of every row of every table (history tables too); sessions aside."""
    prints = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table == "django_session":
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            prints[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return prints


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in after if before.get(t) != after[t])


def _other_choice(field, current):
    if isinstance(field, ModelMultipleChoiceField):
        return None
    if isinstance(field, ModelChoiceField):
        other = field.queryset.exclude(pk=current).values_list("pk", flat=True).first()
        return other
    choices = [value for value, _label in getattr(field, "choices", []) if value not in ("", None)]
    others = [value for value in choices if str(value) != str(current)]
    return others[0] if others else None


def _altered(field, value):
    """The value a user bent on a change would type instead."""
    if isinstance(field, ModelChoiceField | ChoiceField):
        return _other_choice(field, value)
    if isinstance(field, BooleanField):
        return not value
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + (MILLION if value >= MILLION else 1)
    if isinstance(value, Decimal):
        return value + 1 if value < 99 else value - 1
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return (value + dt.timedelta(days=1)).isoformat()
    if isinstance(value, str) and isinstance(field, CharField):
        limit = field.max_length or 1_000
        return (value + "X")[-limit:] if value else "X"
    return None


def instance_data(instance) -> dict:
    """Every editable field of the row, each changed to another valid-looking value."""
    form = modelform_factory(type(instance), fields="__all__")(instance=instance)
    data: dict = {}
    for bound in form:
        pairs = dict(_value_pairs(bound))
        if not pairs:
            continue
        value = bound.value()
        new = _altered(bound.field, value)
        if new is None:
            data.update(pairs)
        elif isinstance(bound.field, BooleanField):
            if new:
                data[bound.html_name] = "on"
            else:
                data.pop(bound.html_name, None)
        else:
            data[bound.html_name] = new
    return data


def _sample(model) -> list:
    """A few rows of the model, one per status where it has one."""
    manager = model._default_manager
    names = {f.name for f in model._meta.get_fields()}
    if "status" in names:
        rows = []
        for status in manager.order_by().values_list("status", flat=True).distinct():
            rows.append(manager.filter(status=status).order_by("pk").first())
        return rows[:8]
    return list(manager.order_by("pk")[:3])


def _url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture
def demo(settings, client):
    """The demo data of every app, through its services, plus the sign-in records and
    authenticators the demo does not make (through the sign-in page and two_factor)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import RequestFactory
    from django_otp.oath import totp

    from accounts import two_factor
    from api.services import api_client_create
    from documents import services as documents
    from documents.rendering import default_template_path

    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    user = UserFactory(role=Role.CENTER_STAFF)
    login = reverse("accounts:login")
    client.post(login, {"username": user.username, "password": "correct-horse-battery"})
    client.post(login, {"username": user.username, "password": "wrong password"})
    # The rules come from a data migration, without history: edit one as staff do.
    rule = SupportRule.objects.order_by("pk").first()
    rule.note = "Ghi chú"
    funding.support_rule_save(actor=user, rule=rule)
    # Written by axes only where AXES_ENABLE_ACCESS_FAILURE_LOG is on; made by hand here.
    AccessFailureLog.objects.create(
        username=user.username, ip_address="127.0.0.1", user_agent="test", path_info=login
    )
    # A template version uploaded by the center and one call of the data exchange API.
    kind = documents.kind_for("contract")
    contract = default_template_path("contract").read_bytes()
    documents.template_upload(
        actor=user, kind=kind, file=SimpleUploadedFile("hop-dong.docx", contract)
    )
    _api, token = api_client_create(actor=user, name="Sở Công Thương", scope="official")
    client.get("/api/v1/establishments/", HTTP_AUTHORIZATION=f"Bearer {token}")
    request = RequestFactory().post("/")
    request.session, request.user = SessionStore(), user
    two_factor.grant_sudo(request)
    device = two_factor.start_enrolment(request, user).device
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    two_factor.confirm_enrolment(request, user, f"{token:0{device.digits}d}")


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_no_admin_form_changes_a_guarded_row(who, request, demo):
    """Change, add, delete, bulk delete and every history form of every guarded model,
    posted with each row's values altered: no table changes. (simple-history has no
    revert URL of its own: the history form's POST is the revert.)"""
    actor = request.getfixturevalue(who)
    viewer = _signed_in(UserFactory(is_superuser=True, is_staff=True))
    client = _signed_in(actor)
    problems = []
    for model, _model_admin in _guarded():
        rows = _sample(model)
        if not rows:
            problems.append(f"{model._meta.label}: no row to probe (add one to the demo data)")
            continue
        before = fingerprint()
        for row in rows:
            page = viewer.get(_url(model, "change", row.pk))
            assert page.status_code == 200, (model, row.pk)
            data = {**admin_form_data(page), **instance_data(row), "_save": "Save"}
            answers = [
                client.post(_url(model, "change", row.pk), data),
                client.post(_url(model, "add"), data),
                client.post(_url(model, "delete", row.pk), {"post": "yes"}),
                client.post(
                    _url(model, "changelist"),
                    {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
                ),
            ]
            if _has_history(_model_admin):
                records = list(row.history.order_by("history_date"))
                for record in {records[0], records[-1]}:
                    data = {**instance_data(record.instance), "_save": "Revert"}
                    answers.append(client.post(_history_url(row, record), data))
            problems += [
                f"{model._meta.label} {r.request['PATH_INFO']}: {r.status_code}"
                for r in answers
                if r.status_code >= 500
            ]
        if changed := _changed(before, fingerprint()):
            problems.append(f"{model._meta.label}: the admin changed {changed}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_no_history_form_saves_even_for_an_editable_register(who, request, demo):
    """An editable register is edited through its form and service, never by writing a
    past version back."""
    client = _signed_in(request.getfixturevalue(who))
    problems = []
    for model, model_admin in _registry():
        if classification(model_admin) != EDITABLE or not _has_history(model_admin):
            continue
        pk_name = model._meta.pk.attname
        existing = model._default_manager.values(pk_name)
        records = list(model.history.filter(**{f"{pk_name}__in": existing})[:3])
        if not records:
            problems.append(f"{model._meta.label}: no history to probe")
        before = fingerprint()
        for record in records:
            data = {**instance_data(record.instance), "_save": "Revert"}
            client.post(_history_url(record.instance, record), data)
        if changed := _changed(before, fingerprint()):
            problems.append(f"{model._meta.label}: the history form changed {changed}")
    assert not problems, "\n".join(problems)


def test_history_stays_viewable_and_shows_no_revert(demo, superuser, staff):
    problems = []
    for user in (superuser, staff):
        client = _signed_in(user)
        for model, model_admin in _registry():
            if not _has_history(model_admin) or not user.has_perm(
                f"{model._meta.app_label}.view_{model._meta.model_name}"
            ):
                continue
            pk_name = model._meta.pk.attname
            existing = model._default_manager.values(pk_name)
            record = (
                model.history.filter(**{f"{pk_name}__in": existing})
                .order_by("-history_type", "history_date")  # a change ("~") first
                .first()
            )
            if record is None:
                problems.append(f"{model._meta.label}: no history to look at")
                continue
            row = record.instance
            listing = client.get(_url(model, "history", row.pk))
            assert listing.status_code == 200, (user, model)
            page = client.get(_history_url(row, record))
            assert page.status_code == 200, (user, model)
            assert b'name="_save"' not in page.content, model  # no Revert button
            assert not page.context["adminform"].form.fields, model  # every value as text
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_model_in_the_admin_is_classified():
    """A new admin class that takes neither base fails here, history or not."""
    unclassified = [m._meta.label for m, a in _registry() if classification(a) is None]
    assert not unclassified, f"classify in core/admin_base.py terms: {unclassified}"
    history_that_saves = [
        m._meta.label
        for m, a in _registry()
        if _has_history(a) and not isinstance(a, ViewOnlyHistoryAdmin)
    ]
    assert not history_that_saves
    tracked_without_history_page = [
        m._meta.label
        for m, a in _registry()
        if hasattr(m._meta, "simple_history_manager_attribute") and not _has_history(a)
    ]
    assert not tracked_without_history_page, "a tracked model keeps its history viewable"


def test_guarded_admins_refuse_every_write_even_to_a_superuser(rf, superuser):
    request = rf.get("/admin/")
    request.user = superuser
    for model, model_admin in _guarded():
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        if hasattr(model_admin, "has_import_permission"):
            assert not model_admin.has_import_permission(request), model
        assert "delete_selected" not in model_admin.get_actions(request), model


# Editable registers that carry a state, money or an approval, and why each may be edited.
EDITABLE_WITH_STATE = {
    "funding.SupportRule": "a cap of the law, saved through support_rule_save; grants keep "
    "the cap they were given",
    "collaborators.CollaboratorRoster": "drafts only, through roster_save; the approval is "
    "roster_approve's, and an approved roster is read-only",
    "collaborators.BasicWage": "the wage a decree sets, through basic_wage_save; approved "
    "allowance sheets keep the amounts they were computed with",
    "collaborators.AllowanceRule": "the province's allowance rule, through allowance_rule_save; "
    "approved allowance sheets keep the amounts they were computed with",
}


def test_a_model_with_a_status_money_or_approval_is_guarded():
    def holds_state(model) -> bool:
        return any(
            f.name == "status" or f.name.endswith("_vnd") or f.name.startswith("approved")
            for f in model._meta.concrete_fields
        )

    editable = {m._meta.label for m, a in _registry() if classification(a) == EDITABLE}
    assert {label for label in editable if holds_state(apps.get_model(label))} == set(
        EDITABLE_WITH_STATE
    )


def test_a_support_rule_edited_in_the_admin_goes_through_the_service(staff):
    ensure_support_rules()
    rule = SupportRule.objects.order_by("pk").first()
    client = _signed_in(staff)
    url = _url(SupportRule, "change", rule.pk)
    data = admin_form_data(client.get(url))
    response = client.post(url, {**data, "note": "Theo nghị quyết mới", "_save": "Save"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.note == "Theo nghị quyết mới"
    assert staff.display_name in rule.history.latest().history_change_reason

    refused = client.post(url, {**data, "valid_to": "2000-01-01", "_save": "Save"})
    assert refused.status_code == 200  # the form shows the error
    rule.refresh_from_db()
    assert rule.valid_to != dt.date(2000, 1, 1)


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_an_approved_roster_is_read_only_in_the_admin(who, request):
    """Its communes are the collaborators' areas: neither the decision nor the people
    and communes on it change once approved."""
    collaborator = CollaboratorFactory()
    roster = RosterFactory(approved_at=timezone.now())
    communes = list(commune_list(province=configured_province())[:3])
    membership = RosterMembership.objects.create(roster=roster, collaborator=collaborator)
    membership.communes.set(communes[:1])
    client = _signed_in(request.getfixturevalue(who))
    url = _url(CollaboratorRoster, "change", roster.pk)
    page = client.get(url)
    assert page.status_code == 200
    data = admin_form_data(page)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    client.post(
        url,
        {
            **data,
            "decision_number": "99/QĐ-SCT",
            f"{prefix}-0-communes": [str(c.pk) for c in communes],
            f"{prefix}-0-kind": "district",
            "_save": "Save",
        },
    )
    roster.refresh_from_db()
    membership.refresh_from_db()
    assert roster.decision_number != "99/QĐ-SCT"
    assert membership.kind == "commune"
    assert list(membership.communes.all()) == communes[:1]


def test_a_draft_roster_is_prepared_in_the_admin_through_the_services(staff):
    collaborator = CollaboratorFactory()
    roster = RosterFactory()
    communes = list(commune_list(province=configured_province())[:2])
    client = _signed_in(staff)
    url = _url(CollaboratorRoster, "change", roster.pk)
    page = client.get(url)
    data = admin_form_data(page)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    response = client.post(
        url,
        {
            **data,
            "signed_by": "Phó Giám đốc Sở",
            f"{prefix}-0-collaborator": collaborator.pk,
            f"{prefix}-0-communes": [str(c.pk) for c in communes],
            f"{prefix}-0-kind": "commune",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    roster.refresh_from_db()
    assert (roster.signed_by, roster.approved_at) == ("Phó Giám đốc Sở", None)
    membership = roster.memberships.get()
    assert set(membership.communes.all()) == set(communes)

    roster_services.roster_approve(actor=staff, roster=roster)
    with pytest.raises(ValidationError):
        roster_services.roster_membership_remove(actor=staff, membership=membership)


def test_the_admin_never_shows_an_authenticators_secret_or_backup_codes(superuser, staff):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import two_factor

    device = TOTPDevice.objects.create(user=staff, name=two_factor.AUTHENTICATOR, confirmed=True)
    backup = StaticDevice.objects.create(user=staff, name="backup", confirmed=True)
    backup.token_set.create(token="abcd1234")
    client = _signed_in(superuser)
    assert client.get(_url(TOTPDevice, "config", device.pk)).status_code == 403
    assert client.get(_url(TOTPDevice, "qrcode", device.pk)).status_code == 403
    page = client.get(_url(TOTPDevice, "change", device.pk))
    assert page.status_code == 200
    assert device.key.encode() not in page.content
    page = client.get(_url(StaticDevice, "change", backup.pk))
    assert page.status_code == 200
    assert b"abcd1234" not in page.content
