"""Mainland China mobile numbers: the one way every part of the portal reads them."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only (\d matches any script's)
_SEPARATORS = re.compile(r"[\s\-()]")


def normalize_phone(value: str) -> str:
    """Full-width digits made plain (NFKC: １３８ is 138), spaces, dashes and a +86/0086
    prefix stripped; return what is left (maybe not a number)."""
    digits = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or ""))
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits


def is_mobile_number(value: str) -> bool:
    return bool(_MOBILE.fullmatch(normalize_phone(value)))


def validate_mobile_number(value: str) -> None:
    if not is_mobile_number(value):
        raise ValidationError(
            _("Enter an 11-digit mainland mobile number, such as 13812345678."),
            code="invalid_phone",
        )
