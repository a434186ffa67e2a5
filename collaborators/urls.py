from django.urls import path

from collaborators import allowance_views, views

app_name = "collaborators"

urlpatterns = [
    path("rosters/", views.roster_list, name="roster_list"),
    path("rosters/<int:pk>/", views.roster_detail, name="roster_detail"),
    path("rosters/<int:pk>/approve/", views.roster_approve, name="roster_approve"),
    path("allowances/", allowance_views.allowance_settings, name="allowance_settings"),
    path("allowances/wages/new/", allowance_views.wage_edit, name="wage_create"),
    path("allowances/wages/<int:pk>/", allowance_views.wage_edit, name="wage_update"),
    path(
        "allowances/rules/new/", allowance_views.allowance_rule_edit, name="allowance_rule_create"
    ),
    path(
        "allowances/rules/<int:pk>/",
        allowance_views.allowance_rule_edit,
        name="allowance_rule_update",
    ),
]
