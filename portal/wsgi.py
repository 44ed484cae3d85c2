import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Load the Chinese dictionary now, not on the first search a visitor makes (about 3 s).
from services.search import _jieba  # noqa: E402

_jieba()
