"""The returnee's documents of their own ("我的材料"): each kind kept once, from any upload,
used again by their drafts while still valid; replaced or deleted by them. A sent application
keeps its own copy, whatever happens here.

Every action here holds the person's row first (`lock_person`), then their drafts'."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from applications.actions.common import lock_person
from applications.models import Application, Document, DocumentToFollow
from applications.selectors import required_documents
from applications.storage import delete_files_on_commit
from applications.uploads import PreparedUpload, prepare_upload
from applications.wallet import WalletDocument, takes_wallet
from services.models import DocumentType


def _copy_file(source, target) -> None:
    """Give `target` (not saved yet) its own copy of `source`'s file."""
    with source.file.open("rb") as content:
        target.file.save(source.original_name, File(content), save=False)


def open_drafts(owner_id: int):
    """The person's own drafts not sent yet. A draft a park manager is filing for them is left
    alone: the manager sees what is brought to the counter, not the person's own documents."""
    return Application.objects.filter(
        applicant_id=owner_id,
        submitted_at__isnull=True,
        filed_by__isnull=True,  # takes_wallet
    ).order_by("pk")


def attach_from_wallet(application: Application, *, today=None) -> list[Document]:
    """Give the draft a copy of each document of the person's own that its programmes ask for,
    is still valid, and the draft has not got yet; what was said instead ("I will bring it")
    no longer stands. Called with the draft's person held (`lock_person`)."""
    if not takes_wallet(application) or not application.is_draft:
        return []
    today = today or timezone.localdate()
    have = set(
        application.documents.filter(document_type__isnull=False).values_list(
            "document_type_id", flat=True
        )
    )
    wanted = [kind.pk for kind in required_documents(application) if kind.pk not in have]
    attached = []
    for own in WalletDocument.objects.filter(
        owner_id=application.applicant_id, document_type_id__in=wanted
    ).select_related("document_type"):
        if not own.is_valid_on(today):
            continue
        copy = Document(
            application=application,
            document_type=own.document_type,
            from_wallet=own,
            token=secrets.token_urlsafe(24),
            original_name=own.original_name,
            content_type=own.content_type,
            size=own.size,
            sha256=own.sha256,
            uploaded_by_id=own.owner_id,
            uploaded_at=own.uploaded_at,
        )
        _copy_file(own, copy)
        copy.save()
        attached.append(copy)
    if attached:
        DocumentToFollow.objects.filter(
            application=application, document_type__in=[copy.document_type for copy in attached]
        ).delete()
    return attached


def _put(*, owner_id: int, document_type: DocumentType, fill, besides: int | None = None):
    """The person's document of this type becomes a new one, filled by `fill(row)`; their
    drafts' copies of the one it replaces follow it, and drafts that lacked it get it."""
    old = WalletDocument.objects.filter(owner_id=owner_id, document_type=document_type).first()
    drafts = open_drafts(owner_id).exclude(pk=besides)
    if old:
        stale = list(Document.objects.filter(from_wallet=old, application__in=drafts))
        delete_files_on_commit([*stale, old])
        Document.objects.filter(pk__in=[copy.pk for copy in stale]).delete()
        old.delete()
    now = timezone.now()
    own = WalletDocument(
        owner_id=owner_id,
        document_type=document_type,
        token=secrets.token_urlsafe(24),
        uploaded_at=now,
    )
    fill(own)
    try:
        own.save()
    except Exception:
        own.file.storage.delete(own.file.name)
        raise
    for draft in drafts:
        attach_from_wallet(draft)
    return own


def wallet_keep(document: Document) -> WalletDocument | None:
    """A document uploaded at the documents step of the person's own draft is also kept as
    their own (the newest of its type), for their next application; not one a park manager
    uploads for them (`takes_wallet`). Called inside the upload's transaction, with the person
    held."""

    def fill(own):
        own.original_name = document.original_name
        own.content_type = document.content_type
        own.size = document.size
        own.sha256 = document.sha256
        _copy_file(document, own)

    if not takes_wallet(document.application):
        return None
    own = _put(
        owner_id=document.application.applicant_id,
        document_type=document.document_type,
        fill=fill,
        besides=document.application_id,
    )
    document.from_wallet = own
    document.save(update_fields=["from_wallet"])
    return own


@transaction.atomic
def wallet_upload(*, owner, document_type: DocumentType, upload) -> WalletDocument:
    """Add or replace one of the person's own documents from "我的材料". A file refused by the
    check is an error of the field "file"."""
    try:
        prepared = upload if isinstance(upload, PreparedUpload) else prepare_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    lock_person(owner.pk)

    def fill(own):
        checked = prepared.checked
        own.original_name = checked.name
        own.content_type = checked.content_type
        own.size = checked.size
        own.sha256 = checked.sha256
        own.file.save(checked.name, prepared.file, save=False)

    return _put(owner_id=owner.pk, document_type=document_type, fill=fill)


@transaction.atomic
def wallet_delete(*, owner, document: WalletDocument) -> int:
    """Delete one of the person's own documents, and its copies in their unsent drafts. Every
    sent application keeps the copy it was sent with. Returns how many drafts lost theirs."""
    lock_person(owner.pk)
    own = WalletDocument.objects.filter(owner=owner, pk=document.pk).first()
    if own is None:
        return 0  # deleted already (a second tab)
    copies = list(Document.objects.filter(from_wallet=own, application__in=open_drafts(owner.pk)))
    delete_files_on_commit([*copies, own])
    Document.objects.filter(pk__in=[copy.pk for copy in copies]).delete()
    own.delete()
    return len(copies)
