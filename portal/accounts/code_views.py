"""The pages where a code sent by SMS is typed: finishing a sign-up, signing in without the
password, setting a new password, confirming (or correcting) one's own number.

Each flow starts on a page that asks for the code to be sent (`_ask`) and keeps which number
and which flow in the session; the code page (`_enter_code`) then checks it, offers a new code
from the time one may be asked, and on the right code does the flow's work.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from portal.accounts import actions, codes
from portal.accounts.forms import CodeForm, NewPasswordForm, PhoneForm
from portal.accounts.navigation import asked_next, landing_page, safe_target, set_language_cookie
from portal.accounts.reauth import confirm_url, confirmed_recently
from portal.accounts.throttling import wait_message

Purpose = codes.Purpose
STATE = "phone_code"  # {"flow", "phone", "next", "language"}: the code being waited for
SIGN_UP = "sign_up"  # the sign-up form, its password hashed, until the code is typed
RESET_USER = "reset_user"  # {"id", "at", "hash"}: who proved themselves for a new password
RESET_MINUTES = 5

# flow: (purpose, page that starts it, page of the code)
FLOWS = {
    "sign-up": (Purpose.SIGN_UP, "accounts:signup", "accounts:signup_code"),
    "sign-in": (Purpose.SIGN_IN, "accounts:login_code", "accounts:login_code_enter"),
    "reset": (Purpose.RESET, "accounts:password_reset_phone", "accounts:password_reset_code"),
    "confirm": (Purpose.CONFIRM, "accounts:phone_confirm", "accounts:phone_confirm_code"),
    # At the service centre: a new account for a walk-in returnee (applications/counter_views),
    # and a returnee's new number (applications/number_views.py).
    "counter": (Purpose.COUNTER, "applications:assist", "applications:assist_code"),
    "centre": (
        Purpose.NEW_NUMBER,
        "applications:number_change",
        "applications:number_change_code",
    ),
}


def asked_problem(asked: codes.Asked) -> str | None:
    """What to tell a person whose code was not sent; None when it was."""
    if asked.too_soon:
        return _(
            "A code was sent less than a minute ago: wait for it. You can ask for a new one "
            "after %(time)s."
        ) % {"time": time_format(timezone.localtime(asked.wait.until), "H:i:s")}
    if asked.wait is not None:
        return wait_message(asked.wait, codes=True)
    if asked.failed:
        return _(
            "The message could not be sent just now. Try again in a minute, or ask at the "
            "service centre."
        )
    return None


def ask(request, *, flow: str, phone: str, next_url: str = "", language: str = "") -> str | None:
    """Send the flow's code to `phone` and remember what is waited for; the problem, if any."""
    asked = codes.code_request(
        phone=phone, purpose=FLOWS[flow][0], request=request, language=language
    )
    problem = asked_problem(asked)
    if problem is None:
        request.session[STATE] = {
            "flow": flow,
            "phone": phone,
            "next": next_url,
            "language": language,
        }
    return problem


def enter_code(
    request, *, flow: str, on_right, intro: str, heading: str, back=None, at_the_counter=False
):
    """The code page of a flow: the code, a new code, and `on_right(code)` to finish (it
    returns the response, or None when the code is not right)."""
    state = request.session.get(STATE) or {}
    if state.get("flow") != flow:
        return redirect(FLOWS[flow][1])
    phone = state["phone"]
    if request.method == "POST" and "resend" in request.POST:
        problem = ask(
            request,
            flow=flow,
            phone=phone,
            next_url=state.get("next", ""),
            language=state.get("language", ""),
        )
        if problem:
            messages.error(request, problem)
        else:
            messages.success(request, _("We sent a new code."))
        return redirect(request.path)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = on_right(form.cleaned_data["code"], state)
        if response is not None:
            request.session.pop(STATE, None)
            return response
        form.wrong()
    return render(
        request,
        "accounts/code.html",
        {
            "form": form,
            "heading": heading,
            "intro": intro % {"phone": codes.mask_phone(phone)},
            "next_at": codes.next_code_at(phone),
            "back": back,
            "minutes": settings.PHONE_CODE_MINUTES,
            "at_the_counter": at_the_counter,
        },
    )


# --- Sign-up: the account is made once the number is confirmed -----------------------------


@sensitive_post_parameters("code")
def signup_code(request):
    pending = request.session.get(SIGN_UP)
    if not pending:
        return redirect("accounts:signup")

    def on_right(code, state):
        if not codes.code_take(phone=state["phone"], purpose=Purpose.SIGN_UP, code=code):
            return None
        try:
            user = actions.applicant_sign_up(
                username=pending["username"],
                name=pending["name"],
                phone=state["phone"],
                email=pending["email"],
                password_hash=pending["password"],
                language=pending["language"],
                phone_verified_at=timezone.now(),
            )
        except (ValidationError, IntegrityError):
            messages.error(
                request,
                _(
                    "The user name or the number was taken by another account meanwhile. "
                    "Check the form and send it again."
                ),
            )
            return redirect("accounts:signup")
        request.session.pop(SIGN_UP, None)
        login(request, user, backend="portal.accounts.backends.IdentifierBackend")
        messages.success(
            request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.name}
        )
        response = redirect(safe_target(request, state.get("next"), reverse("home")))
        set_language_cookie(response, user.language)
        return response

    return enter_code(
        request,
        flow="sign-up",
        on_right=on_right,
        heading=_("Confirm your mobile number"),
        intro=_("We sent a 6-digit code to %(phone)s. Type it here to finish making your account."),
        back=(reverse("accounts:signup"), _("Wrong number? Change it")),
    )


# --- Signing in with a code ------------------------------------------------------------------


def _phone_step(request, *, flow: str, template: str, next_url: str = ""):
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = ask(request, flow=flow, phone=form.cleaned_data["phone"], next_url=next_url)
        if problem is None:
            return redirect(FLOWS[flow][2])
        form.add_error(None, problem)
    return render(request, template, {"form": form, "next": next_url})


def login_code(request):
    """Sign in without the password: a code to the account's confirmed number."""
    if request.user.is_authenticated:
        return redirect("home")
    return _phone_step(
        request,
        flow="sign-in",
        template="accounts/login_code.html",
        next_url=asked_next(request),
    )


@sensitive_post_parameters("code")
def login_code_enter(request):
    def on_right(code, state):
        user = authenticate(request, username=state["phone"], code=code, purpose=Purpose.SIGN_IN)
        if user is None:
            return None
        login(request, user)
        return redirect(safe_target(request, state.get("next"), landing_page(user)))

    return enter_code(
        request,
        flow="sign-in",
        on_right=on_right,
        heading=_("Log in with a code"),
        intro=_(
            "If %(phone)s is the confirmed number of an account, we sent a 6-digit code to it. "
            "Type it here."
        ),
        back=(reverse("accounts:login_code"), _("Use another number")),
    )


# --- A new password by a code ---------------------------------------------------------------


def password_reset_phone(request):
    return _phone_step(request, flow="reset", template="accounts/password_reset_phone.html")


@sensitive_post_parameters("code")
def password_reset_code(request):
    def on_right(code, state):
        user = authenticate(request, username=state["phone"], code=code, purpose=Purpose.RESET)
        if user is None:
            return None
        request.session[RESET_USER] = {
            "id": user.pk,
            "at": timezone.now().timestamp(),
            "hash": user.get_session_auth_hash(),  # spent once the password changes
        }
        return redirect("accounts:password_reset_new")

    return enter_code(
        request,
        flow="reset",
        on_right=on_right,
        heading=_("Reset your password"),
        intro=_(
            "If %(phone)s is the confirmed number of an account, we sent a 6-digit code to it. "
            "Type it here, then choose a new password."
        ),
        back=(reverse("accounts:password_reset_phone"), _("Use another number")),
    )


@sensitive_post_parameters("new_password1", "new_password2")
def password_reset_new(request):
    proved = request.session.get(RESET_USER) or {}
    fresh = timezone.now().timestamp() - proved.get("at", 0) < RESET_MINUTES * 60
    user = get_user_model()._default_manager.filter(pk=proved.get("id")).first() if fresh else None
    if user is not None and (
        not user.is_active or user.get_session_auth_hash() != proved.get("hash")
    ):
        user = None
    if user is None:
        request.session.pop(RESET_USER, None)
        messages.error(request, _("That took too long. Ask for a new code."))
        return redirect("accounts:password_reset_phone")
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        request.session.pop(RESET_USER, None)
        login(request, user, backend="portal.accounts.backends.IdentifierBackend")
        messages.success(request, _("Your new password is set. You are logged in."))
        return redirect(landing_page(user))
    return render(request, "accounts/password_reset_new.html", {"form": form})


# --- Confirming, or correcting, one's own number ----------------------------------------------


@login_required
def phone_confirm(request):
    """Prove the account's number is one's own, or give the right one (after the password,
    typed again): a code to the number, then it is the account's, confirmed."""
    next_url = asked_next(request)
    form = PhoneForm(request.POST or None, initial={"phone": request.user.phone})
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if phone != request.user.phone and not confirmed_recently(request):
            return redirect(confirm_url(request.get_full_path()))
        problem = ask(request, flow="confirm", phone=phone, next_url=next_url)
        if problem is None:
            return redirect("accounts:phone_confirm_code")
        form.add_error(None, problem)
    return render(
        request,
        "accounts/phone_confirm.html",
        {"form": form, "next": next_url, "confirmed": request.user.phone_verified_at},
    )


@login_required
@sensitive_post_parameters("code")
def phone_confirm_code(request):
    def on_right(code, state):
        if not codes.code_take(phone=state["phone"], purpose=Purpose.CONFIRM, code=code):
            return None
        try:
            actions.phone_set(user=request.user, phone=state["phone"])
        except (ValidationError, IntegrityError):
            return None  # another account's number: its code was never sent
        messages.success(request, _("Your mobile number is confirmed."))
        return redirect(safe_target(request, state.get("next"), reverse("home")))

    return enter_code(
        request,
        flow="confirm",
        on_right=on_right,
        heading=_("Confirm your mobile number"),
        intro=_("We sent a 6-digit code to %(phone)s. Type it here."),
        back=(reverse("accounts:phone_confirm"), _("Wrong number? Change it")),
    )
