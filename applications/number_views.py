"""A returnee who lost their number, at the service centre: the park manager checks the ID
card, types its number and the returnee's new mobile number; a code goes to the new number, the
returnee shows it, the manager types it, and the account has the new number. The change is in
the returnee's access log ("My data"), and both numbers are told by SMS."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters

from applications import encryption, privacy
from applications.models import ApplicantProfile, PersonalDataAccess
from applications.profiles import normalize_id_number, validate_id_number
from portal.accounts import actions as account_actions
from portal.accounts import code_views, codes
from portal.accounts.forms import PhoneForm
from portal.accounts.throttling import client_address, id_number_wait, wait_message
from portal.decorators import role_required

CHANGING = "centre_number"  # {"user": id}: whose number the code is for


class NumberChangeForm(PhoneForm):
    id_number = forms.CharField(
        label=gettext_lazy("ID card number (from the card in front of you)"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    field_order = ["id_number", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = gettext_lazy("The returnee's new mobile number")
        self.fields["phone"].widget.attrs.pop("autofocus", None)

    def clean_id_number(self):
        number = normalize_id_number(self.cleaned_data["id_number"])
        validate_id_number(number)
        return number


def applicant_with_id_number(number: str):
    """The applicant whose profile has this ID card number, or None."""
    profile = (
        ApplicantProfile.objects.filter(id_number_digest__in=encryption.digests(number))
        .select_related("user")
        .first()
    )
    return profile.user if profile is not None else None


manager_required = role_required(lambda user: user.is_park_manager)


@manager_required
@sensitive_post_parameters("id_number")
def number_change(request):
    form = NumberChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = id_number_wait(user=request.user, address=client_address(request))
        returnee = None if wait else applicant_with_id_number(form.cleaned_data["id_number"])
        if wait is not None:
            form.add_error(None, wait_message(wait, id_numbers=True))
        elif returnee is None:
            form.add_error(
                "id_number",
                _(
                    "No account has a profile with this ID card number. The returnee can make "
                    "a new account with the new number."
                ),
            )
        else:
            problem = code_views.ask(
                request,
                flow="centre",
                phone=form.cleaned_data["phone"],
                language=returnee.language,
            )
            if problem is None:
                request.session[CHANGING] = {"user": returnee.pk}
                return redirect("applications:number_change_code")
            form.add_error(None, problem)
    return render(request, "applications/number_change.html", {"form": form})


@manager_required
@sensitive_post_parameters("code")
def number_change_code(request):
    returnee_id = (request.session.get(CHANGING) or {}).get("user")
    returnee = get_user_model()._default_manager.filter(pk=returnee_id).first()
    if returnee is None:
        return redirect("applications:number_change")

    def on_right(code, state):
        if not codes.code_take(phone=state["phone"], purpose=codes.Purpose.NEW_NUMBER, code=code):
            return None
        try:
            with transaction.atomic():  # the change and its record in the access log, or neither
                account_actions.phone_set(user=returnee, phone=state["phone"])
                privacy.record_access(
                    request, channel=PersonalDataAccess.Channel.NUMBER, subject_id=returnee.pk
                )
        except (ValidationError, IntegrityError):
            messages.error(request, _("This number is on another account."))
            return redirect("applications:number_change")
        request.session.pop(CHANGING, None)
        messages.success(
            request,
            _("The mobile number of %(name)s is now %(phone)s.")
            % {"name": returnee.name, "phone": codes.mask_phone(state["phone"])},
        )
        return redirect("applications:assist")

    return code_views.enter_code(
        request,
        flow="centre",
        on_right=on_right,
        heading=_("Change a returnee's mobile number"),
        intro=_(
            "We sent a 6-digit code to %(phone)s. Ask the returnee to show you the message, "
            "and type the code here."
        ),
        back=(reverse("applications:number_change"), _("Another number")),
        at_the_counter=True,
    )
