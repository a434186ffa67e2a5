from django.urls import path

from localities import views

app_name = "localities"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("communes.json", views.commune_options, name="commune_options"),
]
