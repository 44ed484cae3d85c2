"""Assisted filing at the one-stop centre: a park manager starts an application for a walk-in
returnee who has no account yet. The account is handed over, never a password: the returnee
shows the code sent to their number and the manager types it (proof the person and the phone
are there), or, without their phone, is given a printed claim letter with a single-use code
(portal/accounts/claims.py) with which they choose their own password. Typing the code
authorises the filing; it signs nobody in."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from applications import actions, offer, receipts, selectors
from applications.forms import AssistedFilingForm, ProgrammeChoiceForm
from applications.models import Application
from portal.accounts import claims, code_views, codes
from portal.decorators import role_required

FILING = "counter_filing"  # {"phone", "name", "programmes"}: waiting for the counter code

manager_required = role_required(lambda user: user.is_park_manager)


def _file(request, *, phone: str, name: str, programme_ids: list[int], confirmed: bool):
    """The returnee's account and their draft, filed by this manager."""
    with transaction.atomic():
        returnee = actions.applicant_for_assisted_filing(
            phone=phone, name=name, by=request.user, confirmed=confirmed
        )
        application = actions.application_start(
            applicant=returnee,
            programmes=list(offer.programmes_open_for_application().filter(pk__in=programme_ids)),
            filed_by=request.user,
        )
    return returnee, application


def _letter(request, application, returnee):
    code, claim = claims.claim_make(user=returnee, by=request.user)
    response = render(
        request,
        "applications/claim_letter.html",
        {
            "application": application,
            "returnee": returnee,
            "code": claims.shown(code),
            "claim": claim,
            "claim_url": settings.PORTAL_BASE_URL.rstrip("/") + reverse("accounts:claim"),
        },
    )
    # Shown once: not kept by the browser for the back button of a shared counter computer.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


@manager_required
def assist(request):
    """A park manager starts an application for a returnee who walked in."""
    form = AssistedFilingForm(request.POST or None)
    # The programmes offered where the centre is (a walk-in most likely lives there).
    district = offer.centre_district(user=request.user)
    programmes_form = ProgrammeChoiceForm(
        request.POST or None,
        programmes=offer.programmes_open_for_application(district=district),
    )
    if request.method == "POST" and form.is_valid() and programmes_form.is_valid():
        phone, name = form.cleaned_data["phone"], form.cleaned_data["name"]
        chosen = [programme.pk for programme in programmes_form.cleaned_data["programmes"]]
        try:
            actions.assisted_filing_check(phone=phone, name=name)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.cleaned_data["claim_letter"]:
                request.session.pop(FILING, None)
                try:
                    returnee, application = _file(
                        request, phone=phone, name=name, programme_ids=chosen, confirmed=False
                    )
                except (ValidationError, IntegrityError):
                    form.add_error("phone", _("An account with this number was made meanwhile."))
                else:
                    return _letter(request, application, returnee)
            problem = code_views.ask(
                request, flow="counter", phone=phone, language=request.LANGUAGE_CODE
            )
            if problem is None:
                request.session[FILING] = {"phone": phone, "name": name, "programmes": chosen}
                return redirect("applications:assist_code")
            form.add_error(None, problem)
    drafts = list(selectors.drafts_filed_by(user=request.user)[:20])
    for draft in drafts:
        draft.applicant_may_get_a_letter = claims.may_get_a_letter(draft.applicant)
    return render(
        request,
        "applications/assist.html",
        {
            "form": form,
            "programmes_form": programmes_form,
            "drafts": drafts,
            "sent": receipts.sent_filed_by(user=request.user),
        },
    )


@manager_required
@sensitive_post_parameters("code")
def assist_code(request):
    filing = request.session.get(FILING)
    if not filing:
        return redirect("applications:assist")

    def on_right(code, state):
        if state["phone"] != filing["phone"] or not codes.code_take(
            phone=state["phone"], purpose=codes.Purpose.COUNTER, code=code
        ):
            return None
        try:
            returnee, application = _file(
                request,
                phone=filing["phone"],
                name=filing["name"],
                programme_ids=filing["programmes"],
                confirmed=True,
            )
        except (ValidationError, IntegrityError):
            request.session.pop(FILING, None)
            messages.error(request, _("An account with this number was made meanwhile."))
            return redirect("applications:assist")
        request.session.pop(FILING, None)
        messages.success(
            request,
            _(
                "An account was made for %(name)s with the number %(phone)s. They sign in with "
                "a code sent to it, and can choose a password later."
            )
            % {"name": returnee.name, "phone": codes.mask_phone(returnee.phone)},
        )
        return redirect("applications:step_profile", application_id=application.pk)

    return code_views.enter_code(
        request,
        flow="counter",
        on_right=on_right,
        heading=_("Apply with a returnee at the service centre"),
        intro=_(
            "We sent a 6-digit code to %(phone)s. Ask the returnee to show you the message, "
            "and type the code here."
        ),
        back=(reverse("applications:assist"), _("Another number")),
        at_the_counter=True,
    )


@manager_required
@require_POST
def claim_letter(request, application_id):
    """A new claim letter for a returnee this manager filed for (the one before stops working),
    until the returnee has claimed the account."""
    application = get_object_or_404(
        Application.objects.select_related("applicant"), pk=application_id, filed_by=request.user
    )
    returnee = application.applicant
    if not claims.may_get_a_letter(returnee):
        messages.info(request, _("%(name)s already has the account in hand.") % {"name": returnee})
        return redirect("applications:assist")
    return _letter(request, application, returnee)
