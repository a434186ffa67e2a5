from django.urls import path

from collaborators import views

app_name = "collaborators"

urlpatterns = [
    path("rosters/", views.roster_list, name="roster_list"),
    path("rosters/<int:pk>/", views.roster_detail, name="roster_detail"),
    path("rosters/<int:pk>/approve/", views.roster_approve, name="roster_approve"),
]
