"""One exception handler for the whole API (settings: REST_FRAMEWORK EXCEPTION_HANDLER).

Actions raise Django's ValidationError with a code; the API views let it through and it is
answered here, the same for every endpoint:

- code "not_allowed" (the state machine refuses): 403 with why;
- code "stale" (somebody acted first): 409;
- a `TooManyTries` (too many new ID card numbers, …): 429 with Retry-After;
- anything else: 400 naming each field at fault ({"field": ["why"]}), or "non_field_errors"
  for the request as a whole. A view whose fields are named otherwise than the action's says
  so in `error_fields` (the case actions call the action's "text" "reason").
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from portal.errors import TooManyTries

# How the OpenAPI document describes the two answers every endpoint may give.
BAD_REQUEST = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description=gettext_lazy("The request cannot be used; each field at fault is named with why."),
)
NOT_FOUND = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description=gettext_lazy("There is no such record among the caller's own."),
)
TOO_MANY = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description=gettext_lazy("Too many tries in a while; detail and Retry-After say until when."),
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("Someone else acted on this case first; nothing was done.")
    default_code = "stale"


class TooMany(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "throttled"

    def __init__(self, detail, wait_seconds: int):
        super().__init__(detail)
        self.wait = wait_seconds  # DRF's handler turns it into Retry-After


def field_errors(error: DjangoValidationError, rename: dict[str, str] | None = None):
    """A ValidationError from an action as a 400: each field at fault, named."""
    detail = get_error_detail(error)
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if not isinstance(detail, dict):
        return serializers.ValidationError({non_field: detail})
    rename = {NON_FIELD_ERRORS: non_field, **(rename or {})}
    return serializers.ValidationError(
        {rename.get(key, key): value for key, value in detail.items()}
    )


def as_api_error(error: DjangoValidationError, rename: dict[str, str] | None = None):
    if isinstance(error, TooManyTries):
        return TooMany(error.messages[0], error.wait.seconds)
    code = getattr(error, "code", None)
    if code == "not_allowed":
        return PermissionDenied(error.messages[0])
    if code == "stale":
        return Conflict(error.messages[0])
    return field_errors(error, rename)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        # The 404s of our selectors carry words for the log ("No such record"); the caller
        # reads the same answer for every 404, in their language.
        exc = NotFound()
    if isinstance(exc, DjangoValidationError):
        view = context.get("view")
        exc = as_api_error(exc, getattr(view, "error_fields", None))
    return drf_exception_handler(exc, context)
