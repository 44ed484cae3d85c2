from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    SetPasswordForm,
)
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from portal.accounts.phones import normalize_phone, validate_mobile_number

User = get_user_model()
# The field that shows what is wrong with a new password: the password, not its confirmation.
NEW_PASSWORD = {"signup": "password1", "reset or change": "new_password1"}


class SignUpForm(BaseUserCreationForm):
    """Applicants make their own account; staff accounts are made by an administrator."""

    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("You can sign in with it. We send reminders to it if you wish."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("Needed only to reset a forgotten password by e-mail."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Each language in its own name, so that whoever reads one finds it: 简体中文, English.
    language = forms.ChoiceField(
        label=_("Language for messages"),
        choices=[
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ],
        initial="zh-hans",
    )

    class Meta:
        model = User
        fields = ["username", "name", "phone", "email", "language"]
        labels = {"name": _("Your name")}
        help_texts = {
            "username": _("Letters, digits and _ . + - only; not only digits, no @."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def validate_password_for_user(self, user, *args, **kwargs):
        """What is wrong with a password shows under it, not under its confirmation."""
        super().validate_password_for_user(user, NEW_PASSWORD["signup"])

    def clean_username(self):
        username = self.cleaned_data["username"]
        if username.isdigit() or "@" in username:
            raise forms.ValidationError(
                _("A user name may not be only digits nor contain @; use your phone to sign in."),
                code="ambiguous_username",
            )
        if User._default_manager.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("This user name is taken. Please choose another."), code="unique"
            )
        return username

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        validate_mobile_number(phone)
        if User._default_manager.filter(phone=phone).exists():
            raise forms.ValidationError(
                _("An account with this mobile number exists. Sign in or reset its password."),
                code="unique",
            )
        return phone

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email and User._default_manager.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address exists. Sign in or reset its password."),
                code="unique",
            )
        return email


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name, mobile number or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name, mobile number, e-mail or password is not right. "
            "Passwords are case-sensitive."
        ),
    }


class NewPasswordForm(SetPasswordForm):
    """A new password after a reset link: its errors under the new password itself."""

    def validate_password_for_user(self, user, *args, **kwargs):
        super().validate_password_for_user(user, NEW_PASSWORD["reset or change"])


class ChangePasswordForm(PasswordChangeForm):
    """A changed password: its errors under the new password itself."""

    def validate_password_for_user(self, user, *args, **kwargs):
        super().validate_password_for_user(user, NEW_PASSWORD["reset or change"])
