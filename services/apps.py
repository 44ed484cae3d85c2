from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Catalogue")

    def ready(self):
        from services import public_cache

        public_cache.connect()
