"""Uploaded documents live outside the web root and are served only through a view that
checks permission: their storage has no URL."""

from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    # No location given: it follows MEDIA_ROOT, read when first needed (and when a test
    # changes the setting), not when the models are loaded.
    return FileSystemStorage(base_url=None)
