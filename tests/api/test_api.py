"""The data exchange API as a client's system meets it: tokens, scopes, personal data,
ETags, rate limits, the call log, the schema and its documentation page."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from openapi_spec_validator import validate

from api.models import ApiCallLog
from api.services import api_client_revoke
from tests.api import builders
from tests.factories import (
    EstablishmentFactory,
    ProductFactory,
    UserFactory,
    published_certificate,
)

pytestmark = pytest.mark.django_db


# --- schema and documentation -------------------------------------------------------------


def test_the_schema_is_a_valid_openapi_3_document_of_every_endpoint():
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")
    operations = [(path, method) for path, item in schema["paths"].items() for method in item]
    assert len(operations) == 12  # six resources, a list and a detail each, GET only
    assert {method for _path, method in operations} == {"get"}
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    projects = schema["paths"]["/api/v1/projects/"]["get"]
    assert {"year", "status", "commune", "updated_after", "cursor"} <= {
        p["name"] for p in projects["parameters"]
    }


def test_the_documentation_page_uses_only_our_own_scripts_and_styles():
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<style" not in html
    assert "<script>" not in html
    assert "cdn" not in html.lower()
    assert "https://" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = Client().get("/api/docs/", {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


# --- tokens -------------------------------------------------------------------------------


def test_without_a_token_or_with_a_wrong_one_the_api_answers_401():
    assert Client().get("/api/v1/projects/").status_code == 401
    wrong = Client().get("/api/v1/projects/", HTTP_AUTHORIZATION="Bearer kc_nope")
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_portal_user_does_not_reach_the_api_with_the_session(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/api/v1/projects/").status_code == 401


def test_a_revoked_token_answers_401_on_its_very_next_call(api_for):
    caller = api_for("official")
    assert caller.get("/api/v1/projects/").status_code == 200
    api_client_revoke(actor=UserFactory(role="center_staff"), client=caller.api_client)
    assert caller.get("/api/v1/projects/").status_code == 401


def test_only_the_hash_of_a_token_is_stored(api_for):
    caller = api_for("official")
    caller.api_client.refresh_from_db()
    assert caller.token not in caller.api_client.token_hash
    assert caller.api_client.token_prefix == caller.token[:10]


def test_the_account_behind_a_client_cannot_sign_in_to_the_portal(api_for):
    caller = api_for("center_staff")
    user = caller.api_client.user
    assert not user.is_active
    assert not user.has_usable_password()
    response = Client().post(
        "/accounts/login/", {"username": user.username, "password": caller.token}
    )
    assert response.status_code == 200  # the form again, not a redirect into the portal
    assert "_auth_user_id" not in Client().session


def test_a_collaborator_client_ends_with_the_collaborators_account(api_for):
    caller = api_for("collaborator")
    assert caller.get("/api/v1/establishments/").status_code == 200
    user = caller.api_client.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert caller.get("/api/v1/establishments/").status_code == 401


@override_settings(KHUYENCONG_API_RATE="3/min")
def test_too_many_calls_answer_429_with_retry_after(api_for):
    caller, other = api_for("official"), api_for("official")
    for _ in range(3):
        assert caller.get("/api/v1/plans/").status_code == 200
    refused = caller.get("/api/v1/plans/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert other.get("/api/v1/plans/").status_code == 200  # each client its own budget


def test_every_call_is_logged_with_its_client_status_and_count(api_for):
    caller = api_for("official")
    builders.establishments(3)
    caller.get("/api/v1/establishments/", {"commune": "1"})
    caller.get("/api/v1/establishments/")
    caller.get("/api/v1/establishments/999999999/")
    Client().get("/api/v1/establishments/", HTTP_AUTHORIZATION="Bearer kc_wrong")
    rows = list(ApiCallLog.objects.order_by("id").values_list("client", "status", "result_count"))
    client_id = caller.api_client.pk
    assert rows == [
        (client_id, 200, 0),
        (client_id, 200, 3),
        (client_id, 404, None),
        (None, 401, None),
    ]
    first = ApiCallLog.objects.order_by("id").first()
    assert first.path == "/api/v1/establishments/"
    assert first.query == "commune=1"
    caller.api_client.refresh_from_db()
    assert caller.api_client.last_used_at is not None


# --- answers ------------------------------------------------------------------------------


def test_a_list_answers_results_and_next_and_next_leads_on(api_for):
    builders.establishments(3)
    caller = api_for("official")
    body = caller.get("/api/v1/establishments/", {"page_size": 2}).json()
    assert set(body) == {"results", "next"}
    assert len(body["results"]) == 2
    rest = caller.get(body["next"]).json()
    assert len(rest["results"]) == 1
    assert rest["next"] is None


@pytest.mark.parametrize("path", ["/api/v1/establishments/", "detail"])
def test_an_unchanged_answer_is_304_to_its_etag_and_a_change_gives_a_new_one(path, api_for):
    establishment = builders.establishments(1)[0]
    url = f"/api/v1/establishments/{establishment.pk}/" if path == "detail" else path
    caller = api_for("official")
    first = caller.get(url)
    etag = first["ETag"]
    again = caller.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    establishment.workers = 99
    establishment.save()
    changed = caller.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_filters_by_year_status_commune_and_update_time(api_for):
    import datetime as dt

    from django.utils import timezone

    from projects.models import Project

    old, new = builders.projects(2, grant=False)
    Project.objects.filter(pk=old.pk).update(plan_year=2031, status="approved")
    caller = api_for("center_staff")

    def codes(**params):
        return {row["code"] for row in caller.get("/api/v1/projects/", params).json()["results"]}

    assert codes(year=2031) == {old.code}
    assert codes(status="approved") == {old.code}
    later = timezone.now() + dt.timedelta(seconds=1)
    assert codes(updated_after=later.isoformat()) == set()
    # A change to a part the API shows with the project counts as a change of it.
    line = new.budget_lines.first()
    line.state_support_vnd = 7
    line.save()
    assert codes(updated_after=(later - dt.timedelta(seconds=1)).isoformat()) == {new.code}
    bad = caller.get("/api/v1/projects/", {"updated_after": "yesterday"})
    assert bad.status_code == 400


def test_projects_carry_budget_lines_beneficiaries_and_grant_totals(api_for):
    project = builders.projects(1)[0]
    row = api_for("official").get(f"/api/v1/projects/{project.pk}/").json()
    assert [line["item"] for line in row["budget_lines"]] == ["Máy", "Khuôn"]
    assert row["state_support_total_vnd"] == 120
    assert row["counterpart_total_vnd"] == 55
    assert row["grant"]["amount_vnd"] == 120
    assert row["grant"]["net_paid_vnd"] == 40
    assert len(row["beneficiaries"]) == 2


def test_a_collaborator_client_reads_no_money(api_for):
    project = builders.projects(1)[0]
    row = api_for("collaborator").get(f"/api/v1/projects/{project.pk}/").json()
    assert row["grant"] is None
    assert row["state_support_total_vnd"] == 120  # the budget is on the project page too


# --- personal data ------------------------------------------------------------------------

PERSONAL = ("Nguyễn Văn Bình", "8012345678", "0987654321", "binh@example.vn", "Thôn Đông")


def _everything_about(caller, establishment) -> str:
    product = ProductFactory(photos=[], establishment=establishment)
    published_certificate(product)
    from tests.factories import ProjectFactory

    # Titled after the household, as a project made from a support request is.
    project = ProjectFactory(
        title=f"Máy chà nhám — {establishment.name}", implementing_unit=establishment.name
    )
    project.beneficiaries.add(establishment)
    answers = [
        caller.get(url).content.decode()
        for url in (
            "/api/v1/establishments/",
            f"/api/v1/establishments/{establishment.pk}/",
            "/api/v1/projects/",
            f"/api/v1/projects/{project.pk}/",
            "/api/v1/products/",
            f"/api/v1/products/{product.pk}/",
            "/api/v1/certificates/",
        )
    ]
    return json.dumps([json.loads(a) for a in answers], ensure_ascii=False)


@pytest.mark.parametrize("scope", ["official", "center_staff"])
def test_a_client_without_the_personal_data_right_never_reads_a_households(scope, api_for):
    text = _everything_about(api_for(scope), builders.household())
    for value in PERSONAL:
        assert value not in text, value


def test_a_client_with_the_right_reads_them(api_for):
    text = _everything_about(api_for("official", personal=True), builders.household())
    for value in PERSONAL:
        assert value in text, value


def test_an_organisations_name_and_tax_code_are_not_personal(api_for):
    enterprise = EstablishmentFactory(
        name="Công ty TNHH Mây tre Tân Yên", legal_form="enterprise", tax_code="2400123456"
    )
    row = api_for("official").get(f"/api/v1/establishments/{enterprise.pk}/").json()
    assert row["name"] == "Công ty TNHH Mây tre Tân Yên"
    assert row["tax_code"] == "2400123456"


def test_a_public_client_is_never_given_personal_data():
    from django.core.exceptions import ValidationError

    from api.services import api_client_create

    with pytest.raises(ValidationError):
        api_client_create(
            actor=UserFactory(role="center_staff"),
            name="Cổng dữ liệu mở",
            scope="public",
            personal_data=True,
        )


# --- the command line ---------------------------------------------------------------------


def test_the_command_issues_a_working_token_and_revokes_it():
    out = io.StringIO()
    call_command(
        "api_client",
        "create",
        "Bộ Công Thương",
        "--role",
        "official",
        stdout=out,
        stderr=io.StringIO(),
    )
    token = out.getvalue().strip()
    assert token.startswith("kc_")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert Client().get("/api/v1/plans/", **auth).status_code == 200
    call_command("api_client", "--revoke", "Bộ Công Thương", stdout=io.StringIO())
    assert Client().get("/api/v1/plans/", **auth).status_code == 401


def test_last_use_is_written_once_a_minute_and_every_call_is_logged(api_for):
    import datetime as dt

    from api.models import ApiCallLog
    from api.services import LAST_USE_STEP

    caller = api_for("official")
    caller.get("/api/v1/establishments/")
    caller.api_client.refresh_from_db()
    first = caller.api_client.last_used_at
    caller.get("/api/v1/establishments/")
    caller.api_client.refresh_from_db()
    assert caller.api_client.last_used_at == first
    type(caller.api_client).objects.filter(pk=caller.api_client.pk).update(
        last_used_at=first - LAST_USE_STEP - dt.timedelta(seconds=1)
    )
    caller.get("/api/v1/establishments/")
    caller.api_client.refresh_from_db()
    assert caller.api_client.last_used_at > first
    assert ApiCallLog.objects.filter(client=caller.api_client).count() == 3
