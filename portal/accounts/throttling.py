"""Slowing down password guessing: sign-in lockouts (django-axes) and password-reset limits.

Sign-in failures count per account, whichever of its user name, phone or e-mail is typed, and
per client address with a higher limit (a whole service centre may share one address). The
password-reset form is limited per address and per e-mail address typed, in the cache (Redis
in production), whether or not an account has that address; new ID card numbers typed into a
profile, per account and per address.
"""

import contextlib
import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.signals import user_locked_out
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import ngettext

from portal.accounts.backends import user_for_identifier
from portal.accounts.phones import is_mobile_number, normalize_phone


def client_address(request) -> str:
    """The address of the person's computer: behind our proxy, the last X-Forwarded-For entry
    (the one the proxy added; earlier ones are whatever the client claimed)."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def account_key(request, credentials=None) -> str:
    """What failures of one account are counted under: its user name, whichever identifier
    was typed; for an identifier naming no account, the identifier in one canonical form."""
    if credentials is not None:
        identifier = credentials.get("username")
    else:
        data = getattr(request, "data", None) or request.POST
        identifier = data.get("username")
    identifier = (identifier or "").strip()
    if not identifier:
        return ""
    user = user_for_identifier(identifier)
    if user is not None:
        return user.username.lower()
    if is_mobile_number(identifier):
        return normalize_phone(identifier)
    return identifier.lower()


class LoginAttemptHandler(AxesDatabaseHandler):
    """django-axes' database handler, with a higher limit per address than per account."""

    def _failures_and_last(self, request, credentials):
        by_account, by_address = (
            attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            for attempts in self.get_user_attempts(request, credentials)
        )
        return by_account, by_address

    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = self._failures_and_last(request, credentials)
        account_failures = by_account["failures"] or 0
        if (by_address["failures"] or 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(account_failures, settings.AXES_FAILURE_LIMIT)
        return account_failures

    def lockout_ends(self, request, credentials=None) -> datetime:
        """When the person may try again: the cool-off after the failure that locked them."""
        by_account, by_address = self._failures_and_last(request, credentials)
        locking = [
            group["last"]
            for group, limit in (
                (by_account, settings.AXES_FAILURE_LIMIT),
                (by_address, settings.LOGIN_ADDRESS_FAILURE_LIMIT),
            )
            if group["last"] and (group["failures"] or 0) >= limit
        ]
        last = max(locking, default=timezone.now())
        return last + settings.AXES_COOLOFF_TIME

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears the account's failures, not its address's: signing in
        to one's own account must not reset the count of guesses at others from there."""
        by_account = self.filter_user_attempts(request, credentials)[0]
        count, _ = by_account.delete()
        return count


@receiver(user_locked_out, dispatch_uid="lockout_reaches_rest_framework_response")
def _lockout_reaches_the_response(sender, request, **kwargs):
    """The API's token view gives django-axes REST framework's request, which wraps Django's:
    mark Django's too, so the lockout answer (429, when to retry) replaces the view's."""
    inner = getattr(request, "_request", None)
    if inner is not None:
        inner.axes_locked_out = True
        inner.axes_credentials = getattr(request, "axes_credentials", None)


@dataclass(frozen=True)
class Wait:
    """How long until the person may try again."""

    until: datetime

    @property
    def seconds(self) -> int:
        return max(1, math.ceil((self.until - timezone.now()).total_seconds()))

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def sign_in_wait(request, credentials=None) -> Wait:
    AxesProxyHandler.update_request(request)  # the address and time django-axes reads
    handler = LoginAttemptHandler()
    return Wait(until=handler.lockout_ends(request, credentials))


def wait_message(
    wait: Wait,
    *,
    reset_links: bool = False,
    id_numbers: bool = False,
    lookups: bool = False,
    codes: bool = False,
) -> str:
    """What to tell someone who must wait: how long, and until when."""
    values = {
        "minutes": wait.minutes,
        "time": time_format(timezone.localtime(wait.until), "H:i"),
    }
    if codes:
        message = ngettext(
            "No code was sent: too many were asked for. Ask again in %(minutes)d minute, after "
            "%(time)s.",
            "No code was sent: too many were asked for. Ask again in %(minutes)d minutes, after "
            "%(time)s.",
            wait.minutes,
        )
    elif lookups:
        message = ngettext(
            "Too many look-ups. Try again in %(minutes)d minute, after %(time)s, or ask at "
            "the service centre.",
            "Too many look-ups. Try again in %(minutes)d minutes, after %(time)s, or ask at "
            "the service centre.",
            wait.minutes,
        )
    elif id_numbers:
        message = ngettext(
            "Too many ID card numbers tried. Try again in %(minutes)d minute, after %(time)s, "
            "or come to the service centre with your ID card.",
            "Too many ID card numbers tried. Try again in %(minutes)d minutes, after %(time)s, "
            "or come to the service centre with your ID card.",
            wait.minutes,
        )
    elif reset_links:
        message = ngettext(
            "Too many requests for a reset link. Try again in %(minutes)d minute, after %(time)s.",
            "Too many requests for a reset link. Try again in %(minutes)d minutes, after %(time)s.",
            wait.minutes,
        )
    else:
        message = ngettext(
            "Too many failed attempts. Try again in %(minutes)d minute, after %(time)s.",
            "Too many failed attempts. Try again in %(minutes)d minutes, after %(time)s.",
            wait.minutes,
        )
    return message % values


def _window(key: str, period: timedelta) -> tuple[str, int, datetime]:
    """The counter's key in the current period (fixed windows), its length, the window's end."""
    seconds = int(period.total_seconds())
    window = int(timezone.now().timestamp()) // seconds
    return f"{key}:{window}", seconds, datetime.fromtimestamp((window + 1) * seconds, tz=UTC)


def _count(key: str, period: timedelta) -> tuple[int, datetime]:
    """Add one to the counter of the current period; (count, window's end)."""
    key, seconds, ends = _window(key, period)
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)
        count = 1
    return count, ends


def _uncount(key: str, period: timedelta) -> None:
    """Take back one counted in the current period (a look-up that turned out right)."""
    key, _seconds, _ends = _window(key, period)
    with contextlib.suppress(ValueError):  # the period ended meanwhile: nothing to take back
        cache.decr(key)


def _wait_for(counters: list[tuple[str, int]], period: timedelta) -> Wait | None:
    """Count one request under each key; a Wait when any key is over its limit, else None."""
    blocked = []
    for key, limit in counters:
        count, ends = _count(key, period)
        if count > limit:
            blocked.append(ends)
    return Wait(until=max(blocked)) if blocked else None


def password_reset_wait(*, request, email: str) -> Wait | None:
    """Count one request for a reset link; a Wait when the address or the e-mail has had
    its share in the period, else None (the e-mail may be sent)."""
    email_digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return _wait_for(
        [
            (
                f"password-reset:address:{client_address(request)}",
                settings.PASSWORD_RESET_ADDRESS_LIMIT,
            ),
            (f"password-reset:email:{email_digest}", settings.PASSWORD_RESET_EMAIL_LIMIT),
        ],
        settings.PASSWORD_RESET_PERIOD,
    )


def id_number_wait(*, user, address: str) -> Wait | None:
    """Count one new ID card number typed into a profile; a Wait when the account or the
    address has tried its share in the period. Saying that a number is on another account
    tells that it has one: whoever tries numbers one after the other is stopped. The staff of
    a service centre, who type the numbers of the people in front of them, have a higher
    limit of their own, and are not counted under the centre's address."""
    if not user.is_applicant:
        return _wait_for(
            [(f"id-number:staff:{user.pk}", settings.ID_NUMBER_STAFF_LIMIT)],
            settings.ID_NUMBER_PERIOD,
        )
    return _wait_for(
        [
            (f"id-number:account:{user.pk}", settings.ID_NUMBER_ACCOUNT_LIMIT),
            (f"id-number:address:{address}", settings.ID_NUMBER_ADDRESS_LIMIT),
        ],
        settings.ID_NUMBER_PERIOD,
    )


def _reference_key(reference: str) -> str:
    return f"progress-lookup:reference:{hashlib.sha256(reference.encode()).hexdigest()}"


def progress_lookup_wait(*, request, reference: str) -> Wait | None:
    """Count one look-up of an application's progress, from this address and of this
    reference; a Wait when either has had its share in the period, else None. A look-up that
    turns out right is taken back from the reference (`progress_lookup_right`): its owner is
    not locked out by looking often, while guesses sent at once are all counted first."""
    return _wait_for(
        [
            (
                f"progress-lookup:address:{client_address(request)}",
                settings.PROGRESS_LOOKUP_ADDRESS_LIMIT,
            ),
            (_reference_key(reference), settings.PROGRESS_LOOKUP_REFERENCE_LIMIT),
        ],
        settings.PROGRESS_LOOKUP_PERIOD,
    )


def progress_lookup_right(*, reference: str) -> None:
    """The look-up of this reference matched: it does not count against the reference."""
    _uncount(_reference_key(reference), settings.PROGRESS_LOOKUP_PERIOD)


def claim_wait(*, request) -> Wait | None:
    """Count one claim code typed from this address; a Wait when it has had its share."""
    return _wait_for(
        [(f"claim:address:{client_address(request)}", settings.CLAIM_ADDRESS_LIMIT)],
        settings.CLAIM_PERIOD,
    )
