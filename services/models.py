import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.bilingual import BilingualMixin, Localized
from services.eligibility import first_step_choices


class Jurisdiction(BilingualMixin, models.Model):
    """Chongqing Municipality or one of its districts and counties, by its administrative
    division code (Chongqing 500000, Dianjiang County 500231, Changshou District 500115). Each
    has its own bureaus and parks; the municipality's bureaus own the municipal programmes that
    every district's bureau of the same kind delivers (see services/jurisdictions.py)."""

    class Level(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        DISTRICT = "district", _("District or county")

    code = models.CharField(
        _("administrative division code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{6}$", _("Six digits, such as 500231."))],
    )
    level = models.CharField(_("level"), max_length=16, choices=Level, default=Level.DISTRICT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self):
        return self.name

    name = Localized("name")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from django.core.cache import cache

        cache.delete("jurisdictions:district-codes")  # services.jurisdictions.district_codes

    @property
    def is_municipal(self) -> bool:
        return self.level == self.Level.MUNICIPALITY


class Department(BilingualMixin, models.Model):
    """A bureau of one jurisdiction that owns programmes and reviews the applications routed
    to it. Its kind says which bureau of another jurisdiction does the same work."""

    class Kind(models.TextChoices):
        HRSS = "hrss", _("Human resources and social security")
        MARKET = "market", _("Market supervision")
        SCIENCE = "scitech", _("Science and technology")
        AGRICULTURE = "agri", _("Agriculture and rural affairs")
        TAX = "tax", _("Taxation")
        CIVIL_AFFAIRS = "civil", _("Civil affairs")
        WOMEN = "women", _("Women's federation")
        DEVELOPMENT = "drc", _("Development and reform")
        OTHER = "other", _("Other")

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="departments",
    )
    kind = models.CharField(_("kind of bureau"), max_length=16, choices=Kind, default=Kind.OTHER)
    code = models.SlugField(
        _("code"), max_length=32, help_text=_("Unique within its jurisdiction.")
    )
    # What the department's HSDS identifiers are made from (services/api/hsds.py): its code
    # when the portal served one county, kept so that those identifiers never change; for a
    # department made since, "<division code>-<code>".
    hsds_key = models.CharField(max_length=48, unique=True, editable=False)
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
        ordering = ["jurisdiction__code", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "code"], name="department_code_in_jurisdiction"
            ),
            # One bureau of each kind in a jurisdiction: where a municipal programme goes.
            models.UniqueConstraint(
                fields=["jurisdiction", "kind"],
                condition=~models.Q(kind="other"),
                name="department_kind_in_jurisdiction",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.hsds_key:
            self.hsds_key = f"{self.jurisdiction.code}-{self.code}"
        super().save(*args, **kwargs)

    name = Localized("name")
    summary = Localized("summary")
    address = Localized("address")
    office_hours = Localized("office_hours")


class Park(BilingualMixin, models.Model):
    """An industrial or start-up park whose one-stop centre publishes programmes."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="parks",
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200)
    address_zh = models.CharField(_("address (Chinese)"), max_length=200, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    hours_zh = models.CharField(_("opening hours (Chinese)"), max_length=120, blank=True)
    hours_en = models.CharField(_("opening hours (English)"), max_length=200, blank=True)
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

    name = Localized("name")
    address = Localized("address")
    hours = Localized("hours")


class DocumentType(BilingualMixin, models.Model):
    """One kind of document in the shared vocabulary (ID card, hukou booklet, ...).

    An applicant uploads each kind once; it serves every programme that asks for it.
    """

    code = models.SlugField(_("code"), max_length=48, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200)
    help_zh = models.TextField(_("what it is (Chinese)"), blank=True)
    help_en = models.TextField(_("what it is (English)"), blank=True)
    valid_months = models.PositiveSmallIntegerField(
        _("a copy stays valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "How long an uploaded copy may be used again for a new application (a bank "
            "statement: 3). Empty: it does not go out of date."
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self):
        return self.name

    name = Localized("name")
    help = Localized("help")


class Programme(BilingualMixin, models.Model):
    """A subsidy, loan, training course or service that returnees can apply for."""

    class Kind(models.TextChoices):
        SUBSIDY = "subsidy", _("Subsidy")
        LOAN = "loan", _("Loan")
        INTEREST_SUBSIDY = "interest_subsidy", _("Loan interest subsidy")
        TRAINING = "training", _("Training")
        TAX_RELIEF = "tax_relief", _("Tax relief")
        GUIDANCE = "guidance", _("Guidance")
        SOCIAL_SERVICE = "social_service", _("Social service")
        TALENT_INCENTIVE = "talent_incentive", _("Talent incentive")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        OFFLINE = "offline", _("At the service centre")
        BOTH = "both", _("Online or at the service centre")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("owning department"),
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text=_(
            "Applications for this programme are routed to this department; for a programme of "
            "a municipal bureau, to the bureau of the same kind in the applicant's district."
        ),
    )
    parks = models.ManyToManyField(
        Park, verbose_name=_("offered in parks"), related_name="programmes", blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title_zh = models.CharField(_("title (Chinese)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_zh = models.CharField(_("summary (Chinese)"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=500, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    benefit_min = models.DecimalField(
        _("benefit from (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    benefit_max = models.DecimalField(
        _("benefit up to (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    benefit_text_zh = models.CharField(_("benefit in words (Chinese)"), max_length=300, blank=True)
    benefit_text_en = models.CharField(_("benefit in words (English)"), max_length=500, blank=True)
    documents = models.ManyToManyField(
        DocumentType, verbose_name=_("required documents"), related_name="programmes", blank=True
    )
    rules = models.JSONField(
        _("eligibility rules"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    rules_version = models.PositiveIntegerField(_("version of the rules"), default=1)
    opens_on = models.DateField(_("intake opens on"), null=True, blank=True)
    closes_on = models.DateField(
        _("intake closes on"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a rolling intake that never closes."),
    )
    sla_days = models.PositiveSmallIntegerField(
        _("processing time (business days)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    policy_reference = models.CharField(
        _("policy document number"),
        max_length=120,
        blank=True,
        help_text=_("Such as YRSF [2018] No. 117."),
    )
    policy_url = models.URLField(_("policy document link"), blank=True)
    appeal_zh = models.TextField(_("how to appeal a decision (Chinese)"), blank=True)
    appeal_en = models.TextField(_("how to appeal a decision (English)"), blank=True)
    channel = models.CharField(
        _("how to apply"), max_length=10, choices=Channel, default=Channel.BOTH
    )
    once_per_person = models.BooleanField(
        _("given once per person"),
        default=False,
        help_text=_(
            "Such as a one-time start-up subsidy: nobody may apply again once it was approved "
            "for them."
        ),
    )
    provides = models.CharField(
        _("helps people get"),
        max_length=40,
        blank=True,
        choices=first_step_choices,
        help_text=_(
            "If this programme helps people get what other programmes ask for (a business "
            "licence), say so: the screener then suggests it as the first step."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    # Chinese text segmented into words (jieba), with the English text: what search matches.
    search_document = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["title_zh"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        indexes = [
            models.Index(fields=["status", "closes_on"], name="programme_status_closes"),
            models.Index(fields=["status", "-published_at"], name="programme_status_published"),
            GinIndex(fields=["search_vector"], name="programme_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__isnull=True)
                | models.Q(opens_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="programme_window_in_order",
                violation_error_message=_("The intake cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=models.Q(benefit_max__isnull=True)
                | models.Q(benefit_min__isnull=True)
                | models.Q(benefit_max__gte=models.F("benefit_min")),
                name="programme_benefit_range_in_order",
                violation_error_message=_("The highest benefit is below the lowest."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("services:programme", kwargs={"slug": self.slug})

    title = Localized("title")
    summary = Localized("summary")
    description = Localized("description")
    benefit_text = Localized("benefit_text")
    appeal = Localized("appeal")

    def window_open_on(self, day: datetime.date) -> bool:
        """The day falls inside the intake window (whatever the status)."""
        return (self.opens_on is None or self.opens_on <= day) and (
            self.closes_on is None or day <= self.closes_on
        )

    @property
    def centre_only(self) -> bool:
        """Applied for at a service centre only, never online (a park manager files it there)."""
        return self.channel == self.Channel.OFFLINE

    def is_open_on(self, day: datetime.date) -> bool:
        """Takes applications on this day: published and inside its intake window."""
        return self.status == self.Status.PUBLISHED and self.window_open_on(day)


class TrainingSession(BilingualMixin, models.Model):
    """One run of a training programme, with a place and a number of seats."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="sessions"
    )
    # A municipal training runs in every district: each session is offered to the people
    # living in the district where it is held.
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("district or county"),
        on_delete=models.PROTECT,
        related_name="sessions",
        limit_choices_to={"level": Jurisdiction.Level.DISTRICT},
        help_text=_("Where it is held: the session is offered to the people living there."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place_zh = models.CharField(_("place (Chinese)"), max_length=200)
    place_en = models.CharField(_("place (English)"), max_length=300, blank=True)
    seats = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(seats_taken__lte=models.F("seats")),
                name="session_not_oversold",
                violation_error_message=_("More seats are taken than the session has."),
            ),
        ]

    def __str__(self):
        return f"{self.programme} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    place = Localized("place")

    @property
    def seats_left(self) -> int:
        return self.seats - self.seats_taken


class FormerSlug(models.Model):
    """An address a programme had before: it still leads to the programme."""

    slug = models.SlugField(_("former address"), max_length=80, unique=True)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="former_slugs",
        verbose_name=_("programme"),
    )
    retired_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")

    def __str__(self):
        return self.slug


class ProgrammeChange(models.Model):
    """One field of a programme changed by one person: the programme's history."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="changes", verbose_name=_("programme")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    field = models.CharField(_("field"), max_length=64)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("programme change")
        verbose_name_plural = _("programme changes")

    def __str__(self):
        return f"{self.programme_id} {self.field} {self.changed_at:%Y-%m-%d %H:%M}"


class ScreenerAnswers(models.Model):
    """A signed-in person's latest screener answers, and the programmes they matched then.

    The intake form starts from these facts, and the reminders tell the person when a
    matched programme is about to close.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="screener_answers",
        verbose_name=_("user"),
    )
    facts = models.JSONField(_("answers"), default=dict, encoder=DjangoJSONEncoder)
    matched = models.ManyToManyField(
        Programme, verbose_name=_("matched programmes"), related_name="+", blank=True
    )
    updated_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        verbose_name = _("screener answers")
        verbose_name_plural = _("screener answers")

    def __str__(self):
        return str(self.user)


from services.search_log import SearchMiss  # noqa: E402, F401  # part of the app's models
