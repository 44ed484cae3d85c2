"""What the applications app tells people: each notification kind it causes, declared once
(portal.notifications.kinds): its default channels, its occasion, and the template context.

Declared when the app loads (apps.py). Each context provider takes every notification of its
kind about to be rendered and loads what they need in a few queries. How to add a kind:
docs/notifications.md.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationItem, Message, Referral
from portal.bilingual import list_separator
from portal.notifications.kinds import EMAIL_AND_SMS, EMAIL_ONLY, Occasion, declare
from portal.notifications.models import Kind
from services.models import Programme, TrainingSession


def _by_id(model, ids, *related):
    return model.objects.select_related(*related).in_bulk([pk for pk in ids if pk])


def draft_context(notifications):
    applications = Application.objects.prefetch_related("items__programme").in_bulk(
        [notification.application_id for notification in notifications]
    )
    found = {}
    for notification in notifications:
        application = applications.get(notification.application_id)
        if application:
            titles = [item.programme.title for item in application.items.all()]
            found[notification.pk] = {
                "programmes": list_separator().join(titles),
                "path": reverse("applications:step_review", args=[application.pk]),
            }
    return found


def draft_purge_context(notifications):
    """As for an unsent draft, with the day it will be deleted unless it is sent or changed."""
    found = draft_context(notifications)
    updated = dict(
        Application.objects.filter(
            pk__in=[notification.application_id for notification in notifications]
        ).values_list("pk", "updated_at")
    )
    keep = datetime.timedelta(days=settings.DRAFT_RETENTION_DAYS)
    for notification in notifications:
        if notification.pk in found and notification.application_id in updated:
            deleted_on = timezone.localdate(updated[notification.application_id] + keep)
            found[notification.pk]["deleted_on"] = deleted_on
    return found


def info_context(notifications):
    info_requests = Message.objects.select_related("referral__department").in_bulk(
        [pk for n in notifications if (pk := INFO_REQUESTED.occasion.id(n.occasion, "request"))]
    )
    found = {}
    for notification in notifications:
        request = info_requests.get(INFO_REQUESTED.occasion.id(notification.occasion, "request"))
        if request is None:
            continue
        found[notification.pk] = {
            "department": request.referral.department.name,
            "request_text": request.text,
            "path": reverse("applications:detail", args=[request.referral.application_id])
            + f"#answer-{request.referral_id}",
            "reply_by": date_format(request.reply_by, "DATE_FORMAT") if request.reply_by else "",
        }
    return found


def sent_context(notifications):
    applications = Application.objects.prefetch_related(
        "referrals__department", "documents_to_follow__document_type"
    ).in_bulk(
        [
            pk
            for n in notifications
            if (pk := APPLICATION_SENT.occasion.id(n.occasion, "application"))
        ]
    )
    found = {}
    for notification in notifications:
        application = applications.get(
            APPLICATION_SENT.occasion.id(notification.occasion, "application")
        )
        if application is None or not application.reference:
            continue
        found[notification.pk] = {
            "reference": application.reference,
            "departments": [
                _("%(department)s, answer expected by %(date)s")
                % {
                    "department": referral.department.name,
                    "date": date_format(referral.due_on, "DATE_FORMAT"),
                }
                for referral in sorted(
                    application.referrals.all(), key=lambda referral: referral.department.code
                )
            ],
            "path": reverse("applications:receipt", args=[application.pk]),
            # what was said to follow: to bring, or to send when the department asks
            "owed": [
                note.document_type.name
                for note in sorted(
                    application.documents_to_follow.all(), key=lambda n: n.document_type.code
                )
            ],
        }
    return found


def session_line(session: TrainingSession) -> str:
    """Where and when the training is, in the active language: for the approval."""
    return _("Your place in the training: %(starts)s, %(place)s.") % {
        "starts": date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT"),
        "place": session.place,
    }


def decision_context(notifications):
    items = ApplicationItem.objects.select_related(
        "programme", "referral__department", "session"
    ).in_bulk([pk for n in notifications if (pk := DECISION.occasion.id(n.occasion, "item"))])
    found = {}
    for notification in notifications:
        item = items.get(DECISION.occasion.id(notification.occasion, "item"))
        if item is None or item.referral is None:
            continue
        found[notification.pk] = {
            "department": item.referral.department.name,
            "programme": item.programme.title,
            "decision": item.get_decision_display(),
            "reason": item.decision_reason,
            "appeal": item.programme.appeal if item.decision == item.Decision.REJECTED else "",
            "session": session_line(item.session) if item.session else "",
            "path": reverse("applications:detail", args=[item.application_id]),
        }
    return found


def session_context(notifications):
    sessions = _by_id(TrainingSession, [n.session_id for n in notifications], "programme")
    found = {}
    for notification in notifications:
        session = sessions.get(notification.session_id)
        if session:
            found[notification.pk] = {
                "programme": session.programme.title,
                "starts": date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT"),
                "place": session.place,
                "path": session.programme.get_absolute_url(),
            }
    return found


def closing_context(notifications):
    programmes = _by_id(Programme, [n.programme_id for n in notifications])
    found = {}
    for notification in notifications:
        programme = programmes.get(notification.programme_id)
        if programme:
            found[notification.pk] = {
                "programme": programme.title,
                "closes": date_format(programme.closes_on, "DATE_FORMAT"),
                "path": reverse("applications:start") + f"?programmes={programme.slug}",
            }
    return found


def case_context(notifications):
    referrals = _by_id(Referral, [n.referral_id for n in notifications], "assignee")
    found = {}
    for notification in notifications:
        referral = referrals.get(notification.referral_id)
        if referral:
            found[notification.pk] = {
                "application": referral.application_id,
                "due": date_format(referral.due_on, "DATE_FORMAT"),
                "assignee": str(referral.assignee) if referral.assignee else _("nobody"),
                "path": reverse("applications:case", args=[referral.pk]),
            }
    return found


def answer_context(notifications):
    """An applicant's answer, for the officials of the case: who, and the start of the text."""
    answers = Message.objects.select_related("referral__application__applicant").in_bulk(
        [pk for n in notifications if (pk := ANSWER_RECEIVED.occasion.id(n.occasion, "answer"))]
    )
    found = {}
    for notification in notifications:
        answer = answers.get(ANSWER_RECEIVED.occasion.id(notification.occasion, "answer"))
        if answer is None:
            continue
        found[notification.pk] = {
            "application": answer.referral.application_id,
            "applicant": str(answer.referral.application.applicant),
            "answer_text": answer.text[:200],
            "path": reverse("applications:case", args=[answer.referral_id]),
        }
    return found


def expired_context(notifications):
    programmes = _by_id(Programme, [n.programme_id for n in notifications])
    found = {}
    for notification in notifications:
        programme = programmes.get(notification.programme_id)
        if programme:
            found[notification.pk] = {
                "programme": programme.title,
                "closes": date_format(programme.closes_on, "DATE_FORMAT"),
                "path": reverse("services:manage_edit", args=[programme.slug]),
            }
    return found


# --- The kinds: one declaration each (the occasion's pattern is never changed once in use) -----

DRAFT_UNSUBMITTED = declare(
    Kind.DRAFT_UNSUBMITTED,
    channels=EMAIL_AND_SMS,
    occasion=Occasion("application:{application}:day{day}:{saved}"),
    context=draft_context,
)
DRAFT_PURGE = declare(
    Kind.DRAFT_PURGE,
    channels=EMAIL_AND_SMS,
    occasion=Occasion("application:{application}:purge:{saved}"),
    context=draft_purge_context,
)
INFO_REQUESTED = declare(
    Kind.INFO_REQUESTED,
    channels=EMAIL_AND_SMS,
    occasion=Occasion("request:{request}:day{day}"),
    context=info_context,
)
SESSION_TOMORROW = declare(
    Kind.SESSION_TOMORROW,
    channels=EMAIL_AND_SMS,
    occasion=Occasion("session:{session}:item:{item}"),
    context=session_context,
)
INTAKE_CLOSING = declare(
    Kind.INTAKE_CLOSING,
    channels=EMAIL_AND_SMS,
    occasion=Occasion("closing:{programme}:{closes_on}"),
    context=closing_context,
)
DECISION = declare(
    Kind.DECISION,
    channels=EMAIL_AND_SMS,
    occasion=Occasion("item:{item}"),
    context=decision_context,
)
APPLICATION_SENT = declare(
    Kind.APPLICATION_SENT,
    channels=EMAIL_AND_SMS,
    occasion=Occasion("sent:{application}"),
    context=sent_context,
)
# Staff: by e-mail unless they choose text messages too.
SLA_NEAR = declare(
    Kind.SLA_NEAR,
    channels=EMAIL_ONLY,
    occasion=Occasion("referral:{referral}:due:{due_on}"),
    context=case_context,
    for_applicants=False,
)
SLA_BREACHED = declare(
    Kind.SLA_BREACHED,
    channels=EMAIL_ONLY,
    occasion=Occasion("referral:{referral}:overdue:{day}"),
    context=case_context,
    for_applicants=False,
)
PROGRAMME_EXPIRED = declare(
    Kind.PROGRAMME_EXPIRED,
    channels=EMAIL_ONLY,
    occasion=Occasion("programme:{programme}:expired:{closes_on}"),
    context=expired_context,
    for_applicants=False,
)
ANSWER_RECEIVED = declare(
    Kind.ANSWER_RECEIVED,
    channels=EMAIL_ONLY,
    occasion=Occasion("answer:{answer}"),
    context=answer_context,
    for_applicants=False,
)
CASE_ASSIGNED = declare(
    Kind.CASE_ASSIGNED,
    channels=EMAIL_ONLY,
    occasion=Occasion("referral:{referral}:assigned:{version}"),
    context=case_context,
    for_applicants=False,
)
