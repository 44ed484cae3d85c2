"""The applicant's profile: saved by the applicant, the API and assisted filing alike."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from applications import encryption
from applications.models import ApplicantProfile
from applications.profiles import (
    CONSENT_VERSION,
    identity_completed,
    identity_problems,
    normalize_id_number,
)
from applications.uploads import prepare_upload
from portal.accounts.throttling import id_number_wait, wait_message
from portal.errors import TooManyTries


class IdNumberChangeNeedsPassword(ValidationError):
    """A stored ID card number is changed only after the password was typed again."""


# No local variable below this call shows in an error report: they hold the ID card number.
def _consent_for_them(profile: ApplicantProfile, *, by, scan) -> None:
    """Consent recorded by someone for the returnee: only with the signed form, never again
    after the returnee withdrew it."""
    if profile.consent_withdrawn_at is not None:
        raise ValidationError(
            {
                "consent": _(
                    "The returnee withdrew their consent. Only they can give it again, in their "
                    "own account."
                )
            },
            code="withdrawn",
        )
    if scan is None:
        raise ValidationError(
            {"consent_scan": _("Upload a photo or scan of the consent form the returnee signed.")},
            code="consent_scan",
        )
    prepared = prepare_upload(scan)
    profile.consent_scan.save(prepared.checked.name, prepared.file, save=False)
    profile.consent_recorded_by = by


@sensitive_variables()
@transaction.atomic
def profile_save(
    *,
    user,
    data: dict[str, Any],
    consent: bool = False,
    may_change_id_number: bool = True,
    typed_by=None,
    address: str = "",
    consent_scan=None,
) -> ApplicantProfile:
    """Create or update the applicant's profile; `consent` records agreement to the notice.

    Replacing an ID card number already stored needs `may_change_id_number` (the person saving
    confirmed their password just before); entering the first one does not. A new number
    typed by a person (`typed_by`, from `address`) counts towards their limit of tries
    (throttling.id_number_wait); IdNumberTries when it is reached.

    Consent is the returnee's: given for them by someone else (a park manager at the centre)
    it needs `consent_scan`, the form they signed (kept with the profile), and it can never be
    given again once they withdrew it; the withdrawal stays on record.
    """
    profile, _created = ApplicantProfile.objects.get_or_create(
        user=user, defaults={"name": user.name or user.username, "phone": user.phone}
    )
    if (
        not may_change_id_number
        and profile.id_number
        and "id_number" in data
        and data["id_number"] != profile.id_number
    ):
        raise IdNumberChangeNeedsPassword(
            {"id_number": _("To change the ID card number, first confirm your password.")},
            code="reauth",
        )
    stored_number = profile.id_number
    for name, value in data.items():
        setattr(profile, name, value)
    profile.id_number = normalize_id_number(profile.id_number)
    profile.birth_date, profile.gender = identity_completed(
        id_number=profile.id_number, birth_date=profile.birth_date, gender=profile.gender
    )
    problems = identity_problems(
        id_number=profile.id_number,
        birth_date=profile.birth_date,
        gender=profile.gender,
        return_date=profile.return_date,
        business_licence_date=profile.business_licence_date,
    )
    if problems:
        raise ValidationError(problems, code="identity")
    # Every field and the rules between them (ApplicantProfile.clean) before a new number
    # counts as a try: a mistake elsewhere costs none.
    profile.full_clean(exclude=["id_number_digest"])
    if typed_by is not None and id_number_is_new(stored=stored_number, number=profile.id_number):
        wait = id_number_wait(user=typed_by, address=address)
        if wait is not None:
            raise IdNumberTries(wait)
    profile.id_number_digest = encryption.digest(profile.id_number)
    if profile.id_number and id_number_taken(number=profile.id_number, profile=profile):
        raise IdNumberTaken()
    if "five_types" in data:
        profile.five_types_known = True
    if consent and not profile.consent_given_at:
        if typed_by is not None and typed_by.pk != user.pk:
            _consent_for_them(profile, by=typed_by, scan=consent_scan)
        profile.consent_version = CONSENT_VERSION
        profile.consent_given_at = timezone.now()
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:  # saved by someone else between the look and the save
        raise IdNumberTaken() from None
    return profile


class IdNumberTries(TooManyTries):
    """Too many new ID card numbers typed in a while: `wait` says until when."""

    def __init__(self, wait):
        super().__init__(
            {"id_number": wait_message(wait, id_numbers=True)}, wait, code="id_number_tries"
        )


class IdNumberTaken(ValidationError):
    """One person, one profile: the number is on another account. Whose is never said."""

    def __init__(self):
        super().__init__(
            {
                "id_number": _(
                    "This ID card number is already on another account. If it is yours, sign "
                    "in to that account (you can reset its password), or come to the service "
                    "centre with your ID card."
                )
            },
            code="id_number_taken",
        )


@sensitive_variables("number")
def id_number_is_new(*, stored: str, number: str) -> bool:
    """Whether saving this number would put on a profile a number it does not hold yet."""
    return bool(number) and number != stored


@sensitive_variables("number")
def id_number_taken(*, number: str, profile: ApplicantProfile | None = None) -> bool:
    """Whether another profile holds this ID card number (under any key's hash)."""
    others = ApplicantProfile.objects.filter(id_number_digest__in=encryption.digests(number))
    if profile is not None and profile.pk:
        others = others.exclude(pk=profile.pk)
    return others.exists()
