"""The county's calendar of days off and worked weekend days (business_days.py reads it); a
model of the applications app, imported into applications.models."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.bilingual import BilingualMixin


class Holiday(BilingualMixin, models.Model):
    """A day off on a weekday, or (is_workday) a weekend day worked in its place (调休)."""

    date = models.DateField(_("date"), unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    is_workday = models.BooleanField(
        _("working day"),
        default=False,
        help_text=_("Tick for a weekend day that is worked to make up for a holiday."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holiday calendar")

    def __str__(self):
        return f"{self.date} {self.localized('name')}"
