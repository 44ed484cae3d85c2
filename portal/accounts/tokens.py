"""API tokens (django-rest-knox): issued on sign-in at the token endpoint, each expiring after
API_TOKEN_DAYS, stored hashed; a person sees and revokes theirs (/accounts/tokens/), and every
one is revoked when the password changes or is reset, when the account is erased, and when an
administrator signs the person out everywhere."""

import binascii
from datetime import timedelta
from hmac import compare_digest

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth as knox_auth
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework import exceptions


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


def tokens_prune(*, now=None) -> int:
    """Expired tokens (refused anyway) are deleted at night, not while someone waits."""
    deleted, _ = AuthToken.objects.filter(expiry__lt=now or timezone.now()).delete()
    return deleted


class TokenAuthentication(knox_auth.TokenAuthentication):
    """knox's token check in one query (the token with its person): an expired token is
    refused; the person's other expired tokens are left to `tokens_prune` (knox would read all
    of them on every request)."""

    def authenticate_credentials(self, token):
        token = token.decode("utf-8")
        now = timezone.now()
        for auth_token in AuthToken.objects.filter(
            token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH]
        ).select_related("user"):
            if auth_token.expiry is not None and auth_token.expiry < now:
                continue
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error):
                break
            if compare_digest(digest, auth_token.digest):
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(_("Invalid token."))


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI document describes the portal's token check as knox's own."""

    target_class = "portal.accounts.tokens.TokenAuthentication"
