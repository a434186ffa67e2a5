"""Field visits and the monthly report. khuyencong/urls.py serves them under /collaborators/
in the "collaborators" namespace, where they were before visits became part of the register."""

from django.urls import path

from establishments import visit_views

urlpatterns = [
    path("visits/", visit_views.visit_list, name="visit_list"),
    path("visits/new/", visit_views.visit_create, name="visit_create"),
    path("visits/<int:pk>/photo/", visit_views.visit_photo, name="visit_photo"),
    path("my-month/", visit_views.my_month, name="my_month"),
    path("my-month/send/", visit_views.my_month_send, name="my_month_send"),
]
