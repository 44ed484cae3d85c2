import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()


from portal.checks import static_manifest_problem  # noqa: E402
from portal.warm_up import warm_up  # noqa: E402

# The web server does not run the system checks: it refuses to start itself rather than answer
# 500 on every page.
if problem := static_manifest_problem():
    raise ImproperlyConfigured(problem)

warm_up()
