"""Answers the applications app gives at the edge of every request."""

import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from applications.encryption import KeysDoNotMatch

logger = logging.getLogger(__name__)


class KeysMismatchMiddleware:
    """A page that needs personal data the encryption keys cannot read (a key missing after a
    deployment) answers 503 with a page saying so in the reader's language, and the log says
    which setting to mend; not a bare 500 on every case page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, KeysDoNotMatch):
            return None
        logger.error("FIELD_ENCRYPTION_KEYS cannot decrypt stored data: %s", exception)
        message = _(
            "Personal data cannot be read just now: the portal's keys are being mended. "
            "Nothing you sent is lost. Please try again later, or ask at the service centre."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=503)
        return render(request, "503.html", {"message": message}, status=503)
