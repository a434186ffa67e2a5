from django.urls import path

from collaborators import views

app_name = "collaborators"

urlpatterns = [
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/photo/", views.visit_photo, name="visit_photo"),
    path("my-month/", views.my_month, name="my_month"),
    path("rosters/", views.roster_list, name="roster_list"),
    path("rosters/<int:pk>/", views.roster_detail, name="roster_detail"),
    path("rosters/<int:pk>/approve/", views.roster_approve, name="roster_approve"),
]
