"""The intake and the casework: one profile, one application, one referral per department."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.encryption import EncryptedCharField
from applications.holidays import Holiday
from applications.records import AuditEvent, PersonalDataAccess
from applications.storage import private_storage
from applications.wallet import WalletDocument
from portal.bilingual import active_suffixes
from services.eligibility import EDUCATION, INDUSTRIES, REGIONS, SECTORS
from services.models import Department, DocumentType, Programme, TrainingSession

__all__ = [
    "ApplicantProfile",
    "Application",
    "ApplicationItem",
    "AuditEvent",
    "Document",
    "DocumentToFollow",
    "Holiday",
    "Message",
    "PersonalDataAccess",
    "Referral",
    "WalletDocument",
]


def _consent_path(profile, filename):
    # The stored name never comes from the user: no path tricks, no clashes.
    return f"consent/{profile.user_id}/{uuid.uuid4().hex}"


class ApplicantProfile(models.Model):
    """What a returnee tells us once; every application and eligibility check reuses it."""

    class Gender(models.TextChoices):
        MALE = "male", _("Man")
        FEMALE = "female", _("Woman")

    class Hukou(models.TextChoices):
        RURAL = "rural", _("Rural")
        URBAN = "urban", _("Urban")

    class Goal(models.TextChoices):
        JOB = "job", _("Find a job")
        TRAINING = "training", _("Learn a skill")
        BUSINESS = "business", _("Start or grow my own business")

    class ReturnReason(models.TextChoices):
        BUSINESS = "business", _("To start a business")
        FAMILY = "family", _("To be with my family")
        MARRIAGE = "marriage", _("Marriage")
        CHILDREN = "children", _("My children's schooling")
        PARENTS = "parents", _("To care for my parents")
        CITY_LIFE = "city_life", _("Life in the city was too hard")
        OTHER = "other", _("Another reason")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applicant_profile",
        verbose_name=_("user"),
    )
    name = models.CharField(_("full name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("mobile number"), max_length=11, blank=True)
    # Encrypted in the database (see applications/encryption.py); shown masked to everyone but
    # its owner (profiles.mask_id_number).
    id_number = EncryptedCharField(_("ID card number"), max_length=18, blank=True)
    # One person, one profile: a keyed hash of the number (encryption.digest), set with it by
    # actions.profile_save and reencrypt_id_numbers; NULL while there is no number.
    id_number_digest = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    # Where the person lives now (a municipal programme goes to this district's bureau).
    district = models.ForeignKey(
        "services.Jurisdiction", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("district or county where you live"), limit_choices_to={"level": "district"},
    )  # fmt: skip
    hukou = models.CharField(_("household registration"), max_length=8, choices=Hukou, blank=True)
    hukou_in_county = models.BooleanField(
        _("hukou in the district where you live"), null=True, blank=True
    )
    hukou_town = models.CharField(_("town of your hukou"), max_length=60, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=EDUCATION, blank=True)
    destination_region = models.CharField(
        _("where you worked"), max_length=24, choices=REGIONS, blank=True
    )
    years_away = models.PositiveSmallIntegerField(_("years worked away"), null=True, blank=True)
    return_date = models.DateField(_("date you came back"), null=True, blank=True)
    industry = models.CharField(_("line of work"), max_length=16, choices=INDUSTRIES, blank=True)
    return_reason = models.CharField(
        _("why you came back"), max_length=12, choices=ReturnReason, blank=True
    )
    goals = models.JSONField(_("what you want"), default=list, blank=True)
    skills = models.TextField(_("skills and certificates"), blank=True)
    five_types = models.JSONField(_("groups you belong to"), default=list, blank=True)
    five_types_known = models.BooleanField(default=False)
    student_in_chongqing = models.BooleanField(_("student in Chongqing"), null=True, blank=True)
    ready_to_start_business = models.BooleanField(
        _("ready to start a business"), null=True, blank=True
    )
    has_business_licence = models.BooleanField(_("has a business licence"), null=True, blank=True)
    business_licence_date = models.DateField(_("business licence date"), null=True, blank=True)
    children_under_3 = models.PositiveSmallIntegerField(
        _("children under 3"), null=True, blank=True
    )
    disability = models.TextField(_("disability (optional)"), blank=True)
    returned_from_abroad = models.BooleanField(_("came back from abroad"), null=True, blank=True)
    sector = models.CharField(_("technology sector"), max_length=16, choices=SECTORS, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    # Consent recorded at the service centre by a park manager: who, and the scan of the form
    # the returnee signed (actions.profile_save). Kept while the profile is.
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    consent_scan = models.FileField(
        _("signed consent form"),
        storage=private_storage,
        upload_to=_consent_path,
        blank=True,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")

    def __str__(self):
        return self.name

    def __repr__(self):
        return f"<ApplicantProfile {self.pk}>"

    def clean(self):
        """Rules between fields, for the form, the API and assisted filing alike (full_clean)."""
        if self.has_business_licence is False and self.business_licence_date:
            raise ValidationError(
                {
                    "business_licence_date": _(
                        "You said you have no business licence: leave its date empty, or "
                        "answer yes."
                    )
                },
                code="no_licence",
            )


class Application(models.Model):
    """One application for one or more programmes; each department gets its part."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed at the service centre by"),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # The profile as it was at submission: what the departments decide on.
    facts = models.JSONField(_("facts at submission"), default=dict, encoder=DjangoJSONEncoder)
    idempotency_key = models.CharField(max_length=80, blank=True)
    # Given when sent (applications.receipts): quoted at the counter, looked up with the phone.
    reference = models.CharField(
        _("reference"), max_length=12, unique=True, null=True, blank=True, editable=False
    )
    assisted_consent_at = models.DateTimeField(
        _("returnee's consent to assisted filing"), null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [models.Index(fields=["applicant", "-created_at"], name="application_applicant")]

    def __str__(self):
        return _("Application %(number)s") % {"number": self.pk}

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None and self.withdrawn_at is None


class Referral(models.Model):
    """The part of an application that one department reviews, with its own due date."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        INFO_REQUESTED = "info_requested", _("Information requested")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name=_("application"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("department")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.SUBMITTED)
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_referrals",
        verbose_name=_("assigned to"),
    )
    paused_at = models.DateTimeField(_("waiting for the applicant since"), null=True, blank=True)
    # The applicant answered and no official has acted on it since (the queue says "answered").
    answered_at = models.DateTimeField(_("answered by the applicant"), null=True, blank=True)
    # Bumped by every action: a page showing an older version is stale and its action refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "department"], name="one_referral_per_department"
            )
        ]
        # The queue lists a department's open referrals (or one official's), due first: the
        # partial indexes give that order without sorting a million rows.
        indexes = [
            models.Index(fields=["department", "status", "due_on"], name="referral_queue"),
            models.Index(fields=["assignee", "status", "due_on"], name="referral_assignee"),
            models.Index(
                fields=["department", "due_on", "id"],
                name="referral_open_queue",
                condition=models.Q(status__in=["submitted", "in_review", "info_requested"]),
            ),
            models.Index(
                fields=["assignee", "due_on", "id"],
                name="referral_open_assignee",
                condition=models.Q(status__in=["submitted", "in_review", "info_requested"]),
            ),
            # Overdue: open and not waiting for the applicant (the clock runs).
            models.Index(
                fields=["department", "due_on", "id"],
                name="referral_running_queue",
                condition=models.Q(
                    status__in=["submitted", "in_review", "info_requested"], paused_at__isnull=True
                ),
            ),
        ]

    def __str__(self):
        return f"{self.application_id}/{self.department.hsds_key}"


class ApplicationItem(models.Model):
    """One programme applied for, with the verdict and rules it was applied under."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="items", verbose_name=_("application")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    referral = models.ForeignKey(
        Referral,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("referral"),
    )
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("training session booked"),
    )
    rules_version = models.PositiveIntegerField(_("rules version applied under"), null=True)
    rules = models.JSONField(_("rules applied under"), null=True, blank=True)
    verdict = models.CharField(_("eligibility at submission"), max_length=12, blank=True)
    reasons = models.JSONField(_("reasons at submission"), default=list, blank=True)
    # What the programme asked for when the application was sent: its department sees those
    # documents, whatever the programme asks for later (minimum necessary).
    asked_documents = models.ManyToManyField(
        DocumentType, verbose_name=_("documents asked at submission"), related_name="+", blank=True
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision, default=Decision.PENDING
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("application item")
        verbose_name_plural = _("application items")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "programme"], name="one_item_per_programme"
            )
        ]

    def __str__(self):
        return f"{self.application_id}: {self.programme_id}"

    @property
    def reasons_at_submission(self) -> list[dict]:
        """The reasons of the check at submission in the reader's language (the Chinese text
        where an English one is missing): [{"text", "met"}], met None for a fact not known."""
        language = active_suffixes()[0]
        return [
            {"text": reason.get(language) or reason.get("zh", ""), "met": reason.get("met")}
            for reason in self.reasons or []
        ]


class Message(models.Model):
    """Correspondence between the applicant and a department, and officials' internal notes."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("Request for information")
        ANSWER = "answer", _("Answer from the applicant")
        DECISION = "decision", _("Decision")
        NOTE = "note", _("Internal note")
        NOTICE = "notice", _("Notice")

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="messages", verbose_name=_("referral")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    # A request for information: the day the applicant is asked to answer by (working days).
    reply_by = models.DateField(_("answer by"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"

    @property
    def is_internal(self) -> bool:
        return self.kind == self.Kind.NOTE


def _document_path(document, filename):
    # The stored name never comes from the user: no path tricks, no clashes.
    return f"applications/{document.application_id}/{document.token}"


class DocumentToFollow(models.Model):
    """A document a draft's programmes ask for that the applicant cannot upload now: they will
    bring it to the service centre, or do not have it yet. The draft can be sent without it;
    the department sees it on the case and can ask for it."""

    class Reason(models.TextChoices):
        BRING = "bring", _("I will bring it to the service centre")
        NOT_YET = "not_yet", _("I do not have it yet")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="documents_to_follow",
        verbose_name=_("application"),
    )
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("document type")
    )
    reason = models.CharField(_("why it is not uploaded"), max_length=10, choices=Reason)
    created_at = models.DateTimeField(_("said on"), default=timezone.now)

    class Meta:
        ordering = ["document_type__code"]
        verbose_name = _("document to follow")
        verbose_name_plural = _("documents to follow")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "document_type"], name="one_note_per_document_type"
            )
        ]

    def __str__(self):
        return f"{self.application_id}: {self.document_type_id} ({self.reason})"


class Document(models.Model):
    """A file uploaded once for an application; it serves every programme that asks for it."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("application"),
    )
    document_type = models.ForeignKey(
        DocumentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document type"),
    )
    message = models.ForeignKey(
        Message,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("sent with message"),
    )
    # The returnee's own document this copy was made from (until they delete that one).
    from_wallet = models.ForeignKey(
        "applications.WalletDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copy of the document of one's own"),
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    file = models.FileField(_("file"), storage=private_storage, upload_to=_document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "document_type"],
                condition=models.Q(document_type__isnull=False),
                name="one_document_per_type",
            )
        ]

    def __str__(self):
        return self.original_name
