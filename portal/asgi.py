import os

from django.core.asgi import get_asgi_application
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_asgi_application()


from portal.checks import static_manifest_problem  # noqa: E402
from portal.warm_up import warm_up  # noqa: E402

# As in wsgi.py: refuse to start rather than answer 500 on every page.
if problem := static_manifest_problem():
    raise ImproperlyConfigured(problem)

warm_up()
