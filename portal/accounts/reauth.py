"""Re-authentication before a sensitive action: the password is typed again.

A view decorated with `password_confirmed()` runs only if the signed-in person confirmed their
password less than `max_age` seconds ago (settings.REAUTH_MAX_AGE by default); otherwise they
are sent to "Confirm your password" and brought back to the page they asked for. The time of
the confirmation is kept in the session, so it ends with the session.
"""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters

SESSION_KEY = "password_confirmed_at"


def password_right(request, *, user, password: str) -> bool:
    """Whether `password` is the signed-in `user`'s, checked as a sign-in checks it: through
    authenticate(), so that a wrong one counts towards django-axes' lockout of the account,
    and a locked account is refused (the lockout page answers, 429). Every page and endpoint
    that asks for the password again checks it here."""
    if not user.has_usable_password():
        # An account made at the centre has none yet: nothing to guess, nothing to count.
        return False
    checked = authenticate(request, username=user.get_username(), password=password)
    return checked is not None and checked.pk == user.pk


def confirmed_recently(request, max_age: int | None = None) -> bool:
    max_age = settings.REAUTH_MAX_AGE if max_age is None else max_age
    at = request.session.get(SESSION_KEY)
    return bool(
        request.user.is_authenticated
        and isinstance(at, int | float)
        and 0 <= time.time() - at < max_age
    )


def confirm_url(next_url: str) -> str:
    return f"{reverse('accounts:confirm_password')}?{urlencode({'next': next_url})}"


def password_confirmed(view=None, *, max_age: int | None = None):
    """Decorator: the view needs a password confirmed within `max_age` seconds."""

    def decorator(function):
        @login_required
        @wraps(function)
        def wrapped(request, *args, **kwargs):
            if confirmed_recently(request, max_age):
                return function(request, *args, **kwargs)
            # A form posted after the confirmation ran out goes back to its page (GET).
            back = request.get_full_path() if request.method == "GET" else _referer(request)
            return redirect(confirm_url(back))

        return wrapped

    return decorator(view) if view is not None else decorator


def _safe(request, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _referer(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    host = f"{request.scheme}://{request.get_host()}"
    if referer.startswith(host):
        referer = referer[len(host) :]
    return _safe(request, referer) or reverse("home")


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password_right(self.request, user=self.request.user, password=password):
            raise forms.ValidationError(_("This is not your password. Try again."), code="wrong")
        return password


@sensitive_post_parameters("password")
@login_required
def confirm_password(request):
    next_url = _safe(request, request.POST.get("next") or request.GET.get("next")) or reverse(
        "home"
    )
    form = ConfirmPasswordForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY] = int(time.time())
        return redirect(next_url)
    return render(request, "accounts/confirm_password.html", {"form": form, "next": next_url})
