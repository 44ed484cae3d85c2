from django.contrib.auth import password_validation
from django.utils.translation import gettext_noop, ngettext, ngettext_lazy


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with a message that is translated (Django's own Chinese lacks this version)."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


# Django's own messages that our people see, listed so that our catalogue translates them too:
# Django's Chinese addresses the reader as 你, the portal as 您 throughout.
DJANGO_MESSAGES = [
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
]
DJANGO_PLURAL_MESSAGES = [
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
]
