"""Where a person goes next: a safe `next` address, their start page, their language cookie."""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def safe_target(request, target: str | None, fallback: str) -> str:
    """`target` when it is an address of this site, else `fallback`."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def asked_next(request, fallback: str = "") -> str:
    """The page asked for after this one (the form's or the address's `next`), if safe."""
    return safe_target(request, request.POST.get("next") or request.GET.get("next"), fallback)


def landing_page(user) -> str:
    """A person's start page (settings.LANDING_PAGES by role: an official's or a head's is
    the department's queue); the home page otherwise."""
    return settings.LANDING_PAGES.get(getattr(user, "role", ""), settings.LOGIN_REDIRECT_URL)


def set_language_cookie(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
    )
