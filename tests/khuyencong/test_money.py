"""Amounts are typed as an office types them — ASCII digits, grouped by dots or spaces,
perhaps the đồng sign — and nothing else: Python's int() also takes Arabic-Indic and
full-width digits, "1_000" and "+5", which the money forms used to accept."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from collaborators.forms import AllowanceRuleForm, BasicWageForm
from core.forms import MoneyField
from establishments.forms import SupportRequestForm
from establishments.models import SupportRequest
from funding.allowances.forms import LineForm
from funding.forms import AllocationForm, DisbursementForm, RefundForm, SettleForm
from projects.forms import BudgetLineForm, PlanItemForm
from tests.factories import EstablishmentFactory, UserFactory, assign_area, commune, this_year

REFUSED = [
    "\u0661\u0665\u0660\u0660\u0660\u0660",  # Arabic-Indic digits
    "\u06f1\u06f5\u06f0\u06f0\u06f0\u06f0",  # Eastern Arabic-Indic digits
    "\uff11\uff15\uff10\uff10\uff10\uff10\uff10",  # full-width digits
    "1_000",
    "+5",
    "1,500,000",
    "1.5",
    "150.00.000",
    "150 000.000",
    "1 500 000 VND",
    "đ150000",
    "",
]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("150.000.000", 150_000_000),
        ("150 000 000", 150_000_000),
        ("150000000", 150_000_000),
        ("150.000.000 đ", 150_000_000),
        ("150.000.000đ", 150_000_000),
        ("150 000 000 ₫", 150_000_000),
        ("150\u00a0000\u00a0000 ₫", 150_000_000),  # a copied formatted amount
        (" 7 ", 7),
    ],
)
def test_an_amount_typed_as_an_office_types_it_is_read(typed, amount):
    assert MoneyField().clean(typed) == amount


@pytest.mark.parametrize("typed", REFUSED)
def test_anything_else_is_refused_in_vietnamese(typed):
    with pytest.raises(ValidationError) as refused:
        MoneyField().clean(typed)
    assert any(
        word in str(refused.value) for word in ("chỉ dùng chữ số 0-9", "Trường này là bắt buộc")
    )


@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (SupportRequestForm, "estimated_cost_vnd"),
        (BudgetLineForm, "state_support_vnd"),
        (BudgetLineForm, "counterpart_vnd"),
        (PlanItemForm, "amount_vnd"),
        (AllocationForm, "amount_vnd"),
        (DisbursementForm, "amount_vnd"),
        (RefundForm, "amount_vnd"),
        (SettleForm, "settled_vnd"),
        (SettleForm, "counterpart_actual_vnd"),
        (BasicWageForm, "amount_vnd"),
        (AllowanceRuleForm, "fixed_amount_vnd"),
        (LineForm, "amount_vnd"),
    ],
)
def test_every_money_input_is_a_money_field(form_class, field):
    assert isinstance(form_class.base_fields[field], MoneyField)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    ["\u0661\u0662\u0663\u0664\u0665\u0666", "\uff11\uff12\uff13\uff14\uff15\uff16", "1_000", "+5"],
)
def test_a_support_request_with_such_a_cost_is_refused_at_the_field(client, typed):
    # The estimated cost was a plain number field: int() read all of these.
    collaborator = UserFactory(role=Role.COLLABORATOR)
    assign_area(collaborator, [commune("Xã Tân Yên")])
    establishment = EstablishmentFactory(commune=commune("Xã Tân Yên"))
    client.force_login(collaborator)
    response = client.post(
        reverse("establishments:request_create", args=[establishment.pk]),
        {
            "content_type": "machinery",
            "description": "Máy cưa CNC",
            "estimated_cost_vnd": typed,
            "desired_year": str(this_year() + 1),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["estimated_cost_vnd"] == [
        "Nhập số tiền nguyên theo đồng, ví dụ 150.000.000 (chỉ dùng chữ số 0-9)."
    ]
    assert not SupportRequest.objects.exists()


def test_a_budget_line_of_full_width_digits_is_refused():
    form = BudgetLineForm(
        {"item": "Máy", "state_support_vnd": "\uff11\uff10\uff10\uff10", "counterpart_vnd": "0"}
    )
    assert not form.is_valid()
    assert "state_support_vnd" in form.errors
