"""The applicant's profile: the facts it gives the eligibility engine, and ID numbers."""

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from applications.models import ApplicantProfile

# Resident identity card numbers (GB 11643-1999): 17 digits and a check character.
_ID_NUMBER = re.compile(r"\d{17}[\dX]")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

# The version of the consent text the applicant agrees to (templates/applications/consent.html).
CONSENT_VERSION = "2026-11"

# What must be known before an application can be submitted.
REQUIRED_FOR_SUBMISSION = ["name", "gender", "birth_date", "phone", "id_number", "hukou"]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


@sensitive_variables("value", "number")
def validate_id_number(value: str) -> None:
    number = normalize_id_number(value)
    if not _ID_NUMBER.fullmatch(number):
        raise ValidationError(
            _("An ID card number has 18 characters: 17 digits, then a digit or X."),
            code="id_format",
        )
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _WEIGHTS, strict=True))
    if _CHECK[total % 11] != number[17]:
        raise ValidationError(
            _("This ID card number is not valid. Please check each digit."), code="id_checksum"
        )
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("The date of birth inside this ID card number is not a real date."),
            code="id_birth_date",
        ) from None


@sensitive_variables("value")
def mask_id_number(value: str) -> str:
    """Only the first 3 and the last 4 characters show: 500***********123X."""
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def profile_facts(
    profile: ApplicantProfile, *, today: datetime.date | None = None
) -> dict[str, Any]:
    """The eligibility facts the profile knows (typed, as parse_facts returns them)."""
    today = today or timezone.localdate()
    facts: dict[str, Any] = {}
    if profile.birth_date:
        facts["age"] = age_on(profile.birth_date, today)
    simple = [
        "gender",
        "hukou",
        "hukou_in_county",
        "education",
        "student_in_chongqing",
        "ready_to_start_business",
        "has_business_licence",
        "business_licence_date",
        "years_away",
        "return_date",
        "destination_region",
        "industry",
        "children_under_3",
        "returned_from_abroad",
        "sector",
    ]
    for name in simple:
        value = getattr(profile, name)
        if value is not None and value != "":
            facts[name] = value
    if profile.business_licence_date and profile.has_business_licence is None:
        facts["has_business_licence"] = True
    if profile.five_types_known:
        facts["five_types"] = sorted(profile.five_types)
    return facts


def profile_missing(profile: ApplicantProfile | None) -> list[str]:
    """The profile fields still to fill in before submitting, as field names."""
    if profile is None:
        return [*REQUIRED_FOR_SUBMISSION, "consent"]
    missing = [name for name in REQUIRED_FOR_SUBMISSION if not getattr(profile, name)]
    if not profile.consent_given_at:
        missing.append("consent")
    return missing
