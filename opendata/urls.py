from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("projects.csv", views.download_csv, name="csv"),
    path("projects.json", views.download_json, name="json"),
]
