from django.urls import path

from reports import measure_views, views

app_name = "reports"

urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("new/<str:kind>/", views.job_create, name="job_create"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job_retry"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("measures/", measure_views.measure_list, name="measure_list"),
    path("measures/new/", measure_views.measure_edit, name="measure_create"),
    path("measures/<int:pk>/", measure_views.measure_edit, name="measure_edit"),
]
