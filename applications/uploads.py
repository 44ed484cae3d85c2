"""What an uploaded document may be: PDF, JPEG, PNG or HEIC (a phone's photo) by its content,
at most 10 MB, and a plain file name. Each check refuses with a message the applicant can act
on. A photo is stored as what it shows only: turned upright, at most 2400 pixels a side, without
its metadata (where it was taken) or anything hidden after the picture; HEIC becomes JPEG, which
every browser opens."""

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

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
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/heic": ".heic",
}
# What a file chooser offers (HEIC named too: a phone's browser may not know its type).
ACCEPT = "application/pdf,image/jpeg,image/png,image/heic,image/heif,.heic,.heif"
# HEIF files ("ftyp" at byte 4, then the brand): the photos of most phones sold since 2017.
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
# A photo is kept at most this many pixels on its longer side: a document stays legible.
MAX_SIDE = 2400
# A PNG larger than this after shrinking is kept as a JPEG instead (a photo saved as PNG).
PNG_AS_JPEG_ABOVE = 1_500_000
JPEG_QUALITY = 85
# More pixels than this is no photo from a phone (a "decompression bomb"): refused unread.
MAX_PIXELS = 80_000_000
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
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "image/heic"
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
                "“%(name)s” is not a PDF, JPEG, PNG or HEIC file. Take a photo or scan of "
                "the document and upload that."
            )
            % {"name": name},
            code="wrong_type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        name=named_for(name, content_type),
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
    )


# The extensions a file of each type may keep as it came (the first is given otherwise).
KNOWN_EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/heic": (".heic", ".heif"),
}


def named_for(name: str, content_type: str) -> str:
    """The name a file is stored and downloaded under: with the extension of what it is, found
    from its content ("invoice.html" that is a PDF is "invoice.pdf"), so that no program opens
    it as something else."""
    stem, dot, extension = name.rpartition(".")
    if dot and f".{extension.lower()}" in KNOWN_EXTENSIONS[content_type]:
        return name
    return (stem if dot and stem else name) + EXTENSIONS[content_type]


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


@dataclass(frozen=True)
class PreparedUpload:
    """A checked upload ready to store: the file as it will be kept, and what it is."""

    file: object  # a Django File
    checked: CheckedUpload


def prepare_upload(upload) -> PreparedUpload:
    """Check an upload (`check_upload`) and make a photo what is kept of it: read as an image
    (one that cannot be read is refused), turned upright, shrunk to MAX_SIDE, saved again
    without metadata. A PDF is kept as it came."""
    checked = check_upload(upload)
    if checked.content_type == "application/pdf":
        return PreparedUpload(upload, checked)
    unreadable = ValidationError(
        _(
            "“%(name)s” could not be read as a photo. Take the photo again, or upload a PDF "
            "scan of the document."
        )
        % {"name": checked.name},
        code="unreadable",
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise unreadable
                if image.format == "JPEG":
                    image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decoded at a fraction of its size
                content, content_type = _photo_kept(image, checked.content_type)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        raise unreadable from None
    stem = checked.name.rsplit(".", 1)[0] if "." in checked.name else checked.name
    name = stem + EXTENSIONS[content_type] if content_type != checked.content_type else checked.name
    return PreparedUpload(
        ContentFile(content, name=name),
        replace(
            checked,
            name=name,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        ),
    )


def _photo_kept(image, content_type: str) -> tuple[bytes, str]:
    image.load()  # a truncated or corrupt file fails here
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)  # before any copy
    upright = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    if content_type == "image/png":
        upright.save(out, format="PNG", optimize=True)
        if out.tell() <= PNG_AS_JPEG_ABOVE:
            return out.getvalue(), "image/png"
        out = io.BytesIO()
    if upright.mode in ("RGBA", "LA", "P"):
        # Transparency becomes white paper, not black.
        rgba = upright.convert("RGBA")
        upright = Image.new("RGB", rgba.size, "white")
        upright.paste(rgba, mask=rgba.getchannel("A"))
    elif upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    upright.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), "image/jpeg"
