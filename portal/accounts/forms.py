import re

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

from portal.accounts.actions import password_changed
from portal.accounts.codes import normalize_code
from portal.accounts.phones import normalize_phone, validate_mobile_number
from portal.accounts.reauth import password_right

User = get_user_model()
# The user names of accounts made at the service centre: r + the mobile number.
ASSISTED_USERNAME = re.compile(r"r1[3-9][0-9]{9}")
# The field that shows what is wrong with a new password: the password, not its confirmation.
NEW_PASSWORD = {"signup": "password1", "reset or change": "new_password1"}


class SignUpForm(BaseUserCreationForm):
    """Applicants make their own account; staff accounts are made by an administrator."""

    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_(
            "We send a 6-digit code to it to make sure it is yours. You can sign in with it."
        ),
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
        if ASSISTED_USERNAME.fullmatch(username.lower()):
            raise forms.ValidationError(
                _("Names of the form r + a mobile number are kept for the service centre."),
                code="reserved_username",
            )
        if User._default_manager.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("This user name is taken. Please choose another."), code="unique"
            )
        return username

    def _get_validation_exclusions(self):
        # The number's uniqueness is not checked here (see clean_phone), nor by the model's
        # constraint, whose message would say it; the account is made on the code page.
        return {*super()._get_validation_exclusions(), "phone"}

    def clean_phone(self):
        """Whether the number has an account is not said here: a code is sent to it, or its
        owner is told of the attempt (codes.py); this page answers the same either way."""
        phone = normalize_phone(self.cleaned_data["phone"])
        validate_mobile_number(phone)
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
    """A new password after a reset (link or code): its errors under the new password itself;
    the person is told of it by SMS."""

    def validate_password_for_user(self, user, *args, **kwargs):
        super().validate_password_for_user(user, NEW_PASSWORD["reset or change"])

    def save(self, commit=True):
        user = super().save(commit)
        password_changed(user=user)
        return user


class ChangePasswordForm(PasswordChangeForm):
    """A changed password: its errors under the new password itself; told by SMS. The old
    password is checked as a sign-in would be (reauth.password_right): guesses count towards
    the lockout."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not password_right(self.request, user=self.user, password=old_password):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password

    def validate_password_for_user(self, user, *args, **kwargs):
        super().validate_password_for_user(user, NEW_PASSWORD["reset or change"])

    def save(self, commit=True):
        user = super().save(commit)
        password_changed(user=user)
        return user


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "autofocus": True}
        ),
    )

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        validate_mobile_number(phone)
        return phone


class CodeForm(forms.Form):
    """The six digits of a code sent by SMS; phones offer it from the message itself."""

    code = forms.CharField(
        label=_("The 6-digit code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autofocus": True,
                "data-no-keep": True,  # a code is never kept in the browser (keep-form.js)
            }
        ),
    )

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(_("The code has 6 digits, such as 042917."), code="format")
        return code

    def wrong(self):
        self.add_error(
            "code",
            forms.ValidationError(
                _(
                    "This code is not right, or no longer works. Check the message, or ask "
                    "for a new code."
                ),
                code="wrong",
            ),
        )


class ClaimForm(forms.Form):
    code = forms.CharField(
        label=_("The claim code on your letter"),
        max_length=30,
        help_text=_(
            "10 letters and digits, such as K7QM-2XPA-9D. Dashes and spaces do not matter."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
                "data-no-keep": True,
            }
        ),
    )
