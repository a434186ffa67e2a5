"""The annual plan and the official's inbox. khuyencong/urls.py serves them under /projects/
in the "projects" namespace, where they were before the plan moved to the money."""

from django.urls import path

from funding import inbox_views, plan_views

urlpatterns = [
    path("plans/", plan_views.plan_list, name="plan_list"),
    path("plans/new/", plan_views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/add/", plan_views.plan_add_item, name="plan_add_item"),
    path(
        "plans/<int:pk>/items/<int:item_id>/remove/",
        plan_views.plan_remove_item,
        name="plan_remove_item",
    ),
    path(
        "plans/<int:pk>/items/<int:item_id>/amount/",
        plan_views.plan_change_amount,
        name="plan_change_amount",
    ),
    path("plans/<int:pk>/submit/", plan_views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/adjust/", plan_views.plan_adjust, name="plan_adjust"),
    path("plans/<int:pk>/decide/", plan_views.plan_decide, name="plan_decide"),
    path("inbox/", inbox_views.inbox, name="inbox"),
]
