from django.urls import path

from accounts import views
from accounts.oidc import views as oidc_views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/", views.two_factor_step, name="two_factor"),
    path("security/", views.security, name="security"),
    path("confirm-password/", views.confirm_password, name="confirm_password"),
    path("oidc/start/", oidc_views.start, name="oidc_start"),
    path("oidc/callback/", oidc_views.callback, name="oidc_callback"),
    path("oidc/confirm/", oidc_views.confirm, name="oidc_confirm"),
]
