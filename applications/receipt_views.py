"""The receipt of a sent application, printable, and the look-up of its progress by reference
and mobile number without signing in."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from applications import receipts
from applications.profiles import mask_phone
from portal.accounts.throttling import (
    progress_lookup_right,
    progress_lookup_wait,
    wait_message,
)


@login_required
def receipt(request, application_id):
    """For the applicant, and for the park manager who filed it (printed for the returnee)."""
    application = receipts.receipt_for(user=request.user, application_id=application_id)
    return render(
        request,
        "applications/receipt.html",
        {
            "application": application,
            "parts": receipts.parts_of(application),
            "owed": receipts.owed_by(application),
            "sessions": application.items.filter(session__isnull=False)
            .select_related("programme", "session")
            .order_by("session__starts_at"),
            "phone": mask_phone(application.applicant.phone),
            "filed_here": application.filed_by_id == request.user.pk,
        },
    )


class LookupForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Reference on the receipt"),
        max_length=40,
        help_text=gettext_lazy("Such as FX-7K3M-9QPA. Small letters and spaces are fine."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    phone = forms.CharField(
        label=gettext_lazy("Mobile number given in the application"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_reference(self):
        reference = receipts.normalised_reference(self.cleaned_data["reference"])
        if not reference:
            raise forms.ValidationError(
                gettext_lazy(
                    "A reference is FX and eight letters and digits, such as FX-7K3M-9QPA."
                ),
                code="invalid",
            )
        return reference

    def clean_phone(self):
        phone = receipts.normalised_phone(self.cleaned_data["phone"])
        if not phone:
            raise forms.ValidationError(
                gettext_lazy("Give the 11 digits of the mobile number."), code="invalid"
            )
        return phone


def lookup(request):
    """Anyone with the reference and the mobile number sees where each department stands: no
    name, no number, no document. The answer never says whether a reference exists."""
    form = LookupForm(request.POST or None)
    found, not_found, wait = None, False, None
    if request.method == "POST" and form.is_valid():
        wait = progress_lookup_wait(request=request, reference=form.cleaned_data["reference"])
        if wait is None:
            found = receipts.application_for_lookup(
                reference=form.cleaned_data["reference"], phone=form.cleaned_data["phone"]
            )
            not_found = found is None
            if found:
                progress_lookup_right(reference=form.cleaned_data["reference"])
    if found:
        form = LookupForm()  # found: the number is not shown back on the page
    return render(
        request,
        "applications/lookup.html",
        {
            "form": form,
            "found": found,
            "parts": receipts.parts_of(found) if found else [],
            "not_found": not_found,
            "wait": wait_message(wait, lookups=True) if wait else "",
        },
        status=429 if wait else 200,
    )
