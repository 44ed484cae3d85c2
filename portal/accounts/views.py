from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from django.views.i18n import set_language as django_set_language

from portal.accounts import claims, code_views
from portal.accounts.actions import user_set_language
from portal.accounts.forms import (
    ChangePasswordForm,
    ClaimForm,
    NewPasswordForm,
    SignInForm,
    SignUpForm,
)
from portal.accounts.navigation import asked_next, landing_page, set_language_cookie
from portal.accounts.throttling import (
    Wait,
    claim_wait,
    password_reset_wait,
    sign_in_wait,
    wait_message,
)
from portal.accounts.tokens import token_revoke, tokens_of, tokens_revoke_all

IDENTIFIER_BACKEND = "portal.accounts.backends.IdentifierBackend"


class SignUpView(FormView):
    template_name = "accounts/signup.html"
    form_class = SignUpForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("home")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        """The language in use; coming back from the code page ("wrong number?"), what was
        typed before, but the password."""
        pending = self.request.session.get(code_views.SIGN_UP) or {}
        kept = {
            key: pending[key] for key in ("username", "name", "phone", "email") if key in pending
        }
        return {"language": pending.get("language", self.request.LANGUAGE_CODE), **kept}

    def get_context_data(self, **kwargs):
        # Where to go after: kept through the form, and by the link to log in instead.
        target = asked_next(self.request)
        return super().get_context_data(**kwargs, next=target)

    def form_valid(self, form):
        """No account yet: a code goes to the number (or its owner is told), and the account is
        made on the code page (code_views.signup_code). The page answers the same either way."""
        data = form.cleaned_data
        problem = code_views.ask(
            self.request,
            flow="sign-up",
            phone=data["phone"],
            next_url=asked_next(self.request),
            language=data["language"],
        )
        if problem is not None:
            form.add_error(None, problem)
            return self.form_invalid(form)
        self.request.session[code_views.SIGN_UP] = {
            **{key: data[key] for key in ("username", "name", "phone", "email", "language")},
            "password": make_password(data["password1"]),
        }
        return redirect("accounts:signup_code")


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Where a person lands when nothing else was asked for: their own start page."""
        return resolve_url(landing_page(self.request.user))

    def form_valid(self, form):
        """Signing in keeps the language in use. One the visitor chose on the page (the
        language switch sets the cookie) is remembered on the account, for its messages;
        one their browser asked for is kept on the pages, and the account left as it is. With
        neither, the pages take the account's language."""
        user = form.get_user()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        chose_one = chosen in dict(settings.LANGUAGES)
        if chose_one:
            user_set_language(user=user, language=chosen)
        response = super().form_valid(form)
        if not chose_one and not self.request.META.get("HTTP_ACCEPT_LANGUAGE"):
            # Nothing asked for at all: the account's own language.
            set_language_cookie(response, user.language)
        return response


def too_many_attempts(request, wait: Wait, **kinds):
    """429 with when to try again: a page of the portal, or JSON for the API."""
    message = wait_message(wait, **kinds)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(
            request, "accounts/too_many_attempts.html", {"message": message}, status=429
        )
    response["Retry-After"] = str(wait.seconds)
    return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in (web page or API token)."""
    return too_many_attempts(request, sign_in_wait(request, credentials))


class PasswordChangeView(auth_views.PasswordChangeView):
    """The old password is checked as a sign-in checks it (the form gets the request)."""

    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetView(auth_views.PasswordResetView):
    """Sends a reset link; a few per address and per e-mail address in a period."""

    def form_valid(self, form):
        wait = password_reset_wait(request=self.request, email=form.cleaned_data["email"])
        if wait is not None:
            return too_many_attempts(self.request, wait, reset_links=True)
        return super().form_valid(form)


@sensitive_post_parameters("code", "new_password1", "new_password2")
def claim(request):
    """A returnee takes over the account made for them at the service centre, with the code of
    their claim letter, choosing their own password (claims.py); then they are signed in."""
    if request.user.is_authenticated:
        return redirect("home")
    form = ClaimForm(request.POST or None)
    password_form = NewPasswordForm(get_user_model()(), None)
    if request.method == "POST" and form.is_valid():
        wait = claim_wait(request=request)
        if wait is not None:
            return too_many_attempts(request, wait)
        found = claims.claim_for(form.cleaned_data["code"])
        if found is None:
            form.add_error(
                "code",
                _(
                    "This claim code is not right, was already used, or is more than 7 days "
                    "old. Check it, or ask the service centre for a new letter."
                ),
            )
        else:
            password_form = NewPasswordForm(found.user, request.POST)
            if password_form.is_valid():
                with transaction.atomic():
                    if claims.claim_use(claim=found):
                        password_form.save()
                        login(request, found.user, backend=IDENTIFIER_BACKEND)
                        messages.success(
                            request,
                            _(
                                "The account is yours now. Sign in with the user name %(username)s "
                                "and your password."
                            )
                            % {"username": found.user.username},
                        )
                        return redirect(landing_page(found.user))
                form.add_error("code", _("This claim code was just used."))
    return render(request, "accounts/claim.html", {"form": form, "password_form": password_form})


@login_required
def api_tokens(request):
    """The person's API tokens (apps that sign in for them): when made, until when, revoke."""
    if request.method == "POST":
        if "revoke_all" in request.POST:
            tokens_revoke_all(user=request.user)
            messages.success(request, _("Every token is revoked."))
        elif token_revoke(user=request.user, digest=request.POST.get("revoke", "")[:200]):
            messages.success(request, _("The token is revoked."))
        return redirect("accounts:api_tokens")
    return render(request, "accounts/api_tokens.html", {"tokens": tokens_of(user=request.user)})


def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a security problem."""
    expires = timezone.now().replace(microsecond=0) + timedelta(days=365)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: zh, en",
        f"Canonical: {settings.PORTAL_BASE_URL.rstrip('/')}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_POST
def set_language(request):
    """Switch the interface language, and remember it on the account of a signed-in user."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response
