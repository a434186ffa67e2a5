from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/", views.two_factor_step, name="two_factor"),
    path("security/", views.security, name="security"),
    path("confirm-password/", views.confirm_password, name="confirm_password"),
]
