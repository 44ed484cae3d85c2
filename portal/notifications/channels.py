"""Sending one delivery by its channel. A failure raises ChannelError for the task to retry."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import sms
from portal.notifications.models import Channel, Delivery
from portal.notifications.rendering import contexts, render


class ChannelError(Exception):
    pass


def send(delivery: Delivery) -> None:
    message = render(delivery.notification)
    _send(delivery.channel, delivery.notification.recipient, message.subject, message.text,
          message.html, message.url)  # fmt: skip


def send_digest(deliveries: list[Delivery]) -> None:
    """Several notifications of one person by one channel, in one message: the daily or
    weekly digest they chose. It lists each, and links to the inbox."""
    recipient = deliveries[0].notification.recipient
    notifications = [delivery.notification for delivery in deliveries]
    with translation.override(recipient.language):
        # Names and titles in the reader's language, as for a message sent alone.
        found = contexts(notifications)
        messages = [
            render(n, found.get(n.pk, {}), language=recipient.language) for n in notifications
        ]
        subject = ngettext(
            "%(count)d new message from Fanxiang",
            "%(count)d new messages from Fanxiang",
            len(messages),
        ) % {"count": len(messages)}
        url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("notifications:inbox")
        context = {"subject": subject, "messages": messages, "url": url, "recipient": recipient}
        text = render_to_string("notifications/digest.txt", context).strip()
        html = render_to_string("notifications/digest.html", context)
    _send(deliveries[0].channel, recipient, subject, text, html, url)


def _send(channel: str, recipient, subject: str, text: str, html: str, url: str) -> None:
    try:
        if channel == Channel.EMAIL:
            email = EmailMultiAlternatives(subject, text, to=[recipient.email])
            email.attach_alternative(html, "text/html")
            email.send()
        else:
            with translation.override(recipient.language):
                prefix = _("[Fanxiang]")
            sms.get_backend().send(phone=recipient.phone, text=f"{prefix} {subject} {url}")
    except Exception as error:  # any failure of the channel is retried
        raise ChannelError(f"{type(error).__name__}: {error}") from error
