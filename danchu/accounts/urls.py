from django.contrib.auth import views as auth_views
from django.urls import path

from danchu.accounts import roles_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("switch-unit/", views.switch_unit, name="switch_unit"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("tokens/", views.token_list, name="tokens"),
    path("2fa/", views.two_factor, name="two_factor"),
    path("roles/", roles_views.role_list, name="roles"),
    path("roles/<int:pk>/revoke/", roles_views.role_revoke, name="role_revoke"),
]
