"""One messenger for every notification: it records the notification (the inbox entry), adds
a delivery for each channel the person wants, and sends them after the transaction commits.

Two ways in:
- `notify()` for one event as it happens (a decision, a request for information);
- `notify_all()` for a sweep: one INSERT ... SELECT writes every notification a queryset
  describes, skipping those that already exist, then one INSERT ... SELECT per channel adds
  their deliveries. The number of queries does not depend on the number of rows.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    DateTimeField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    UUIDField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from portal.notifications.kinds import declared
from portal.notifications.models import (
    DIGESTS,
    Channel,
    Delivery,
    Frequency,
    Notification,
    Preference,
)

logger = logging.getLogger(__name__)

# Deliveries per send task when a batch is queued (one broker message each would cost more
# than the sending itself at sweep sizes).
SEND_BATCH = 100

QUIET_START = datetime.time(21, 0)
QUIET_END = datetime.time(8, 0)
# Daily and weekly digests go out at this time (weekly ones on Monday), after the quiet hours.
DIGEST_TIME = datetime.time(8, 0)


def sms_allowed_from(moment: datetime.datetime) -> datetime.datetime:
    """No text message between 21:00 and 08:00 in the county: night ones wait for 08:00."""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    if QUIET_END <= local.time() < QUIET_START:
        return moment
    day = local.date() if local.time() < QUIET_END else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, QUIET_END, tzinfo=local.tzinfo)


def next_digest(moment: datetime.datetime, frequency: str) -> datetime.datetime:
    """When a daily (the next 08:00) or weekly (the next Monday 08:00) digest goes out."""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    day = local.date() if local.time() < DIGEST_TIME else local.date() + datetime.timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        day += datetime.timedelta(days=(7 - day.weekday()) % 7)
    return datetime.datetime.combine(day, DIGEST_TIME, tzinfo=local.tzinfo)


def frequency_of(kind: str, channel: str, chosen: dict | None = None) -> str:
    """How often a person gets this kind by this channel: their choice (`chosen`, by kind and
    channel), or the kind's default."""
    if chosen is not None and (kind, channel) in chosen:
        return chosen[(kind, channel)]
    return Frequency.AT_ONCE if declared(kind).wanted_by_default(channel) else Frequency.OFF


def _choice(kind: str, channel: str):
    return Preference.objects.filter(user=OuterRef("recipient"), kind=kind, channel=channel)


def _channel_wanted(kind: str, channel: str) -> Q:
    """Recipients (as a Notification filter) who get this kind by this channel."""
    reachable = ~Q(recipient__email="") if channel == Channel.EMAIL else ~Q(recipient__phone="")
    choice = _choice(kind, channel)
    if declared(kind).wanted_by_default(channel):
        return reachable & ~Exists(choice.filter(frequency=Frequency.OFF))
    return reachable & Exists(choice.exclude(frequency=Frequency.OFF))


def _insert_select(table: str, columns: list[str], source: QuerySet, conflict: str) -> int:
    sql, params = source.query.get_compiler(using=source.db).as_sql()
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) {sql} ON CONFLICT ({conflict}) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _add_deliveries(*, batch: uuid.UUID, kind: str, now: datetime.datetime) -> int:
    added = 0
    for channel in Channel:
        not_before = sms_allowed_from(now) if channel == Channel.SMS else now
        digest = Subquery(
            _choice(kind, channel).filter(frequency__in=DIGESTS).values("frequency")[:1]
        )
        source = (
            Notification.objects.filter(batch=batch)
            .filter(_channel_wanted(kind, channel))
            .annotate(
                c_channel=Value(str(channel), output_field=CharField()),
                c_status=Value(Delivery.Status.PENDING, output_field=CharField()),
                c_attempts=Value(0, output_field=IntegerField()),
                c_digest=Coalesce(digest, Value(""), output_field=CharField()),
                c_next=Case(
                    *[
                        When(c_digest=frequency, then=Value(next_digest(now, frequency)))
                        for frequency in DIGESTS
                    ],
                    default=Value(not_before),
                    output_field=DateTimeField(),
                ),
                c_error=Value("", output_field=TextField()),
            )
            .values_list(
                "id", "c_channel", "c_status", "c_attempts", "c_next", "c_error", "c_digest"
            )
        )
        added += _insert_select(
            Delivery._meta.db_table,
            [
                "notification_id",
                "channel",
                "status",
                "attempts",
                "next_attempt_at",
                "last_error",
                "digest",
            ],
            source,
            "notification_id, channel",
        )
    return added


# An empty id column in a notify_all source (no programme, no session): a typed NULL.
NO_ID = Cast(Value(None), output_field=BigIntegerField())


def notify_all(*, kind: str, source: QuerySet, now: datetime.datetime | None = None) -> int:
    """Write the notifications a sweep found, once each, with their deliveries; send them.

    `source` is a values queryset of expressions only (so SQL keeps their order), in this
    order: n_recipient, n_occasion, n_application, n_referral, n_programme, n_session (ids,
    or None; the n_ prefix keeps the names clear of the model's own fields).
    Returns how many notifications were new.
    """
    now = now or timezone.now()
    batch = uuid.uuid4()
    # No ORDER BY: with DISTINCT it would add columns to the SELECT.
    rows = source.order_by().annotate(
        n_kind=Value(str(kind), output_field=CharField()),
        n_created_at=Value(now, output_field=DateTimeField()),
        n_batch=Value(batch, output_field=UUIDField()),
    )
    with transaction.atomic():
        created = _insert_select(
            Notification._meta.db_table,
            [
                "recipient_id",
                "occasion",
                "application_id",
                "referral_id",
                "programme_id",
                "session_id",
                "kind",
                "created_at",
                "batch",
            ],
            rows,
            "recipient_id, kind, occasion",
        )
        if created:
            _add_deliveries(batch=batch, kind=kind, now=now)
            transaction.on_commit(lambda: enqueue_batch(batch))
    return created


def notify(
    *,
    recipient,
    kind: str,
    occasion: str,
    application_id: int | None = None,
    referral_id: int | None = None,
    programme_id: int | None = None,
    session_id: int | None = None,
) -> Notification | None:
    """Record one notification now (in the caller's transaction); None if it already exists."""
    now = timezone.now()
    batch = uuid.uuid4()
    with transaction.atomic():
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient=recipient,
                    kind=kind,
                    occasion=occasion,
                    application_id=application_id,
                    referral_id=referral_id,
                    programme_id=programme_id,
                    session_id=session_id,
                    created_at=now,
                    batch=batch,
                )
            ],
            ignore_conflicts=True,
        )
        notification = Notification.objects.filter(batch=batch).first()
        if notification is None:
            return None
        _add_deliveries(batch=batch, kind=kind, now=now)
        transaction.on_commit(lambda: enqueue_batch(batch))
    return notification


def enqueue_batch(batch: uuid.UUID) -> None:
    """Queue a send task for each pending delivery of a batch. If the broker is down, nothing
    is lost: the dispatcher finds the pending deliveries when it is back."""
    from portal.notifications.tasks import QUEUED_GRACE, send_batch

    ids = Delivery.objects.filter(
        notification__batch=batch, status=Delivery.Status.PENDING
    ).values_list("id", flat=True)
    # One try to reach the broker, no reconnecting: a request must not hang on a dead broker.
    app = send_batch.app
    options = {**app.conf.broker_transport_options, "max_retries": 0}
    # Marked before they are queued: a worker taking a task at once must not find the rows
    # locked by this update (it would skip them). Unmarked again if the broker is down.
    pending = Delivery.objects.filter(notification__batch=batch, status=Delivery.Status.PENDING)
    pending.update(queued_until=timezone.now() + QUEUED_GRACE)
    try:
        with app.connection_for_write(transport_options=options) as broker:
            chunk: list[int] = []
            for delivery_id in ids.iterator(chunk_size=2000):
                chunk.append(delivery_id)
                if len(chunk) == SEND_BATCH:
                    send_batch.apply_async(args=[chunk], retry=False, connection=broker)
                    chunk = []
            if chunk:
                send_batch.apply_async(args=[chunk], retry=False, connection=broker)
    except Exception:  # the broker is unreachable: the dispatcher will send them later
        pending.update(queued_until=None)
        logger.warning("Broker unreachable; deliveries of batch %s wait for the dispatcher", batch)
