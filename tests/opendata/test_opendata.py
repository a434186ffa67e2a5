"""Open data: approved projects and grants, public, in CSV and JSON, live from the plans,
and never a household's personal data."""

import csv
import io
import itertools
import json

import pytest
from django.test import Client
from django.utils import timezone, translation

from accounts.roles import Role
from establishments.content_types import PromotionContent
from funding.models import Grant
from opendata.selectors import COLUMNS
from tests.factories import AllocationFactory, EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db

HOUSEHOLD = {
    "name": "Hộ kinh doanh Trần Thị Hoa",
    "phone": "0912345678",
    "email": "hoa@example.vn",
    "contact_person": "Trần Thị Hoa",
    "address_line": "Thôn Hạ, số 7",
}
TAX_CODE_START = "80987654"  # + two digits: one household per plan
PERSONAL_VALUES = (*HOUSEHOLD.values(), "Trần Thị Hoa", "Thôn Hạ", TAX_CODE_START)
ENTERPRISE = "Hợp tác xã Mây tre Tân Yên"
_codes = itertools.count(1)


def _plan(year: int, *, approve: bool = True):
    """A national plan of `year` with one project supporting a household and a
    cooperative, through the services; approved by an official if `approve`."""
    from funding import plans
    from projects.services import Line, project_appraise, project_create, project_transition

    staff = UserFactory(role=Role.CENTER_STAFF)
    AllocationFactory(year=year, fund_source="national", amount_vnd=1_500_000_000)
    household = EstablishmentFactory(
        legal_form="household_business", tax_code=f"{TAX_CODE_START}{year % 100:02d}", **HOUSEHOLD
    )
    cooperative = EstablishmentFactory(name=ENTERPRISE, legal_form="cooperative")
    project = project_create(
        actor=staff,
        code=f"QG-OD-{next(_codes):03d}",
        # Titled after the household, as a project made from a support request is.
        title=f"Hỗ trợ máy đan mây tự động — {HOUSEHOLD['name']}",
        plan_year=year,
        fund_source="national",
        content_type="machinery",
        implementing_unit=HOUSEHOLD["name"],
        beneficiaries=[household, cooperative],
        site_communes=[household.commune],
        budget_lines=[Line("Máy đan", 280_000_000, 400_000_000)],
    )
    project_transition(actor=staff, project=project, target="submitted")
    project_appraise(
        actor=staff,
        project=project,
        appraised_on=timezone.localdate(),
        score=85,
        recommendation="approve",
        summary="Đạt",
    )
    plan = plans.plan_create(actor=staff, year=year, fund_source="national")
    plans.plan_add_item(actor=staff, plan=plan, project=project)
    plans.plan_submit(actor=staff, plan=plan)
    if approve:
        plans.plan_approve(
            actor=UserFactory(role=Role.OFFICIAL),
            plan=plan,
            decision_number="45/QĐ-UBND",
            decision_date=timezone.localdate(),
        )
    return project


def _csv(**params) -> list[dict]:
    response = Client().get("/opendata/projects.csv", params)
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _json(**params) -> list[dict]:
    response = Client().get("/opendata/projects.json", params)
    assert response.status_code == 200
    assert response.streaming
    return json.loads(b"".join(response.streaming_content))


def test_no_column_of_the_csv_or_json_holds_a_households_personal_data():
    project = _plan(2061)
    _plan(2062)
    for rows in (_csv(), _csv(year=2061), _json(), _json(year=2061)):
        assert len(rows) in (1, 2)
        for row in rows:
            assert set(row) == {c.key for c in COLUMNS}
            for column, value in row.items():
                for personal in PERSONAL_VALUES:
                    assert personal not in str(value), f"{personal!r} in column {column}"
    row = _json(year=2061)[0]
    assert row["project_code"] == project.code
    assert row["beneficiary_organisations"] == ENTERPRISE  # an organisation is named
    assert row["household_beneficiaries"] == 1  # a household is counted
    assert row["title"] == "Hỗ trợ máy đan mây tự động — hộ kinh doanh"


def test_a_project_is_published_when_its_plan_is_approved_and_updated_on_settlement():
    project = _plan(2063, approve=False)
    assert _json() == []
    from funding import plans
    from projects.models import AnnualPlan

    plans.plan_approve(
        actor=UserFactory(role=Role.OFFICIAL),
        plan=AnnualPlan.objects.get(year=2063),
        decision_number="12/QĐ-UBND",
        decision_date=timezone.localdate(),
    )
    (row,) = _json()
    assert row["approved_vnd"] == 280_000_000
    assert row["plan_decision"] == "12/QĐ-UBND"
    assert row["settled_vnd"] is None
    with translation.override("vi"):
        assert row["content"] == str(PromotionContent("machinery").label)
    Grant.objects.filter(project=project).update(
        status="settled", settled_vnd=250_000_000, settlement_number="9/QĐ-SCT"
    )
    (row,) = _csv()
    assert row["settled_vnd"] == "250000000"
    assert row["settlement_decision"] == "9/QĐ-SCT"


def test_labels_are_vietnamese_whatever_the_visitors_language():
    _plan(2064)
    client = Client()
    client.cookies["django_language"] = "en"
    rows = json.loads(b"".join(client.get("/opendata/projects.json").streaming_content))
    assert rows[0]["fund_source"] == "Kinh phí khuyến công quốc gia"


def test_the_public_page_lists_the_years_and_explains_every_column():
    _plan(2065)
    response = Client().get("/opendata/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2065" in html
    assert "/opendata/projects.csv?year=2065" in html
    for column in COLUMNS:
        assert f"<code>{column.key}</code>" in html


def test_a_bad_year_is_refused_with_a_message():
    response = Client().get("/opendata/projects.csv", {"year": "2026; DROP"})
    assert response.status_code == 400
