from django.urls import path

from portal import views

# Included at the root without a namespace: "home", "system_status" and "healthz" are
# the names the other apps and the settings (LOGIN_REDIRECT_URL) use.
urlpatterns = [
    path("", views.home, name="home"),
    path("status/", views.system_status, name="system_status"),
    path("viec-can-lam/", views.work, name="work"),
    path("viec-can-lam/<slug:key>/", views.work_queue, name="work_queue"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon, name="favicon"),
]
