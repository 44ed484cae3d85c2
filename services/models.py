from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.bilingual import BilingualMixin


class Department(BilingualMixin, models.Model):
    """A county bureau that owns programmes and reviews the applications routed to it."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200)
    summary_zh = models.TextField(_("what it offers (Chinese)"), blank=True)
    summary_en = models.TextField(_("what it offers (English)"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address_zh = models.CharField(_("address (Chinese)"), max_length=200, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    office_hours_zh = models.CharField(_("office hours (Chinese)"), max_length=200, blank=True)
    office_hours_en = models.CharField(_("office hours (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def summary(self) -> str:
        return self.localized("summary")

    @property
    def address(self) -> str:
        return self.localized("address")

    @property
    def office_hours(self) -> str:
        return self.localized("office_hours")


class Park(BilingualMixin, models.Model):
    """An industrial or start-up park whose one-stop centre publishes programmes."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200)
    address_zh = models.CharField(_("address (Chinese)"), max_length=200, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("managers"),
        related_name="managed_parks",
        blank=True,
        limit_choices_to={"role": "manager"},
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def address(self) -> str:
        return self.localized("address")
