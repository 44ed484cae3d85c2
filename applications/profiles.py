"""The applicant's profile: the facts it gives the eligibility engine, and ID numbers."""

import datetime
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from applications.models import ApplicantProfile
from services.eligibility import FactError, parse_facts
from services.models import ScreenerAnswers

# Resident identity card numbers (GB 11643-1999): 17 digits and a check character.
# ASCII digits only: \d would take full-width (５) and other scripts' digits too, and one
# number written two ways would be two numbers (normalize_id_number turns them into ASCII).
_ID_NUMBER = re.compile(r"[0-9]{17}[0-9X]")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

# The version of the consent text the applicant agrees to (templates/applications/consent.html).
CONSENT_VERSION = "2026-11"

# The dates a profile may hold: nobody alive was born before this day, and nothing it records
# (birth, return, a business licence) is in the future. These bound what a person is; what a
# programme's rule may ask (the screener takes ages from 14) is the eligibility engine's own.
EARLIEST_DATE = datetime.date(1900, 1, 1)

# What must be known before an application can be submitted.
REQUIRED_FOR_SUBMISSION = ["name", "gender", "birth_date", "phone", "id_number", "hukou"]


def normalize_id_number(value: str) -> str:
    """As typed on any keyboard: full-width digits and letters (５００…ｘ) as ASCII, upper
    case, without spaces."""
    return unicodedata.normalize("NFKC", value or "").strip().upper().replace(" ", "")


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
    born = id_number_birth_date(number)
    if born is None or not EARLIEST_DATE <= born <= timezone.localdate():
        raise ValidationError(
            _("The date of birth inside this ID card number is not a real date."),
            code="id_birth_date",
        )


@sensitive_variables("number")
def id_number_birth_date(number: str) -> datetime.date | None:
    """Digits 7 to 14 of an ID card number: the holder's date of birth (None if not a date)."""
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


@sensitive_variables("number")
def id_number_gender(number: str) -> str:
    """Digit 17 of an ID card number: odd for men, even for women."""
    return "male" if int(number[16]) % 2 else "female"


@sensitive_variables("id_number")
def identity_completed(
    *, id_number: str, birth_date: datetime.date | None, gender: str
) -> tuple[datetime.date | None, str]:
    """The date of birth and gender, each taken from a valid ID card number when not given."""
    if id_number and _ID_NUMBER.fullmatch(id_number):
        birth_date = birth_date or id_number_birth_date(id_number)
        gender = gender or id_number_gender(id_number)
    return birth_date, gender


def _date_name(name: str) -> str:
    """A profile date's name as its field is labelled: 出生日期, 返乡日期 …"""
    return capfirst(ApplicantProfile._meta.get_field(name).verbose_name)


@sensitive_variables("id_number")
def identity_problems(
    *,
    id_number: str,
    birth_date: datetime.date | None,
    gender: str,
    return_date: datetime.date | None = None,
    business_licence_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """What is impossible or contradicts the ID card number, by field: dates before 1900 or in
    the future, a return or a licence before birth, a date of birth or a gender other than the
    number's. The ID card number itself is checked by validate_id_number."""
    today = today or timezone.localdate()
    problems = {}
    dates = {
        "birth_date": birth_date,
        "return_date": return_date,
        "business_licence_date": business_licence_date,
    }
    for name, day in dates.items():
        if day is None:
            continue
        if day > today:
            problems[name] = _("%(field)s cannot be in the future.") % {"field": _date_name(name)}
        elif day < EARLIEST_DATE:
            problems[name] = _("%(field)s cannot be before 1900.") % {"field": _date_name(name)}
    if birth_date and "birth_date" not in problems:
        for name in ("return_date", "business_licence_date"):
            if dates[name] and name not in problems and dates[name] < birth_date:
                problems[name] = _("%(field)s cannot be before your date of birth.") % {
                    "field": _date_name(name)
                }
    try:
        validate_id_number(id_number)
    except ValidationError:
        return problems  # reported on the number itself
    if (
        birth_date
        and "birth_date" not in problems
        and birth_date != id_number_birth_date(id_number)
    ):
        problems["birth_date"] = _(
            "The date of birth is not the one in your ID card number (%(date)s). Check the "
            "date and the number."
        ) % {"date": date_format(id_number_birth_date(id_number), "DATE_FORMAT")}
    if gender in ("male", "female") and gender != id_number_gender(id_number):
        problems["gender"] = (
            _("Your ID card number is that of a man. Check the gender and the number.")
            if id_number_gender(id_number) == "male"
            else _("Your ID card number is that of a woman. Check the gender and the number.")
        )
    return problems


@sensitive_variables("value")
def mask_id_number(value: str) -> str:
    """Only the first 3 characters (the province and city, 500 for Chongqing) and the check
    character show: 500**************X. Beside a county and a birth date shown on the same
    page, the usual last four would give the whole number; with one, about a hundred numbers
    fit. Who needs the number sees it by asking (recorded in the applicant's access log)."""
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 4) + value[-1:]


def mask_phone(value: str) -> str:
    """The first 3 and the last 4 digits: 138****0001."""
    if not value or len(value) < 8:
        return value or ""
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def known_facts(user, *, today: datetime.date) -> dict[str, Any]:
    """What the portal knows of a person for eligibility: their profile's facts, else their
    latest screener answers, else nothing."""
    profile = ApplicantProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile_facts(profile, today=today)
    kept = ScreenerAnswers.objects.filter(user=user).first()
    try:
        return parse_facts(kept.facts) if kept else {}
    except FactError:
        return {}


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


def consent_missing(profile, consent: bool) -> str:
    """Why the profile cannot be saved without consent ("" when it can): the first one needs
    it, for the form and the API alike."""
    if (profile is None or not profile.consent_given_at) and not consent:
        return str(_("We can only handle your applications if you agree. Tick the box to go on."))
    return ""
