"""Documents: one checked file stored, replacing the earlier one of its type."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application, Document, Message
from applications.uploads import check_upload
from services.models import DocumentType


def editable(application: Application) -> Application:
    if not application.is_draft:
        raise ValidationError(
            _("This application has been sent and can no longer be changed."), code="not_draft"
        )
    return application


@transaction.atomic
def document_upload(
    *,
    application: Application,
    by,
    upload,
    document_type: DocumentType | None = None,
    message: Message | None = None,
) -> Document:
    """Store one checked file; a new upload of the same type replaces the old one.

    A file refused by the check is an error of the field "file"; a sent application, a
    ValidationError of its own (code "not_draft").
    """
    try:
        checked = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if message is None:
        editable(locked)
    replaced = None
    if document_type is not None:
        replaced = Document.objects.filter(application=locked, document_type=document_type).first()
        if replaced:
            replaced.delete()
            transaction.on_commit(lambda: replaced.file.storage.delete(replaced.file.name))
    document = Document(
        application=locked,
        document_type=document_type,
        message=message,
        token=secrets.token_urlsafe(24),
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    document.file.save(checked.name, upload, save=False)
    try:
        document.save()
    except Exception:
        # Nothing half-stored: no row, no file.
        document.file.storage.delete(document.file.name)
        raise
    locked.save(update_fields=["updated_at"])
    return document
