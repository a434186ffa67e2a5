from django.urls import path

from selfservice import project_views, views

app_name = "selfservice"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.establishment, name="establishment"),
    path("<int:pk>/propose/", views.propose, name="propose"),
    path("<int:pk>/requests/", views.request_list, name="request_list"),
    path("<int:pk>/requests/new/", views.request_create, name="request_create"),
    path("<int:pk>/projects/", project_views.project_list, name="project_list"),
    path("<int:pk>/products/", project_views.product_list, name="product_list"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/answer/", views.request_answer, name="request_answer"),
    path("projects/<int:pk>/", project_views.project_detail, name="project_detail"),
    path("projects/<int:pk>/progress/", project_views.progress_submit, name="progress_submit"),
    path(
        "projects/<int:pk>/results/<int:establishment_id>/",
        project_views.followup,
        name="followup",
    ),
    path("documents/<int:pk>/", project_views.document_file, name="document"),
]
