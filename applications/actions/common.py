"""What every action shares: the audit record, and the error that says nothing was done because
somebody acted first."""

from __future__ import annotations

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
