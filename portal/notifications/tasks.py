"""Sending deliveries with Celery: at most once each, retried with backoff, never lost.

- Each task takes a delivery id and re-reads the row: a delivery already sent, or held by a
  live worker (its lease), is left alone, so a task delivered twice sends once.
- The row counts its tries, so a delivery that keeps crashing its worker stops after
  MAX_ATTEMPTS instead of looping forever.
- acks_late with reject_on_worker_lost: a worker that dies mid-task gives the task back to the
  broker. The dispatcher also re-queues whatever is pending and due, so a task lost with a
  broker, or never queued because the broker was down, is still sent.
- Retries use short countdowns, far below the broker's visibility timeout; reminders are never
  scheduled as far-future ETA tasks: the sweeps find what is due in the database.
"""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from portal.notifications.channels import ChannelError, send, send_digest
from portal.notifications.models import Delivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
DISPATCH_BATCH = 5000


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)


def _lock_digest(delivery_id: int) -> None:
    """Digests of one person by one channel are claimed one at a time: two workers taking two
    of its deliveries at once would otherwise each send part of it."""
    head = (
        Delivery.objects.filter(pk=delivery_id)
        .exclude(digest="")
        .values_list("notification__recipient_id", "channel")
        .first()
    )
    if head is not None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"digest:{head[0]}:{head[1]}"]
            )


def _claim(delivery_id: int) -> list[Delivery]:
    """The delivery, claimed for this worker (with the rest of its digest if it waited for
    one), or [] when it is not to be sent now."""
    now = timezone.now()
    with transaction.atomic():
        _lock_digest(delivery_id)
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__recipient")
            .filter(pk=delivery_id, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is None or delivery.next_attempt_at > now:
            return []
        if delivery.claimed_until and delivery.claimed_until > now:
            return []
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
            delivery.save(update_fields=["status"])
            return []
        delivery.attempts += 1
        delivery.claimed_until = now + _lease()
        delivery.save(update_fields=["attempts", "claimed_until"])
        return [delivery, *(_claim_digest(delivery, now) if delivery.digest else [])]


class _Retry(Exception):
    def __init__(self, wait: int, error: Exception):
        super().__init__(str(error))
        self.wait = wait
        self.error = error


def _claim_digest(delivery: Delivery, now) -> list[Delivery]:
    """The other deliveries that go out with a digest one: the same person's, by the same
    channel, waiting for a digest and due now. Claimed with it, in its transaction."""
    others = list(
        Delivery.objects.select_for_update(of=("self",))
        .select_related("notification__recipient")
        .filter(
            status=Delivery.Status.PENDING,
            channel=delivery.channel,
            notification__recipient_id=delivery.notification.recipient_id,
            next_attempt_at__lte=now,
            attempts__lt=MAX_ATTEMPTS,
        )
        .exclude(digest="")
        .exclude(pk=delivery.pk)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("notification__created_at", "id")
    )
    Delivery.objects.filter(pk__in=[other.pk for other in others]).update(
        attempts=F("attempts") + 1, claimed_until=now + _lease()
    )
    return others


def _send_one(delivery_id: int) -> str:
    """Claim, send and record one delivery (with the rest of its digest, if it waited for
    one): "sent", "skipped" or "failed"; _Retry when it failed and should be tried again
    after the wait it carries."""
    together = _claim(delivery_id)
    if not together:
        return "skipped"
    delivery = together[0]
    ids = [each.pk for each in together]
    try:
        if len(together) == 1:
            send(delivery)
        else:
            send_digest(together)
    except ChannelError as error:
        now = timezone.now()
        failed = delivery.attempts >= MAX_ATTEMPTS
        backoff = settings.NOTIFICATIONS_BACKOFF_SECONDS
        wait = backoff[min(delivery.attempts, len(backoff)) - 1]
        # Each delivery of a digest keeps its own count of tries.
        tried = Delivery.objects.filter(pk__in=ids)
        tried.update(
            last_error=str(error)[:2000],
            claimed_until=None,
            next_attempt_at=now + datetime.timedelta(seconds=wait),
            queued_until=None,
        )
        tried.filter(attempts__gte=MAX_ATTEMPTS).update(status=Delivery.Status.FAILED)
        if failed:
            logger.error("Delivery %s failed after %s tries: %s", delivery.pk, MAX_ATTEMPTS, error)
            return "failed"
        raise _Retry(wait, error) from error
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return "sent"


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_delivery(self, delivery_id: int) -> str:
    try:
        return _send_one(delivery_id)
    except _Retry as retry:
        raise self.retry(countdown=retry.wait, exc=retry.error) from retry.error


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_batch(delivery_ids: list[int]) -> str:
    """Send many deliveries in one task (a sweep writes thousands: one message each would
    cost more than the sending). A failed one waits for its backoff and the dispatcher."""
    outcomes = {"sent": 0, "skipped": 0, "failed": 0, "retry": 0}
    for delivery_id in delivery_ids:
        try:
            outcomes[_send_one(delivery_id)] += 1
        except _Retry:
            outcomes["retry"] += 1
    return " ".join(f"{name}={count}" for name, count in outcomes.items())


QUEUED_GRACE = datetime.timedelta(minutes=10)


def mark_queued(ids) -> None:
    Delivery.objects.filter(pk__in=ids).update(queued_until=timezone.now() + QUEUED_GRACE)


@shared_task(acks_late=True)
def dispatch_pending() -> int:
    """Queue every pending delivery that is due, not held and not queued lately: the outbox's
    safety net. A backlog is not queued again every minute."""
    now = timezone.now()
    due = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .filter(Q(queued_until__isnull=True) | Q(queued_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("id", flat=True)[:DISPATCH_BATCH]
    )
    # Marked before they are queued: a worker that takes a task at once must not find its row
    # locked by this update (it would skip it, and the delivery wait the grace for nothing).
    mark_queued(due)
    for delivery_id in due:
        send_delivery.delay(delivery_id)
    return len(due)
