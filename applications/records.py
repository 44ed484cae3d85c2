"""The records of who did what and who saw what: the audit trail of every application and
the log of each look at someone's personal data. Part of the app's models (models.py imports
them); written by actions and privacy, never edited."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.models import Department


class AuditEvent(models.Model):
    """Who did what to an application, when, with the state before and after."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=40)
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("application"),
    )
    referral = models.ForeignKey(
        "applications.Referral",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    item = models.ForeignKey(
        "applications.ApplicationItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    before = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class PersonalDataAccess(models.Model):
    """Somebody other than the applicant saw their personal data: who, when, which, from where.

    The applicant sees these on their "My data" page; administrators in the admin. Never edited.
    """

    class Channel(models.TextChoices):
        CASE_PAGE = "case", _("case page")
        API = "api", _("API")
        ADMIN = "admin", _("administration")
        ASSISTED = "assisted", _("assisted filing")
        DOCUMENT = "document", _("document opened")
        NUMBER = "number", _("mobile number changed at the service centre")
        ID_SHOWN = "id-shown", _("the whole ID card number shown")

    at = models.DateTimeField(_("when"), default=timezone.now)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_data_accesses",
        verbose_name=_("whose data"),
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("seen by"),
    )
    viewer_role = models.CharField(_("role"), max_length=16, blank=True)
    viewer_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application"),
    )
    channel = models.CharField(_("where"), max_length=10, choices=Channel)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        indexes = [models.Index(fields=["subject", "-at"], name="personal_access_subject")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_channel_display()}"
