from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Catalogue")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from services import public_cache
        from services.views import keep_answers_on_sign_in

        public_cache.connect()
        user_logged_in.connect(keep_answers_on_sign_in, dispatch_uid="screener-answers-kept")
