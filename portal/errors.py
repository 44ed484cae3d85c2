"""Errors the apps raise that the portal knows how to answer, on a page or in the API."""

from django.core.exceptions import ValidationError


class TooManyTries(ValidationError):
    """Too many tries of something in a while; `wait` (throttling.Wait) says until when.

    Answered with 429 and Retry-After (portal.api_errors); pages say when to try again."""

    def __init__(self, message, wait, *, code: str = "too_many_tries"):
        self.wait = wait
        super().__init__(message, code=code)
