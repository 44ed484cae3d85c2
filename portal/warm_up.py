"""What a web process loads when it starts (settings.WARM_UP), so no visitor waits for it."""

from django.conf import settings
from django.utils.module_loading import import_string


def warm_up() -> None:
    for name in settings.WARM_UP:
        import_string(name)()
