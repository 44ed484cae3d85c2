"""Reminder selection: who is due which reminder now, as querysets the messenger writes in
one INSERT ... SELECT each. A sweep run twice, or by two beats at once, writes nothing twice:
each reminder has an occasion, unique per recipient and kind.

| to          | when                                                        | kind              |
| applicant   | a draft untouched for 3 days (again at 10)                  | draft_unsubmitted |
| applicant   | information requested, not answered after 3 and 7 days      | info_requested    |
| applicant   | an enrolled training session starts tomorrow                | session_tomorrow  |
| applicant   | a programme matched in the screener closes in 3 days, and   | intake_closing    |
|             | no application for it                                       |                   |
| official    | an assigned referral is due in 2 working days               | sla_near          |
| head        | a referral is past its due date (daily until decided)       | sla_breached      |
| manager     | a published programme's intake closed, still published      | programme_expired |
| applicant   | an unsent draft will be deleted within DRAFT_PURGE_WARNING_ | draft_purge       |
|             | DAYS days (privacy.drafts_purge deletes it after DRAFT_     |                   |
|             | RETENTION_DAYS)                                             |                   |

Decisions and requests for information are notified as they happen (actions/casework.py).
Each kind is declared once in notices.py: its channels, its occasion and what it says.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from applications import business_days, notices, transitions
from applications.models import Application, ApplicationItem, Message, Referral
from applications.selectors import NEAR_DUE_WORKING_DAYS
from portal.notifications.messenger import NO_ID, notify_all
from portal.notifications.models import Kind
from services.models import Jurisdiction, Programme, ScreenerAnswers

DRAFT_DAYS = (3, 10)
INFO_DAYS = (3, 7)
CLOSING_DAYS = 3


def _window(field: str, now: datetime.datetime, days: int, steps: tuple[int, ...]) -> dict:
    """Rows `days` days old, but not yet old enough for the next step: a sweep that runs late
    (after an outage, or a first run) sends each row only its latest reminder."""
    window = {f"{field}__lte": now - datetime.timedelta(days=days)}
    later = [step for step in steps if step > days]
    if later:
        window[f"{field}__gt"] = now - datetime.timedelta(days=min(later))
    return window


def draft_reminders(now: datetime.datetime, days: int):
    """Drafts untouched for `days` days (an edit starts the count again: the occasion is the
    draft's last save)."""
    return Application.objects.filter(
        submitted_at__isnull=True,
        withdrawn_at__isnull=True,
        **_window("updated_at", now, days, DRAFT_DAYS),
    ).values(
        n_recipient=F("applicant_id"),
        n_occasion=notices.DRAFT_UNSUBMITTED.occasion.sql(
            application=F("id"), day=days, saved=F("updated_at")
        ),
        n_application=F("id"),
        n_referral=NO_ID,
        n_programme=NO_ID,
        n_session=NO_ID,
    )


def info_reminders(now: datetime.datetime, days: int):
    """Requests for information still unanswered `days` days after they were sent."""
    return Message.objects.filter(
        kind=Message.Kind.REQUEST,
        referral__status=Referral.Status.INFO_REQUESTED,
        created_at__gte=F("referral__paused_at"),
        **_window("created_at", now, days, INFO_DAYS),
    ).values(
        n_recipient=F("referral__application__applicant_id"),
        n_occasion=notices.INFO_REQUESTED.occasion.sql(request=F("id"), day=days),
        n_application=F("referral__application_id"),
        n_referral=F("referral_id"),
        n_programme=NO_ID,
        n_session=NO_ID,
    )


def session_reminders(now: datetime.datetime):
    """Applicants with a seat in a training session that starts tomorrow (county time)."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    return ApplicationItem.objects.filter(
        decision=ApplicationItem.Decision.APPROVED,
        session__starts_at__date=tomorrow,
        application__withdrawn_at__isnull=True,
    ).values(
        n_recipient=F("application__applicant_id"),
        n_occasion=notices.SESSION_TOMORROW.occasion.sql(session=F("session_id"), item=F("id")),
        n_application=F("application_id"),
        n_referral=F("referral_id"),
        n_programme=F("programme_id"),
        n_session=F("session_id"),
    )


def closing_reminders(now: datetime.datetime):
    """Screener matches closing within 3 days, for people who have not applied for them
    (within, not on: a sweep missed for a day still reminds)."""
    today = timezone.localdate(now)
    Match = ScreenerAnswers.matched.through
    applied = ApplicationItem.objects.filter(
        application__applicant_id=OuterRef("screeneranswers__user_id"),
        programme_id=OuterRef("programme_id"),
    )
    return (
        Match.objects.filter(
            programme__status=Programme.Status.PUBLISHED,
            programme__closes_on__range=(today, today + datetime.timedelta(days=CLOSING_DAYS)),
        )
        .filter(~Exists(applied))
        .values(
            n_recipient=F("screeneranswers__user_id"),
            n_occasion=notices.INTAKE_CLOSING.occasion.sql(
                programme=F("programme_id"), closes_on=F("programme__closes_on")
            ),
            n_application=NO_ID,
            n_referral=NO_ID,
            n_programme=F("programme_id"),
            n_session=NO_ID,
        )
    )


def sla_near_reminders(now: datetime.datetime):
    """Assigned referrals due within 2 working days, to their assignee."""
    today = timezone.localdate(now)
    near = business_days.add_working_days(today, NEAR_DUE_WORKING_DAYS)
    return Referral.objects.filter(
        status__in=transitions.OPEN,
        paused_at__isnull=True,
        assignee__isnull=False,
        due_on__gte=today,
        due_on__lte=near,
    ).values(
        n_recipient=F("assignee_id"),
        n_occasion=notices.SLA_NEAR.occasion.sql(referral=F("id"), due_on=F("due_on")),
        n_application=F("application_id"),
        n_referral=F("id"),
        n_programme=NO_ID,
        n_session=NO_ID,
    )


def sla_breached_reminders(now: datetime.datetime):
    """Overdue referrals, to every head of their department, once a day until decided."""
    today = timezone.localdate(now)
    User = get_user_model()
    return (
        Referral.objects.filter(
            status__in=transitions.OPEN, paused_at__isnull=True, due_on__lt=today
        )
        .filter(
            department__staff__role=User.Role.HEAD,
            department__staff__is_active=True,
        )
        .values(
            n_recipient=F("department__staff__id"),
            n_occasion=notices.SLA_BREACHED.occasion.sql(referral=F("id"), day=today.isoformat()),
            n_application=F("application_id"),
            n_referral=F("id"),
            n_programme=NO_ID,
            n_session=NO_ID,
        )
    )


def programme_expired_reminders(now: datetime.datetime):
    """Published programmes past their intake window, to those who edit them
    (services/manager_scope.py): a district's programme to the managers of its parks, a
    municipal one to the municipality's managers and administrators (not to every district's
    park managers)."""
    today = timezone.localdate(now)
    expired = Programme.objects.filter(status=Programme.Status.PUBLISHED, closes_on__lt=today)

    def to(recipient: str, programmes, **conditions):
        # One filter() for every condition on the recipient: one join, the one selected.
        return (
            programmes.filter(**{f"{recipient}__is_active": True}, **conditions)
            .values(
                n_recipient=F(f"{recipient}__id"),
                n_occasion=notices.PROGRAMME_EXPIRED.occasion.sql(
                    programme=F("id"), closes_on=F("closes_on")
                ),
                n_application=NO_ID,
                n_referral=NO_ID,
                n_programme=F("id"),
                n_session=NO_ID,
            )
            .distinct()
        )

    User = get_user_model()
    district = Jurisdiction.Level.DISTRICT
    return [
        to("parks__managers", expired.filter(department__jurisdiction__level=district)),
        to(
            "department__jurisdiction__acting_staff",
            expired.exclude(department__jurisdiction__level=district),
            department__jurisdiction__acting_staff__role__in=User.JURISDICTION_ROLES,
        ),
    ]


def draft_purge_warnings(now: datetime.datetime):
    """Drafts to be deleted within DRAFT_PURGE_WARNING_DAYS days, for the messenger: a last
    reminder to send them (an edit starts the count again)."""
    start = settings.DRAFT_RETENTION_DAYS - settings.DRAFT_PURGE_WARNING_DAYS
    return Application.objects.filter(
        submitted_at__isnull=True,
        withdrawn_at__isnull=True,
        updated_at__lte=now - datetime.timedelta(days=start),
        updated_at__gte=now - datetime.timedelta(days=settings.DRAFT_RETENTION_DAYS),
    ).values(
        n_recipient=F("applicant_id"),
        n_occasion=notices.DRAFT_PURGE.occasion.sql(application=F("id"), saved=F("updated_at")),
        n_application=F("id"),
        n_referral=NO_ID,
        n_programme=NO_ID,
        n_session=NO_ID,
    )


def sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    """Every reminder due now, written once each; returns how many were new per kind."""
    now = now or timezone.now()
    written = {}
    written[Kind.DRAFT_UNSUBMITTED] = sum(
        notify_all(kind=Kind.DRAFT_UNSUBMITTED, source=draft_reminders(now, days), now=now)
        for days in DRAFT_DAYS
    )
    written[Kind.INFO_REQUESTED] = sum(
        notify_all(kind=Kind.INFO_REQUESTED, source=info_reminders(now, days), now=now)
        for days in INFO_DAYS
    )
    written[Kind.SESSION_TOMORROW] = notify_all(
        kind=Kind.SESSION_TOMORROW, source=session_reminders(now), now=now
    )
    written[Kind.INTAKE_CLOSING] = notify_all(
        kind=Kind.INTAKE_CLOSING, source=closing_reminders(now), now=now
    )
    written[Kind.SLA_NEAR] = notify_all(kind=Kind.SLA_NEAR, source=sla_near_reminders(now), now=now)
    written[Kind.SLA_BREACHED] = notify_all(
        kind=Kind.SLA_BREACHED, source=sla_breached_reminders(now), now=now
    )
    written[Kind.PROGRAMME_EXPIRED] = sum(
        notify_all(kind=Kind.PROGRAMME_EXPIRED, source=source, now=now)
        for source in programme_expired_reminders(now)
    )
    written[Kind.DRAFT_PURGE] = draft_purge_sweep(now)
    return {str(kind): count for kind, count in written.items()}


def draft_purge_sweep(now: datetime.datetime) -> int:
    """The last reminder before a draft is deleted (also written by privacy.drafts_purge just
    before it deletes, so no draft goes unwarned)."""
    return notify_all(kind=Kind.DRAFT_PURGE, source=draft_purge_warnings(now), now=now)
