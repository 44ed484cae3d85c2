"""A second factor for staff (django-otp): officials, heads, park managers and administrators
confirm each sign-in with the 6-digit code of an authenticator app (TOTP), or with one of ten
single-use recovery codes. Required when settings.STAFF_2FA_REQUIRED (on unless DEBUG: the
demo may go without); a staff member who set it up is always asked for it. Applicants sign in
as before (their phone is their second proof).

`StaffSecondFactorMiddleware` keeps a signed-in staff member who has not given the code on the
code pages (the admin included); the API's token endpoint asks staff for the code too
(`otp`), so the API is no way around it.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
# What a staff member not yet past the code may open: the code pages, signing out, the language.
OPEN_PATHS = ("/accounts/2fa/", "/accounts/logout/", "/i18n/", "/static/", "/healthz")


def needs_second_factor(user) -> bool:
    """Staff accounts: everyone but applicants."""
    return bool(user.is_authenticated and getattr(user, "role", "applicant") != "applicant")


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def must_give_code(user) -> bool:
    """A staff member who set up the authenticator, or any when it is required."""
    return needs_second_factor(user) and (settings.STAFF_2FA_REQUIRED or has_second_factor(user))


SESSION_KEY = "second_factor_set"  # whether the signed-in staff member set up the app


@receiver(user_logged_in, dispatch_uid="second_factor_known_at_sign_in")
def _known_at_sign_in(sender, request, user, **kwargs):
    """Whether the app is set up is read once, at sign-in, not on every page."""
    if request is not None and hasattr(request, "session") and needs_second_factor(user):
        request.session[SESSION_KEY] = has_second_factor(user)


def must_give_code_here(request) -> bool:
    """must_give_code for the signed-in person of this request, without a query per page."""
    user = request.user
    return needs_second_factor(user) and (
        settings.STAFF_2FA_REQUIRED or bool(request.session.get(SESSION_KEY))
    )


def pending_device(user) -> TOTPDevice:
    """The authenticator being set up (not confirmed until a code from it is typed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code (drawn here: no script, no CDN)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def device_confirm(request, *, device: TOTPDevice, code: str) -> list[str] | None:
    """With a right code from the app, the authenticator is set up: the sign-in is verified and
    ten recovery codes are made (returned once, to be written down); None for a wrong code."""
    if not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()  # one app at a time
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=device.user).delete()
    recovery = StaticDevice.objects.create(user=device.user, name="recovery codes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    otp_login(request, device)
    request.session[SESSION_KEY] = True
    return codes


def seconds_to_wait(user, code: str, *, device=None) -> int:
    """After wrong codes django-otp checks the next only after 1, 2, 4, … seconds: how long this
    code must wait (0: it is checked now), read from the device it is for (6 digits: the app;
    otherwise the recovery codes). A right code typed too soon would be refused as wrong; the
    page says to wait instead."""
    code = "".join((code or "").split())
    if device is None:
        kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
        device = kind.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return 0
    allowed, data = device.verify_is_allowed()
    if allowed or not data or data.get("locked_until") is None:
        return 0
    return max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))


def code_right(user, code: str):
    """The device (app or recovery codes) that takes this code, or None; a recovery code is
    spent by taking it."""
    code = "".join((code or "").split())
    return match_token(user, code) if code else None


def verify(request, code: str) -> bool:
    device = code_right(request.user, code)
    if device is None:
        return False
    otp_login(request, device)
    return True


class StaffSecondFactorMiddleware:
    """After django-otp's OTPMiddleware: a signed-in staff member who must give the code and
    has not is sent to the code page (or to set up the app); the API answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            needs_second_factor(user)
            and not user.is_verified()
            and not request.path.startswith(OPEN_PATHS)
            and must_give_code_here(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Give the code of your authenticator app on the website first.")},
                    status=403,
                )
            page = (
                "accounts:second_factor"
                if has_second_factor(user)
                else "accounts:second_factor_setup"
            )
            return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
