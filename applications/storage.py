"""Uploaded documents live outside the web root and are served only through a view that
checks permission: their storage has no URL."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.MEDIA_ROOT, base_url=None)
