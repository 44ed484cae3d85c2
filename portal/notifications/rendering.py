"""What a notification says, in its recipient's language, from templates.

Each app that causes notifications registers, per kind, a function giving the template
context (the notifications app itself knows no other app)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from portal.notifications.models import Notification

ContextProvider = Callable[[list[Notification]], dict[int, dict]]
PROVIDERS: dict[str, ContextProvider] = {}


def provides(kind: str):
    """Register the context provider of a kind: notifications in, {id: context} out."""

    def register(function: ContextProvider) -> ContextProvider:
        PROVIDERS[kind] = function
        return function

    return register


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    url: str


def contexts(notifications: list[Notification]) -> dict[int, dict]:
    """The template context of each notification, one provider call per kind."""
    by_kind: dict[str, list[Notification]] = {}
    for notification in notifications:
        by_kind.setdefault(notification.kind, []).append(notification)
    found: dict[int, dict] = {}
    for kind, group in by_kind.items():
        provider = PROVIDERS.get(kind)
        found.update(provider(group) if provider else {})
    return found


def render(
    notification: Notification, context: dict | None = None, *, language: str | None = None
) -> Rendered:
    """The message in the recipient's language (e-mail, text message); the inbox page passes
    the language it is read in, in which its `context` was made too, so no message mixes two."""
    with translation.override(language or notification.recipient.language):
        if context is None:
            context = contexts([notification]).get(notification.pk, {})
        context = {
            **context,
            "notification": notification,
            "recipient": notification.recipient,
            "url": settings.PORTAL_BASE_URL.rstrip("/") + context.get("path", "/"),
        }
        subject = render_to_string(f"notifications/{notification.kind}_subject.txt", context)
        text = render_to_string(f"notifications/{notification.kind}.txt", context)
        # The text part is rendered without escaping (it is plain text): escape it for HTML.
        html = render_to_string("notifications/email.html", {**context, "body": escape(text)})
    return Rendered(" ".join(subject.split()), text.strip(), html, context["url"])
