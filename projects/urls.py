from django.urls import path

from projects import monitoring_views, outcome_views, views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_update, name="update"),
    path("<int:pk>/transition/", views.project_transition, name="transition"),
    path("<int:pk>/appraise/", views.project_appraise, name="appraise"),
    path("from-request/<int:pk>/", views.project_from_request, name="from_request"),
    path("import/", views.history_import, name="history_import"),
    path("<int:pk>/documents/", monitoring_views.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_id>/",
        monitoring_views.document_download,
        name="document_download",
    ),
    path("<int:pk>/progress/", monitoring_views.progress_submit, name="progress_submit"),
    path("<int:pk>/inspections/", monitoring_views.inspection_record, name="inspection_record"),
    path("<int:pk>/acceptance/", monitoring_views.acceptance_record, name="acceptance_record"),
    path("followups/", outcome_views.followup_due, name="followup_due"),
    path(
        "<int:pk>/followups/<int:establishment_id>/",
        outcome_views.followup_record,
        name="followup_record",
    ),
]
