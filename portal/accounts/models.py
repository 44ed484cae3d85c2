from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
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

    first_name = None
    last_name = None
    name = models.CharField(_("name"), max_length=150, blank=True)
    phone = models.CharField(
        _("mobile number"), max_length=11, blank=True, validators=[validate_mobile_number]
    )
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
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=["official", "head"], department__isnull=False)
                    | (~models.Q(role__in=["official", "head"]) & models.Q(department__isnull=True))
                ),
                name="user_department_matches_role",
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
