"""Notifications: one row per (recipient, kind, occasion), so each happens at most once.

The row is also the person's inbox entry. Each other channel the person gets it by (e-mail,
SMS) is a Delivery row: the outbox. Rows are written in the same transaction as whatever
caused them, and a dispatcher sends what is pending, so nothing is lost while the broker is
down, and nothing is sent twice when a sweep runs twice.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DRAFT_UNSUBMITTED = "draft_unsubmitted", _("Application not sent yet")
    DRAFT_PURGE = "draft_purge", _("An unsent application will be deleted")
    INFO_REQUESTED = "info_requested", _("A department is waiting for your answer")
    SESSION_TOMORROW = "session_tomorrow", _("Your training starts tomorrow")
    INTAKE_CLOSING = "intake_closing", _("A programme for you closes soon")
    DECISION = "decision", _("A decision on your application")
    APPLICATION_SENT = "application_sent", _("Your application is sent")
    SLA_NEAR = "sla_near", _("A case is due soon")
    SLA_BREACHED = "sla_breached", _("A case is overdue")
    PROGRAMME_EXPIRED = "programme_expired", _("A programme's intake has closed")
    ANSWER_RECEIVED = "answer_received", _("An applicant answered a request")
    CASE_ASSIGNED = "case_assigned", _("A case was assigned to you")


class Frequency(models.TextChoices):
    """How often a person gets a kind by a channel: daily and weekly ones come together."""

    AT_ONCE = "at_once", _("At once")
    DAILY = "daily", _("Once a day")
    WEEKLY = "weekly", _("Once a week")
    OFF = "off", _("Never")


DIGESTS = (Frequency.DAILY, Frequency.WEEKLY)


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message (SMS)")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    # What it is about, so the same reminder for the same thing is never made twice:
    # "application:12:day3", "referral:5:2026-11-23", ...
    occasion = models.CharField(_("occasion"), max_length=120)
    # The records it is about (plain ids: the notifications app depends on no other app).
    application_id = models.BigIntegerField(null=True, blank=True)
    referral_id = models.BigIntegerField(null=True, blank=True)
    programme_id = models.BigIntegerField(null=True, blank=True)
    session_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Stamped on every row one sweep run writes, so that run can add their deliveries.
    batch = models.UUIDField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "occasion"], name="notification_once"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self):
        return f"{self.kind} {self.occasion}"


class Delivery(models.Model):
    """One notification sent by one channel: pending until sent, or failed after its tries."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    # Not before this time: backoff after a failure, or 08:00 for a text message at night.
    next_attempt_at = models.DateTimeField(_("next try"), default=timezone.now)
    # A worker that takes a delivery holds it until then; if it dies, the lease runs out.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # Queued to the broker and not to be queued again before then (the dispatcher's memory).
    queued_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Daily or weekly: held until then and sent with the others of that digest; empty: alone.
    digest = models.CharField(_("digest"), max_length=8, blank=True, default="")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="delivery_pending",
            )
        ]

    def __str__(self):
        return f"{self.notification_id} {self.channel} {self.status}"


class Preference(models.Model):
    """A person's choice for one kind of notification and one channel (the default otherwise)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel)
    frequency = models.CharField(_("how often"), max_length=8, choices=Frequency)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="preference_once")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.channel} {self.frequency}"
