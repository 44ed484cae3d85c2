import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# What settings.WARM_UP names is loaded now, not on the first request that needs it.
from django.conf import settings  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

for name in settings.WARM_UP:
    import_string(name)()
