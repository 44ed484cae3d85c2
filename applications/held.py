"""A file chosen in a form that comes back with an error elsewhere is held, so that nothing is
lost: a browser never fills a file field again, and a park manager who mistyped an ID card
number would otherwise have to find and choose the signed consent form a second time without
being told. The form carries a signed note of the held file (only for the person who chose
it, for HELD_HOURS); the nightly purge deletes held files older than that."""

from __future__ import annotations

import datetime
import secrets

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.storage import private_storage
from applications.uploads import check_upload

HELD_HOURS = 24
FOLDER = "held"
_SALT = "applications.held-upload"


def upload_hold(upload, *, by) -> tuple[str, str]:
    """Keep a checked upload for the same person's next try: (signed note, file name). An upload
    that fails its checks is not held (ValidationError): its own message says why."""
    checked = check_upload(upload)
    upload.seek(0)
    path = private_storage().save(f"{FOLDER}/{secrets.token_hex(16)}", upload)
    note = signing.dumps(
        {"path": path, "name": checked.name, "type": checked.content_type, "by": by.pk},
        salt=_SALT,
    )
    return note, checked.name


def _read_note(note: str, *, by) -> dict | None:
    try:
        held = signing.loads(note or "", salt=_SALT, max_age=datetime.timedelta(hours=HELD_HOURS))
    except signing.BadSignature:
        return None
    if held.get("by") != by.pk or not str(held.get("path", "")).startswith(f"{FOLDER}/"):
        return None
    return held


def upload_held(note: str, *, by) -> SimpleUploadedFile | None:
    """The file a note holds, as an upload again; None for a note that is forged, someone
    else's, too old, or whose file is gone."""
    held = _read_note(note, by=by)
    storage = private_storage()
    if held is None or not storage.exists(held["path"]):
        return None
    with storage.open(held["path"], "rb") as stream:
        content = stream.read()
    return SimpleUploadedFile(held["name"], content, content_type=held["type"])


def upload_release(note: str, *, by) -> None:
    """The held file was used (stored where it belongs): delete it now."""
    held = _read_note(note, by=by)
    if held is not None:
        private_storage().delete(held["path"])


def held_prune(now: datetime.datetime | None = None) -> int:
    """Delete held files older than HELD_HOURS (their notes no longer open them)."""
    now = now or timezone.now()
    storage = private_storage()
    if not storage.exists(FOLDER):
        return 0
    deleted = 0
    for name in storage.listdir(FOLDER)[1]:
        path = f"{FOLDER}/{name}"
        if now - storage.get_modified_time(path) > datetime.timedelta(hours=HELD_HOURS):
            storage.delete(path)
            deleted += 1
    return deleted
