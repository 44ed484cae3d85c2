from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.phones import validate_mobile_number


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", "admin")
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """Everyone who signs in: applicants, officials, department heads, park managers, admins.

    One `name` field instead of given/family names, which do not fit Chinese names.
    A user signs in with their user name, mobile number or e-mail address.
    """

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        OFFICIAL = "official", _("Department official")
        HEAD = "head", _("Department head")
        MANAGER = "manager", _("Park manager")
        ADMIN = "admin", _("Administrator")

    DEPARTMENT_ROLES = (Role.OFFICIAL, Role.HEAD)
    JURISDICTION_ROLES = (Role.MANAGER, Role.ADMIN)

    first_name = None
    last_name = None
    name = models.CharField(_("name"), max_length=150, blank=True)
    phone = models.CharField(
        _("mobile number"), max_length=11, blank=True, validators=[validate_mobile_number]
    )
    # When the person proved the number is theirs with a code sent to it (codes.py); empty for
    # a number nobody confirmed (accounts made before confirmation, or staff typed in by hand).
    phone_verified_at = models.DateTimeField(_("mobile number confirmed"), null=True, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.APPLICANT)
    department = models.ForeignKey(
        "services.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Required for department officials and heads; empty for everyone else."),
    )
    # For park managers and administrators, whom they act for: an administrator of a district
    # sees that district's programmes only; a manager or administrator of the municipality
    # edits the municipal programmes (services/jurisdictions.py). A district's manager still
    # acts for their parks' districts: theirs tells whose administrator looks after the account
    # (portal/admin_scope.py). Empty: an administrator for every jurisdiction.
    jurisdiction = models.ForeignKey(
        "services.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acting_staff",
        help_text=_(
            "Park managers and administrators only: the municipality for its staff, who edit the "
            "municipal programmes; a district for its administrators and the park managers they "
            "look after; empty otherwise (an administrator of every jurisdiction)."
        ),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="user_phone_unique"
            ),
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_unique"
            ),
            # "Wang" and "wang" would be one person signing in: one of them only.
            models.UniqueConstraint(Lower("username"), name="user_username_unique_ci"),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=["official", "head"], department__isnull=False)
                    | (~models.Q(role__in=["official", "head"]) & models.Q(department__isnull=True))
                ),
                name="user_department_matches_role",
            ),
            models.CheckConstraint(
                condition=models.Q(jurisdiction__isnull=True)
                | models.Q(role__in=["manager", "admin"]),
                name="user_jurisdiction_matches_role",
            ),
        ]

    def __str__(self):
        return self.name or self.username

    def clean(self):
        super().clean()
        if self.role in self.DEPARTMENT_ROLES and self.department_id is None:
            raise ValidationError(
                {"department": _("Officials and department heads belong to a department.")}
            )
        if self.role not in self.DEPARTMENT_ROLES and self.department_id is not None:
            raise ValidationError(
                {"department": _("Only officials and department heads belong to a department.")}
            )
        if self.jurisdiction_id is not None and self.role not in self.JURISDICTION_ROLES:
            raise ValidationError(
                {"jurisdiction": _("Only park managers and administrators act for a jurisdiction.")}
            )

    @property
    def is_applicant(self) -> bool:
        return self.role == self.Role.APPLICANT

    @property
    def is_official(self) -> bool:
        """Reviews the referrals of a department (heads do too)."""
        return self.role in self.DEPARTMENT_ROLES

    @property
    def is_department_head(self) -> bool:
        return self.role == self.Role.HEAD

    @property
    def is_park_manager(self) -> bool:
        return self.role == self.Role.MANAGER

    @property
    def is_administrator(self) -> bool:
        return self.role == self.Role.ADMIN


class PhoneCode(models.Model):
    """A six-digit code sent by SMS to prove a number is at hand (codes.py): only its keyed
    hash is kept. A row is written for every request, sent or not, so that the limits per
    number and per address count them all; a row without a hash can never be matched."""

    class Purpose(models.TextChoices):
        SIGN_UP = "sign-up", _("confirming the number of a new account")
        SIGN_IN = "sign-in", _("signing in")
        RESET = "reset", _("setting a new password")
        CONFIRM = "confirm", _("confirming one's own number")
        NEW_NUMBER = "new-number", _("a new number given at the service centre")
        COUNTER = "counter", _("a new account made at the service centre")

    phone = models.CharField(_("mobile number"), max_length=11)
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose)
    digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    expires_at = models.DateTimeField(_("works until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    wrong_tries = models.PositiveSmallIntegerField(default=0)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("SMS code")
        verbose_name_plural = _("SMS codes")
        indexes = [
            models.Index(fields=["phone", "-created_at"], name="phone_code_phone"),
            models.Index(fields=["ip_address", "-created_at"], name="phone_code_address"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_purpose_display()}"


class AccountClaim(models.Model):
    """A claim letter: a returnee without their phone at the service centre takes over the
    account made for them with this single-use code, choosing their own password (claims.py).
    Only a keyed hash of the code is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims"
    )
    digest = models.CharField(max_length=100)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    expires_at = models.DateTimeField(_("works until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("claim letter")
        verbose_name_plural = _("claim letters")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M}"
