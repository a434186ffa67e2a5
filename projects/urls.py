from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_update, name="update"),
    path("<int:pk>/transition/", views.project_transition, name="transition"),
    path("<int:pk>/appraise/", views.project_appraise, name="appraise"),
    path("from-request/<int:pk>/", views.project_from_request, name="from_request"),
]
