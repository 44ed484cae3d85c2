from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        # Tell the messenger what each kind of notification says.
        from django.core import checks

        from applications import notices, signals  # noqa: F401
        from applications.checks import encryption_keys_read_the_data

        checks.register(encryption_keys_read_the_data)
