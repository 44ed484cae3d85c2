"""Claim letters: the account a park manager made for a returnee who has no phone with them is
handed over with a printed single-use code, valid CLAIM_DAYS (7) days. The returnee types it at
/accounts/claim/ and chooses their own password: nobody else ever knows it. Only a keyed hash
of the code is kept; a new letter for the same account revokes the one before."""

from __future__ import annotations

import hmac
import secrets
import unicodedata
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from portal.accounts.models import AccountClaim

CLAIM_DAYS = 7
# No 0/O, 1/I/L: read off paper and typed on a phone without mistakes (31 symbols, ~50 bits).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10


def _digest(code: str) -> str:
    return salted_hmac("portal.accounts.claims", code).hexdigest()


def normalize_claim_code(value: str) -> str:
    """As typed: case, spaces and dashes do not matter; full-width letters are read (NFKC)."""
    text = unicodedata.normalize("NFKC", value or "").upper()
    return "".join(character for character in text if character.isalnum())


def shown(code: str) -> str:
    """ABCD-EFGH-JK: in groups, as printed."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


@transaction.atomic
def claim_make(*, user, by) -> tuple[str, AccountClaim]:
    """A new claim code for `user` (the one before, if unused, no longer works); the code is
    returned once, to be printed, and never stored."""
    now = timezone.now()
    claims_cancel(user=user)
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    claim = AccountClaim.objects.create(
        user=user,
        digest=_digest(code),
        made_by=by,
        created_at=now,
        expires_at=now + timedelta(days=CLAIM_DAYS),
    )
    return code, claim


def claim_for(code: str) -> AccountClaim | None:
    """The working claim with this code, or None."""
    code = normalize_claim_code(code)
    if len(code) != LENGTH:
        return None
    found = (
        AccountClaim.objects.filter(
            digest=_digest(code),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
            # An account its owner already has in hand (a confirmed number) is not claimed.
            user__phone_verified_at__isnull=True,
        )
        .select_related("user")
        .first()
    )
    if found is None or not hmac.compare_digest(found.digest, _digest(code)):
        return None
    if found.user.has_usable_password():  # the returnee chose a password meanwhile
        return None
    return found


def claims_cancel(*, user) -> None:
    """The account is in its owner's hands (a password set, a number confirmed): no letter
    printed before may take it over."""
    AccountClaim.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())


def may_get_a_letter(user) -> bool:
    """A claim letter is for an account nobody has in hand yet: no password, no number
    confirmed (claim_for refuses the others)."""
    return user.is_active and user.phone_verified_at is None and not user.has_usable_password()


def claim_use(*, claim: AccountClaim) -> bool:
    """Spend the claim (the caller sets the returnee's own password in the same transaction);
    False when it was used meanwhile (two tabs)."""
    taken = AccountClaim.objects.filter(pk=claim.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    return bool(taken)
