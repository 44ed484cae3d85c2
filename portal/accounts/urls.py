from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from portal.accounts import code_views, reauth, second_factor_views, views
from portal.accounts.forms import NewPasswordForm

app_name = "accounts"

urlpatterns = [
    path("signup/", views.SignUpView.as_view(), name="signup"),
    path("signup/code/", code_views.signup_code, name="signup_code"),
    path("claim/", views.claim, name="claim"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("2fa/", second_factor_views.code_page, name="second_factor"),
    path("2fa/setup/", second_factor_views.setup_page, name="second_factor_setup"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("sms-login/", code_views.login_code, name="login_code"),
    path("sms-login/code/", code_views.login_code_enter, name="login_code_enter"),
    path("phone/confirm/", code_views.phone_confirm, name="phone_confirm"),
    path("phone/confirm/code/", code_views.phone_confirm_code, name="phone_confirm_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/confirm/", reauth.confirm_password, name="confirm_password"),
    path(
        "password/change/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            html_email_template_name="accounts/email/password_reset.html",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path("password/reset/phone/", code_views.password_reset_phone, name="password_reset_phone"),
    path("password/reset/phone/code/", code_views.password_reset_code, name="password_reset_code"),
    path("password/reset/phone/new/", code_views.password_reset_new, name="password_reset_new"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=NewPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
