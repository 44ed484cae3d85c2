import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_asgi_application()

# As for WSGI (portal/wsgi.py): what settings.WARM_UP names is loaded now.
from django.conf import settings  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

for name in settings.WARM_UP:
    import_string(name)()
