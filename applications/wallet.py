"""The returnee's own documents ("我的材料"): each kind kept once, for good, and used again by
every new application while it is still valid. An application keeps its own copy: replacing
or deleting a document here never changes what a department was sent."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.storage import private_storage
from services.models import DocumentType


def last_valid_day(document_type: DocumentType, uploaded_on: datetime.date) -> datetime.date | None:
    """The last day a copy uploaded on `uploaded_on` may serve a new application (the same day
    of the month, `valid_months` later; the month's last day when it has no such day); None when
    the document type does not go out of date."""
    if not document_type.valid_months:
        return None
    return uploaded_on + relativedelta(months=document_type.valid_months)


def takes_wallet(application) -> bool:
    """Whether a draft works with its applicant's own documents: their own drafts do; one a
    park manager files for them does not (the manager sees and gives only what is brought to
    the counter, and never changes the person's own documents)."""
    return application.filed_by_id is None


def _wallet_path(document, filename):
    # The stored name never comes from the user: no path tricks, no clashes.
    return f"wallet/{document.owner_id}/{document.token}"


class WalletDocument(models.Model):
    """One document of the returnee's own, of one type: the newest one they gave."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="wallet",
        verbose_name=_("owner"),
    )
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("document type")
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    file = models.FileField(_("file"), storage=private_storage, upload_to=_wallet_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["document_type__code"]
        verbose_name = _("document of my own")
        verbose_name_plural = _("documents of my own")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "document_type"], name="one_wallet_document_per_type"
            )
        ]

    def __str__(self):
        return self.original_name

    @property
    def valid_until(self) -> datetime.date | None:
        """From the upload day and the type's validity as it is now (an administrator may
        set or change it later)."""
        return last_valid_day(self.document_type, timezone.localdate(self.uploaded_at))

    def is_valid_on(self, day: datetime.date) -> bool:
        last = self.valid_until
        return last is None or day <= last
