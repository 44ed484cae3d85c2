from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.core import checks

        from portal.checks import static_files_collected

        checks.register(static_files_collected)

        # Every app's admin registered now (the admin app would do it next, finding it done),
        # so that what an administrator of one jurisdiction may not touch is closed to them
        # whatever loads first: the URLs, a task, a test (portal/admin_scope.py).
        from django.contrib import admin

        from portal import admin_scope

        admin.autodiscover()
        admin_scope.lock_unscoped(admin.site)
