from django.urls import path

from establishments import representative_views, request_views, views

app_name = "establishments"

urlpatterns = [
    path("", views.establishment_list, name="list"),
    path("new/", views.establishment_create, name="create"),
    path("options/", views.establishment_options, name="options"),
    path("<int:pk>/", views.establishment_detail, name="detail"),
    path("<int:pk>/edit/", views.establishment_update, name="update"),
    path("<int:pk>/archive/", views.establishment_archive, name="archive"),
    path("<int:pk>/request/", request_views.request_create, name="request_create"),
    path("verify/", views.establishment_verify, name="verify"),
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("duplicates/merge/", views.establishment_merge, name="merge"),
    path("<int:pk>/not-duplicate/", views.duplicate_clear, name="duplicate_clear"),
    path("export/", views.establishment_export, name="export"),
    path("import/", views.establishment_import_view, name="import"),
    path("representatives/", representative_views.queue, name="representative_queue"),
    path(
        "representatives/<int:pk>/decide/",
        representative_views.decide,
        name="representative_decide",
    ),
    path(
        "proposals/<int:pk>/decide/", representative_views.proposal_decide, name="proposal_decide"
    ),
    path("import/template.xlsx", views.establishment_import_template, name="import_template"),
    path("requests/", request_views.request_list, name="request_list"),
    path("requests/<int:pk>/", request_views.request_detail, name="request_detail"),
    path(
        "requests/<int:pk>/transition/", request_views.request_transition, name="request_transition"
    ),
    path("requests/<int:pk>/comment/", request_views.request_comment, name="request_comment"),
    path(
        "requests/<int:pk>/photos/<int:photo_id>/",
        request_views.request_photo,
        name="request_photo",
    ),
]
