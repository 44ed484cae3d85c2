"""Codes sent by SMS: proof that a mobile number is at hand.

A code has six digits, works for PHONE_CODE_MINUTES (5) and once, and is refused after
PHONE_CODE_TRIES wrong tries; only a keyed hash of it is kept (`PhoneCode`). Asking is limited:
one code per number every PHONE_CODE_RESEND_SECONDS, PHONE_CODE_NUMBER_LIMIT per number and
PHONE_CODE_ADDRESS_LIMIT per client address in PHONE_CODE_PERIOD.

What is sent depends on the number; what the asker is told never does, so that nobody learns
whether a number has an account:

| purpose    | the number has a (confirmed) account       | it has none          |
|------------|---------------------------------------------|----------------------|
| sign-up    | no code: its owner is told of the attempt   | a code               |
| sign-in    | a code (a confirmed applicant's number)     | nothing              |
| reset      | a code (a confirmed applicant's number)     | nothing              |
| confirm    | another's: no code, its owner is told | a code (or the asker's own number) |
| new-number | a code to the number a returnee gives at the service centre        |
| counter    | a code to the number of a walk-in returnee without an account      |

Sign-in and reset codes are checked by `backends.PhoneCodeBackend`, through Django's
authenticate(), so that a wrong one counts towards the same lockout as a wrong password.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from portal import sms
from portal.accounts.models import PhoneCode
from portal.accounts.throttling import Wait, client_address

logger = logging.getLogger(__name__)
Purpose = PhoneCode.Purpose
_CODE = re.compile(r"[0-9]{6}")
# The purposes whose code signs a person in (checked by backends.PhoneCodeBackend).
SIGN_IN_PURPOSES = (Purpose.SIGN_IN, Purpose.RESET)


def normalize_code(value: str) -> str:
    """What was typed, as plain digits: full-width ones made plain (NFKC), spaces dropped."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", value or ""))


def is_code(value: str) -> bool:
    return bool(_CODE.fullmatch(normalize_code(value)))


def mask_phone(phone: str) -> str:
    """138****0003: enough for the owner to know which number, not enough to call it."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else phone


def _digest(salt: str, code: str) -> str:
    return f"{salt}${salted_hmac('portal.accounts.codes', f'{salt}:{code}').hexdigest()}"


def _matches(digest: str, code: str) -> bool:
    salt, _sep, _hash = digest.partition("$")
    return bool(digest) and hmac.compare_digest(digest, _digest(salt, code))


@dataclass(frozen=True)
class Asked:
    """The answer to asking for a code: refused (`wait`), not sent (`failed`) or sent, and when
    the next may be asked."""

    next_at: datetime | None = None
    wait: Wait | None = None
    too_soon: bool = False  # the wait is the minute between two codes, not a limit reached
    failed: bool = False


def next_code_at(phone: str) -> datetime | None:
    """When a new code for this number may be asked; None when it may be now."""
    last = PhoneCode.objects.filter(phone=phone).order_by("-created_at").values("created_at")[:1]
    last = last[0]["created_at"] if last else None
    resend = timedelta(seconds=settings.PHONE_CODE_RESEND_SECONDS)
    if last is None or last + resend <= timezone.now():
        return None
    return last + resend


def _refusal(phone: str, address: str | None, now: datetime) -> Asked | None:
    """Refused when a code was just sent to this number, or when the number or the address has
    had its share of codes; else None."""
    soon = next_code_at(phone)
    if soon is not None:
        return Asked(wait=Wait(until=soon), too_soon=True)
    since = now - settings.PHONE_CODE_PERIOD
    for field, value, limit in (
        ("phone", phone, settings.PHONE_CODE_NUMBER_LIMIT),
        ("ip_address", address, settings.PHONE_CODE_ADDRESS_LIMIT),
    ):
        if not value:
            continue
        times = list(
            PhoneCode.objects.filter(**{field: value}, created_at__gt=since)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:limit]
        )
        if len(times) >= limit:
            return Asked(wait=Wait(until=times[-1] + settings.PHONE_CODE_PERIOD))
    return None


def _code_text(code: str, purpose: str) -> str:
    minutes = settings.PHONE_CODE_MINUTES
    if purpose in (Purpose.NEW_NUMBER, Purpose.COUNTER):
        return _(
            "[Fanxiang] Your code is %(code)s, valid for %(minutes)d minutes. Show it only to "
            "the staff of the service centre in front of you."
        ) % {"code": code, "minutes": minutes}
    return _(
        "[Fanxiang] Your code is %(code)s, valid for %(minutes)d minutes. Do not give it to "
        "anyone: our staff never ask for it."
    ) % {"code": code, "minutes": minutes}


def _taken_text(purpose: str) -> str:
    values = {"url": settings.PORTAL_BASE_URL.rstrip("/") + reverse("accounts:login")}
    if purpose == Purpose.CONFIRM:
        return (
            _(
                "[Fanxiang] Someone asked for a code to put this number on another account, but "
                "it is on yours. It stays on yours. If it was you, sign in: %(url)s."
            )
            % values
        )
    return (
        _(
            "[Fanxiang] Someone asked for a code to put this number on a new account, but it "
            "already has one. If it was you, sign in or reset your password: %(url)s. Otherwise "
            "do nothing."
        )
        % values
    )


def code_request(*, phone: str, purpose: str, request, language: str = "") -> Asked:
    """Ask for a code for `phone` (normalised), for `purpose`; sent at once, never queued (a
    code is of no use after its five minutes, so quiet hours do not hold it back). For
    "confirm", the signed-in request.user is the asker."""
    user = getattr(request, "user", None)
    address = client_address(request) or None
    now = timezone.now()
    with transaction.atomic():
        refused = _refusal(phone, address, now)
        if refused is not None:
            return refused
        owner = get_user_model()._default_manager.filter(phone=phone).first()
        code = f"{secrets.randbelow(10**6):06d}"
        text = None
        if purpose in (Purpose.SIGN_UP, Purpose.CONFIRM):
            # A number is on one account only: another's owner hears of the attempt instead.
            taken = owner is not None and (purpose == Purpose.SIGN_UP or owner.pk != user.pk)
            text = _taken_text(purpose) if taken else None
            send_code = not taken
        elif purpose in SIGN_IN_PURPOSES:
            # backends.PhoneCodeBackend: a confirmed applicant's number only.
            send_code = (
                owner is not None and owner.phone_verified_at is not None and owner.is_applicant
            )
        else:
            send_code = True
        if owner is None and purpose == Purpose.CONFIRM:
            owner = user  # the message in the asker's language
        language = (owner.language if owner else "") or language or settings.LANGUAGE_CODE
        row = PhoneCode.objects.create(
            phone=phone,
            purpose=purpose,
            digest=_digest(secrets.token_hex(8), code) if send_code else "",
            created_at=now,
            expires_at=now + timedelta(minutes=settings.PHONE_CODE_MINUTES),
            ip_address=address,
        )
    next_at = now + timedelta(seconds=settings.PHONE_CODE_RESEND_SECONDS)
    if not send_code and text is None:
        return Asked(next_at=next_at)
    with translation.override(language):
        text = text or _code_text(code, purpose)
        try:
            if send_code:
                sms.get_backend().send_code(phone=phone, code=code, text=text)
            else:
                sms.get_backend().send(phone=phone, text=text)
        except Exception:  # the provider failed: say so, and let them ask again at once
            logger.exception("The SMS code to %s could not be sent", mask_phone(phone))
            row.delete()
            if purpose in SIGN_IN_PURPOSES:
                # Only a confirmed account's number is sent a code: saying it failed would
                # say that the number has one. The same answer as for any other number.
                return Asked(next_at=next_at)
            return Asked(failed=True)
    return Asked(next_at=next_at)


def code_take(*, phone: str, purpose: str, code: str) -> bool:
    """True, once, for a right code for this number and purpose that still works; a wrong one
    counts against every code of the number still working, each burnt at PHONE_CODE_TRIES."""
    code = normalize_code(code)
    if not _CODE.fullmatch(code):
        return False
    now = timezone.now()
    with transaction.atomic():
        live = list(
            PhoneCode.objects.select_for_update()
            .filter(phone=phone, purpose=purpose, used_at__isnull=True, expires_at__gt=now)
            .exclude(digest="")
            .order_by("-created_at")
        )
        for row in live:
            if _matches(row.digest, code):
                row.used_at = now
                row.save(update_fields=["used_at"])
                return True
        if live:
            PhoneCode.objects.filter(pk__in=[row.pk for row in live]).update(
                wrong_tries=F("wrong_tries") + 1
            )
            PhoneCode.objects.filter(
                pk__in=[row.pk for row in live], wrong_tries__gte=settings.PHONE_CODE_TRIES
            ).update(used_at=now)
    return False


def codes_prune(*, now: datetime | None = None) -> int:
    """Codes asked longer ago than the period of the limits are of no use: delete them."""
    now = now or timezone.now()
    cutoff = now - max(settings.PHONE_CODE_PERIOD, timedelta(days=1))
    deleted, _ = PhoneCode.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def security_sms(*, phones: list[str], text: str) -> None:
    """A notice of a change to the account (password, number), sent at once to each number;
    a failure is logged, not shown (the change itself is made)."""
    for phone in dict.fromkeys(phone for phone in phones if phone):
        try:
            sms.get_backend().send(phone=phone, text=text)
        except Exception:
            logger.exception("The security notice to %s could not be sent", mask_phone(phone))
