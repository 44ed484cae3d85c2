"""Notifications through a real Celery worker, the real Redis and the test database.

What the outbox design promises (see portal/notifications/tasks.py), shown end to end:
a sweep run twice sends once; a send that fails twice then succeeds is sent once; a task
whose worker dies is sent after a restart; what happens while the broker is down is sent
when it is back. The worker is a subprocess; its SMS and e-mail backends write one JSON line
per message sent, so "sent once" is counted in files, not only read from the database.
"""

import datetime
import json
import time
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from applications import actions, reminders
from applications.models import Application, ApplicationItem
from portal.notifications.messenger import QUIET_END, QUIET_START
from portal.notifications.models import Channel, Delivery, Kind, Notification
from portal.notifications.tasks import dispatch_pending, send_delivery
from tests.factories import ProgrammeFactory
from tests.notifications.conftest import wait_for

pytestmark = [
    pytest.mark.redis,
    pytest.mark.real_clock,
    pytest.mark.django_db(transaction=True),
]

SENT_TIMEOUT = 60


def sms_hours(now: datetime.datetime) -> datetime.datetime:
    """`now`, or the last moment before it when text messages may be sent (not 21:00-08:00),
    so a test that passes it to the messenger gets deliveries due at once at any hour."""
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    if QUIET_END <= local.time() < QUIET_START:
        return now
    day = local.date() if local.time() >= QUIET_START else local.date() - datetime.timedelta(1)
    return datetime.datetime.combine(day, datetime.time(20, 0), tzinfo=local.tzinfo)


def new_draft(applicant) -> Application:
    return actions.application_start(applicant=applicant, programmes=[ProgrammeFactory()])


def sms_delivery(applicant) -> Delivery:
    """A draft reminder for the applicant, to be sent by text message only, due now."""
    application = new_draft(applicant)
    notification = Notification.objects.create(
        recipient=applicant,
        kind=Kind.DRAFT_UNSUBMITTED,
        occasion=f"application:{application.pk}:test",
        application_id=application.pk,
    )
    return Delivery.objects.create(notification=notification, channel=Channel.SMS)


def all_sent(deliveries):
    def check():
        statuses = [delivery.status for delivery in deliveries.all()]
        assert Delivery.Status.FAILED not in statuses, list(deliveries.values())
        return statuses and all(status == Delivery.Status.SENT for status in statuses)

    return check


def phones(lines):
    return [json.loads(line)["phone"] for line in lines]


def test_a_sweep_run_twice_sends_each_reminder_once(celery_rig, applicant):
    application = new_draft(applicant)
    Application.objects.filter(pk=application.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=4)
    )
    worker = celery_rig.start_worker()
    now = sms_hours(timezone.now())

    first = reminders.sweep(now=now)
    second = reminders.sweep(now=now)

    assert first[Kind.DRAFT_UNSUBMITTED] == 1
    assert second[Kind.DRAFT_UNSUBMITTED] == 0
    notification = Notification.objects.get()
    assert notification.kind == Kind.DRAFT_UNSUBMITTED
    assert notification.application_id == application.pk
    deliveries = Delivery.objects.filter(notification=notification)
    assert sorted(deliveries.values_list("channel", flat=True)) == [Channel.EMAIL, Channel.SMS]

    wait_for(all_sent(deliveries), timeout=SENT_TIMEOUT, what="both deliveries", workers=[worker])
    celery_rig.drain(worker)

    assert phones(celery_rig.sms_lines()) == [applicant.phone]
    assert [json.loads(line)["to"] for line in celery_rig.email_lines()] == [[applicant.email]]
    assert set(deliveries.values_list("attempts", flat=True)) == {1}
    # One batch of two sends, and the drain marker: the second sweep queued nothing.
    assert worker.finished("send_batch") == ["sent=2 skipped=0 failed=0 retry=0"]
    assert worker.finished() == ["skipped"]


def test_a_send_that_fails_twice_then_succeeds_is_sent_once(celery_rig, applicant, tmp_path):
    delivery = sms_delivery(applicant)
    state = tmp_path / "flaky-state"
    worker = celery_rig.start_worker(
        SMS_BACKEND="tests.notifications.flaky.FlakySmsBackend",
        FLAKY_SMS_STATE=str(state),
        FLAKY_SMS_FAILURES="2",
        NOTIFICATIONS_BACKOFF_SECONDS="1,1,1,1",
    )

    send_delivery.apply_async(args=[delivery.pk])

    deliveries = Delivery.objects.filter(pk=delivery.pk)
    wait_for(all_sent(deliveries), timeout=SENT_TIMEOUT, what="the delivery", workers=[worker])
    celery_rig.drain(worker)

    delivery.refresh_from_db()
    assert delivery.attempts == 3
    assert delivery.last_error == ""
    assert state.read_text() == "2"
    assert phones(celery_rig.sms_lines()) == [applicant.phone]
    assert worker.log().count(" retry: Retry in ") == 2
    assert worker.finished() == ["sent", "skipped"]


def test_a_delivery_whose_worker_dies_mid_send_is_sent_after_a_restart(
    celery_rig, applicant, tmp_path
):
    delivery = sms_delivery(applicant)
    blocking = tmp_path / "blocking"
    blocking.mkdir()
    env = {
        "SMS_BACKEND": "tests.notifications.flaky.BlockingSmsBackend",
        "BLOCKING_SMS_DIR": str(blocking),
        "NOTIFICATIONS_LEASE_SECONDS": "2",
    }
    first = celery_rig.start_worker(**env)

    send_delivery.apply_async(args=[delivery.pk])
    wait_for((blocking / "started").exists, timeout=30, what="the send to start", workers=[first])
    first.kill()

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.claimed_until is not None
    assert celery_rig.sms_lines() == []

    # Redis keeps the unacknowledged message for its visibility timeout (an hour); the lease
    # on the row runs out in 2 s, and the dispatcher queues the delivery again.
    (blocking / "release").touch()
    second = celery_rig.start_worker(**env)
    wait_for(
        lambda: timezone.now() > delivery.claimed_until,
        timeout=10,
        what="the lease to run out",
    )
    assert dispatch_pending() == 1

    deliveries = Delivery.objects.filter(pk=delivery.pk)
    wait_for(all_sent(deliveries), timeout=SENT_TIMEOUT, what="the delivery", workers=[second])
    celery_rig.drain(second)

    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert phones(celery_rig.sms_lines()) == [applicant.phone]
    assert second.finished() == ["sent", "skipped"]


def test_what_happens_while_the_broker_is_down_is_sent_when_it_is_back(
    own_redis, draft, applicant, official, caplog
):
    server, rig = own_redis
    server.stop()

    started = time.monotonic()
    referrals = actions.application_submit(application=draft, by=applicant)
    referral = next(r for r in referrals if r.department_id == official.department_id)
    item = referral.items.order_by("pk").first()
    actions.referral_act(referral=referral, by=official, action="approve", item_id=item.pk)
    took = time.monotonic() - started

    # The portal went on without the broker, and kept what it has to send.
    draft.refresh_from_db()
    assert draft.submitted_at is not None
    item.refresh_from_db()
    assert item.decision == ApplicationItem.Decision.APPROVED
    assert took < 15, f"submitting and deciding took {took:.1f} s without a broker"
    assert "Broker unreachable" in caplog.text
    notification = Notification.objects.get(recipient=applicant, kind=Kind.DECISION)
    deliveries = Delivery.objects.filter(notification=notification)
    assert sorted(deliveries.values_list("channel", flat=True)) == [Channel.EMAIL, Channel.SMS]
    assert set(deliveries.values_list("status", "attempts")) == {(Delivery.Status.PENDING, 0)}

    # The notice of the sending (with its reference) waits likewise.
    everything = Delivery.objects.filter(notification__recipient=applicant)
    assert set(everything.values_list("notification__kind", flat=True)) == {
        Kind.DECISION,
        Kind.APPLICATION_SENT,
    }

    # At night the text message waits for 08:00 by design; this test is not about that.
    everything.filter(next_attempt_at__gt=timezone.now()).update(next_attempt_at=timezone.now())

    server.start()
    worker = rig.start_worker()
    assert dispatch_pending() == 4

    wait_for(all_sent(everything), timeout=SENT_TIMEOUT, what="all four", workers=[worker])
    rig.drain(worker)

    assert phones(rig.sms_lines()) == [applicant.phone] * 2
    assert [json.loads(line)["to"] for line in rig.email_lines()] == [[applicant.email]] * 2
    assert set(everything.values_list("attempts", flat=True)) == {1}
