"""The returnee's pages: the profile, the application step by step, its status, answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from applications import actions, privacy, receipts, selectors, signals, transitions
from applications.forms import (
    AnswerForm,
    DocumentToFollowForm,
    DocumentUploadForm,
    ProfileForm,
)
from applications.models import (
    ApplicantProfile,
    DocumentToFollow,
    PersonalDataAccess,
    Referral,
)
from applications.profiles import mask_id_number, profile_facts
from applications.storage import private_file_response
from applications.uploads import ACCEPT
from applications.wallet import takes_wallet
from portal.accounts import reauth
from portal.accounts.throttling import client_address
from portal.decorators import role_required
from services.eligibility import evaluate
from services.jurisdictions import delivering_departments
from services.models import ScreenerAnswers
from services.selectors import sessions_to_choose

STEPS = [
    ("programmes", gettext_lazy("Programmes")),
    ("profile", gettext_lazy("Your details")),
    ("documents", gettext_lazy("Documents")),
    ("review", gettext_lazy("Check and send")),
]
PAGE_SIZE = 20
# The applicant's own pages: staff accounts never apply (nor decide on their own case).
_applicant_required = role_required(lambda user: user.is_applicant)


def messages_from_error(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


def form_errors_as_messages(request, form):
    """A form shown as a message after a redirect: each error says which field it is about."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for error in errors:
            if field is not None and field.label and not field.widget.is_hidden:
                error = _("%(field)s: %(error)s") % {"field": field.label, "error": error}
            messages.error(request, error)


# --- Profile -----------------------------------------------------------------------------------


def _profile_of(user) -> ApplicantProfile | None:
    return ApplicantProfile.objects.filter(user=user).first()


@sensitive_post_parameters("id_number")
@_applicant_required
def profile(request):
    current = _profile_of(request.user)
    return _profile_page(
        request, current, owner=request.user, next_url=reverse("applications:profile")
    )


def _profile_page(request, current, *, owner, next_url, application=None):
    needs_consent = not (current and current.consent_given_at)
    needs_password = False
    if current and owner != request.user:
        privacy.record_access(
            request,
            channel=PersonalDataAccess.Channel.ASSISTED,
            subject_id=owner.pk,
            application_id=application.pk if application else None,
        )
    status = 200
    on_behalf = owner != request.user
    if request.method == "POST":
        form = ProfileForm(
            request.POST,
            request.FILES,
            instance=current,
            needs_consent=needs_consent,
            on_behalf=on_behalf,
            held_by=request.user if on_behalf else None,
        )
        if form.is_valid():
            try:
                saved = actions.profile_save(
                    user=owner,
                    data=form.profile_data(),
                    consent=bool(form.cleaned_data.get("consent")),
                    may_change_id_number=reauth.confirmed_recently(request),
                    typed_by=request.user,
                    address=client_address(request),
                    consent_scan=form.cleaned_data.get("consent_scan"),
                )
            except actions.IdNumberChangeNeedsPassword as error:
                form.add_error(None, error)
                needs_password = True
            except actions.IdNumberTries as error:
                form.add_error(None, error)
                status = 429
            except ValidationError as error:
                form.add_error(None, error)
            else:
                form.release_scan()
                if owner == request.user:
                    signals.remember_district(request, saved)
                messages.success(request, _("Your details are saved."))
                return redirect(next_url)
        form.hold_scan()
    else:
        initial = {}
        if current is None:
            initial = {"name": owner.name, "phone": owner.phone}
        kept = ScreenerAnswers.objects.filter(user=owner).first()
        if kept:
            # The screener's answers fill what the profile does not hold yet, never change it.
            initial.update(
                {
                    key: value
                    for key, value in kept.facts.items()
                    if key != "age" and (current is None or _unanswered(current, key))
                }
            )
        form = ProfileForm(
            instance=current, initial=initial, needs_consent=needs_consent, on_behalf=on_behalf
        )
    return render(
        request,
        "applications/profile.html",
        {
            "form": form,
            "application": application,
            "steps": STEPS,
            "step": "profile",
            "owner": owner,
            "confirm_url": reauth.confirm_url(request.get_full_path()) if needs_password else "",
        },
        status=status,
    )


# --- The application, step by step -------------------------------------------------------------


@sensitive_post_parameters("id_number")
@login_required
def step_profile(request, application_id):
    application = selectors.draft_for_editor(user=request.user, application_id=application_id)
    if not application.is_draft:
        return redirect("applications:detail", application_id=application.pk)
    return _profile_page(
        request,
        _profile_of(application.applicant),
        owner=application.applicant,
        next_url=reverse("applications:step_documents", args=[application.pk]),
        application=application,
    )


@login_required
def step_documents(request, application_id):
    application = selectors.draft_for_editor(user=request.user, application_id=application_id)
    if not application.is_draft:
        return redirect("applications:detail", application_id=application.pk)
    form = DocumentUploadForm()
    failed_code = ""
    if request.method == "POST" and "reason" in request.POST:
        return _document_to_follow(request, application)
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES)
        failed_code = request.POST.get("document_type", "")
        if form.is_valid():
            try:
                actions.document_upload(
                    application=application,
                    by=request.user,
                    upload=form.cleaned_data["file"],
                    document_type=form.cleaned_data["document_type"],
                )
            except ValidationError as error:
                form.add_error(None, error)  # a refused file under "file", the rest above
            else:
                messages.success(
                    request,
                    _("“%(document)s” is uploaded.")
                    % {"document": form.cleaned_data["document_type"].name},
                )
                return redirect("applications:step_documents", application_id=application.pk)
    checklist = selectors.document_checklist(application=application)
    if failed_code not in {row.document_type.code for row in checklist}:
        failed_code = ""  # not one of this draft's documents: the errors show above the list
    return render(
        request,
        "applications/step_documents.html",
        {
            "application": application,
            "checklist": checklist,
            "form": form,
            "failed_code": failed_code,
            "steps": STEPS,
            "step": "documents",
            "complete": all(row.settled for row in checklist),
            "reasons": DocumentToFollow.Reason,
            "accept": ACCEPT,
            "takes_wallet": takes_wallet(application),
        },
    )


def _document_to_follow(request, application):
    """The applicant will bring a document to the service centre, or does not have it yet (or
    takes that back); the answer shows on the document's card."""
    form = DocumentToFollowForm(request.POST)
    if form.is_valid():
        document_type = form.cleaned_data["document_type"]
        try:
            note = actions.document_to_follow(
                application=application,
                document_type=document_type,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages_from_error(request, error)
        else:
            done = note.get_reason_display() if note else _("You will upload it.")
            messages.success(
                request,
                _("“%(document)s”: %(done)s") % {"document": document_type.name, "done": done},
            )
    else:
        form_errors_as_messages(request, form)
    url = reverse("applications:step_documents", args=[application.pk])
    code = request.POST.get("document_type", "")
    return redirect(f"{url}#document-{code}" if form.is_valid() else url)


@login_required
def step_review(request, application_id):
    application = selectors.draft_for_editor(user=request.user, application_id=application_id)
    if not application.is_draft:
        return redirect("applications:detail", application_id=application.pk)
    today = timezone.localdate()
    # The session chosen for each training programme ("session-<programme id>"), kept on error.
    chosen = {
        int(key.removeprefix("session-")): value
        for key, value in request.POST.items()
        if key.startswith("session-") and key.removeprefix("session-").isdigit()
    }
    if request.method == "POST":
        try:
            actions.application_submit(
                application=application,
                by=request.user,
                idempotency_key=request.POST.get("submit_token", ""),
                sessions=chosen,
            )
        except ValidationError as error:
            messages_from_error(request, error)
        else:
            if application.applicant_id == request.user.pk:
                messages.success(
                    request, _("Your application is sent to every department concerned.")
                )
            else:
                messages.success(
                    request,
                    _(
                        "The application is sent. Print the receipt for the returnee: they can "
                        "follow it in their account, or with the reference and their mobile number."
                    ),
                )
            return redirect("applications:receipt", application_id=application.pk)
    applicant_profile = (
        ApplicantProfile.objects.select_related("district")
        .filter(user_id=application.applicant_id)
        .first()
    )
    if applicant_profile:
        privacy.record_access(
            request,
            channel=PersonalDataAccess.Channel.ASSISTED,
            subject_id=application.applicant_id,
            application_id=application.pk,
        )
    facts = profile_facts(applicant_profile, today=today) if applicant_profile else {}
    items = list(application.items.select_related("programme__department__jurisdiction"))
    district = applicant_profile.district if applicant_profile else None
    offered = sessions_to_choose(
        [item.programme for item in items], district=district.pk if district else None
    )
    # Who will handle each: a municipal programme's bureau in the district where they live.
    handled = delivering_departments([item.programme for item in items], district)
    for item in items:
        item.handled_by = handled[item.programme_id]
    for session in (session for sessions in offered.values() for session in sessions):
        session.chosen = chosen.get(session.programme_id) == str(session.pk)
    verdicts = [
        (item, evaluate(item.programme.rules, facts, today=today), offered.get(item.programme_id))
        for item in items
    ]
    return render(
        request,
        "applications/step_review.html",
        {
            "application": application,
            "verdicts": verdicts,
            "profile": applicant_profile,
            "masked_id": mask_id_number(applicant_profile.id_number) if applicant_profile else "",
            "problems": actions.submission_problems(
                application, today, items=items, profile=applicant_profile, delivering=handled
            ),
            "confirm_phone": application.filed_by_id is None
            and request.user.phone_verified_at is None,
            "checklist": selectors.document_checklist(application=application),
            "steps": STEPS,
            "step": "review",
        },
    )


# --- After submission: status, correspondence, answers ----------------------------------------


def requests_panel(request) -> str:
    """What a department is waiting for from the applicant, for the top of the home page and of
    their applications (settings.HOME_PANELS): nothing when nothing is waiting."""
    waiting = selectors.requests_waiting(user=request.user)
    if not waiting:
        return ""
    return render_to_string(
        "applications/includes/requests_waiting.html", {"waiting": waiting}, request=request
    )


@_applicant_required
def application_list(request):
    page = Paginator(selectors.applications_for_applicant(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(application, selectors.application_status(application)) for application in page]
    return render(
        request,
        "applications/list.html",
        {
            "page": page,
            "rows": rows,
            "names": transitions.OVERALL_NAMES,
            "requests_panel": requests_panel(request),
        },
    )


def _unanswered(profile, name: str) -> bool:
    value = getattr(profile, name, None)
    return value is None or value == "" or value == []


@_applicant_required
def application_detail(request, application_id):
    application = selectors.application_for_applicant(
        user=request.user, application_id=application_id
    )
    if application.is_draft:
        return redirect("applications:step_review", application_id=application.pk)
    timeline = selectors.timeline_for_applicant(application=application)
    waiting = {
        asked.referral_id: asked
        for asked in selectors.requests_waiting(user=request.user, application_id=application.pk)
    }
    referrals = [
        {
            "referral": referral,
            "state": transitions.STATES[Referral.Status(referral.status)].public_name,
            "items": [item for item in application.items.all() if item.referral_id == referral.pk],
            "timeline": timeline.get(referral.pk, []),
            "request": waiting.get(referral.pk),
            "answer_form": AnswerForm()
            if referral.status == Referral.Status.INFO_REQUESTED
            else None,
        }
        for referral in application.referrals.all()
    ]
    status = selectors.application_status(application)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "status": status,
            "status_name": transitions.OVERALL_NAMES[status],
            "referrals": referrals,
            "event_names": transitions.PUBLIC_EVENT_NAMES,
            "message_names": transitions.PUBLIC_MESSAGE_NAMES,
            "documents": application.documents.select_related("document_type"),
            "owed": receipts.owed_by(application)
            if status not in (transitions.WITHDRAWN, transitions.DECIDED)
            else None,
            "can_withdraw": status not in (transitions.WITHDRAWN, transitions.DECIDED),
        },
    )


@_applicant_required
@require_POST
def answer(request, application_id, referral_id):
    application = selectors.application_for_applicant(
        user=request.user, application_id=application_id
    )
    referral = next((r for r in application.referrals.all() if r.pk == referral_id), None)
    if referral is None:
        raise Http404("No such referral")
    form = AnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("applications:detail", application_id=application.pk)
    try:
        actions.referral_answer(
            referral=referral,
            by=request.user,
            text=form.cleaned_data["text"],
            uploads=request.FILES.getlist("files"),
        )
    except ValidationError as error:
        messages_from_error(request, error)
    else:
        messages.success(request, transitions.done_message(transitions.ActionName.ANSWER))
    return redirect("applications:detail", application_id=application.pk)


@_applicant_required
@require_POST
def withdraw(request, application_id):
    application = selectors.application_for_applicant(
        user=request.user, application_id=application_id
    )
    try:
        actions.application_withdraw(application=application, by=request.user)
    except ValidationError as error:
        messages_from_error(request, error)
    else:
        messages.success(request, transitions.done_message(transitions.ActionName.WITHDRAW))
    return redirect("applications:list")


@login_required
def document_download(request, document_id):
    document = selectors.document_for_user(user=request.user, document_id=document_id)
    privacy.record_access(
        request,
        channel=PersonalDataAccess.Channel.DOCUMENT,
        subject_id=document.application.applicant_id,
        application_id=document.application_id,
    )
    return private_file_response(document)
