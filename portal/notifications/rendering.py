"""What a notification says, in its recipient's language, from the templates and the context
function its kind declares (portal.notifications.kinds)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from portal.notifications.kinds import KINDS, declared
from portal.notifications.models import Notification


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
        if kind in KINDS:
            found.update(declared(kind).context(group))
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
        kind = declared(notification.kind)
        subject = render_to_string(kind.subject_template, context)
        text = render_to_string(kind.body_template, context)
        # The text part is rendered without escaping (it is plain text): escape it for HTML.
        html = render_to_string("notifications/email.html", {**context, "body": escape(text)})
    return Rendered(" ".join(subject.split()), text.strip(), html, context["url"])
