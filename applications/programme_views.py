"""The first step of an application: the programmes, for a new draft (from the menu, the
screener or a programme page, added to the unsent draft if there is one) or for a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from applications import actions, offer, selectors
from applications.forms import ProgrammeChoiceForm
from applications.models import ApplicantProfile
from applications.profiles import known_facts
from applications.views import STEPS, _applicant_required
from services.eligibility import ELIGIBLE, INELIGIBLE
from services.jurisdictions import delivering_departments, visitor_district
from services.models import Jurisdiction, Programme, ScreenerAnswers
from services.screening import programmes_judged


@_applicant_required
def application_start(request):
    """Step 1 for a new application: the programmes, pre-selected from the screener or a link."""
    wanted = _slugs(request.GET.getlist("programmes"))
    district = _where_they_live(request, request.user.pk)
    programmes = offer.programmes_open_for_application(online=True, district=district, keep=wanted)
    draft = None
    if wanted and request.method == "GET":
        draft = selectors.latest_draft(user=request.user)
    if draft is not None:
        # One application for everything: what the screener or a programme page offers is added
        # to the unsent one, and shown ticked there for the applicant to confirm.
        messages.info(
            request,
            _(
                "You have an application you have not sent yet. The programmes you chose are "
                "ticked in it: check them and continue."
            ),
        )
        query = urlencode({"add": ",".join(wanted)})
        return redirect(f"{reverse('applications:step_programmes', args=[draft.pk])}?{query}")
    if wanted and request.method == "GET":
        _say_which_are_not_ticked(request, wanted)
    if not wanted:
        kept = ScreenerAnswers.objects.filter(user=request.user).first()
        wanted = list(kept.matched.values_list("slug", flat=True)) if kept else []
    held = selectors.programmes_held(applicant_id=request.user.pk)
    form = ProgrammeChoiceForm(
        request.POST or None,
        programmes=programmes,
        held=held,
        fits=_fits(request.user),
        # what the person already has is said on its line, never ticked for them to untick
        initial={"programmes": _not_held(wanted, held)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = actions.application_start(
                applicant=request.user, programmes=list(form.cleaned_data["programmes"])
            )
        except ValidationError as error:
            form.add_error(None, error)  # each programme already held, under the list
        else:
            return redirect("applications:step_profile", application_id=application.pk)
    return _programme_step(request, form, application=None, district=district)


def _where_they_live(request, applicant_id: int) -> int | None:
    """The district (id) whose programmes the applicant is offered: their profile's, else the
    one this visitor chose on the catalogue or in the screener, or the district of the centre
    filing for them; None when not known."""
    district = (
        ApplicantProfile.objects.filter(user_id=applicant_id)
        .values_list("district_id", flat=True)
        .first()
    )
    if district is None and request.user.pk == applicant_id:
        code = visitor_district(request)
        district = Jurisdiction.objects.filter(code=code).values_list("pk", flat=True).first()
    elif district is None:
        # Filing at a centre before the returnee's details are in (the profile step asks, and
        # the send step checks).
        district = offer.centre_district(user=request.user)
    return district


def _say_which_are_not_ticked(request, wanted: list[str]) -> None:
    """A link may name a programme that has closed since, or one applied for at a service
    centre only: say so rather than drop it silently."""
    found = dict(
        offer.programmes_open_for_application()
        .filter(slug__in=wanted)
        .values_list("slug", "channel")
    )
    if len(found) < len(wanted):
        messages.warning(
            request,
            _(
                "Some of the programmes you chose are not taking applications now, so they are "
                "not ticked. The programme pages say when they open."
            ),
        )
    if Programme.Channel.OFFLINE in found.values():
        messages.info(
            request,
            _(
                "Some of the programmes you chose are applied for at a service centre only: they "
                "are listed below the form, with where and when to go."
            ),
        )


def _fits(user) -> dict[int, bool]:
    """For the person's own choice: by programme id, whether they seem to qualify (True) or
    not (False) by what is known of them (profiles.known_facts); unknown ones are left out.
    The screener's judging (services.screening.programmes_judged): one query."""
    today = timezone.localdate()
    facts = known_facts(user, today=today)
    if not facts:
        return {}
    judged = programmes_judged(facts=facts, today=today)
    return dict.fromkeys(judged[ELIGIBLE], True) | dict.fromkeys(judged[INELIGIBLE], False)


def _not_held(slugs: list[str], held) -> list[str]:
    """The slugs, without the programmes the person already has (applied for or approved)."""
    if not held:
        return slugs
    taken = set(Programme.objects.filter(pk__in=list(held)).values_list("slug", flat=True))
    return [slug for slug in slugs if slug not in taken]


def _slugs(values: list[str], most: int = 200) -> list[str]:
    """Programme slugs from a link: repeated or comma-separated, in order, each once."""
    slugs = [slug.strip() for value in values for slug in value.split(",") if slug.strip()]
    return list(dict.fromkeys(slugs))[:most]


@login_required
def step_programmes(request, application_id):
    application = selectors.draft_for_editor(user=request.user, application_id=application_id)
    if not application.is_draft:
        return redirect("applications:detail", application_id=application.pk)
    # what the applicant already has is theirs to see, not the filing manager's
    held = (
        selectors.programmes_held(applicant_id=request.user.pk, besides=application.pk)
        if request.user.pk == application.applicant_id
        else None
    )
    chosen = list(application.items.values_list("programme__slug", flat=True))
    added = _slugs(request.GET.getlist("add"))
    chosen += [slug for slug in _not_held(added, held) if slug not in chosen]
    district = _where_they_live(request, application.applicant_id)
    open_programmes = offer.programmes_open_for_application(
        online=application.filed_by_id is None, district=district, keep=chosen
    )
    if added and request.method == "GET":
        _say_which_are_not_ticked(request, added)
    form = ProgrammeChoiceForm(
        request.POST or None,
        programmes=open_programmes,
        held=held,
        fits=_fits(request.user) if held is not None else None,
        initial={"programmes": chosen},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.application_set_programmes(
                application=application, programmes=list(form.cleaned_data["programmes"])
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("applications:step_profile", application_id=application.pk)
    return _programme_step(request, form, application=application, district=district)


def _programme_step(request, form, *, application, district: int | None):
    """The programme step's page; the programmes of the centres are listed unless the draft is
    being filed at a centre (where they can be ticked): those of the district where the
    applicant lives, with its centres."""
    filed_at_centre = application is not None and application.filed_by_id is not None
    centre_only = (
        [] if filed_at_centre else list(offer.programmes_at_the_centre_only(district=district))
    )
    if centre_only and district is not None:
        # Whom to ask where to go when the district lists no centre: its own bureau.
        handled = delivering_departments(centre_only, Jurisdiction(pk=district))
        for programme in centre_only:
            programme.delivered_here = handled[programme.pk]
    return render(
        request,
        "applications/step_programmes.html",
        {
            "form": form,
            "steps": STEPS,
            "step": "programmes",
            "application": application,
            "centre_only": centre_only,
        },
    )
