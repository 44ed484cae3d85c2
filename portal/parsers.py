"""What comes in at the edge, made storable once for every view.

- JSON can spell a lone surrogate (\\ud800), which no database or response can hold: left in,
  it fails when stored or echoed back in an error message. Such a body is refused with 400.
- JSON nested deeper than MAX_DEPTH (no request of the API needs more than a few levels)
  would exhaust the stack of whatever reads it: refused with 400 too.
- PostgreSQL can neither store nor compare text holding a NUL byte, and no real query
  parameter or header has one: `NulBytesMiddleware` takes them out of both, so a view reading
  `request.GET` or a header never meets one. Form fields are left alone: a form refuses a NUL
  byte with an error on its field (the person is told), and so does a serializer.
"""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def _is_surrogate_text(value: str) -> bool:
    return any("\ud800" <= character <= "\udfff" for character in value)


def json_problem(value: Any) -> str | None:
    """What makes a parsed JSON value unusable ("depth", "surrogate"), or None; walked without
    recursion, so that no depth of nesting can exhaust the stack here."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _is_surrogate_text(item):
                return "surrogate"
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > MAX_DEPTH:
            return "depth"
        children = (
            [child for pair in item.items() for child in pair] if isinstance(item, dict) else item
        )
        stack.extend((child, depth + 1) for child in children)
    return None


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = None
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:  # deeper than the decoder itself can go
            problem = "depth"
        else:
            problem = json_problem(data)
        if problem == "depth":
            raise ParseError(
                _("The request is nested more than %(depth)d levels deep.") % {"depth": MAX_DEPTH}
            )
        if problem == "surrogate":
            raise ParseError(
                _("The request contains text that is not valid Unicode (a lone surrogate).")
            )
        return data


NUL = "\x00"


def without_nul(value: str) -> str:
    return value.replace(NUL, "")


class NulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(NUL in key or NUL in "".join(values) for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(without_nul(key), [without_nul(value) for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        for key, value in list(request.META.items()):
            if key.startswith("HTTP_") and isinstance(value, str) and NUL in value:
                request.META[key] = without_nul(value)
        return self.get_response(request)
