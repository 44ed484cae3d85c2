"""What every action shares: the audit record, and the error that says nothing was done because
somebody acted first."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from applications.models import AuditEvent


class StaleAction(ValidationError):
    """Somebody acted on the case after the page was loaded: nothing was done."""


def audit(*, actor, action, application, referral=None, item=None, before=None, after=None):
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        application=application,
        referral=referral,
        item=item,
        before=before or {},
        after=after or {},
    )


def lock_person(user_id: int) -> None:
    """Hold the applicant's own row until the transaction ends: one change at a time to what
    they hold (their documents of their own, their submissions). Taken before any application
    row, by every action that takes both, so two of them never wait on each other."""
    list(get_user_model().objects.select_for_update().filter(pk=user_id).values_list("pk"))
