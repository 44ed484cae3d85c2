"""Documents: one checked file stored, replacing the earlier one of its type (and kept as the
person's own, `actions.wallet`); or the applicant's word that a document follows (brought to
the service centre, or not had yet)."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.actions.common import lock_person
from applications.actions.wallet import wallet_keep
from applications.models import Application, Document, DocumentToFollow, Message
from applications.selectors import required_documents
from applications.storage import delete_files_on_commit
from applications.uploads import PreparedUpload, prepare_upload
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
        prepared = upload if isinstance(upload, PreparedUpload) else prepare_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    checked = prepared.checked
    lock_person(application.applicant_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if message is None:
        editable(locked)
    replaced = None
    if document_type is not None:
        # Uploaded after all: what was said instead ("I will bring it") no longer stands.
        DocumentToFollow.objects.filter(application=locked, document_type=document_type).delete()
        replaced = Document.objects.filter(application=locked, document_type=document_type).first()
        if replaced:
            replaced.delete()
            delete_files_on_commit([replaced])
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
    document.file.save(checked.name, prepared.file, save=False)
    try:
        document.save()
    except Exception:
        # Nothing half-stored: no row, no file.
        document.file.storage.delete(document.file.name)
        raise
    if document_type is not None:
        wallet_keep(document)  # kept as the person's own, for their next application
    locked.save(update_fields=["updated_at"])
    return document


@transaction.atomic
def document_to_follow(
    *, application: Application, document_type: DocumentType, reason: str
) -> DocumentToFollow | None:
    """Say that a document the draft needs will be brought to the service centre, or is not
    had yet (`reason`, DocumentToFollow.Reason); an empty reason takes that back. The draft can
    then be sent without it. A document the programmes do not ask for is refused."""
    lock_person(application.applicant_id)  # not while their own documents are copied in
    locked = editable(Application.objects.select_for_update().get(pk=application.pk))
    if document_type not in required_documents(locked):
        raise ValidationError(
            _("The programmes you chose do not ask for this document."), code="not_required"
        )
    if reason and reason not in DocumentToFollow.Reason.values:
        raise ValidationError(_("Choose one of the answers given."), code="invalid")
    if reason and locked.documents.filter(document_type=document_type).exists():
        raise ValidationError(_("This document is uploaded already."), code="uploaded")
    DocumentToFollow.objects.filter(application=locked, document_type=document_type).delete()
    note = None
    if reason:
        note = DocumentToFollow.objects.create(
            application=locked, document_type=document_type, reason=reason
        )
    locked.save(update_fields=["updated_at"])
    return note
