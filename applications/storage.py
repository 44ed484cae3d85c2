"""Uploaded documents live outside the web root and are served only through a view that
checks permission: their storage has no URL."""

from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.http import FileResponse


def private_storage() -> FileSystemStorage:
    # No location given: it follows MEDIA_ROOT, read when first needed (and when a test
    # changes the setting), not when the models are loaded.
    return FileSystemStorage(base_url=None)


def private_file_response(stored):
    """Send a stored document (a row with `file`, `content_type`, `original_name`): always a
    download, of the type found in its content, never sniffed, so a file that is both an image
    and a web page (a "polyglot") never runs in the portal's origin. It opens in the phone's
    own viewer."""
    response = FileResponse(
        stored.file.open("rb"),
        content_type=stored.content_type,
        as_attachment=True,
        filename=stored.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def delete_files_on_commit(rows) -> None:
    """Delete the stored files of these rows (documents, documents of one's own) once the
    transaction that deletes the rows commits; nothing is deleted if it rolls back."""
    names = [(row.file.storage, row.file.name) for row in rows if row.file.name]

    def remove():
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(remove)
