"""The staff's pages: a department's queue and its cases (assisted filing: counter_views)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import actions, privacy, selectors, transitions
from applications.forms import (
    CaseActionForm,
)
from applications.models import (
    ApplicationItem,
    PersonalDataAccess,
    Referral,
)
from applications.profiles import mask_id_number
from applications.views import (
    PAGE_SIZE,
    form_errors_as_messages,
    messages_from_error,
)
from portal.bilingual import list_separator
from portal.decorators import role_required
from portal.notifications.selectors import sent_about_referral
from portal.paging import CappedPaginator
from services.eligibility import VERDICT_NAMES

# The queue counts this many referrals at most ("page 1 of more than 500").
QUEUE_COUNT_CAP = 10_000
# Up to this many programmes, the queue's programme filter is a list; beyond, a search field.
QUEUE_PROGRAMME_CHOICES = 100


# --- Officials ---------------------------------------------------------------------------------


_official_required = role_required(lambda user: user.is_official)


@_official_required
def queue(request):
    filters = selectors.QueueFilters(
        status=request.GET.get("status", ""),
        programme=request.GET.get("programme", ""),
        overdue=request.GET.get("overdue") == "1",
        mine=request.GET.get("mine") == "1",
    )
    page = CappedPaginator(
        selectors.referrals_for_official(user=request.user, filters=filters),
        PAGE_SIZE,
        cap=QUEUE_COUNT_CAP,
    ).get_page(request.GET.get("page"))
    referrals = list(page)
    return render(
        request,
        "applications/queue.html",
        {
            "page": page,
            "referrals": referrals,
            "marks": selectors.deadline_marks(referrals),
            "filters": filters,
            "statuses": [
                (status, transitions.STATES[status].staff_name) for status in Referral.Status
            ],
            "programmes": _programme_choices(request.user),
        },
    )


def _programme_choices(user):
    """The programmes of the queue's filter list, or None when there are too many to list:
    a department may own thousands, and a list of thousands is no use on a phone."""
    programmes = list(selectors.department_programmes(user=user)[: QUEUE_PROGRAMME_CHOICES + 1])
    return None if len(programmes) > QUEUE_PROGRAMME_CHOICES else programmes


@_official_required
def case(request, referral_id):
    referral = selectors.referral_for_official(user=request.user, referral_id=referral_id)
    if request.method == "POST":
        form = CaseActionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                taken = actions.referral_act(
                    referral=referral,
                    by=request.user,
                    action=data["action"],
                    version=data["version"],
                    item_id=data.get("item"),
                    text=data.get("text", ""),
                    assignee_id=data.get("assignee"),
                    reply_within=data.get("reply_within"),
                )
            except ValidationError as error:
                messages_from_error(request, error)
            else:
                messages.success(request, taken.message)
        else:
            messages.error(request, _("The form was incomplete; nothing was done."))
            form_errors_as_messages(request, form)
        return redirect("applications:case", referral_id=referral.pk)
    application = referral.application
    applicant_profile = getattr(application.applicant, "applicant_profile", None)
    privacy.record_access(
        request,
        channel=PersonalDataAccess.Channel.CASE_PAGE,
        subject_id=application.applicant_id,
        application_id=application.pk,
    )
    available = {
        name: transitions.allowed(request.user, referral, name)[0]
        for name in transitions.OFFICIAL_ACTIONS
    }
    to_follow = list(selectors.documents_to_follow_for(referral=referral))
    with translation.override(application.applicant.language):
        ask_for_documents = (
            _("Please upload these documents, or bring them to the service centre: %(documents)s")
            % {"documents": list_separator().join(note.document_type.name for note in to_follow)}
            if to_follow
            else ""
        )
    return render(
        request,
        "applications/case.html",
        {
            "referral": referral,
            "application": application,
            "profile": applicant_profile,
            "masked_id": mask_id_number(applicant_profile.id_number) if applicant_profile else "",
            "state": transitions.STATES[Referral.Status(referral.status)].staff_name,
            "available": available,
            "items": list(referral.items.all()),
            "documents": application.documents.filter(
                selectors.official_documents(department_id=referral.department_id)
            ).select_related("document_type", "message"),
            "messages_list": referral.messages.select_related("author").prefetch_related(
                "documents"
            ),
            "events": referral.events.select_related("actor", "item__programme")[:100],
            "sent": sent_about_referral(referral_id=referral.pk),
            "officials": selectors.officials_of_department(department_id=referral.department_id)
            if request.user.is_department_head
            else [],
            "marks": selectors.deadline_marks([referral]),
            "pending": ApplicationItem.Decision.PENDING,
            "verdict_names": VERDICT_NAMES,
            "to_follow": to_follow,
            "reply_within": settings.INFO_REPLY_WORKING_DAYS,
            "ask_for_documents": ask_for_documents,
            "action_names": transitions.ACTION_NAMES,
            "names": transitions.ActionName,
        },
    )


@_official_required
@require_POST
def case_id_number(request, referral_id):
    """The whole ID card number of the case's applicant, for an official who needs it (to
    check it against another register): shown on its own page, asked for with a button, and
    recorded in the applicant's access log."""
    referral = selectors.referral_for_official(user=request.user, referral_id=referral_id)
    application = referral.application
    profile = getattr(application.applicant, "applicant_profile", None)
    if profile is None or not profile.id_number:
        return redirect("applications:case", referral_id=referral.pk)
    privacy.record_access(
        request,
        channel=PersonalDataAccess.Channel.ID_SHOWN,
        subject_id=application.applicant_id,
        application_id=application.pk,
    )
    return render(
        request,
        "applications/case_id_number.html",
        {"referral": referral, "profile": profile, "id_number": profile.id_number},
    )
