"""Reminder selection at fixed times: who gets which reminder, once, with few queries."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from applications import actions
from applications.models import Application, ApplicationItem, Referral
from applications.reminders import sweep
from portal.notifications.messenger import sms_allowed_from
from portal.notifications.models import Delivery, Notification, Preference
from portal.notifications.tasks import dispatch_pending, send_delivery
from services.models import Programme, ScreenerAnswers
from tests.factories import (
    DepartmentFactory,
    ProgrammeFactory,
    TrainingSessionFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
MONDAY_10AM = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


def kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def age(application, days, now=MONDAY_10AM):
    Application.objects.filter(pk=application.pk).update(
        updated_at=now - datetime.timedelta(days=days)
    )


def test_a_draft_is_reminded_at_three_and_ten_days_once_each(draft, applicant, time_machine):
    time_machine.move_to(MONDAY_10AM)
    age(draft, 2)
    assert sweep()["draft_unsubmitted"] == 0
    age(draft, 4)
    assert sweep()["draft_unsubmitted"] == 1
    assert sweep()["draft_unsubmitted"] == 0  # a second sweep writes nothing
    age(draft, 11)
    assert sweep()["draft_unsubmitted"] == 1  # day 10; not day 3 again for this edit time
    assert kinds_for(applicant).count("draft_unsubmitted") == 2


def test_a_late_first_sweep_sends_only_the_latest_reminder(draft, applicant, time_machine):
    time_machine.move_to(MONDAY_10AM)
    age(draft, 12)
    assert sweep()["draft_unsubmitted"] == 1
    assert kinds_for(applicant) == ["draft_unsubmitted"]


def test_sent_and_withdrawn_applications_get_no_draft_reminder(submitted, time_machine):
    time_machine.move_to(MONDAY_10AM)
    age(submitted, 20)
    assert sweep()["draft_unsubmitted"] == 0


def test_an_unanswered_request_is_reminded_after_three_and_seven_days(
    submitted, applicant, official, time_machine
):
    time_machine.move_to(MONDAY_10AM)
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    actions.referral_act(referral=referral, by=official, action="request_info", text="请补充")
    assert kinds_for(applicant) == ["info_requested"]  # the request itself
    time_machine.move_to(MONDAY_10AM + datetime.timedelta(days=3, minutes=1))
    assert sweep()["info_requested"] == 1
    time_machine.move_to(MONDAY_10AM + datetime.timedelta(days=7, minutes=1))
    assert sweep()["info_requested"] == 1
    assert sweep()["info_requested"] == 0


def test_an_answered_request_is_not_reminded(submitted, applicant, official, time_machine):
    time_machine.move_to(MONDAY_10AM)
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    actions.referral_act(referral=referral, by=official, action="request_info", text="请补充")
    actions.referral_act(referral=referral, by=applicant, action="answer", text="好的")
    time_machine.move_to(MONDAY_10AM + datetime.timedelta(days=8))
    assert sweep()["info_requested"] == 0


def test_a_decision_is_notified_as_it_is_made(submitted, applicant, official):
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    item = ApplicationItem.objects.filter(referral=referral).first()
    actions.referral_act(referral=referral, by=official, action="approve", item_id=item.pk)
    assert kinds_for(applicant) == ["decision"]
    channels = set(
        Delivery.objects.filter(notification__recipient=applicant).values_list("channel", flat=True)
    )
    assert channels == {"email", "sms"}


def test_approval_books_a_seat_and_the_day_before_the_session_reminds(
    submitted, applicant, official, five_programmes, time_machine
):
    time_machine.move_to(MONDAY_10AM)
    training = five_programmes[0]
    Programme.objects.filter(pk=training.pk).update(kind=Programme.Kind.TRAINING)
    tomorrow = TrainingSessionFactory(
        programme=training, starts_at=MONDAY_10AM + datetime.timedelta(days=1)
    )
    TrainingSessionFactory(programme=training, starts_at=MONDAY_10AM + datetime.timedelta(days=5))
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    item = ApplicationItem.objects.get(referral=referral, programme=training)
    actions.referral_act(referral=referral, by=official, action="approve", item_id=item.pk)
    item.refresh_from_db()
    tomorrow.refresh_from_db()
    assert item.session == tomorrow and tomorrow.seats_taken == 1
    assert sweep()["session_tomorrow"] == 1
    assert sweep()["session_tomorrow"] == 0


def test_a_full_session_is_never_oversold(submitted, official, five_programmes, time_machine):
    time_machine.move_to(MONDAY_10AM)
    training = five_programmes[0]
    Programme.objects.filter(pk=training.pk).update(kind=Programme.Kind.TRAINING)
    full = TrainingSessionFactory(
        programme=training, starts_at=MONDAY_10AM + datetime.timedelta(days=2), seats=1
    )
    Programme.objects.get(pk=full.programme_id).sessions.filter(pk=full.pk).update(seats_taken=1)
    later = TrainingSessionFactory(
        programme=training, starts_at=MONDAY_10AM + datetime.timedelta(days=9), seats=5
    )
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    item = ApplicationItem.objects.get(referral=referral, programme=training)
    actions.referral_act(referral=referral, by=official, action="approve", item_id=item.pk)
    item.refresh_from_db()
    full.refresh_from_db()
    assert full.seats_taken == 1
    assert item.session == later


def test_a_screener_match_closing_in_three_days_reminds_who_has_not_applied(
    applicant, other_applicant, time_machine
):
    time_machine.move_to(MONDAY_10AM)
    closing = ProgrammeFactory(closes_on=datetime.date(2026, 11, 26))
    later = ProgrammeFactory(closes_on=datetime.date(2026, 12, 26))
    for person in (applicant, other_applicant):
        ScreenerAnswers.objects.create(user=person, facts={}).matched.set([closing, later])
    actions.application_start(applicant=other_applicant, programmes=[closing])
    assert sweep()["intake_closing"] == 1
    assert kinds_for(applicant) == ["intake_closing"]
    assert kinds_for(other_applicant) == []


def test_officials_hear_of_near_deadlines_and_heads_of_breaches_daily(
    submitted, official, head, time_machine
):
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    Referral.objects.filter(pk=referral.pk).update(
        assignee=official, due_on=datetime.date(2026, 11, 25)
    )
    time_machine.move_to(MONDAY_10AM)  # due Wednesday: 2 working days
    assert sweep()["sla_near"] == 1
    assert kinds_for(official) == ["sla_near"]
    time_machine.move_to(datetime.datetime(2026, 11, 26, 9, 0, tzinfo=SHANGHAI))
    assert sweep()["sla_breached"] == 1
    assert sweep()["sla_breached"] == 0
    time_machine.move_to(datetime.datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI))
    assert sweep()["sla_breached"] == 1  # again the next day, until decided
    assert kinds_for(head) == ["sla_breached", "sla_breached"]


def test_managers_hear_of_programmes_published_past_their_window(
    manager, dianjiang_park, time_machine
):
    time_machine.move_to(MONDAY_10AM)
    ProgrammeFactory(closes_on=datetime.date(2026, 11, 1), opens_on=None, parks=[dianjiang_park])
    ProgrammeFactory(
        closes_on=datetime.date(2026, 11, 1),
        opens_on=None,
        parks=[dianjiang_park],
        status=Programme.Status.CLOSED,
    )
    assert sweep()["programme_expired"] == 1
    assert kinds_for(manager) == ["programme_expired"]


def test_a_municipal_programme_s_expiry_goes_to_the_municipality_s_managers(
    manager, dianjiang_park, time_machine
):
    time_machine.move_to(MONDAY_10AM)
    city_hrss = DepartmentFactory(jurisdiction=municipality(), code="hrss", kind="hrss")
    city_manager = UserFactory(role="manager", jurisdiction=municipality())
    UserFactory(role="manager", jurisdiction=municipality(), is_active=False)
    ProgrammeFactory(
        department=city_hrss,
        closes_on=datetime.date(2026, 11, 1),
        opens_on=None,
        parks=[dianjiang_park],  # offered in the district manager's park: not theirs to edit
    )
    assert sweep()["programme_expired"] == 1
    assert kinds_for(city_manager) == ["programme_expired"]
    assert kinds_for(manager) == []


def test_a_channel_turned_off_gets_no_delivery(draft, applicant, time_machine):
    time_machine.move_to(MONDAY_10AM)
    Preference.objects.create(
        user=applicant, kind="draft_unsubmitted", channel="sms", frequency="off"
    )
    age(draft, 4)
    sweep()
    channels = list(Delivery.objects.values_list("channel", flat=True))
    assert channels == ["email"]


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime.datetime(2026, 11, 23, 20, 59, tzinfo=SHANGHAI), "same"),
        (datetime.datetime(2026, 11, 23, 21, 0, tzinfo=SHANGHAI), "2026-11-24 08:00"),
        (datetime.datetime(2026, 11, 24, 3, 0, tzinfo=SHANGHAI), "2026-11-24 08:00"),
        (datetime.datetime(2026, 11, 24, 8, 0, tzinfo=SHANGHAI), "same"),
    ],
)
def test_no_text_message_at_night(local, expected):
    allowed = sms_allowed_from(local)
    if expected == "same":
        assert allowed == local
    else:
        assert allowed.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") == expected


def test_a_night_sweep_defers_the_text_message_not_the_email(draft, time_machine, settings):
    settings.SMS_BACKEND = "portal.sms.FileBackend"
    night = datetime.datetime(2026, 11, 23, 22, 30, tzinfo=SHANGHAI)
    time_machine.move_to(night)
    age(draft, 4, now=night)
    sweep()
    sms = Delivery.objects.get(channel="sms")
    assert sms.next_attempt_at.astimezone(SHANGHAI).hour == 8
    for delivery in Delivery.objects.all():
        send_delivery.apply(args=[delivery.pk])
    assert Delivery.objects.get(channel="email").status == "sent"
    assert Delivery.objects.get(channel="sms").status == "pending"


def test_sending_renders_the_message_in_the_recipient_s_language(
    submitted, applicant, official, settings, tmp_path, time_machine
):
    time_machine.move_to(MONDAY_10AM)  # text messages wait out the night (21:00-08:00)
    settings.SMS_BACKEND = "portal.sms.FileBackend"
    settings.SMS_FILE_PATH = tmp_path
    applicant.language = "en"
    applicant.save()
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    item = ApplicationItem.objects.filter(referral=referral).first()
    actions.referral_act(
        referral=referral, by=official, action="reject", item_id=item.pk, text="Too late"
    )
    for delivery in Delivery.objects.all():
        assert send_delivery.apply(args=[delivery.pk]).get() in ("sent", "skipped")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Decision on your application")
    assert "Too late" in mail.outbox[0].body
    assert "[Fanxiang] Decision" in (tmp_path / "sms.jsonl").read_text()
    # A delivery already sent is never sent again.
    for delivery in Delivery.objects.all():
        assert send_delivery.apply(args=[delivery.pk]).get() == "skipped"
    assert len(mail.outbox) == 1


def test_a_failing_channel_is_retried_then_marked_failed(submitted, applicant, official, settings):
    settings.SMS_BACKEND = "portal.sms.BrokenBackendForTests"  # import fails: a channel error
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    item = ApplicationItem.objects.filter(referral=referral).first()
    actions.referral_act(referral=referral, by=official, action="approve", item_id=item.pk)
    sms = Delivery.objects.get(channel="sms")
    for _attempt in range(5):
        Delivery.objects.filter(pk=sms.pk).update(next_attempt_at=timezone.now())
        send_delivery.apply(args=[sms.pk])
    sms.refresh_from_db()
    assert sms.status == "failed" and sms.attempts == 5
    assert "BrokenBackendForTests" in sms.last_error


def test_the_dispatcher_picks_up_what_is_due_once(draft, time_machine, settings):
    time_machine.move_to(MONDAY_10AM)
    age(draft, 4)
    sweep()  # in a test the commit never comes, so nothing was queued yet
    assert dispatch_pending.apply().get() == 2
    assert dispatch_pending.apply().get() == 0  # queued a moment ago: not again
    time_machine.move_to(MONDAY_10AM + datetime.timedelta(minutes=11))
    assert dispatch_pending.apply().get() == 2  # still pending ten minutes on: again


QUERIES_PER_SWEEP = 36  # measured; it must not change with the number of rows


@pytest.mark.parametrize("count", [100, 10_000])
def test_a_sweep_runs_a_fixed_number_of_queries(count, django_assert_num_queries, time_machine):
    time_machine.move_to(MONDAY_10AM)
    people = UserFactory.create_batch(3)
    Application.objects.bulk_create(
        Application(applicant=people[number % 3], created_at=MONDAY_10AM) for number in range(count)
    )
    Application.objects.update(updated_at=MONDAY_10AM - datetime.timedelta(days=4))
    # Twelve reminder selections (the draft-purge warning joined the sweep; a programme's
    # expiry goes to its parks' managers, or to the municipality's for a municipal one), each one
    # INSERT ... SELECT in a savepoint; the delivery
    # INSERT ... SELECTs (one per channel) of the selection that finds rows; the holiday
    # calendar. The same number at 100 and at 10,000 rows.
    with django_assert_num_queries(QUERIES_PER_SWEEP):
        written = sweep()
    assert written["draft_unsubmitted"] == count
    assert Notification.objects.count() == count
    assert Delivery.objects.count() == 2 * count


def test_withdrawing_frees_the_booked_seat(submitted, applicant, official, five_programmes):
    training = five_programmes[0]
    Programme.objects.filter(pk=training.pk).update(kind=Programme.Kind.TRAINING)
    session = TrainingSessionFactory(programme=training, seats=3)
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    item = ApplicationItem.objects.get(referral=referral, programme=training)
    page = training.get_absolute_url()
    assert "3 seats left" in Client().get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    actions.referral_act(referral=referral, by=official, action="approve", item_id=item.pk)
    session.refresh_from_db()
    assert session.seats_taken == 1
    # the programme page, kept in the cache, shows the seat taken and then freed
    assert "2 seats left" in Client().get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    actions.application_withdraw(application=submitted, by=applicant)
    session.refresh_from_db()
    item.refresh_from_db()
    assert session.seats_taken == 0 and item.session is None
    assert "3 seats left" in Client().get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_dispatcher_marks_what_it_queues_before_a_worker_can_take_it(
    draft, time_machine, monkeypatch
):
    """A worker that takes a task at once must find its delivery already marked, not locked
    by the dispatcher's update (it would skip it, and the message wait for nothing)."""
    time_machine.move_to(MONDAY_10AM)
    age(draft, 4)
    sweep()  # in a test the commit never comes, so nothing was queued yet
    seen = []

    def take_at_once(delivery_id):
        seen.append(Delivery.objects.get(pk=delivery_id).queued_until)

    monkeypatch.setattr(send_delivery, "delay", take_at_once)
    assert dispatch_pending.apply().get() == len(seen) > 0
    assert all(queued_until is not None for queued_until in seen)
