from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Connect the lockout signal, and the reading of the second factor at sign-in.
        from portal.accounts import second_factor, throttling  # noqa: F401
