from django.urls import path

from funding import payment_views, views
from funding.allowances import views as allowance_views

app_name = "funding"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("allocations/new/", views.allocation_create, name="allocation_create"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation_detail"),
    path("allocations/<int:pk>/edit/", views.allocation_update, name="allocation_update"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/new/", views.rule_edit, name="rule_create"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_update"),
    path("overdue-settlements/", views.overdue_settlements, name="overdue_settlements"),
    path("projects/<int:pk>/", views.project_money, name="project_money"),
    path(
        "projects/<int:pk>/disbursements/",
        views.disbursement_schedule,
        name="disbursement_schedule",
    ),
    path(
        "projects/<int:pk>/disbursements/<int:disbursement_id>/approve/",
        payment_views.disbursement_approve,
        name="disbursement_approve",
    ),
    path(
        "projects/<int:pk>/disbursements/<int:disbursement_id>/pay/",
        payment_views.disbursement_pay,
        name="disbursement_pay",
    ),
    path(
        "projects/<int:pk>/disbursements/<int:disbursement_id>/cancel/",
        payment_views.disbursement_cancel,
        name="disbursement_cancel",
    ),
    path("projects/<int:pk>/refunds/", views.refund_record, name="refund_record"),
    path("projects/<int:pk>/counterpart/", views.counterpart_record, name="counterpart_record"),
    path("projects/<int:pk>/settle/", payment_views.settle, name="settle"),
    path("projects/<int:pk>/budget/", payment_views.budget_align, name="budget_align"),
    path("allowances/", allowance_views.sheet_list, name="allowance_sheet_list"),
    path("allowances/new/", allowance_views.sheet_create, name="allowance_sheet_create"),
    path("allowances/mine/", allowance_views.my_allowances, name="my_allowances"),
    path("allowances/<int:pk>/", allowance_views.sheet_detail, name="allowance_sheet_detail"),
    path(
        "allowances/<int:pk>/recompute/",
        allowance_views.sheet_recompute,
        name="allowance_sheet_recompute",
    ),
    path(
        "allowances/<int:pk>/lines/<int:line_id>/",
        allowance_views.line_edit,
        name="allowance_line_edit",
    ),
    path(
        "allowances/<int:pk>/approve/",
        allowance_views.sheet_approve,
        name="allowance_sheet_approve",
    ),
    path("allowances/<int:pk>/pay/", allowance_views.sheet_pay, name="allowance_sheet_pay"),
    path(
        "allowances/<int:pk>/return/", allowance_views.sheet_return, name="allowance_sheet_return"
    ),
    path(
        "allowances/<int:pk>/cancel/", allowance_views.sheet_cancel, name="allowance_sheet_cancel"
    ),
    path("allowances/<int:pk>/xlsx/", allowance_views.sheet_download, name="allowance_sheet_xlsx"),
]
