"""API tokens (django-rest-knox): issued on sign-in at the token endpoint, each expiring after
API_TOKEN_DAYS, stored hashed; a person sees and revokes theirs (/accounts/tokens/), and every
one is revoked when the password changes or is reset, when the account is erased, and when an
administrator signs the person out everywhere."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken


def token_issue(*, user) -> tuple[AuthToken, str]:
    """A new token for `user`: the row and the token itself, shown once."""
    return AuthToken.objects.create(user=user, expiry=timedelta(days=settings.API_TOKEN_DAYS))


def tokens_of(*, user):
    """The person's tokens still working, the newest first."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


def token_revoke(*, user, digest: str) -> bool:
    deleted, _ = AuthToken.objects.filter(user=user, digest=digest).delete()
    return bool(deleted)


def tokens_revoke_all(*, user) -> int:
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def sign_out_everywhere(*, user) -> None:
    """Every token revoked and every session of the person ended (the admin's action)."""
    tokens_revoke_all(user=user)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
