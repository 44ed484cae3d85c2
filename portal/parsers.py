"""JSON request bodies whose text is real Unicode.

JSON can spell a lone surrogate (\\ud800), which no database or response can hold: left in,
it fails when stored or echoed back in an error message. Such a body is refused with 400.
"""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= character <= "\udfff" for character in value)
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_lone_surrogate(item) for item in value)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if has_lone_surrogate(data):
            raise ParseError(
                _("The request contains text that is not valid Unicode (a lone surrogate).")
            )
        return data
