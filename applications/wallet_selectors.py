"""What the portal reads of the returnee's documents of their own (我的材料)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from applications.models import Application, WalletDocument


@dataclass(frozen=True)
class WalletRow:
    document: WalletDocument
    valid: bool  # may still serve a new application
    sent: int  # how many sent applications keep a copy of it


def wallet_rows(*, owner, today: datetime.date | None = None) -> list[WalletRow]:
    """The person's own documents, each with whether it is still valid and how many sent
    applications carry a copy. One query."""
    today = today or timezone.localdate()
    documents = (
        WalletDocument.objects.filter(owner=owner)
        .select_related("document_type")
        .annotate(
            sent_copies=Count("copies", filter=Q(copies__application__submitted_at__isnull=False))
        )
        .order_by("document_type__code")
    )
    return [
        WalletRow(document, document.is_valid_on(today), document.sent_copies)
        for document in documents
    ]


def wallet_document_for(*, user, document_id) -> WalletDocument:
    """One of the person's own documents; anyone else's is 404."""
    try:
        return WalletDocument.objects.select_related("document_type").get(
            owner=user, pk=document_id
        )
    except (WalletDocument.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record") from None


def sent_copies(*, document: WalletDocument) -> QuerySet[Application]:
    """The sent applications that keep a copy of this document (and keep it if it is deleted)."""
    return Application.objects.filter(
        submitted_at__isnull=False, documents__from_wallet=document
    ).order_by("-submitted_at")
