"""The pages of the staff's second factor (second_factor.py): the code at sign-in, and setting
up the authenticator app with its recovery codes."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_post_parameters

from portal.accounts import second_factor
from portal.accounts.navigation import asked_next, landing_page


def _wait_error(seconds: int) -> str:
    return ngettext(
        "Too many wrong codes in a row: wait %(seconds)d second, then type the code your app "
        "shows then.",
        "Too many wrong codes in a row: wait %(seconds)d seconds, then type the code your app "
        "shows then.",
        seconds,
    ) % {"seconds": seconds}


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("The code of your authenticator app, or a recovery code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
                "data-no-keep": True,
            }
        ),
    )


@login_required
@sensitive_post_parameters("code")
def code_page(request):
    user = request.user
    next_url = asked_next(request, landing_page(user))
    if not second_factor.needs_second_factor(user) or user.is_verified():
        return redirect(next_url)
    if not second_factor.has_second_factor(user):
        return redirect(f"{reverse('accounts:second_factor_setup')}?next={next_url}")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if wait := second_factor.seconds_to_wait(user, code):
            form.add_error("code", _wait_error(wait))
        elif second_factor.verify(request, code):
            return redirect(next_url)
        else:
            form.add_error(
                "code",
                _(
                    "This code is not right. Type the 6 digits your app shows now, or one of "
                    "your recovery codes."
                ),
            )
    return render(request, "accounts/second_factor.html", {"form": form, "next": next_url})


@login_required
@sensitive_post_parameters("code")
def setup_page(request):
    user = request.user
    next_url = asked_next(request, landing_page(user))
    if not second_factor.needs_second_factor(user):
        return redirect("home")
    if second_factor.has_second_factor(user) and not user.is_verified():
        # A new app replaces the old one only after a code from the old one (or a recovery
        # code): a stolen password alone cannot move the second factor.
        return redirect(f"{reverse('accounts:second_factor')}?next={request.get_full_path()}")
    device = second_factor.pending_device(user)
    form = SecondFactorForm(request.POST or None)
    form.fields["code"].label = _("The 6 digits your app shows")
    if request.method == "POST" and form.is_valid():
        code = "".join(form.cleaned_data["code"].split())
        if wait := second_factor.seconds_to_wait(user, code, device=device):
            form.add_error("code", _wait_error(wait))
        elif (codes := second_factor.device_confirm(request, device=device, code=code)) is not None:
            return render(
                request,
                "accounts/second_factor_codes.html",
                {"codes": codes, "next": next_url},
            )
        else:
            form.add_error(
                "code", _("This code is not right. Type the 6 digits your app shows now.")
            )
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr": second_factor.qr_svg(device),
            "secret": second_factor.secret_text(device),
        },
    )
