"""What an uploaded document may be: PDF, JPEG or PNG by its content, at most 10 MB, and a
plain file name. Each check refuses with a message the applicant can act on."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_NAME_LENGTH = 120
# Files sent together with one answer to a request for information.
MAX_FILES_AT_ONCE = 10

# The first bytes of each accepted kind of file (its "magic number").
SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int
    sha256: str


def content_type_of(head: bytes) -> str | None:
    for content_type, signatures in SIGNATURES.items():
        if head.startswith(signatures):
            return content_type
    return None


def check_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise ValidationError(_("The file has no name."), code="no_name")
    if "/" in name or "\\" in name or name.startswith(".") or ".." in name:
        raise ValidationError(
            _("The file name may not contain a folder path. Rename the file and try again."),
            code="path_in_name",
        )
    if _CONTROL.search(name):
        raise ValidationError(_("The file name contains invisible characters."), code="bad_name")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        keep = MAX_NAME_LENGTH - len(extension) - 1
        name = (
            f"{stem[:keep]}.{extension}" if dot and len(extension) <= 5 else name[:MAX_NAME_LENGTH]
        )
    return name


def check_upload(upload) -> CheckedUpload:
    """Check an uploaded file (a Django UploadedFile) and describe it; ValidationError if bad."""
    name = check_name(getattr(upload, "name", ""))
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    if size > MAX_BYTES:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s MB; the largest allowed is 10 MB.")
            % {"name": name, "size": round(size / 1024 / 1024, 1)},
            code="too_big",
        )
    upload.seek(0)
    head = upload.read(16)
    content_type = content_type_of(head)
    if content_type is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, JPEG or PNG file. Take a photo or scan of the "
                "document and upload that."
            )
            % {"name": name},
            code="wrong_type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(name=name, content_type=content_type, size=size, sha256=digest.hexdigest())


def check_count(uploads: list, *, maximum: int) -> None:
    """Refuse more files than one post may carry, before any of them is looked at."""
    if len(uploads) <= maximum:
        return
    if maximum == 1:
        message = _(
            "Choose one file for this document. A document of several pages can be one PDF."
        )
    else:
        message = _("You chose %(count)s files; send at most %(maximum)s at once.") % {
            "count": len(uploads),
            "maximum": maximum,
        }
    raise ValidationError(message, code="too_many")
